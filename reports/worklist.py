"""A unit officer's reporting work (returned reports first, then due and overdue ones, then the rest),
and central staff's review queue grouped by task."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, F, FilteredRelation, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from core.text import search_filter
from plans.models import Assignment

from .models import PERIOD, ProgressReport, ReportingPeriod, expected_reports, open_for_reports

DUE_SOON = datetime.timedelta(days=14)
RECENTLY = datetime.timedelta(days=14)
NEWS_ITEMS = 10


@dataclass
class WorkItem:
    """One report a unit owes: on one task (assignment) for one period, written or not yet."""

    RETURNED, DUE, REST = 0, 1, 2

    assignment: Assignment
    period: ReportingPeriod
    report: ProgressReport | None
    today: datetime.date
    group: int  # RETURNED, DUE or REST, as `unit_work` ranked it

    @property
    def group_name(self) -> str:
        return ("returned", "due", "rest")[self.group]

    @property
    def needs_writing(self) -> bool:
        return self.report is None or self.report.is_editable

    @property
    def is_overdue(self) -> bool:
        return self.needs_writing and self.period.due_date < self.today

    @property
    def url(self) -> str:
        if self.report is None:
            return reverse("reports:report_create", args=[self.assignment.pk, self.period.pk])
        if self.report.is_editable:
            return reverse("reports:report_edit", args=[self.report.pk])
        return self.report.get_absolute_url()


def unit_work(user, *, query: str = "", everything: bool = False, today: datetime.date | None = None):
    """The reports the user's unit owes and may still write (`open_for_reports`) for periods that have begun — its
    own and those of the ended units whose work it carries (`User.work_unit_ids`) — as ordered
    `(assignment id, period id, group)` rows: returned first, then due within two weeks or overdue, then the
    rest. Periods already reported and past their due date are left out unless `everything`.

    Grouping, filtering and ordering happen in SQL, starting from the unit's own assignments with one
    left join to the pair's report, so a caller slices or pages the pairs before turning them into
    `WorkItem`s with `work_items()`."""
    today = today or timezone.localdate()
    assignments = open_for_reports(Assignment.objects.filter(unit_id__in=user.work_unit_ids))
    if query:
        assignments = search_filter(assignments, query, field="task__search_text")
    # The pair's report, left-joined on the same period row: one probe, read by the group and the filter.
    report = FilteredRelation(f"{PERIOD}__reports", condition=Q(**{f"{PERIOD}__reports__assignment": F("pk")}))
    needs_writing = Q(report_status__isnull=True) | Q(report_status__in=ProgressReport.EDITABLE)
    pairs = expected_reports(assignments, start__lte=today).annotate(report=report).annotate(
        report_status=F("report__status"),
        due_date=F(f"{PERIOD}__due_date"),
        group=Case(
            When(report_status=ProgressReport.Status.RETURNED, then=Value(WorkItem.RETURNED)),
            When(needs_writing & Q(due_date__lte=today + DUE_SOON), then=Value(WorkItem.DUE)),
            default=Value(WorkItem.REST),
        ),
    )
    if not everything:
        pairs = pairs.filter(needs_writing | Q(due_date__gte=today))  # not finished
    return pairs.order_by("group", "due_date", "task__plan_id", "task__position", "pk").values_list(
        "pk", "period_id", "group"
    )


def work_items(pairs, *, today: datetime.date | None = None) -> list[WorkItem]:
    """`WorkItem`s for a slice or page of `unit_work()` rows, in their order. Three queries."""
    today = today or timezone.localdate()
    pairs = list(pairs)
    assignment_ids = {a for a, _p, _g in pairs}
    period_ids = {p for _a, p, _g in pairs}
    by_id = Assignment.objects.select_related("task__plan", "unit").in_bulk(assignment_ids)
    periods = ReportingPeriod.objects.in_bulk(period_ids)
    written = ProgressReport.objects.filter(assignment_id__in=assignment_ids, period_id__in=period_ids)
    reports = {(r.assignment_id, r.period_id): r for r in written.select_related("period")}
    return [
        WorkItem(assignment=by_id[a], period=periods[p], report=reports.get((a, p)), today=today, group=group)
        for a, p, group in pairs
    ]


def recently_reviewed(user, *, now: datetime.datetime | None = None) -> list[ProgressReport]:
    """The unit's latest reports returned (still to correct) or approved lately, returned first: the
    officer's in-portal news. Every returned report is also first in the work list. Two queries: the
    latest ids, then those reports through the visibility rule (`listed_for`: the OR of `visible_to`
    would scan every assignment to check ten reports)."""
    since = (now or timezone.now()) - RECENTLY
    returned = ProgressReport.Status.RETURNED
    latest = (
        ProgressReport.objects.filter(Q(status=returned) | Q(status=ProgressReport.Status.APPROVED, reviewed_at__gte=since))
        .annotate(returned_first=Case(When(status=returned, then=Value(0)), default=Value(1)))
        .order_by()
        .values_list("pk", "returned_first", "reviewed_at")
        .of_units_of(user)
        .order_by("returned_first", "-reviewed_at", "-pk")[:NEWS_ITEMS]
    )
    ids = [pk for pk, _first, _reviewed in latest]
    reports = ProgressReport.objects.filter(pk__in=ids).listed_for(user).select_related(
        "assignment__task__plan", "period", "unit", "reviewed_by"
    )
    return sorted(reports, key=lambda report: ids.index(report.pk))


@dataclass
class ReviewGroup:
    """The listed reports of one task, in the review queue's order, each with its working days waiting."""

    task: object
    rows: list[tuple[ProgressReport, int | None]]


def review_groups(reports, *, calendar, today: datetime.date) -> list[ReviewGroup]:
    """A page of the review queue (oldest submission first) grouped by task, each group where its
    longest-waiting report stands; a submitted report tells how many working days
    (`core.calendar.WorkingCalendar`) it has waited. No query beyond the page's."""
    groups: dict[int, ReviewGroup] = {}
    for report in reports:
        waiting = None
        if report.status == ProgressReport.Status.SUBMITTED and report.submitted_at:
            waiting = max(calendar.working_days_between(timezone.localdate(report.submitted_at), today), 0)
        task = report.assignment.task
        groups.setdefault(task.pk, ReviewGroup(task=task, rows=[])).rows.append((report, waiting))
    return list(groups.values())
