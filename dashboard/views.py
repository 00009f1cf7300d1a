from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.excel import workbook_response
from plans.models import Bucket, Plan, Task, today
from reports.completeness import completeness_table

from . import figure_cache, figures
from .calendar import user_calendar
from .forms import OfficialReportForm
from .models import CalendarFeed, Indicator, new_token
from .official_report import build_report

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ScopeForm(forms.Form):
    """Which work the dashboard shows: one plan, or every plan of a year."""

    plan = forms.ModelChoiceField(
        label=gettext_lazy("Plan"),
        queryset=Plan.objects.none(),
        required=False,
        empty_label=gettext_lazy("All plans of the year"),
    )
    year = forms.IntegerField(label=gettext_lazy("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = Plan.objects.visible_to(user).order_by("-year", "number")


def _scope(request):
    plans = Plan.objects.visible_to(request.user)
    form = ScopeForm(request.GET or None, user=request.user)
    plan, year = None, None
    if form.is_valid():
        plan, year = form.cleaned_data["plan"], form.cleaned_data["year"]
    if plan is None and year is None:
        current = today().year
        year = current if plans.filter(year=current).exists() else (plans.aggregate(top=Max("year"))["top"] or current)
    tasks = Task.objects.visible_to(request.user)
    if plan is not None:
        tasks, query = tasks.filter(plan=plan), f"plan={plan.pk}"
    else:
        tasks, query = (
            tasks.filter(plan__year=year, plan__status__in=Plan.IN_FORCE),
            f"year={year}&plan_status=in_force",
        )
    return form, plan, year, tasks, query


def _export(name: str, context: dict, tasks):
    bucket_headers = [str(b.label) for b in figures.BUCKETS]
    tables = {
        "plans": (_("By plan"), lambda: context.get("plans") or figures.by_plan(tasks)),
        "objectives": (_("By objective"), lambda: context.get("objectives") or figures.by_objective(tasks)),
        "categories": (_("By category"), lambda: context["categories"]),
        "units": (_("By lead unit"), lambda: context["units"]),
    }
    if name in tables:
        title, table = tables[name]
        rows = table()
        return workbook_response(
            f"dashboard-{name}.xlsx",
            title,
            [title, *bucket_headers, _("Total")],
            ([row.label, *(row.counts[b.value] for b in figures.BUCKETS), row.total] for row in rows),
            {1: 70},
        )
    if name in ("late", "due_soon"):
        rows = context["late" if name == "late" else "due_soon"]
        return workbook_response(
            f"dashboard-{name}.xlsx",
            _("Late tasks") if name == "late" else _("Due in the next 30 days"),
            [_("Task"), _("Plan"), _("Lead unit"), _("Deadline"), _("Days late"), _("Progress (%)")],
            ([t.title, t.plan.number, str(t.lead_unit or ""), t.deadline, t.days_late, t.progress] for t in rows),
            {1: 70, 3: 40},
        )
    if name == "budget":
        return workbook_response(
            "dashboard-budget.xlsx",
            _("Budget"),
            [_("Category"), _("Funding source"), _("Tasks"), _("Planned (VND)"), _("Spent (VND)")],
            ([r["category"], r["funding"], r["tasks"], r["planned"], r["spent"]] for r in context["budget"]),
            {1: 50},
        )
    if name == "indicators":
        return workbook_response(
            "dashboard-indicators.xlsx",
            _("Key indicators"),
            [_("Indicator"), _("End of period"), _("Value"), _("Source")],
            (
                [item["indicator"].name, v.period_end, float(v.value), v.source]
                for item in context["indicators"]
                for v in item["values"]
            ),
            {1: 50, 4: 60},
        )
    return None


def _completeness(user, plan, year):
    """The reporting completeness of the chosen plan, or of the year's annual plan."""
    if plan is None:
        plan = (
            Plan.objects.visible_to(user)
            .filter(year=year, kind=Plan.Kind.ANNUAL, status__in=Plan.IN_FORCE)
            .order_by("issue_date", "pk")
            .first()
        )
    return completeness_table(plan=plan, user=user) if plan is not None else None


def _figures(user, plan, year, tasks) -> dict:
    """The scope's aggregates, which read every task, report and certificate of the scope: cached
    (`figure_cache`) per audience, scope, language and day. Everyone who sees all work shares one
    copy; a unit officer has their own. A year shows one row per plan, a plan one row per objective."""
    language = get_language() or "vi"
    audience = "all" if user.has_perm("plans.view_all_work") else f"user-{user.pk}"
    scope = f"plan-{plan.pk}" if plan else f"year-{year}"

    def compute() -> dict:
        return {
            "totals": figures.totals(tasks),
            "plans": [] if plan else figures.by_plan(tasks),
            "objectives": figures.by_objective(tasks) if plan else [],
            "categories": figures.by_category(tasks),
            "units": figures.by_lead_unit(tasks, language),
            "budget": figures.budget_by_category(tasks),
            "completeness": _completeness(user, plan, year),
            "agreement": figures.agreement_implementation(user),
            "conferences": figures.conferences_summary(user, plan.year if plan else year),
            "computed_at": timezone.now(),
        }

    key = f"{audience}:{scope}:{language}:{today():%Y%m%d}"
    return figure_cache.get_or_compute(key, compute, settings.DASHBOARD_CACHE_SECONDS)


def _indicators() -> list[dict]:
    items = []
    for indicator in Indicator.objects.prefetch_related("values"):
        values = list(indicator.values.all())
        items.append(
            {
                "indicator": indicator,
                "values": values,
                "latest": values[-1] if values else None,
                "trend": figures.trend(values),
                "trend_label": ", ".join(f"{v.period_end:%d/%m/%Y}: {v.value.normalize()}" for v in values),
            }
        )
    return items


def dashboard(request):
    """Where the year's work stands; every figure links to the tasks behind it. Scoped by visible_to."""
    form, plan, year, tasks, query = _scope(request)
    context = {
        "form": form,
        "plan": plan,
        "year": year,
        "scope_query": query,
        **_figures(request.user, plan, year, tasks),
        "late": list(figures.late_tasks(tasks)),
        "due_soon": list(figures.due_soon(tasks)),
        "indicators": _indicators(),
        "today": today(),
        "at_risk_days": settings.AT_RISK_DAYS,
        "at_risk_progress": settings.AT_RISK_PROGRESS,
        "buckets": [{"value": b.value, "label": b.label, "colour": figures.COLOURS[b]} for b in figures.BUCKETS],
        "bucket_late": Bucket.LATE,
    }
    if request.GET.get("format") == "xlsx":
        response = _export(request.GET.get("table", ""), context, tasks)
        if response is not None:
            return response
    return render(request, "dashboard/dashboard.html", context)


def official_report(request):
    """The periodic report on a plan's implementation as a Word file (central staff and leadership)."""
    if not request.user.has_perm("plans.view_all_work"):
        raise PermissionDenied
    form = OfficialReportForm(request.GET or None, user=request.user)
    if request.GET and form.is_valid():
        period, data = form.cleaned_data["period"], form.cleaned_data
        content = build_report(
            plan=period.plan, period=period, number=data["number"], day=data["date"], issuer=data["issuer"]
        )
        response = HttpResponse(content, content_type=DOCX)
        name = f"bao-cao-doi-ngoai-{period.plan.year}-{period.pk}.docx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(request, "dashboard/official_report.html", {"form": form})


def calendar_page(request):
    """The user's personal calendar address, which they can reset."""
    feed, _created = CalendarFeed.objects.get_or_create(user=request.user)
    url = request.build_absolute_uri(reverse("dashboard:calendar_feed", args=[feed.token]))
    return render(
        request,
        "dashboard/calendar.html",
        {"feed_url": url, "webcal_url": url.replace("https://", "webcal://").replace("http://", "webcal://")},
    )


@require_POST
def calendar_reset(request):
    CalendarFeed.objects.update_or_create(user=request.user, defaults={"token": new_token()})
    messages.success(request, _("A new calendar address was made; the old one no longer works."))
    return redirect("dashboard:calendar")


@login_not_required
def calendar_feed(request, token):
    """The secret-address feed for calendar programs (no session: the token is the credential)."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token, user__is_active=True)
    response = HttpResponse(user_calendar(feed.user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="doi-ngoai-bhxh.ics"'
    return response
