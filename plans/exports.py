"""Excel downloads of the engine's lists (plans, tasks): the rows the list shows, through its guard."""

from django.db.models import Case, Value, When
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.excel import workbook_response

from .models import Assignment, Bucket, Standing, Task, bucket_conditions, standing_conditions

EXPORT_HEADERS = [
    gettext_lazy("Plan"),
    gettext_lazy("Objective"),
    gettext_lazy("Task"),
    gettext_lazy("Category"),
    gettext_lazy("Content"),
    gettext_lazy("Expected result"),
    gettext_lazy("Lead unit"),
    gettext_lazy("Coordinating units"),
    gettext_lazy("Start date"),
    gettext_lazy("Deadline"),
    gettext_lazy("Extended to"),
    gettext_lazy("Due (effective deadline)"),
    gettext_lazy("Budget (VND)"),
    gettext_lazy("Funding source"),
    gettext_lazy("Status"),
    gettext_lazy("Progress (%)"),
    gettext_lazy("Completion date"),
    gettext_lazy("Reporting state"),
    gettext_lazy("Overdue"),
]


def tasks_export(tasks) -> HttpResponse:
    """The tasks (filtered through visible_to, in their order) as .xlsx. Two queries of plain values,
    choice labels looked up once: a model instance per task and assignment cost more than the file."""
    categories, fundings, statuses = dict(Task.Category.choices), dict(Task.Funding.choices), dict(Task.Status.choices)
    late = Case(When(bucket_conditions()[Bucket.LATE], then=Value(True)), default=Value(False))
    states = standing_conditions()
    standing = Case(*(When(states[value], then=Value(value)) for value in Standing.values), default=Value(""))
    standings = dict(Standing.choices)
    values = list(
        tasks.prefetch_related(None)
        .annotate(is_late=late, standing=standing)
        .values_list(
            "pk", "plan__number", "plan__title", "objective__position", "objective__text", "title", "category", "content",
            "expected_result", "start_date", "deadline", "extended_deadline", "effective_deadline", "budget",
            "funding_source", "status", "progress", "completed_on", "standing", "is_late",
        )
    )
    name = "unit__name_en" if (translation.get_language() or "vi").startswith("en") else "unit__name_vi"
    units = {Assignment.Role.LEAD: {}, Assignment.Role.COORDINATING: {}}
    assignments = (
        Assignment.objects.current()
        .filter(task_id__in=[row[0] for row in values])
        .order_by("role", "unit__name_vi")
        .values_list("task_id", "role", name)
    )
    for task_id, role, unit in assignments:
        units[role].setdefault(task_id, []).append(unit)
    rows = (
        [
            number or plan_title,
            f"{position}. {objective}",
            title,
            categories.get(category, category),
            content,
            expected_result,
            ", ".join(units[Assignment.Role.LEAD].get(pk, [])),
            ", ".join(units[Assignment.Role.COORDINATING].get(pk, [])),
            start_date,
            deadline,
            extended,
            due,
            budget,
            fundings.get(funding, funding),
            statuses.get(status, status),
            progress,
            completed_on,
            str(standings.get(state, "")),
            _("Yes") if is_late else "",
        ]
        for (
            pk, number, plan_title, position, objective, title, category, content, expected_result, start_date,
            deadline, extended, due, budget, funding, status, progress, completed_on, state, is_late,
        ) in values
    )
    widths = {2: 40, 3: 50, 5: 50, 6: 40, 7: 35, 8: 45}
    return workbook_response("nhiem-vu.xlsx", _("Tasks"), EXPORT_HEADERS, rows, widths)


PLAN_HEADERS = [
    gettext_lazy("Number"),
    gettext_lazy("Issue date"),
    gettext_lazy("Year"),
    gettext_lazy("Kind"),
    gettext_lazy("Title"),
    gettext_lazy("Issuing unit"),
    gettext_lazy("Status"),
    gettext_lazy("Version"),
    gettext_lazy("Tasks"),
    gettext_lazy("Progress (%)"),
    gettext_lazy("Late tasks"),
]


def plans_export(plans) -> HttpResponse:
    """The plans of the list (visible_to, with_progress, filtered) as .xlsx."""
    rows = (
        [
            plan.number, plan.issue_date, plan.year, plan.get_kind_display(), plan.title, plan.issuing_unit.name,
            plan.get_status_display(), plan.version, plan.task_count, round(plan.mean_progress), plan.late_count,
        ]
        for plan in plans
    )
    return workbook_response("ke-hoach.xlsx", _("Plans"), PLAN_HEADERS, rows, {5: 60})
