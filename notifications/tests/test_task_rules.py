"""Task deadline rules with the clock frozen, across weekends, Tết, 30/4 and Culture Day (24/11)."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from core.models import WorkingDayException
from notifications.models import NotificationPreference, ReminderDispatch, ReminderRule
from plans.models import Assignment, Plan, Task
from plans.tests.factories import PlanFactory, TaskFactory

from .conftest import at
from .factories import WorkingDayExceptionFactory

pytestmark = pytest.mark.django_db

D = datetime.date
R = ReminderRule.Code


@pytest.fixture
def plan():
    return PlanFactory(year=2026)


@pytest.fixture
def task(plan, unit, other_unit, officer, coordinating_officer):
    """Due Wednesday 02/12/2026: 7 working days before is Friday 20/11 (weekend and 24/11 skipped)."""
    return TaskFactory(objective__plan=plan, lead=unit, coordinating=[other_unit], deadline=D(2026, 12, 2),
                       status=Task.Status.IN_PROGRESS, progress=30)


def recorded(rule=None, **filters):
    rows = ReminderDispatch.objects.filter(**filters)
    if rule:
        rows = rows.filter(rule=rule)
    return sorted(rows.values_list("rule", "recipient__username", "occurrence"))


def test_task_reminders_follow_working_days_from_7_days_before_to_weekly_overdue(task, planner, scan, mailoutbox):
    sent_on = {}
    day = D(2026, 11, 18)
    while day <= D(2026, 12, 18):
        with at(day):
            before = len(mailoutbox)
            scan()
            scan()  # a second run, or a second beat, adds nothing
            sent_on[day] = len(mailoutbox) - before
        day += datetime.timedelta(days=1)
    days_with_mail = {day: count for day, count in sent_on.items() if count}
    assert days_with_mail == {
        D(2026, 11, 20): 2,  # 7 working days before, to the lead and the coordinating officer
        D(2026, 11, 27): 2,  # 3 working days before
        D(2026, 12, 1): 2,  # 1 working day before
        D(2026, 12, 2): 2,  # due today
        D(2026, 12, 3): 2,  # overdue
        D(2026, 12, 10): 2,  # still open a week later
        D(2026, 12, 17): 2 + 1,  # weekly again, and escalated to the central planner after 10 working days
    }


def test_task_due_soon_sent_7_3_and_1_working_days_before(task, scan, officer):
    for day in (D(2026, 11, 20), D(2026, 11, 27), D(2026, 12, 1)):
        with at(day):
            scan()
    assert recorded(R.TASK_DUE_SOON, recipient=officer) == [
        (R.TASK_DUE_SOON, "officer", D(2026, 11, 20)),
        (R.TASK_DUE_SOON, "officer", D(2026, 11, 27)),
        (R.TASK_DUE_SOON, "officer", D(2026, 12, 1)),
    ]
    assert ReminderDispatch.objects.get(recipient=officer, occurrence=D(2026, 11, 20)).context["days"] == 7


def test_task_due_soon_goes_to_lead_and_coordinating_officers_only(task, scan, planner, make_user, unit):
    make_user(User.Role.UNIT_OFFICER, unit, username="left", is_active=False)
    make_user(User.Role.LEADERSHIP, unit, username="boss")
    with at(D(2026, 11, 20)):
        scan()
    assert [username for _r, username, _d in recorded(R.TASK_DUE_SOON)] == ["coordinator", "officer"]


def test_task_due_soon_catches_up_a_missed_scan_once(task, scan, officer):
    with at(D(2026, 11, 25)):  # nothing ran on Friday 20/11 or Monday 23/11
        scan()
    with at(D(2026, 11, 26)):
        scan()
    assert recorded(R.TASK_DUE_SOON, recipient=officer) == [(R.TASK_DUE_SOON, "officer", D(2026, 11, 20))]


@pytest.mark.parametrize("day", [D(2026, 11, 21), D(2026, 11, 22), D(2026, 11, 24)])
def test_scan_sends_nothing_on_weekends_and_holidays(task, scan, mailoutbox, day):
    with at(day):
        result = scan()
    assert not result.working_day
    assert result.total == 0 and mailoutbox == []


def test_scan_on_administrator_holiday_sends_nothing(task, scan, mailoutbox):
    WorkingDayExceptionFactory(date=D(2026, 11, 20), name="Nghỉ đột xuất")
    with at(D(2026, 11, 20)):
        assert scan().total == 0
    with at(D(2026, 11, 23)):  # caught up on the next working day
        scan()
    assert len(mailoutbox) == 2


def test_scan_on_swapped_working_saturday_sends(task, scan, mailoutbox):
    WorkingDayExceptionFactory(date=D(2026, 11, 21), kind=WorkingDayException.Kind.WORKED_DAY, name="Làm bù")
    with at(D(2026, 11, 21)):
        assert scan().working_day
    assert len(mailoutbox) == 2


def test_rule_set_to_run_on_non_working_days_sends_on_sunday(task, scan, mailoutbox):
    ReminderRule.objects.filter(code=R.TASK_DUE_SOON).update(on_non_working_days=True)
    with at(D(2026, 11, 22)):
        result = scan()
    assert result.recorded == {R.TASK_DUE_SOON: 2}


def test_task_reminders_skip_tet(plan, unit, officer, scan):
    TaskFactory(objective__plan=plan, lead=unit, deadline=D(2026, 2, 23))  # Monday after Tết Bính Ngọ
    calendar_days = [D(2026, 2, 2) + datetime.timedelta(days=n) for n in range(23)]
    for day in calendar_days:
        with at(day):
            scan()
    assert recorded() == [
        (R.TASK_DUE_SOON, "officer", D(2026, 2, 5)),  # 7 working days before: Thu 05/02
        (R.TASK_DUE_SOON, "officer", D(2026, 2, 11)),  # 3 working days before: Wed 11/02
        (R.TASK_DUE_SOON, "officer", D(2026, 2, 13)),  # 1 working day before: Fri 13/02, before the Tết week
        (R.TASK_DUE_TODAY, "officer", D(2026, 2, 23)),
        (R.TASK_OVERDUE, "officer", D(2026, 2, 24)),
    ]


def test_task_due_on_a_holiday_is_due_the_next_working_day(plan, unit, officer, scan):
    """Civil Code 2015, Art. 148(5): due Thursday 30/4 (a holiday, then 1/5 and the weekend), so due at
    the end of Monday 4/5: "due today" goes out that Monday, "overdue" from Tuesday 5/5."""
    TaskFactory(objective__plan=plan, lead=unit, deadline=D(2026, 4, 30))
    for day in (D(2026, 4, 29), D(2026, 4, 30), D(2026, 5, 1), D(2026, 5, 4), D(2026, 5, 5)):
        with at(day):
            scan()
    assert recorded() == [
        (R.TASK_DUE_SOON, "officer", D(2026, 4, 29)),  # one working day before Monday 4/5
        (R.TASK_DUE_TODAY, "officer", D(2026, 5, 4)),
        (R.TASK_OVERDUE, "officer", D(2026, 5, 5)),
    ]


def test_task_overdue_repeats_weekly_while_open(task, scan, officer):
    for day in (D(2026, 12, 3), D(2026, 12, 9), D(2026, 12, 10), D(2026, 12, 17)):
        with at(day):
            scan()
    assert recorded(R.TASK_OVERDUE, recipient=officer) == [
        (R.TASK_OVERDUE, "officer", D(2026, 12, 3)),
        (R.TASK_OVERDUE, "officer", D(2026, 12, 10)),
        (R.TASK_OVERDUE, "officer", D(2026, 12, 17)),
    ]


def test_task_overdue_stops_once_done(task, scan, officer):
    with at(D(2026, 12, 3)):
        scan()
    Task.objects.filter(pk=task.pk).update(status=Task.Status.DONE, progress=100, completed_on=timezone.localdate())
    with at(D(2026, 12, 10)):
        assert scan().total == 0


@pytest.mark.parametrize("change", [
    {"status": Task.Status.DONE, "progress": 100, "completed_on": D(2026, 11, 2)},
    {"status": Task.Status.CANCELLED},
])
def test_closed_tasks_get_no_reminders(task, scan, change):
    Task.objects.filter(pk=task.pk).update(**change)
    with at(D(2026, 11, 20)):
        assert scan().total == 0


@pytest.mark.parametrize("status", [Plan.Status.DRAFT, Plan.Status.CLOSED])
def test_tasks_of_unissued_plans_get_no_reminders(task, plan, scan, status):
    Plan.objects.filter(pk=plan.pk).update(status=status)
    with at(D(2026, 12, 3)):
        assert scan().total == 0


def test_removed_assignment_gets_no_reminders(task, scan, other_unit):
    Assignment.objects.filter(task=task, unit=other_unit).update(removed_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC))
    with at(D(2026, 11, 20)):
        scan()
    assert [username for _r, username, _d in recorded()] == ["officer"]


def test_disabled_rule_sends_nothing(task, scan):
    ReminderRule.objects.filter(code=R.TASK_DUE_SOON).update(enabled=False)
    with at(D(2026, 11, 20)):
        assert scan().total == 0


def test_administrator_offsets_are_used(task, scan, officer):
    ReminderRule.objects.filter(code=R.TASK_DUE_SOON).update(offsets="2")
    for day in (D(2026, 11, 20), D(2026, 11, 27), D(2026, 11, 30)):
        with at(day):
            scan()
    assert recorded(R.TASK_DUE_SOON, recipient=officer) == [(R.TASK_DUE_SOON, "officer", D(2026, 11, 30))]


def test_escalation_after_more_than_n_working_days_to_unit_head_and_planners(task, scan, make_user, unit, planner):
    head = make_user(User.Role.UNIT_OFFICER, unit, username="head")
    NotificationPreference.objects.create(user=head, is_unit_head=True)
    with at(D(2026, 12, 16)):  # 10 working days late: not yet "more than 10"
        scan()
    assert recorded(R.TASK_ESCALATION) == []
    with at(D(2026, 12, 17)):
        scan()
    with at(D(2026, 12, 24)):
        scan()
    assert recorded(R.TASK_ESCALATION) == [
        (R.TASK_ESCALATION, "head", D(2026, 12, 17)),
        (R.TASK_ESCALATION, "planner", D(2026, 12, 17)),
    ]
    planner_reminder = ReminderDispatch.objects.get(rule=R.TASK_ESCALATION, recipient=planner)
    assert planner_reminder.context["audience"] == "planner" and planner_reminder.context["late"] == 11


def test_escalation_only_for_the_lead_unit_head(task, scan, make_user, other_unit):
    coordinating_head = make_user(User.Role.UNIT_OFFICER, other_unit, username="other-head")
    NotificationPreference.objects.create(user=coordinating_head, is_unit_head=True)
    with at(D(2026, 12, 17)):
        scan()
    assert recorded(R.TASK_ESCALATION) == []
