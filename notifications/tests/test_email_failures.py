"""One failing mailbox holds up nobody else, with a real SMTP server on loopback (smtp_sink.py),
in the embedded mode (no broker: `send_reminders` delivers in-process). The Celery mode, with a
real worker, is in test_celery_worker.py.

Each reminder is delivered in the portal first, always; its e-mail is sent on its own: a 5xx or an
invalid address fails that e-mail with its reason, never retried; a 4xx or a refused connection
makes it wait for a retry, which a later scan sends once it is due.
"""

import datetime
import smtplib
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from core.models import JobRun
from core.views import REMINDER_SCAN_JOB
from notifications import services
from notifications.models import Notification, ReminderDispatch
from plans.tests.factories import PlanFactory, TaskFactory

from .conftest import HANOI
from .factories import ReminderDispatchFactory
from .smtp_sink import SmtpSink, free_port

Email = ReminderDispatch.Email
MONDAY = datetime.date(2026, 11, 23)


def at(hour: int, minute: int = 0):
    return time_machine.travel(datetime.datetime(2026, 11, 23, hour, minute, tzinfo=HANOI), tick=False)


@pytest.fixture
def sink(settings):
    with SmtpSink() as running:
        for name, value in running.django_settings().items():
            setattr(settings, name, value)
        yield running


@pytest.fixture
def officers(reference_data, unit, make_user):
    """Ten focal officers of a unit with a task overdue since 20/11/2026 (as Hải Phòng's ten reminders)."""
    TaskFactory(objective__plan=PlanFactory(year=2026), lead=unit, deadline=datetime.date(2026, 11, 20))
    return [make_user(User.Role.UNIT_OFFICER, unit, email=f"officer{n}@baohiem.test") for n in range(10)]


def send_reminders() -> str:
    out = StringIO()
    call_command("send_reminders", stdout=out)
    return out.getvalue()


def email_of(user) -> ReminderDispatch:
    return ReminderDispatch.objects.get(recipient=user)


@pytest.mark.django_db(transaction=True)
def test_refused_mailbox_fails_alone_and_everyone_else_gets_one_mail(officers, sink):
    refused = officers[3]
    sink.refused.add(refused.email)
    with at(9):
        first = send_reminders()
    with at(10):
        second = send_reminders()

    others = [officer.email for officer in officers if officer != refused]
    assert sink.received_by() == {address: 1 for address in others}
    assert set(sink.received_reminders().values()) == {1}
    assert Notification.objects.filter(recipient__in=officers).count() == 10  # the portal has all ten
    failed = email_of(refused)
    assert failed.email_status == Email.FAILED and failed.email_attempts == 1
    assert "550" in failed.email_error and refused.email in failed.email_error
    assert sink.recipient_attempts[refused.email] == 1  # a permanent refusal is never tried again
    assert ReminderDispatch.objects.filter(email_status=Email.SENT).count() == 9
    assert "E-mails: 9 sent, 1 failed, 0 waiting for a retry." in first
    assert f"failed: reminder {failed.pk} to {refused.username} <{refused.email}>: {refused.email}: 550 5.1.1" in first
    assert "queued for the Celery workers" not in first
    assert "E-mails:" not in second
    assert JobRun.objects.get(name=REMINDER_SCAN_JOB).last_success_at >= timezone.make_aware(datetime.datetime(2026, 11, 23, 3))


