"""Delivery: exactly once, claims, mail-server errors, preferences, language, content, health.

Failures of one e-mail against the others, with a real SMTP server: test_email_failures.py."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from accounts.models import User
from core.models import JobRun
from core.views import REMINDER_SCAN_JOB
from notifications import services
from notifications.models import Notification, NotificationPreference, ReminderDispatch, ReminderRule
from notifications.tasks import deliver_reminders
from plans.models import Task
from plans.tests.factories import PlanFactory, TaskFactory

from .backends import RefusingBackend
from .conftest import at
from .factories import ReminderDispatchFactory

pytestmark = pytest.mark.django_db

D = datetime.date
OVERDUE_DAY = D(2026, 11, 23)


@pytest.fixture
def task(unit, officer):
    """Overdue since Friday 20/11/2026, led by the officer's unit."""
    return TaskFactory(objective__plan=PlanFactory(year=2026), lead=unit, deadline=D(2026, 11, 19), title="Dịch Luật BHXH")


@pytest.fixture
def dispatch(task, officer):
    return ReminderDispatchFactory(target=task, recipient=officer, occurrence=D(2026, 11, 20))


def test_scan_twice_sends_each_reminder_once(task, officer, coordinating_officer, scan, mailoutbox):
    with at(OVERDUE_DAY):
        first = scan()
        second = scan()
    assert first.total == 1 and second.total == 0
    assert [m.to for m in mailoutbox] == [[officer.email]]
    assert Notification.objects.filter(recipient=officer).count() == 1
    sent = ReminderDispatch.objects.get()
    assert sent.outcome == ReminderDispatch.Outcome.IN_APP and sent.sent_at and sent.attempts == 1
    assert sent.email_status == ReminderDispatch.Email.SENT and sent.email_attempts == 1


def test_delivering_a_sent_reminder_again_sends_nothing(dispatch, mailoutbox):
    with at(OVERDUE_DAY):
        assert services.dispatch_deliver(dispatch_id=dispatch.pk) == ReminderDispatch.Outcome.IN_APP
        assert services.dispatch_deliver(dispatch_id=dispatch.pk) is None
        assert services.dispatch_email(dispatch_id=dispatch.pk) is None
        deliver_reminders.delay(dispatch_ids=[dispatch.pk])
    assert len(mailoutbox) == 1
    assert Notification.objects.count() == 1


def test_dispatch_claim_only_one_caller_wins(dispatch):
    assert services.dispatch_claim(dispatch_id=dispatch.pk)
    assert not services.dispatch_claim(dispatch_id=dispatch.pk)


def test_dispatch_claim_of_a_killed_worker_expires(dispatch, settings, mailoutbox):
    settings.REMINDER_CLAIM_TIMEOUT = datetime.timedelta(minutes=15)
    with at(OVERDUE_DAY, hour=9):
        assert services.dispatch_claim(dispatch_id=dispatch.pk)  # ...and the worker dies
    with time_machine.travel(timezone.make_aware(datetime.datetime(2026, 11, 23, 9, 10)), tick=False):
        assert services.dispatch_deliver(dispatch_id=dispatch.pk) is None  # still claimed
    with time_machine.travel(timezone.make_aware(datetime.datetime(2026, 11, 23, 9, 16)), tick=False):
        assert services.dispatch_deliver(dispatch_id=dispatch.pk) == ReminderDispatch.Outcome.IN_APP
    assert len(mailoutbox) == 1
    assert ReminderDispatch.objects.get().attempts == 2


def test_email_claim_only_one_caller_wins(dispatch):
    with at(OVERDUE_DAY):
        services.dispatch_notify(dispatch_id=dispatch.pk)
        assert services.email_claim(dispatch_id=dispatch.pk, now=timezone.now())
        assert not services.email_claim(dispatch_id=dispatch.pk, now=timezone.now())


