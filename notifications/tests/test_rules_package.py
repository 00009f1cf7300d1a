"""The rules package as the rest of the portal sees it, and the engine rules it now calls: live
tasks (Assignment.objects.live(), task.is_live), the late count, conference registration still open."""

import datetime

import pytest

from conferences.models import Conference
from conferences.tests.factories import ConferenceFactory, InvitationFactory
from notifications import services
from notifications.models import ReminderDispatch, ReminderRule
from notifications.rules import RULES, Candidate, Rule, Scan
from plans.models import Plan, Task
from plans.tests.factories import PlanFactory, TaskFactory
from reports.tests.factories import ReportingPeriodFactory

from .conftest import at

pytestmark = pytest.mark.django_db

D = datetime.date
R = ReminderRule.Code


def recorded(rule):
    return sorted(ReminderDispatch.objects.filter(rule=rule).values_list("recipient__username", "occurrence"))


def test_rules_package_has_one_rule_for_every_code():
    assert set(RULES) == set(ReminderRule.Code.values)
    for code, rule in RULES.items():
        assert isinstance(rule, Rule) and rule.code == code and rule.model_class._meta.label == rule.model


def test_rules_package_keeps_the_names_the_services_import():
    assert services.RULES is RULES and services.Candidate is Candidate and services.Scan is Scan


def test_task_reminder_skipped_when_the_plan_closes_between_scan_and_delivery(unit, officer, rules):
    task = TaskFactory(objective__plan=PlanFactory(year=2026), lead=unit, deadline=D(2026, 11, 10))
    with at(D(2026, 11, 20)):
        services.reminders_scan()  # recorded; the deliveries are not run here
    Plan.objects.filter(pk=task.plan_id).update(status=Plan.Status.CLOSED)
    reminder = ReminderDispatch.objects.get(rule=R.TASK_OVERDUE, recipient=officer)
    with at(D(2026, 11, 20)):
        assert services.dispatch_deliver(dispatch_id=reminder.pk) == ReminderDispatch.Outcome.SKIPPED


def test_leadership_digest_counts_only_live_late_tasks(unit, leader, scan, mailoutbox):
    plan = PlanFactory(year=2026)
    TaskFactory(objective__plan=plan, lead=unit, deadline=D(2026, 11, 10))
    TaskFactory(objective__plan=plan, lead=unit, deadline=D(2026, 11, 11), status=Task.Status.CANCELLED)
    TaskFactory(objective__plan=plan, lead=unit, deadline=D(2026, 11, 12), status=Task.Status.DONE, progress=100)
    TaskFactory(objective__plan=plan, lead=unit, deadline=D(2026, 11, 23))  # due on the scan day: not late yet
    closed = PlanFactory(year=2026)
    TaskFactory(objective__plan=closed, lead=unit, deadline=D(2026, 11, 9))
    Plan.objects.filter(pk=closed.pk).update(status=Plan.Status.CLOSED)
    with at(D(2026, 11, 23)):
        scan()
    (mail,) = [m for m in mailoutbox if m.to == [leader.email]]
    assert mail.subject.endswith("Tổng hợp tuần: 1 quá hạn, 1 sắp đến hạn")


def test_report_due_not_for_a_closed_plan(unit, officer, scan):
    plan = PlanFactory(year=2026)
    TaskFactory(objective__plan=plan, lead=unit, start_date=D(2026, 1, 1), deadline=D(2026, 12, 31))
    ReportingPeriodFactory(plan=plan, start=D(2026, 7, 1), end=D(2026, 9, 30), due_date=D(2026, 12, 2))
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.CLOSED)
    with at(D(2026, 11, 25)):
        scan()
    assert recorded(R.REPORT_DUE) == []


def test_conference_registration_reminder_skipped_once_the_conference_is_cancelled(unit, officer, rules):
    conference = ConferenceFactory(start_date=D(2026, 12, 10), end_date=D(2026, 12, 11), registration_deadline=D(2026, 12, 2))
    InvitationFactory(conference=conference, unit=unit)
    with at(D(2026, 11, 25)):
        services.reminders_scan()
    Conference.objects.filter(pk=conference.pk).update(status=Conference.Status.CANCELLED)
    reminder = ReminderDispatch.objects.get(rule=R.CONFERENCE_REGISTRATION, recipient=officer)
    with at(D(2026, 11, 25)):
        assert services.dispatch_deliver(dispatch_id=reminder.pk) == ReminderDispatch.Outcome.SKIPPED