@pytest.mark.django_db(transaction=True)
def test_busy_mailbox_is_retried_alone_once_due(officers, sink, settings):
    settings.REMINDER_EMAIL_RETRY_BASE_SECONDS = 600
    busy = officers[0]
    sink.temporary[busy.email] = 1
    with at(9):
        first = send_reminders()
    waiting = email_of(busy)
    assert waiting.email_status == Email.RETRY and waiting.email_attempts == 1 and "451" in waiting.email_error
    due = timezone.localtime(waiting.email_due_at)
    assert datetime.datetime(2026, 11, 23, 9, 5, tzinfo=HANOI) <= due <= datetime.datetime(2026, 11, 23, 9, 10, tzinfo=HANOI)
    assert sink.received_by() == {officer.email: 1 for officer in officers[1:]}  # nobody else waited
    assert "E-mails: 9 sent, 0 failed, 1 waiting for a retry." in first
    assert f"waiting: reminder {waiting.pk} to {busy.username} <{busy.email}>, attempt 1, next at" in first

    with at(9, 4):
        send_reminders()  # not due yet
    assert sink.recipient_attempts[busy.email] == 1
    with at(9, 30):
        later = send_reminders()
    assert "1 e-mails due for a retry queued again" in later and "E-mails: 1 sent, 0 failed, 0 waiting" in later
    assert sink.received_by() == {officer.email: 1 for officer in officers}
    assert email_of(busy).email_status == Email.SENT and email_of(busy).email_attempts == 2
    assert Notification.objects.filter(recipient=busy).count() == 1


@pytest.mark.django_db(transaction=True)
def test_mail_server_down_never_aborts_the_scan(officers, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens: connection refused
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    with at(9):
        output = send_reminders()
    assert "E-mails: 0 sent, 0 failed, 10 waiting for a retry." in output and "Reminder scan done." in output
    assert Notification.objects.filter(recipient__in=officers).count() == 10
    assert JobRun.objects.filter(name=REMINDER_SCAN_JOB).exists()
    # one connection tried; the batch's other e-mails wait for the same retry instead of each timing out
    assert sorted(ReminderDispatch.objects.values_list("email_attempts", flat=True)) == [0] * 9 + [1]
    assert ReminderDispatch.objects.values("email_due_at").distinct().count() == 1
    assert all("ConnectionRefusedError" in error for error in ReminderDispatch.objects.values_list("email_error", flat=True))

    with SmtpSink(port=settings.EMAIL_PORT) as sink, at(11):  # the mail server is back
        send_reminders()
    assert sink.received_by() == {officer.email: 1 for officer in officers}
    assert not ReminderDispatch.objects.exclude(email_status=Email.SENT).exists()


@pytest.mark.django_db(transaction=True)
def test_invalid_address_fails_without_asking_the_server(officers, sink):
    User.objects.filter(pk=officers[0].pk).update(email="officer0@@baohiem")
    with at(9):
        send_reminders()
    failed = email_of(officers[0])
    assert failed.email_status == Email.FAILED and failed.email_error == "Invalid address: officer0@@baohiem"
    assert len(sink.messages) == 9 and "officer0@@baohiem" not in sink.recipient_attempts


@pytest.mark.django_db(transaction=True)
def test_one_broken_reminder_does_not_stop_the_batch(officers, sink, monkeypatch):
    broken = officers[5]
    real = services._notify

    def notify(dispatch):
        if dispatch.recipient_id == broken.pk:
            raise RuntimeError("a bug in one rule's message")
        return real(dispatch)

    monkeypatch.setattr(services, "_notify", notify)
    with at(9):
        output = send_reminders()
    assert "Reminder scan done." in output
    assert sink.received_by() == {officer.email: 1 for officer in officers if officer != broken}
    left = email_of(broken)
    assert left.sent_at is None and left.sending_at is not None  # claimed: the next scan after the timeout retries it


@pytest.mark.parametrize(("error", "permanent", "unreachable", "reason"), [
    (smtplib.SMTPRecipientsRefused({"a@x.vn": (550, b"5.1.1 no such user")}), True, False, "a@x.vn: 550 5.1.1 no such user"),
    (smtplib.SMTPRecipientsRefused({"a@x.vn": (452, b"4.2.2 mailbox full")}), False, False, "a@x.vn: 452 4.2.2 mailbox full"),
    (smtplib.SMTPDataError(554, b"5.7.1 rejected as spam"), True, False, "554 5.7.1 rejected as spam"),
    (smtplib.SMTPDataError(451, b"4.3.0 try later"), False, False, "451 4.3.0 try later"),
    (smtplib.SMTPSenderRefused(553, b"5.7.1 sender not allowed", "doingoai@vss.gov.vn"), True, False, "553 5.7.1 sender"),
    (smtplib.SMTPConnectError(421, b"4.3.2 too busy"), False, True, "421 4.3.2 too busy"),
    (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), False, True, "SMTPServerDisconnected"),
    (ConnectionRefusedError(111, "Connection refused"), False, True, "ConnectionRefusedError"),
    (TimeoutError("timed out"), False, True, "TimeoutError"),
])
def test_mail_error_permanent_only_for_5xx(error, permanent, unreachable, reason):
    found_permanent, found_reason = services.mail_error(error)
    assert found_permanent is permanent
    assert reason in found_reason
    assert services.server_unreachable(error) is unreachable


