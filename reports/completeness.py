"""Completeness and timeliness of a plan's reports: units × periods, counted in SQL.

Expected = reports owed (see models.expected_reports); submitted = submitted at least once (a
returned report was submitted); late = first submitted after the due date; missing = owed, not
submitted, and past due. A report counts for the unit that wrote it, even if its task later
moved to a successor unit; a report not written yet on work still open for reports counts for the
unit that owes it now (after an ended unit's succession, accounts/succession.py).
"""

import datetime
import functools
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext

from accounts.models import Unit
from plans.models import Assignment, Plan

from .models import ProgressReport, ReportingPeriod, expected_reports, reports_open

# The lines of a completeness cell: (count, CSS class, its words).
CELL_LINES = (
    ("on_time", "d-block", lambda n: ngettext("%(n)s on time", "%(n)s on time", n)),
    ("late", "d-block late", lambda n: ngettext("%(n)s late", "%(n)s late", n)),
    ("missing", "d-block late", lambda n: ngettext("%(n)s missing", "%(n)s missing", n)),
    ("pending", "d-block text-body-secondary", lambda n: ngettext("%(n)s not yet due", "%(n)s not yet due", n)),
)


@functools.lru_cache(maxsize=4096)
def _said(language: str | None, words, n: int) -> str:
    """A cell's line in `language` (the one active when it is first asked for), escaped: a table repeats the
    same few counts hundreds of times."""
    return escape(words(n) % {"n": n})


@dataclass
class Cell:
    expected: int = 0
    submitted: int = 0
    late: int = 0
    missing: int = 0

    @property
    def on_time(self) -> int:
        return self.submitted - self.late

    @property
    def pending(self) -> int:
        """Owed, not submitted, not yet due."""
        return max(self.expected - self.submitted - self.missing, 0)

    def __str__(self) -> str:
        """The cell as every completeness table shows it (`{{ cell }}`, safe HTML): written here, not in a
        template included once per cell, as a plan's table has hundreds of cells and the dashboard shows one."""
        if not self.expected:
            return mark_safe('<span class="text-body-secondary">—</span>')
        language = get_language()
        counts = "".join(
            f'<span class="{css}">{_said(language, words, n)}</span>'
            for name, css, words in CELL_LINES if (n := getattr(self, name))
        )
        return mark_safe(  # noqa: S308 - whole numbers and escaped text
            f'<span class="fw-semibold">{self.submitted}/{self.expected}</span><div class="small">{counts}</div>'
        )

    __html__ = __str__

    def add(self, other: "Cell") -> None:
        self.expected += other.expected
        self.submitted += other.submitted
        self.late += other.late
        self.missing += other.missing


@dataclass
class Row:
    unit: Unit
    cells: list[Cell]
    total: Cell = field(default_factory=Cell)

    def __str__(self) -> str:
        """The row as every completeness table shows it: the unit, a cell per period, the total."""
        cells = "".join(f"<td>{cell}</td>" for cell in self.cells)
        return mark_safe(  # noqa: S308 - escaped names and the cells' own safe HTML
            f'<tr data-unit="{escape(self.unit.code)}"><th scope="row">{escape(self.unit)}</th>{cells}'
            f"<td>{self.total}</td></tr>"
        )

    __html__ = __str__


@dataclass
class Table:
    plan: Plan
    periods: list[ReportingPeriod]
    rows: list[Row]
    totals: list[Cell]
    total: Cell

    @property
    def body(self) -> str:
        """The rows, written in Python (a plan's table has hundreds of cells): `{{ table.body }}`."""
        return mark_safe("\n".join(str(row) for row in self.rows))  # noqa: S308 - safe rows


def completeness_table(*, plan: Plan, user, today: datetime.date | None = None, kind: str = "") -> Table:
    """Five queries whatever the number of units: periods, the succession, owed pairs without a report, reports, units.
    Central staff and leadership see every unit; an officer, their own unit (and its predecessors).
    Any mix of kinds of period is one column each, in the order they end; `kind` keeps one kind."""
    today = today or timezone.localdate()
    periods = plan.reporting_periods.order_by("end", "-start", "pk")
    if kind:
        periods = periods.filter(kind=kind)
    periods = list(periods)
    return assemble(plan, periods, completeness_columns(plan=plan, user=user, periods=periods, today=today))


Column = dict[int, Cell]  # unit id → its cell in one period


def completeness_columns(*, plan: Plan, user, periods: list[ReportingPeriod], today: datetime.date) -> dict[int, Column]:
    """The cells of `periods` (of `plan`), one column per period id: three queries whatever the number of
    periods and units (the succession, owed pairs without a report, reports). A column depends only on
    its period's reports, so the dashboard keeps each one until a report of that period changes."""
    columns: dict[int, Column] = {period.pk: {} for period in periods}
    if not periods:
        return columns
    assignments = Assignment.objects.visible_to(user).filter(task__plan=plan)
    reports = ProgressReport.objects.visible_to(user).filter(period__in=periods)
    if not user.sees_all_work:
        reports = reports.filter(unit_id__in=user.unit_lineage_ids)
    # Owed and unwritten, by unit: open work counts for whoever carries it now (the succession's rule,
    # applied here to the few grouped rows rather than written into the SQL as a CASE per carrier).
    succession = Unit.objects.succession_on(today)
    unwritten = (
        expected_reports(assignments, without_report=True, pk__in=[period.pk for period in periods])
        .annotate(is_open=ExpressionWrapper(reports_open(), output_field=BooleanField()))
        .values("unit_id", "period_id", "is_open").annotate(n=Count("pk"))
    )
    for row in unwritten:
        unit_id = succession.moved_to(row["unit_id"]) if row["is_open"] else row["unit_id"]
        columns[row["period_id"]].setdefault(unit_id, Cell()).expected += row["n"]
    written = (
        reports.order_by()
        .values("unit_id", "period_id")
        .annotate(
            n=Count("pk"),
            submitted=Count("pk", filter=Q(first_submitted_at__isnull=False)),
            late=Count("pk", filter=ProgressReport.SUBMITTED_LATE),
        )
    )
    for row in written:
        cell = columns[row["period_id"]].setdefault(row["unit_id"], Cell())
        cell.expected += row["n"]
        cell.submitted += row["submitted"]
        cell.late += row["late"]
    for period in periods:
        if period.due_date < today:
            for cell in columns[period.pk].values():
                cell.missing = cell.expected - cell.submitted
    return columns


def assemble(plan: Plan, periods: list[ReportingPeriod], columns: dict[int, Column]) -> Table:
    """The table of `columns` (one per period, in the periods' order): a row per unit with a report owed or
    written, with row, column and grand totals (new cells: the columns' own are left as they are, so cached
    columns can be assembled again); one query (the units)."""
    unit_ids = {unit_id for column in columns.values() for unit_id in column}
    units = Unit.objects.filter(pk__in=unit_ids).order_by("kind", "name_vi")
    rows, totals, total = [], [Cell() for _ in periods], Cell()
    for unit in units:
        row = Row(unit=unit, cells=[columns[period.pk].get(unit.pk, Cell()) for period in periods])
        for index, cell in enumerate(row.cells):
            row.total.add(cell)
            totals[index].add(cell)
        total.add(row.total)
        rows.append(row)
    return Table(plan=plan, periods=periods, rows=rows, totals=totals, total=total)
