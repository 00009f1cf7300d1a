import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from core.models import WorkingDayException
from notifications.models import Notification, ReminderDispatch, ReminderRule
from plans.tests.factories import PlanFactory, TaskFactory

from .conftest import at

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 11, 23)


def send_reminders(django_capture_on_commit_callbacks) -> str:
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_send_reminders_prints_counts_and_sends_nothing_new_the_second_time(reference_data, unit, officer, mailoutbox):
    """Committed for real, as on a server: each batch is delivered as soon as the scan commits it."""
    TaskFactory(objective__plan=PlanFactory(year=2026), lead=unit, deadline=datetime.date(2026, 11, 20))
    first, second = StringIO(), StringIO()
    with at(MONDAY, hour=9):
        call_command("send_reminders", stdout=first)
    with at(MONDAY, hour=10):
        call_command("send_reminders", stdout=second)
    first, second = first.getvalue(), second.getvalue()
    assert "Nhiệm vụ quá hạn: 1" in first and "1 new reminders recorded" in first
    assert "delivered now, Trên cổng thông tin: 1" in first
    assert "E-mails: 1 sent, 0 failed, 0 waiting for a retry." in first
    assert "queued for the Celery workers" not in first  # in-process: nothing was queued
    assert "0 new reminders recorded" in second and "delivered now" not in second and "E-mails:" not in second
    assert len(mailoutbox) == 1


def test_send_reminders_on_a_holiday_says_so(rules, django_capture_on_commit_callbacks):
    with at(datetime.date(2026, 11, 24)):
        output = send_reminders(django_capture_on_commit_callbacks)
    assert "24/11/2026 is not a working day" in output


def test_send_reminders_on_demo_data_sends_the_expected_reminders_once(client, django_capture_on_commit_callbacks, mailoutbox):
    with at(MONDAY, hour=8):
        call_command("load_demo", stdout=StringIO())
        call_command("load_demo", stdout=StringIO())  # idempotent, reminders' seed data included
    assert WorkingDayException.objects.filter(date=datetime.date(2026, 11, 24), kind="holiday").count() == 1
    assert ReminderRule.objects.count() == len(ReminderRule.Code.values)
    with at(MONDAY, hour=9):
        send_reminders(django_capture_on_commit_callbacks)
        sent = len(mailoutbox)
        rules_by_user = {
            username: set(ReminderDispatch.objects.filter(recipient__username=username).values_list("rule", flat=True))
            for username in ("haiphong", "hanoi", "central", "leader")
        }
        output = send_reminders(django_capture_on_commit_callbacks)
    assert sent > 0 and len(mailoutbox) == sent, "the second run sends nothing new"
    assert "0 new reminders recorded" in output
    assert ReminderDispatch.objects.pending().count() == 0
    assert ReminderRule.Code.TASK_DUE_SOON in rules_by_user["haiphong"]
    assert ReminderRule.Code.TASK_ESCALATION in rules_by_user["central"]
    assert ReminderRule.Code.LEADERSHIP_DIGEST in rules_by_user["leader"]
    assert rules_by_user["hanoi"], "the Hà Nội office has overdue work in the demo"

    haiphong = User.objects.get(username="haiphong")
    client.force_login(haiphong)
    page = client.get("/notifications/").content.decode()
    assert "Rà soát giấy chứng nhận sắp hết hạn tại BHXH thành phố Hải Phòng" in page
    assert Notification.objects.filter(recipient=haiphong).count() == ReminderDispatch.objects.filter(
        recipient=haiphong, outcome=ReminderDispatch.Outcome.IN_APP, email_status=ReminderDispatch.Email.SENT).count()
