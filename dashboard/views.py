"""The dashboard pages: the figures of a scope (with their Excel tables), the official report, the calendar."""

import functools
import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plans.models import Bucket, Plan, today
from reports.completeness import assemble, completeness_columns

from . import figure_cache, figures
from .calendar import user_calendar
from .exports import dashboard_table_xlsx
from .forms import OfficialReportForm, Scope, ScopeForm
from .models import CalendarFeed, Indicator, new_token
from .mywork import keep_for_badge, my_work
from .official_report import render_docx, render_pdf, report_content

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def _reporting_plan(user, plan, year):
    """The chosen plan, or the year's annual plan: whose reporting periods the dashboard shows."""
    if plan is not None:
        return plan
    return (
        Plan.objects.visible_to(user)
        .filter(year=year, kind=Plan.Kind.ANNUAL, status__in=Plan.IN_FORCE)
        .order_by("issue_date", "pk")
        .first()
    )


def _standings(user, scope: Scope, language: str, periods) -> dict:
    """The four reporting states, the on-time rate and extensions: overall and by each breakdown."""
    tasks, day = scope.tasks, today()
    return {
        "totals": figures.standing_totals(tasks, day),
        "breakdowns": [
            ("objectives", _("By objective"), figures.standings_by_objective(tasks, day)) if scope.plan
            else ("plans", _("By plan"), figures.standings_by_plan(tasks, day)),
            ("categories", _("By category"), figures.standings_by_category(tasks, day)),
            ("units", _("By lead unit"), figures.standings_by_lead_unit(tasks, day, language)),
            ("provinces", _("By provincial office (lead or coordinating)"), figures.standings_by_province(tasks, day, language)),
            ("periods", _("By reporting period (tasks due in its data window)"),
             figures.standings_by_period(tasks, day, periods)),
        ],
        "day": day,
    }


def _summary(counted: dict, periods, completeness, day) -> dict:
    """The leader's 30-second read, from the figures already counted and the completeness table: no query."""
    rows = {key: breakdown for key, _heading, breakdown in counted["standing"]["breakdowns"]}
    return {
        "headline": figures.headline(counted["headline_counts"], completeness, day),
        "since": figures.previous_period_end(periods, day),
        "trends": figures.trends(rows["periods"], completeness, day),
        "ranking": figures.unit_ranking(rows["units"], completeness),
        "provinces": counted["provinces"],
    }


def _audience(user) -> str:
    """Whose copy of the figures: everyone who sees all work shares one; a unit officer has their own."""
    return "all" if user.sees_all_work else f"user-{user.pk}"


# What count_work() returns: each one a name of the body's context.
WORK_FIGURES = ("totals", "plans", "objectives", "categories", "units", "budget", "standing", "headline_counts",
                "provinces", "late", "due_soon", "open_explanations", "computed_at")


def _figures(user, scope: Scope) -> dict:
    """The scope's aggregates, which read every task, report and certificate of the scope: cached
    (`figure_cache`) per audience, scope, language and day, each part until a record it counts
    changes. Everyone who sees all work shares one copy; a unit officer has their own. A year shows
    one row per plan, a plan one row per objective. Every figure is a SimpleLazyObject (a proxy of the
    value, for the template, a test or an Excel table): read only by the parts of the body rendered again.

    The task figures (with the lists of late and soon-due work) and the completeness table are kept apart:
    a report written, submitted or returned counts its period's column of the completeness table again,
    not every task; the parts that show reports are kept under the shown periods' own generations
    (`report_groups`), so a report on another plan renders nothing again."""
    language = get_language() or "vi"
    plan, tasks, day = scope.plan, scope.tasks, today()
    audience, stamp, seconds = _audience(user), f"{day:%Y%m%d}", settings.DASHBOARD_CACHE_SECONDS
    scope_key = f"{audience}:{f'plan-{plan.pk}' if plan else f'year-{scope.year}'}"

    def count_reporting() -> dict:
        reporting_plan = _reporting_plan(user, plan, scope.year)
        periods = list(reporting_plan.reporting_periods.order_by("end", "-start", "pk")) if reporting_plan else []
        return {"plan": reporting_plan, "periods": periods}

    reporting = functools.cache(lambda: figure_cache.get_or_compute(f"{scope_key}:reporting:{stamp}", count_reporting, seconds))

    def count_work() -> dict:
        periods = reporting()["periods"]
        standing = _standings(user, scope, language, periods)
        provinces = next(rows for key, _heading, rows in standing["breakdowns"] if key == "provinces")
        return {
            "totals": figures.totals(tasks),
            "plans": [] if plan else figures.by_plan(tasks),
            "objectives": figures.by_objective(tasks) if plan else [],
            "categories": figures.by_category(tasks),
            "units": figures.by_lead_unit(tasks, language),
            "budget": figures.budget_by_category(tasks, user),
            "standing": standing,
            "headline_counts": figures.headline_counts(tasks=tasks, user=user, day=day, periods=periods),
            "provinces": figures.province_grid(provinces, day, language),
            "late": list(figures.late_list(tasks)),
            "due_soon": list(figures.due_soon(tasks)),
            "open_explanations": list(figures.open_explanations(user, tasks)),
            "computed_at": timezone.now(),
        }

    counted = functools.cache(lambda: figure_cache.get_or_compute(f"{scope_key}:{language}:{stamp}", count_work, seconds))
    completeness = functools.cache(lambda: _completeness(
        user, reporting()["plan"], reporting()["periods"], day=day, key=f"{audience}:{stamp}"))
    return {
        **{name: SimpleLazyObject(lambda name=name: counted()[name]) for name in WORK_FIGURES},
        "report_groups": SimpleLazyObject(lambda: ("work", *(figure_cache.period_group(p.pk) for p in reporting()["periods"]))),
        "completeness": SimpleLazyObject(completeness),
        "summary": SimpleLazyObject(lambda: _summary(counted(), reporting()["periods"], completeness(), day)),
        "agreement": SimpleLazyObject(lambda: figure_cache.get_or_compute(
            f"{audience}:agreements:{language}:{stamp}", lambda: figures.agreement_implementation(user),
            seconds, groups=("work", "agreements"),
        )),
        "conferences": SimpleLazyObject(lambda: figure_cache.get_or_compute(
            f"{audience}:conferences-{scope.year}:{language}:{stamp}",
            lambda: figures.conferences_summary(user, scope.year), seconds, groups=("conferences",),
        )),
    }