def test_email_claim_of_a_killed_worker_expires(dispatch, settings, mailoutbox):
    settings.REMINDER_CLAIM_TIMEOUT = datetime.timedelta(minutes=15)
    with at(OVERDUE_DAY, hour=9):
        services.dispatch_notify(dispatch_id=dispatch.pk)
        assert services.email_claim(dispatch_id=dispatch.pk, now=timezone.now())  # ...and the worker dies
    with time_machine.travel(timezone.make_aware(datetime.datetime(2026, 11, 23, 9, 10)), tick=False):
        assert services.dispatch_email(dispatch_id=dispatch.pk) is None  # still claimed
        assert services.reminder_emails_requeue() == []
    with time_machine.travel(timezone.make_aware(datetime.datetime(2026, 11, 23, 9, 16)), tick=False):
        assert services.reminder_emails_requeue() == [dispatch.pk]
        assert services.dispatch_email(dispatch_id=dispatch.pk) == ReminderDispatch.Email.SENT
    assert len(mailoutbox) == 1
    assert ReminderDispatch.objects.get().email_attempts == 2


def test_scan_requeues_reminders_left_unsent(task, officer, scan, mailoutbox):
    with at(OVERDUE_DAY, hour=8):
        services.reminders_scan()  # recorded; its delivery never ran (its commit callbacks are dropped here)
    assert ReminderDispatch.objects.pending().count() == 1
    with at(OVERDUE_DAY, hour=9):
        result = scan()
    assert result.total == 0 and result.requeued == 1
    assert len(mailoutbox) == 1


