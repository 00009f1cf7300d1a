"""Progress report rules: a period's report due (then overdue, repeating), a returned report not
resubmitted, and a submitted report waiting for review."""

import datetime
import itertools

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Unit
from plans.models import Assignment
from reports.models import ProgressReport, ReportingPeriod, expected_reports

from ..models import ReminderRule
from .base import ONE_DAY, Message, Rule, Scan, chunks, show_date, unit_name


def owed_reports(period_id, unit_ids=None):
    """Current assignments owing a report for the period that is not submitted yet (none or a draft);
    `period_id`: one period's id, or a queryset of periods; `unit_ids`: of those units only."""
    assignments = Assignment.objects.current()
    if unit_ids is not None:
        assignments = assignments.filter(unit_id__in=unit_ids)
    submitted = ProgressReport.objects.filter(assignment=OuterRef("pk"), period=OuterRef("period_id")).exclude(
        status=ProgressReport.Status.DRAFT
    )
    periods = {"id__in": period_id.values("pk")} if isinstance(period_id, QuerySet) else {"id": period_id}
    return expected_reports(assignments, **periods).filter(~Exists(submitted))


class ReportDue(Rule):
    """A period's report is due (offsets before the due date, then every `repeat_days` after it):
    to the officers of each unit that has not submitted — the unit that carries the work now, for an
    ended unit's — it stops once they submit."""

    code = ReminderRule.Code.REPORT_DUE
    model = "reports.ReportingPeriod"
    related = ("plan",)

    def occurrence(self, scan: Scan, due: datetime.date, params) -> datetime.date | None:
        if due >= scan.day:
            hit = scan.before(due, params.offset_list)
            return hit[0] if hit else None
        return scan.after(due + ONE_DAY, params.repeat_days) if params.repeat_days else None

    def collect(self, scan, params):
        latest = scan.calendar.add_working_days(scan.day, max(params.offset_list, default=0))
        # Issued plans only, as for tasks (live()): a closed plan is still in force but chases no one.
        periods = ReportingPeriod.objects.of_issued_plans().filter(due_date__lte=latest)
        if not params.repeat_days:
            periods = periods.filter(due_date__gte=scan.day)
        # The periods are few (a handful per plan); what they owe is read in one query for all of them.
        occurrences = {pk: (due, self.occurrence(scan, due, params)) for pk, due in periods.values_list("pk", "due_date")}
        owing = (
            owed_reports(periods).order_by("period_id")
            .values_list("period_id", "unit_id", "executing_officer_id").distinct().iterator(chunk_size=scan.chunk_size)
        )
        for period_id, rows in itertools.groupby(owing, key=lambda row: row[0]):
            due, occurrence = occurrences[period_id]
            if occurrence is None:
                continue
            owed = {(unit_id, executing) for _period, unit_id, executing in rows}
            values = {"due": due.isoformat()}
            # Executing officers first (the reports handed down to them, while their unit carries the
            # work), then the active officers of each unit that carries the work now.
            executing = {
                user_id: unit_id for unit_id, user_id in sorted(owed, key=lambda row: (row[0], row[1] or 0))
                if user_id and scan.carrier(unit_id) == unit_id
            }
            carriers = {scan.carrier(unit_id) for unit_id, _executing in owed} - {None}
            yield [
                *(self.dispatch(period_id, user_id, occurrence, unit=unit_id, executing=True, **values)
                  for user_id, unit_id in executing.items()),
                *(self.dispatch(period_id, user_id, occurrence, unit=carrier, **values)
                  for carrier in sorted(carriers)
                  for user_id in scan.officers_by_unit.get(carrier, ()) if user_id not in executing),
            ]

    def reason(self, dispatch) -> str:
        values = {"unit": unit_name(dispatch.context.get("unit"))}
        if dispatch.context.get("executing"):
            return _("You receive this because %(unit)s handed the report on some of these tasks to you. "
                     "The reminders stop as soon as the report is submitted.") % values
        return _("You receive this because you are a focal officer of %(unit)s, which reports on these tasks. "
                 "The reminders stop as soon as the report is submitted.") % values

    def owed_tasks(self, period, dispatch) -> list[str]:
        """What the reader's unit still owes for the period: its own and the ended units' it carries."""
        unit_ids = Unit.objects.succession_on().carried_by(dispatch.context.get("unit"))
        rows = owed_reports(period.pk, unit_ids).order_by("task__position", "task_id")
        return list(rows.values_list("task__title", flat=True).distinct())

    def still_due(self, period, dispatch, today, params):
        return period.due_date.isoformat() == dispatch.context.get("due") and bool(self.owed_tasks(period, dispatch))

    def message(self, period, dispatch, params):
        tasks = self.owed_tasks(period, dispatch)
        values = {"period": period.label, "date": show_date(period.due_date), "plan": period.plan}
        if period.due_date >= timezone.localdate():
            title = _("Progress report due %(date)s: %(period)s") % values
        else:
            title = _("Progress report overdue since %(date)s: %(period)s") % values
        lines = [
            _("Your unit has not submitted its progress report for %(period)s of %(plan)s, due %(date)s.") % values,
            ngettext("It is still owed for %(count)s task:", "It is still owed for %(count)s tasks:", len(tasks))
            % {"count": len(tasks)},
            *(f"• {name}" for name in tasks),
        ]
        return Message(
            title=title, lines=lines, url=reverse("reports:report_list"),
            reason=self.reason(dispatch),
        )


