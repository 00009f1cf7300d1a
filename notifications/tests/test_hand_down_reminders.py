"""Reminders of a handed-down assignment: to its executing officer first, and to the focal officers as before."""

import datetime

import pytest

from accounts.models import User
from accounts.tests.factories import UserFactory
from notifications.models import ReminderDispatch, ReminderRule
from plans import services
from plans.models import Assignment, Task
from plans.tests.factories import PlanFactory, TaskFactory
from reports.tests.factories import ReportingPeriodFactory

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def handed(unit, officer):
    plan = PlanFactory(year=2026)
    task = TaskFactory(objective__plan=plan, lead=unit, deadline=datetime.date(2026, 12, 2),
                       status=Task.Status.IN_PROGRESS, progress=30)
    colleague = UserFactory(username="colleague", unit=unit, role=User.Role.UNIT_OFFICER)
    assignment = services.assignment_hand_down(
        assignment=task.assignments.get(role=Assignment.Role.LEAD), officer=colleague, by=officer,
    )
    return task, assignment, colleague


def test_task_due_today_goes_to_the_executing_officer_first(handed, officer, scan, mailoutbox):
    _task, _assignment, colleague = handed
    with at(datetime.date(2026, 12, 2)):
        scan()
    due_today = ReminderDispatch.objects.filter(rule=ReminderRule.Code.TASK_DUE_TODAY).order_by("pk")
    assert [d.recipient for d in due_today] == [colleague, officer]
    assert due_today[0].context["executing"] is True
    assert "đã giao cho bạn thực hiện" in due_today[0].notification.body
    assert mailoutbox[0].to == [colleague.email]


def test_report_due_goes_to_the_executing_officer_first(handed, officer, scan):
    task, _assignment, colleague = handed
    ReportingPeriodFactory(plan=task.plan, start=datetime.date(2026, 10, 1), end=datetime.date(2026, 11, 20),
                           due_date=datetime.date(2026, 11, 30))
    with at(datetime.date(2026, 11, 30)):
        scan()
    due = ReminderDispatch.objects.filter(rule=ReminderRule.Code.REPORT_DUE).order_by("pk")
    assert [d.recipient for d in due] == [colleague, officer]
    assert "đã giao cho bạn viết báo cáo" in due[0].notification.body


def test_taken_back_the_reminders_go_to_the_unit_officers_as_before(handed, officer, scan):
    _task, assignment, colleague = handed
    services.assignment_take_back(assignment=assignment, by=officer)
    with at(datetime.date(2026, 12, 2)):
        scan()
    due_today = ReminderDispatch.objects.filter(rule=ReminderRule.Code.TASK_DUE_TODAY).order_by("pk")
    assert [d.recipient for d in due_today] == [officer, colleague]  # the colleague is one of the unit's officers
    assert not any(d.context.get("executing") for d in due_today)
