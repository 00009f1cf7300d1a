"""The reporting periods of a plan: everyone who sees the plan reads them; central planners set them up."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_errors, error_messages
from core.locking import EditConflict
from plans.access import get_plan_for_user

from .. import services
from ..access import get_period_for_user, may_manage_periods
from ..forms import DefaultPeriodsForm, PeriodForm


def period_list(request, plan_pk):
    plan = get_plan_for_user(request.user, plan_pk)
    return render(request, "reports/period_list.html", {
        "plan": plan,
        "periods": plan.reporting_periods.order_by("end", "-start", "pk"),
        "can_manage": may_manage_periods(request.user, plan),
        "defaults_form": DefaultPeriodsForm(),
    })


@require_POST
def period_defaults(request, plan_pk):
    plan = get_plan_for_user(request.user, plan_pk, to_edit=True)
    form = DefaultPeriodsForm(request.POST)
    if form.is_valid():
        try:
            created = services.periods_create_defaults(
                plan=plan, due_days=form.cleaned_data["due_days"], kinds=form.cleaned_data["kinds"], by=request.user
            )
        except ValidationError as exc:
            error_messages(request, exc)
        else:
            if created:
                messages.success(request, _("%(count)d reporting periods were created.") % {"count": len(created)})
            else:
                messages.info(request, _("The plan already has every default period."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("reports:period_list", plan.pk)


def period_create(request, plan_pk):
    plan = get_plan_for_user(request.user, plan_pk, to_edit=True)
    form = PeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.period_create(plan=plan, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The reporting period was added."))
            return redirect("reports:period_list", plan.pk)
    return render(request, "reports/period_form.html", {"form": form, "plan": plan, "period": None})


def period_edit(request, pk):
    period = get_period_for_user(request.user, pk, to_edit=True)
    form = PeriodForm(request.POST or None, instance=period)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.period_update(
                period=period,
                expected_version=form.cleaned_data["lock_version"] or 0,
                changes=form.cleaned_data,
                by=request.user,
            )
        except EditConflict as exc:
            conflict = exc
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The reporting period was saved."))
            return redirect("reports:period_list", period.plan_id)
    return render(request, "reports/period_form.html", {
        "form": form, "plan": period.plan, "period": period, "conflict": conflict,
    })


@require_POST
def period_delete(request, pk):
    period = get_period_for_user(request.user, pk, to_edit=True)
    try:
        services.period_delete(period=period, by=request.user)
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(request, _("The reporting period was deleted."))
    return redirect("reports:period_list", period.plan_id)