class ProgressReportRule(Rule):
    model = "reports.ProgressReport"
    related = ("assignment__task", "period", "unit")


class ReportReturned(ProgressReportRule):
    """A report returned for changes and not resubmitted after N working days: to the unit's officers."""

    code = ReminderRule.Code.REPORT_RETURNED

    def collect(self, scan, params):
        threshold = params.threshold or 0
        reports = ProgressReport.objects.filter(
            status=ProgressReport.Status.RETURNED, reviewed_at__date__lte=scan.day - threshold * ONE_DAY
        )
        for chunk in chunks(reports, ("assignment__unit", "reviewed_at"), scan.chunk_size):
            batch = []
            for row in chunk:
                returned_on = timezone.localdate(row["reviewed_at"])
                occurrence = scan.after_working_days(returned_on, threshold, params.repeat_days)
                if occurrence is None:
                    continue
                carrier, officers = scan.officers_for(row["assignment__unit"])
                units = scan.units_context(row["assignment__unit"], carrier)
                batch += [
                    self.dispatch(row["pk"], user_id, occurrence, **units, returned=returned_on.isoformat())
                    for user_id in officers
                ]
            yield batch

    def still_due(self, report, dispatch, today, params):
        return (report.status == report.Status.RETURNED
                and timezone.localdate(report.reviewed_at).isoformat() == dispatch.context.get("returned"))

    def reason(self, dispatch) -> str:
        values = {"unit": unit_name(dispatch.context.get("unit")), "ended": unit_name(dispatch.context.get("for_unit"))}
        if dispatch.context.get("for_unit"):
            return _("You receive this because you are a focal officer of %(unit)s, which carries the open work of "
                     "%(ended)s, the unit that wrote this report.") % values
        return _("You receive this because you are a focal officer of %(unit)s, which wrote this report.") % values

    def message(self, report, dispatch, params):
        values = {"task": report.assignment.task.title, "period": report.period.label,
                  "date": show_date(dispatch.context["returned"])}
        return Message(
            title=_("Returned report not yet resubmitted: %(task)s") % values,
            lines=[
                _("Your progress report for %(period)s was returned for changes on %(date)s and has not been "
                  "resubmitted.") % values,
                _("Reviewer's comment: %(comment)s") % {"comment": report.review_comment},
            ],
            url=report.get_absolute_url(),
            reason=self.reason(dispatch),
        )


class ReportReview(ProgressReportRule):
    """A submitted report waiting for review more than N working days: to central planners."""

    code = ReminderRule.Code.REPORT_REVIEW

    def collect(self, scan, params):
        threshold = params.threshold or 0
        if not scan.planners:
            return
        reports = ProgressReport.objects.filter(
            status=ProgressReport.Status.SUBMITTED, submitted_at__date__lt=scan.day - threshold * ONE_DAY
        )
        for chunk in chunks(reports, ("submitted_at",), scan.chunk_size):
            batch = []
            for row in chunk:
                submitted_on = timezone.localdate(row["submitted_at"])
                occurrence = scan.after_working_days(submitted_on, threshold + 1, params.repeat_days)
                if occurrence is None:
                    continue
                batch += [
                    self.dispatch(row["pk"], user_id, occurrence, submitted=submitted_on.isoformat())
                    for user_id in scan.planners
                ]
            yield batch

    def still_due(self, report, dispatch, today, params):
        return (report.status == report.Status.SUBMITTED
                and timezone.localdate(report.submitted_at).isoformat() == dispatch.context.get("submitted"))

    def message(self, report, dispatch, params):
        values = {"task": report.assignment.task.title, "unit": report.unit.name, "period": report.period.label,
                  "date": show_date(dispatch.context["submitted"])}
        return Message(
            title=_("Report waiting for review: %(task)s") % values,
            lines=[_("%(unit)s submitted its progress report for %(period)s on %(date)s; it has not been reviewed "
                     "yet.") % values],
            url=report.get_absolute_url(),
            reason=_("You receive this because you are a central planner who reviews progress reports."),
        )
