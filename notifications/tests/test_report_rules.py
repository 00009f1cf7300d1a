"""Progress report rules: due for a period (stops once submitted), returned and not resubmitted,
waiting for review."""

import datetime

import pytest
from django.utils import timezone

from notifications import services
from notifications.models import Notification, ReminderDispatch, ReminderRule
from plans.models import Assignment
from plans.tests.factories import PlanFactory, TaskFactory
from reports.models import ProgressReport
from reports.tests.factories import ProgressReportFactory, ReportingPeriodFactory, submitted_report

from .conftest import HANOI, at

pytestmark = pytest.mark.django_db

D = datetime.date
R = ReminderRule.Code


def moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=HANOI)


@pytest.fixture
def plan():
    return PlanFactory(year=2026)


@pytest.fixture
def task(plan, unit, other_unit, officer, coordinating_officer):
    return TaskFactory(objective__plan=plan, lead=unit, coordinating=[other_unit], title="Dịch Luật BHXH năm 2024")


@pytest.fixture
def period(plan):
    """The third quarter, its report due Wednesday 02/12/2026 (5 working days before: 25/11)."""
    return ReportingPeriodFactory(plan=plan, label="Quý III/2026", start=D(2026, 7, 1), end=D(2026, 9, 30),
                                  due_date=D(2026, 12, 2))


def recorded(rule):
    return sorted(ReminderDispatch.objects.filter(rule=rule).values_list("recipient__username", "occurrence"))


def test_report_due_before_on_and_after_the_due_date_until_submitted(task, period, scan, mailoutbox):
    with at(D(2026, 11, 24)):  # Culture Day: nothing
        scan()
    with at(D(2026, 11, 25)):
        scan()
    coordinating = task.assignments.get(role=Assignment.Role.COORDINATING)
    submitted_report(coordinating, period, at=moment(D(2026, 11, 26)))
    for day in (D(2026, 11, 26), D(2026, 12, 1), D(2026, 12, 2), D(2026, 12, 3)):
        with at(day):
            scan()
    lead = task.assignments.get(role=Assignment.Role.LEAD)
    submitted_report(lead, period, at=moment(D(2026, 12, 4)))
    with at(D(2026, 12, 10)):
        scan()
    assert recorded(R.REPORT_DUE) == [
        ("coordinator", D(2026, 11, 25)),
        ("officer", D(2026, 11, 25)),
        ("officer", D(2026, 12, 1)),
        ("officer", D(2026, 12, 2)),
        ("officer", D(2026, 12, 3)),  # overdue; weekly after that, but the report came on 04/12
    ]
    assert ReminderDispatch.objects.filter(rule=R.REPORT_DUE, object_id=period.pk).count() == 5
    mail = next(m for m in mailoutbox if m.to == ["officer@example.vn"] and "quá hạn" in m.subject)
    assert "Dịch Luật BHXH năm 2024" in mail.body and "Quý III/2026" in mail.subject


def test_report_due_draft_still_counts_as_not_submitted(task, period, scan):
    ProgressReportFactory(assignment=task.assignments.get(role=Assignment.Role.LEAD), period=period)
    with at(D(2026, 11, 25)):
        scan()
    assert ("officer", D(2026, 11, 25)) in recorded(R.REPORT_DUE)


def test_report_due_stops_when_submitted_between_scan_and_delivery(task, period, rules, mailoutbox):
    with at(D(2026, 11, 25)):
        services.reminders_scan()  # recorded; the deliveries are not run here
    submitted_report(task.assignments.get(role=Assignment.Role.LEAD), period)
    reminder = ReminderDispatch.objects.get(rule=R.REPORT_DUE, recipient__username="officer")
    with at(D(2026, 11, 25)):
        assert services.dispatch_deliver(dispatch_id=reminder.pk) == ReminderDispatch.Outcome.SKIPPED
    assert mailoutbox == []


def test_report_due_not_for_periods_the_task_does_not_cover(plan, unit, officer, scan):
    TaskFactory(objective__plan=plan, lead=unit, start_date=D(2026, 10, 1), deadline=D(2026, 12, 31))
    ReportingPeriodFactory(plan=plan, start=D(2026, 7, 1), end=D(2026, 9, 30), due_date=D(2026, 12, 2))
    with at(D(2026, 11, 25)):
        scan()
    assert recorded(R.REPORT_DUE) == []


@pytest.fixture
def returned(task, period):
    """Returned on Friday 20/11/2026: 3 working days later is Thursday 26/11 (24/11 is a holiday)."""
    submitted = moment(D(2026, 11, 17))
    return ProgressReportFactory(
        assignment=task.assignments.get(role=Assignment.Role.LEAD), period=period,
        status=ProgressReport.Status.RETURNED, first_submitted_at=submitted, submitted_at=submitted,
        reviewed_at=moment(D(2026, 11, 20)), review_comment="Bổ sung số liệu chi tiêu.",
    )


def test_report_returned_reminded_after_n_working_days_then_weekly(returned, scan, mailoutbox):
    for day in (D(2026, 11, 25), D(2026, 11, 26), D(2026, 11, 27), D(2026, 12, 3)):
        with at(day):
            scan()
    assert recorded(R.REPORT_RETURNED) == [("officer", D(2026, 11, 26)), ("officer", D(2026, 12, 3))]
    mail = next(m for m in mailoutbox if "bị trả lại" in m.subject)
    assert "Bổ sung số liệu chi tiêu." in mail.body
    assert f"/reports/{returned.pk}/" in mail.body


def test_report_returned_stops_once_resubmitted(returned, scan):
    ProgressReport.objects.filter(pk=returned.pk).update(status=ProgressReport.Status.SUBMITTED, submitted_at=timezone.now())
    with at(D(2026, 11, 26)):
        scan()
    assert recorded(R.REPORT_RETURNED) == []


@pytest.fixture
def waiting(task, period):
    """Submitted Monday 16/11/2026: more than 5 working days is Wednesday 25/11."""
    return submitted_report(task.assignments.get(role=Assignment.Role.LEAD), period, at=moment(D(2026, 11, 16)))


def test_report_review_reminds_planners_after_more_than_n_working_days(waiting, planner, scan, mailoutbox):
    with at(D(2026, 11, 23)):
        scan()
    assert recorded(R.REPORT_REVIEW) == []
    with at(D(2026, 11, 25)):
        scan()
    assert recorded(R.REPORT_REVIEW) == [("planner", D(2026, 11, 25))]
    (mail,) = [m for m in mailoutbox if m.to == [planner.email]]
    assert "chờ xem xét" in mail.subject


def test_report_review_stops_once_reviewed(waiting, planner, scan):
    ProgressReport.objects.filter(pk=waiting.pk).update(
        status=ProgressReport.Status.APPROVED, reviewed_at=moment(D(2026, 11, 24)))
    with at(D(2026, 11, 25)):
        scan()
    assert recorded(R.REPORT_REVIEW) == []
    assert not Notification.objects.filter(recipient=planner).exists()