def _completeness(user, plan, periods, *, day, key: str):
    """The reporting plan's completeness table, each period's column kept (figure_cache) until a report of
    that period or the work changes: a report saved counts its own period's column again, not the year's."""
    if plan is None:
        return None
    period_of = {f"{key}:completeness-{plan.pk}:period-{period.pk}": period for period in periods}

    def count(keys: list[str]) -> dict:
        columns = completeness_columns(plan=plan, user=user, periods=[period_of[k] for k in keys], today=day)
        return {k: columns[period_of[k].pk] for k in keys}

    groups = {k: ("work", figure_cache.period_group(period.pk)) for k, period in period_of.items()}
    columns = figure_cache.get_or_compute_many(groups, count, settings.DASHBOARD_CACHE_SECONDS)
    return assemble(plan, periods, {period.pk: columns[k] for k, period in period_of.items()})


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


def _body_context(request, scope: Scope) -> dict:
    """Everything the figures of the page need, computed (or read from the figure cache) on demand."""
    return {
        "scope": scope,
        "plan": scope.plan,
        "year": scope.year,
        "scope_query": scope.query,
        "tasks_url": reverse("plans:task_list"),
        **_figures(request.user, scope),
        "indicators": SimpleLazyObject(_indicators),
        "today": today(),
        "at_risk_days": settings.AT_RISK_DAYS,
        "at_risk_progress": settings.AT_RISK_PROGRESS,
        "buckets": [{"value": b.value, "label": b.label, "colour": figures.COLOURS[b]} for b in figures.BUCKETS],
        "bucket_late": Bucket.LATE,
    }


def _body(request, scope: Scope) -> str:
    """The rendered figures, kept like the figures themselves until a record they count changes: a view of
    unchanged figures costs a cache read, not a render; after a change, only the parts that show what
    changed are rendered again (dashboard_tables.figures_part). Keyed by audience, scope, language, day and
    the query string (the Excel links repeat it)."""
    query = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:32]
    key = f"html:{_audience(request.user)}:{get_language() or 'vi'}:{today():%Y%m%d}:{query}"

    def render_body() -> str:
        # Each {% figures_part %} of the body is kept under this key too, with the groups it shows.
        context = {**_body_context(request, scope), "figures_key": key}
        return render_to_string("dashboard/includes/body.html", context, request)

    return mark_safe(figure_cache.get_or_compute(  # noqa: S308 - our own template's output
        key, render_body, settings.DASHBOARD_CACHE_SECONDS, groups=figure_cache.EVERY_GROUP,
    ))


def dashboard(request):
    """Where the year's work stands; every figure links to the tasks behind it. Scoped by visible_to;
    an invalid query string shows the form's errors and no figures."""
    form = ScopeForm(request.GET, user=request.user)
    scope = form.scope()
    if scope is None:
        return render(request, "dashboard/dashboard.html", {"form": form})
    if request.GET.get("format") == "xlsx":
        response = dashboard_table_xlsx(request.GET.get("table", ""), _body_context(request, scope))
        if response is not None:
            return response
    context = {"form": form, "scope": scope, "plan": scope.plan, "year": scope.year, "today": today(),
               "body": _body(request, scope)}
    return render(request, "dashboard/dashboard.html", context)


def official_report(request):
    """The periodic report on a plan's implementation as a Word or PDF file (central staff and leadership).
    `?pick=<period>` only preselects a suggested period."""
    if not request.user.sees_all_work:
        raise PermissionDenied
    asked = bool(set(request.GET) - {"pick"})
    form = OfficialReportForm(request.GET if asked else None, user=request.user)
    if not asked and request.GET.get("pick", "").isdigit():
        form.initial["period"] = int(request.GET["pick"])
    if asked and form.is_valid():
        period, data = form.cleaned_data["period"], form.cleaned_data
        content = report_content(
            plan=period.plan, period=period, number=data["number"], day=data["date"], issuer=data["issuer"],
            user=request.user,
        )
        pdf = data["format"] == "pdf"
        response = HttpResponse(render_pdf(content) if pdf else render_docx(content), content_type=PDF if pdf else DOCX)
        name = f"bao-cao-doi-ngoai-{period.plan.year}-{period.pk}.{data['format']}"
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


def my_work_page(request):
    """/my/: what is handed to me, what I owe, what waits for me — due first, for every role."""
    lists, entries = my_work(request.user)  # always counted afresh
    keep_for_badge(request.user, lists)
    return render(request, "dashboard/my_work.html", {"lists": lists, "entries": entries, "today": timezone.localdate()})