def test_retry_delay_doubles_with_jitter_up_to_the_cap(settings):
    settings.REMINDER_EMAIL_RETRY_BASE_SECONDS, settings.REMINDER_EMAIL_RETRY_MAX_SECONDS = 120, 4 * 3600
    for attempts, ceiling in [(1, 120), (2, 240), (3, 480), (8, 14400), (20, 14400)]:
        delays = {services.retry_delay(attempts).total_seconds() for _ in range(20)}
        assert all(ceiling / 2 <= delay <= ceiling for delay in delays)
        assert len(delays) > 1  # jitter: retries of many e-mails do not hit the server together


@pytest.fixture
def failing(db, unit, officer, make_user):
    """One e-mail failed for good, one waiting for a retry, one sent."""
    task = TaskFactory(objective__plan=PlanFactory(year=2026), lead=unit, deadline=datetime.date(2026, 11, 20))
    now = timezone.now()
    rows = {
        status: ReminderDispatchFactory(
            target=task, recipient=make_user(User.Role.UNIT_OFFICER, unit), sent_at=now, outcome=ReminderDispatch.Outcome.IN_APP,
            email_status=status, email_attempts=1, email_attempted_at=now, email_error=error,
            email_due_at=now + datetime.timedelta(minutes=5) if status == Email.RETRY else None,
        )
        for status, error in [(Email.FAILED, "officer@x.vn: 550 5.1.1 no such user"), (Email.RETRY, "451 4.2.0 busy"),
                              (Email.SENT, "")]
    }
    return rows


def test_healthz_counts_failed_and_waiting_emails(client, failing, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200  # a refused mailbox is not the portal being down
    assert response.json()["reminder_emails"] == {"failed": 1, "waiting": 1, "queued": 0}


def test_admin_lists_email_problems_with_their_reasons(client, administrator, failing):
    client.force_login(administrator)
    page = client.get("/admin/notifications/reminderdispatch/", {"email_problem": "any"}).content.decode()
    assert "550 5.1.1 no such user" in page and "451 4.2.0 busy" in page
    assert page.count('name="_selected_action"') == 2  # the sent one is not listed
    assert "retry_emails" in page


def test_admin_retry_action_sends_the_email_again(client, administrator, failing, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(administrator)
    failed = failing[Email.FAILED]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/notifications/reminderdispatch/", {
            "action": "retry_emails", "_selected_action": [failed.pk, failing[Email.SENT].pk],
        }, follow=True)
    assert "1 thư sẽ được gửi lại." in response.content.decode()
    failed.refresh_from_db()
    assert failed.email_status == Email.SENT and failed.email_attempts == 1  # a fresh count, one attempt
    assert [m.to for m in mailoutbox] == [[failed.recipient.email]]
    assert ReminderDispatch.objects.get(pk=failing[Email.SENT].pk).email_status == Email.SENT  # untouched


def test_reminder_emails_retry_needs_the_permission(planner, failing):
    with pytest.raises(PermissionDenied):
        services.reminder_emails_retry(dispatch_ids=[failing[Email.FAILED].pk], by=planner)
    assert ReminderDispatch.objects.get(pk=failing[Email.FAILED].pk).email_status == Email.FAILED


def test_officer_cannot_open_the_reminders_admin(client, officer, failing):
    client.force_login(officer)
    response = client.get("/admin/notifications/reminderdispatch/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
