"""Deadline tracking's notifications: extension and explanation events (in the portal and by e-mail,
respecting preferences) and the reminder and escalation of an unanswered explanation, once per step."""

import datetime

import pytest

from accounts.models import User
from notifications.models import Notification, NotificationPreference, ReminderDispatch, ReminderRule
from plans import explanations, extensions
from plans.tests.factories import PlanFactory, TaskFactory

from .conftest import at

pytestmark = pytest.mark.django_db
D = datetime.date
R = ReminderRule.Code


@pytest.fixture
def task(unit, other_unit):
    return TaskFactory(objective__plan=PlanFactory(year=2026), lead=unit, coordinating=[other_unit], deadline=D(2026, 11, 20))


def notified(rule):
    return sorted(Notification.objects.filter(rule=rule).values_list("recipient__username", flat=True))


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def test_an_extension_request_tells_the_planners_and_the_decision_tells_the_unit(
    task, officer, planner, make_user, rules, commit, mailoutbox
):
    other_planner = make_user(User.Role.CENTRAL_PLANNER, username="planner2")
    NotificationPreference.objects.create(user=other_planner, email_tasks=False)
    with at(D(2026, 11, 25)):
        request = commit(extensions.extension_request_create, task=task, proposed_deadline=D(2026, 12, 15),
                         reason="Đối tác lùi lịch", by=officer)
    assert notified(R.EXTENSION_REQUESTED) == ["planner", "planner2"]
    assert [m.to for m in mailoutbox] == [[planner.email]]  # planner2 switched task e-mails off
    assert "15/12/2026" in mailoutbox[0].body
    with at(D(2026, 11, 26)):
        commit(extensions.extension_request_approve, request=request, expected_version=0, by=planner)
    assert notified(R.EXTENSION_DECIDED) == ["officer", "planner2"]  # not the planner who decided
    assert ReminderDispatch.objects.filter(rule=R.EXTENSION_DECIDED, occurrence=D(2026, 11, 26)).count() == 2


def test_a_switched_off_event_rule_sends_nothing(task, officer, rules, commit):
    ReminderRule.objects.filter(code=R.EXTENSION_REQUESTED).update(enabled=False)
    with at(D(2026, 11, 25)):
        commit(extensions.extension_request_create, task=task, proposed_deadline=D(2026, 12, 15), reason="x", by=officer)
    assert not ReminderDispatch.objects.exists()


def test_an_explanation_request_tells_the_asked_units_and_the_answer_the_requester(
    task, officer, coordinating_officer, leader, planner, other_unit, rules, commit
):
    with at(D(2026, 11, 25)):
        request = commit(explanations.explanation_request_create, task=task, question="Vì sao chậm?",
                         reply_by=D(2026, 11, 27), coordinating_units=[other_unit], by=leader)
    assert notified(R.EXPLANATION_REQUESTED) == ["coordinator", "officer"]
    reply = request.replies.get(unit=officer.unit)
    with at(D(2026, 11, 26)):
        commit(explanations.explanation_answer, reply=reply, expected_version=0, answer="Do đối tác.", by=officer)
    assert notified(R.EXPLANATION_ANSWERED) == ["leader", "planner"]


def test_an_unanswered_explanation_is_reminded_then_escalated_once_per_step(
    task, officer, coordinating_officer, leader, planner, other_unit, scan, make_user
):
    head = make_user(User.Role.UNIT_OFFICER, officer.unit, username="head")
    NotificationPreference.objects.create(user=head, is_unit_head=True)
    with at(D(2026, 11, 25)):
        request = explanations.explanation_request_create(
            task=task, question="?", reply_by=D(2026, 11, 27), coordinating_units=[other_unit], by=leader)
    explanations.explanation_answer(reply=request.replies.get(unit=other_unit), expected_version=0, answer="Đã xong.",
                                    by=coordinating_officer)
    for day in (D(2026, 11, 27), D(2026, 11, 30), D(2026, 12, 1), D(2026, 12, 4), D(2026, 12, 7), D(2026, 12, 8)):
        with at(day):
            scan()
    overdue = ReminderDispatch.objects.filter(rule=R.EXPLANATION_OVERDUE)
    assert sorted(overdue.values_list("recipient__username", "occurrence")) == [
        ("head", D(2026, 11, 30)), ("officer", D(2026, 11, 30))]
    escalation = ReminderDispatch.objects.filter(rule=R.EXPLANATION_ESCALATION)
    # Five working days late: from the sixth working day after Friday 27/11, Monday 07/12.
    assert sorted(escalation.values_list("recipient__username", "occurrence")) == [
        ("head", D(2026, 12, 7)), ("leader", D(2026, 12, 7)), ("planner", D(2026, 12, 7))]


def test_an_answer_stops_the_pending_reminder(task, officer, leader, rules):
    from notifications import services

    with at(D(2026, 11, 25)):
        request = explanations.explanation_request_create(task=task, question="?", reply_by=D(2026, 11, 27), by=leader)
    with at(D(2026, 11, 30)):
        services.reminders_scan()
    reply = request.replies.get()
    explanations.explanation_answer(reply=reply, expected_version=0, answer="Đã giải trình.", by=officer)
    pending = ReminderDispatch.objects.get(rule=R.EXPLANATION_OVERDUE, recipient=officer)
    with at(D(2026, 11, 30)):
        assert services.dispatch_deliver(dispatch_id=pending.pk) == ReminderDispatch.Outcome.SKIPPED


def test_task_reminders_follow_an_approved_extension(task, officer, planner, scan):
    with at(D(2026, 11, 23)):
        scan()
    assert ReminderDispatch.objects.filter(rule=R.TASK_OVERDUE, recipient=officer).count() == 1
    with at(D(2026, 11, 24)):
        request = extensions.extension_request_create(task=task, proposed_deadline=D(2026, 12, 2), reason="x", by=officer)
        extensions.extension_request_approve(request=request, expected_version=0, by=planner)
    for day in (D(2026, 11, 30), D(2026, 12, 1), D(2026, 12, 2), D(2026, 12, 3)):
        with at(day):
            scan()
    mine = ReminderDispatch.objects.filter(recipient=officer, rule__startswith="task_")
    assert sorted(mine.values_list("rule", "occurrence")) == [
        (R.TASK_DUE_SOON, D(2026, 11, 27)),  # 3 working days before 02/12, caught up on Monday 30/11
        (R.TASK_DUE_SOON, D(2026, 12, 1)),
        (R.TASK_DUE_TODAY, D(2026, 12, 2)),
        (R.TASK_OVERDUE, D(2026, 11, 23)),
        (R.TASK_OVERDUE, D(2026, 12, 3)),
    ]
