"""Excel downloads of the engine's lists (plans, tasks): the rows the list shows, through its guard."""

from collections.abc import Callable

from django.db.models import Aggregate, Case, Field, OuterRef, Subquery, Value, When
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Unit
from core.excel import Book
from core.exports import Export

from .forms import plan_list_filter, task_list_filter
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


class _Ids(Field):
    """A list of ids read back from the database: an array on PostgreSQL, taken as it comes (no converter a
    cell); "1,2,3" text (group_concat) on SQLite, parsed."""

    def get_db_converters(self, connection):
        return [self._from_text] if connection.vendor == "sqlite" else []

    @staticmethod
    def _from_text(value, expression, connection):
        return [int(pk) for pk in value.split(",")] if value else None


class _UnitIds(Aggregate):
    """The unit ids of a group of assignments (array_agg; group_concat on SQLite)."""

    function = "ARRAY_AGG"
    output_field = _Ids()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def _unit_ids(role: str) -> Subquery:
    """The current units of the task in this role, as ids in the task's own row: an index probe on the
    assignments, no join to the units (their names come from one map, `_unit_labels`)."""
    units = (
        Assignment.objects.current().filter(task=OuterRef("pk"), role=role).order_by()
        .values("task").annotate(ids=_UnitIds("unit_id")).values("ids")
    )
    return Subquery(units, output_field=_Ids())


def _unit_labels(name: str) -> Callable[[list[int]], str]:
    """Unit ids → their names joined with ", " in the database's name order; the units (a few hundred at most)
    are read once for the whole export."""
    ranked = {pk: (rank, label) for rank, (pk, label) in enumerate(Unit.objects.order_by(name, "pk").values_list("pk", name))}

    def labels(ids: list[int] | None) -> str:
        if not ids:
            return ""
        if len(ids) == 1:
            return ranked[ids[0]][1]
        return ", ".join(label for _rank, label in sorted(ranked[pk] for pk in ids))

    return labels


def tasks_write(book: Book, tasks, progress=iter) -> None:
    """The tasks sheet, written by the direct download and by the background job alike: one query of plain
    values, each task's unit ids aggregated in SQL and named from one map of the units, the rows streamed from
    a server-side cursor, so memory stays constant; choice labels looked up once. `progress` wraps the rows
    (the job counts them)."""
    def labels(choices) -> dict:  # translated once, not once a cell
        return {value: str(label) for value, label in choices}

    categories, fundings, statuses = labels(Task.Category.choices), labels(Task.Funding.choices), labels(Task.Status.choices)
    late = Case(When(bucket_conditions()[Bucket.LATE], then=Value(True)), default=Value(False))
    states = standing_conditions()
    standing = Case(*(When(states[value], then=Value(value)) for value in Standing.values), default=Value(""))
    standings, yes = labels(Standing.choices), _("Yes")
    units = _unit_labels("name_en" if (translation.get_language() or "vi").startswith("en") else "name_vi")
    values = (
        tasks.prefetch_related(None)
        .annotate(
            is_late=late, standing=standing,
            lead_units=_unit_ids(Assignment.Role.LEAD), coordinating_units=_unit_ids(Assignment.Role.COORDINATING),
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
            units(lead),
            units(coordinating),
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


def plans_write(book: Book, plans, progress=iter) -> None:
    """The plans sheet (direct download and background job alike), streamed from a server-side cursor."""
    rows = (
        [
            plan.number, plan.issue_date, plan.year, plan.get_kind_display(), plan.title, plan.issuing_unit.name,
            plan.get_status_display(), plan.version, plan.task_count, round(plan.mean_progress), plan.late_count,
        ]
        for plan in plans.iterator(chunk_size=2000)
    )
    book.add_sheet(_("Plans"), PLAN_HEADERS, progress(rows), {5: 60})


def visible_plans(user, params):
    """The plan list's rows for `user` and its filter (a query string)."""
    return plan_list_filter(user, params)[1]


PLANS_EXPORT = Export(
    kind="plans.plans", filename="ke-hoach.xlsx", title=lambda: _("Plans"), rows=visible_plans, write=plans_write,
)