def test_scan_does_not_requeue_a_fresh_claim(dispatch, scan, mailoutbox):
    with at(OVERDUE_DAY, hour=9):
        ReminderDispatch.objects.filter(pk=dispatch.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
        services.dispatch_claim(dispatch_id=dispatch.pk)
        assert scan().requeued == 0
    assert mailoutbox == []


def test_smtp_error_keeps_the_portal_notice_and_waits_for_a_retry(dispatch, settings, mailoutbox):
    settings.EMAIL_BACKEND = "notifications.tests.backends.RefusingBackend"
    settings.REMINDER_EMAIL_RETRY_BASE_SECONDS = 120
    with at(OVERDUE_DAY, hour=9):
        assert services.dispatch_deliver(dispatch_id=dispatch.pk) == ReminderDispatch.Outcome.IN_APP  # nothing raised
        failed_at = timezone.now()
    waiting = ReminderDispatch.objects.get()
    assert Notification.objects.filter(dispatch=waiting).count() == 1
    assert waiting.email_status == ReminderDispatch.Email.RETRY and waiting.email_attempts == 1
    assert waiting.email_sending_at is None
    assert failed_at + datetime.timedelta(seconds=60) <= waiting.email_due_at <= failed_at + datetime.timedelta(seconds=120)
    assert "Connection unexpectedly closed" in waiting.email_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with at(OVERDUE_DAY, hour=9):
        assert services.dispatch_email(dispatch_id=dispatch.pk) is None  # not due yet
    with at(OVERDUE_DAY, hour=10):
        assert services.reminder_emails_requeue() == [dispatch.pk]
        assert services.dispatch_email(dispatch_id=dispatch.pk) == ReminderDispatch.Email.SENT
    assert len(mailoutbox) == 1
    assert Notification.objects.count() == 1  # the portal notice is not repeated
    assert ReminderDispatch.objects.get().email_attempts == 2


def test_email_retries_back_off_with_jitter_and_then_fail(dispatch, settings, mailoutbox):
    settings.EMAIL_BACKEND = "notifications.tests.backends.RefusingBackend"
    settings.REMINDER_EMAIL_MAX_ATTEMPTS = 5
    settings.REMINDER_EMAIL_RETRY_BASE_SECONDS = 60
    settings.REMINDER_EMAIL_RETRY_MAX_SECONDS = 300
    RefusingBackend.attempts = 0
    now = timezone.make_aware(datetime.datetime(2026, 11, 23, 9, 0))
    with time_machine.travel(now, tick=False):
        services.dispatch_notify(dispatch_id=dispatch.pk)
    delays = []
    for _attempt in range(5):
        with time_machine.travel(now, tick=False):
            status = services.dispatch_email(dispatch_id=dispatch.pk)
        row = ReminderDispatch.objects.get()
        if status == ReminderDispatch.Email.RETRY:
            delays.append((row.email_due_at - now).total_seconds())
            now = row.email_due_at
            with time_machine.travel(now, tick=False):
                services.reminder_emails_requeue()
    assert status == ReminderDispatch.Email.FAILED and RefusingBackend.attempts == 5
    assert len(delays) == 4 and 30 <= delays[0] <= 60
    assert 60 <= delays[1] <= 120 and 120 <= delays[2] <= 240 and 150 <= delays[3] <= 300  # doubled, then capped
    assert len(set(delays)) == len(delays)
    assert row.email_error.startswith("Given up after 5 attempts:") and "Connection unexpectedly closed" in row.email_error
    assert mailoutbox == []


def test_unreachable_mail_server_is_tried_once_per_batch(task, unit, make_user, settings, mailoutbox):
    settings.EMAIL_BACKEND = "notifications.tests.backends.RefusingBackend"
    RefusingBackend.attempts = 0
    reminders = [ReminderDispatchFactory(target=task, recipient=make_user(User.Role.UNIT_OFFICER, unit)) for _ in range(3)]
    with at(OVERDUE_DAY):
        services.reminders_deliver(dispatch_ids=[reminder.pk for reminder in reminders])
    assert RefusingBackend.attempts == 1  # not three connections timing out one after another
    rows = ReminderDispatch.objects.order_by("pk")
    assert [row.email_status for row in rows] == [ReminderDispatch.Email.RETRY] * 3
    assert [row.email_attempts for row in rows] == [1, 0, 0]
    assert len({row.email_due_at for row in rows}) == 1
    assert rows[2].email_error.startswith("Not tried, the mail server is unreachable: ")
    assert Notification.objects.count() == 3
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with at(OVERDUE_DAY, hour=10):  # its queued delivery is not run here (no commit): deliver by hand
        assert sorted(services.reminder_emails_requeue()) == [reminder.pk for reminder in reminders]
        services.reminders_deliver(dispatch_ids=[reminder.pk for reminder in reminders])
    assert len(mailoutbox) == 3


def test_reminder_failing_too_often_is_given_up(dispatch, settings, mailoutbox):
    ReminderDispatch.objects.filter(pk=dispatch.pk).update(attempts=settings.REMINDER_MAX_ATTEMPTS)
    with at(OVERDUE_DAY):
        assert services.dispatch_deliver(dispatch_id=dispatch.pk) == ReminderDispatch.Outcome.FAILED
    assert mailoutbox == []


def test_reminder_no_longer_due_is_skipped(dispatch, task, mailoutbox):
    Task.objects.filter(pk=task.pk).update(status=Task.Status.DONE, progress=100, completed_on=timezone.localdate())
    with at(OVERDUE_DAY):
        assert services.dispatch_deliver(dispatch_id=dispatch.pk) == ReminderDispatch.Outcome.SKIPPED
    assert mailoutbox == [] and not Notification.objects.exists()


def test_reminder_to_inactive_user_is_skipped(dispatch, officer, mailoutbox):
    User.objects.filter(pk=officer.pk).update(is_active=False)
    with at(OVERDUE_DAY):
        assert services.dispatch_deliver(dispatch_id=dispatch.pk) == ReminderDispatch.Outcome.SKIPPED
    assert mailoutbox == []


def test_email_content_html_text_link_reason_sender_prefix(dispatch, task, officer, settings, mailoutbox):
    settings.PORTAL_BASE_URL = "https://doingoai.vss.gov.vn/"
    settings.DEFAULT_FROM_EMAIL = "Cổng đối ngoại <doingoai@vss.gov.vn>"
    settings.EMAIL_SUBJECT_PREFIX = "[BHXH] "
    with at(OVERDUE_DAY):
        services.dispatch_deliver(dispatch_id=dispatch.pk)
    (mail,) = mailoutbox
    link = f"https://doingoai.vss.gov.vn/tasks/{task.pk}/"
    assert mail.from_email == "Cổng đối ngoại <doingoai@vss.gov.vn>"
    assert mail.subject == "[BHXH] Quá hạn: Dịch Luật BHXH"
    assert mail.extra_headers["X-VSS-Reminder"] == str(dispatch.pk)
    assert link in mail.body and "(Đơn vị chủ trì)" in mail.body
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{link}"' in html and '<html lang="vi">' in html
    assert "Bạn nhận được thông báo này vì đơn vị của bạn" in html
    assert "https://doingoai.vss.gov.vn/notifications/preferences/" in html


def test_email_in_the_recipients_language(dispatch, officer, mailoutbox):
    NotificationPreference.objects.create(user=officer, language="en")
    with at(OVERDUE_DAY):
        services.dispatch_deliver(dispatch_id=dispatch.pk)
    assert mailoutbox[0].subject.endswith("Overdue: Dịch Luật BHXH")
    assert '<html lang="en">' in mailoutbox[0].alternatives[0][0]
    assert Notification.objects.get().title == "Overdue: Dịch Luật BHXH"


def test_email_switched_off_still_notifies_in_the_portal(dispatch, officer, mailoutbox):
    NotificationPreference.objects.create(user=officer, email_tasks=False)
    with at(OVERDUE_DAY):
        assert services.dispatch_deliver(dispatch_id=dispatch.pk) == ReminderDispatch.Outcome.IN_APP
    assert mailoutbox == []
    assert Notification.objects.get(recipient=officer).url == f"/tasks/{dispatch.object_id}/"
    assert ReminderDispatch.objects.get().email_status == ReminderDispatch.Email.NONE


def test_user_without_email_is_notified_in_the_portal(dispatch, officer, mailoutbox):
    User.objects.filter(pk=officer.pk).update(email="")
    with at(OVERDUE_DAY):
        assert services.dispatch_deliver(dispatch_id=dispatch.pk) == ReminderDispatch.Outcome.IN_APP
    assert mailoutbox == []


def test_escalation_is_emailed_whatever_the_preferences(task, planner, scan, mailoutbox):
    NotificationPreference.objects.create(
        user=planner, email_tasks=False, email_reports=False, email_reviews=False, email_conferences=False,
        email_coverage=False, digest=False,
    )
    with at(D(2026, 12, 7)):  # more than 10 working days after 19/11 (24/11 is a holiday)
        scan()
    (mail,) = [m for m in mailoutbox if m.to == [planner.email]]
    assert "Chuyển cấp" in mail.subject
    assert NotificationPreference.for_user(planner).wants_email("escalations")


def test_preference_update_cannot_make_a_user_unit_head(officer):
    with pytest.raises(services.ValidationError):
        services.preference_update(user=officer, is_unit_head=True)
    assert not NotificationPreference.for_user(officer).is_unit_head


def test_reminder_rule_escalation_cannot_be_disabled():
    rule = ReminderRule.default(ReminderRule.Code.TASK_ESCALATION)
    rule.enabled = False
    with pytest.raises(services.ValidationError):
        rule.full_clean()


def test_default_rules_match_the_data_migration():
    from importlib import import_module

    first = import_module("notifications.migrations.0002_default_rules").DEFAULTS
    deadlines = import_module("notifications.migrations.0004_deadline_rules").NEW_RULES
    discussions = import_module("notifications.migrations.0006_discussion_notices").DEFAULTS
    assert not first.keys() & deadlines.keys() and not (first | deadlines).keys() & discussions.keys()
    assert first | deadlines | discussions == {str(code): values for code, values in ReminderRule.DEFAULTS.items()}
    assert set(ReminderRule.objects.values_list("code", flat=True)) == set(ReminderRule.Code.values)


def test_scan_records_its_success_for_healthz(task, scan, client, settings):
    settings.REDIS_URL = ""
    settings.HEALTHZ_MAX_SCAN_AGE = datetime.timedelta(minutes=90)
    with at(D(2026, 11, 22), hour=9):  # a Sunday: nothing to send, but the scan ran
        scan()
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["last_reminder_scan"] == JobRun.objects.get(name=REMINDER_SCAN_JOB).last_success_at.isoformat()
    with at(D(2026, 11, 22), hour=11):  # no scan for two hours: the beat or the worker is down
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["reminder_scan"] == "stale"
