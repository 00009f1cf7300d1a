"""Excel workbooks of the dashboard's tables (core.excel), built from the figures already on the page."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from core.excel import workbook_response

from . import figures

BREAKDOWNS = {"plans", "objectives", "categories", "units"}


def dashboard_table_xlsx(name: str, context: dict) -> HttpResponse | None:
    """The dashboard table `name` of the page's `context` as a workbook; None for an unknown name."""
    if name in BREAKDOWNS:
        return _breakdown(name, context)
    if name.startswith("standing-"):
        return _standing(name.removeprefix("standing-"), context)
    if name in ("late", "due_soon"):
        return _task_table(name, context[name])
    if name == "budget":
        return workbook_response(
            "dashboard-budget.xlsx",
            _("Budget"),
            [_("Category"), _("Funding source"), _("Tasks"), _("Planned (VND)"), _("Spent (VND)")],
            ([r["category"], r["funding"], r["tasks"], r["planned"], r["spent"]] for r in context["budget"]),
            {1: 50},
            money=(4, 5),
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


def _breakdown(name: str, context: dict) -> HttpResponse:
    """A breakdown by plan, objective, category or lead unit: one row each, a column per bucket.
    A year scope has no objective rows on the page (a plan scope no plan rows): they are computed."""
    scope = context["scope"]
    titles = {
        "plans": (_("By plan"), lambda: context["plans"] or figures.by_plan(scope.tasks)),
        "objectives": (_("By objective"), lambda: context["objectives"] or figures.by_objective(scope.tasks)),
        "categories": (_("By category"), lambda: context["categories"]),
        "units": (_("By lead unit"), lambda: context["units"]),
    }
    title, rows = titles[name]
    return workbook_response(
        f"dashboard-{name}.xlsx",
        title,
        [title, *(str(b.label) for b in figures.BUCKETS), _("Total")],
        ([row.label, *(row.counts[b.value] for b in figures.BUCKETS), row.total] for row in rows()),
        {1: 70},
    )


def _task_table(name: str, tasks) -> HttpResponse:
    return workbook_response(
        f"dashboard-{name}.xlsx",
        _("Late tasks") if name == "late" else _("Due in the next 30 days"),
        [_("Task"), _("Plan"), _("Lead unit"), _("Deadline"), _("Days late"), _("Progress (%)")],
        ([t.title, t.plan.number, str(t.lead_unit or ""), t.deadline, t.days_late, t.progress] for t in tasks),
        {1: 70, 3: 40},
    )


def _standing(table_id: str, context: dict) -> HttpResponse | None:
    """A four-state breakdown as on the page: the states, tasks due, the on-time rate and extensions."""
    found = [(heading, rows) for key, heading, rows in context["standing"]["breakdowns"] if key == table_id]
    if not found:
        return None
    heading, rows = found[0]
    return workbook_response(
        f"dashboard-standing-{table_id}.xlsx",
        _("Completion against deadlines"),
        [heading, *(str(s.label) for s in figures.STANDINGS), _("Due by today"), _("Completed on time, of those due"),
         _("On-time rate (%)"), _("With extension"), _("With extension, completed on time")],
        (
            [row.label, *(row.counts[s.value] for s in figures.STANDINGS), row.counts["due"], row.counts["due_on_time"],
             row.rate, row.counts["extended"], row.counts["extended_on_time"]]
            for row in rows
        ),
        {1: 70},
    )
