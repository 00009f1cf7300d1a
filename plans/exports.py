"""Excel downloads of the engine's lists (plans, tasks): the rows the list shows, through its guard."""

from django.db.models import Aggregate, Case, CharField, OuterRef, Subquery, Value, When
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.excel import Book, workbook_response
from core.exports import Export

from .forms import task_list_filter
from .models import Assignment, Bucket, Standing, Task, bucket_conditions, standing_conditions

TASKS_FILENAME = "nhiem-vu.xlsx"
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


class _Names(Aggregate):
    """The names of a group joined with ", " in name order (string_agg; group_concat on SQLite)."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ', ' ORDER BY %(expressions)s)"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT",
                              template="%(function)s(%(expressions)s, ', ')", **extra_context)


def _unit_names(role: str, name: str) -> Subquery:
    """The current units of the task in this role, as one string, computed in the task's own row."""
    units = (
        Assignment.objects.current().filter(task=OuterRef("pk"), role=role).order_by()
        .values("task").annotate(names=_Names(name)).values("names")
    )
    return Subquery(units, output_field=CharField())


def tasks_export(tasks) -> HttpResponse:
    """The tasks (filtered through visible_to, in their order) as an .xlsx download."""
    book = Book()
    tasks_write(book, tasks)
    return book.response(TASKS_FILENAME)


def tasks_write(book: Book, tasks, progress=iter) -> None:
    """The tasks sheet, written by the direct download and by the background job alike: one query of plain
    values, the unit names joined in SQL and the rows streamed from a server-side cursor, so memory stays
    constant; choice labels looked up once. `progress` wraps the rows (the job counts them)."""
    def labels(choices) -> dict:  # translated once, not once a cell
        return {value: str(label) for value, label in choices}

    categories, fundings, statuses = labels(Task.Category.choices), labels(Task.Funding.choices), labels(Task.Status.choices)
    late = Case(When(bucket_conditions()[Bucket.LATE], then=Value(True)), default=Value(False))
    states = standing_conditions()
    standing = Case(*(When(states[value], then=Value(value)) for value in Standing.values), default=Value(""))
    standings, yes = labels(Standing.choices), _("Yes")
    name = "unit__name_en" if (translation.get_language() or "vi").startswith("en") else "unit__name_vi"
    values = (
        tasks.prefetch_related(None)
        .annotate(
            is_late=late, standing=standing,
            lead_units=_unit_names(Assignment.Role.LEAD, name),
            coordinating_units=_unit_names(Assignment.Role.COORDINATING, name),
        )
        .values_list(
            "plan__number", "plan__title", "objective__position", "objective__text", "title", "category", "content",
            "expected_result", "lead_units", "coordinating_units", "start_date", "deadline", "extended_deadline",
            "effective_deadline", "budget", "funding_source", "status", "progress", "completed_on", "standing", "is_late",
        )
        .iterator(chunk_size=2000)
    )
    rows = (
        [
            number or plan_title,
            f"{position}. {objective}",
            title,
            categories.get(category, category),
            content,
            expected_result,
            lead or "",
            coordinating or "",
            start_date,
            deadline,
            extended,
            due,
            budget,
            fundings.get(funding, funding),
            statuses.get(status, status),
            progress_value,
            completed_on,
            standings.get(state, ""),
            yes if is_late else "",
        ]
        for (
            number, plan_title, position, objective, title, category, content, expected_result, lead, coordinating,
            start_date, deadline, extended, due, budget, funding, status, progress_value, completed_on, state, is_late,
        ) in values
    )
    widths = {2: 40, 3: 50, 5: 50, 6: 40, 7: 35, 8: 45}
    book.add_sheet(_("Tasks"), EXPORT_HEADERS, progress(rows), widths, money=(13,))


def visible_tasks(user, params):
    """The task list's rows for `user` and its filter (a query string): what the list shows, nothing more."""
    return task_list_filter(user, params)[1]


TASKS_EXPORT = Export(
    kind="plans.tasks", filename=TASKS_FILENAME, title=lambda: _("Tasks"), rows=visible_tasks, write=tasks_write,
)


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
