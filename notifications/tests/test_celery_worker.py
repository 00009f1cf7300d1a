"""A real Celery worker against the real Redis, the test database and a real SMTP server on loopback
(smtp_sink.py): the scan's mails arrive once, a refused mailbox fails alone and a busy one is retried
alone, and a worker killed in the middle of a batch loses and doubles nothing once it is restarted.

Needs REDIS_URL and a PostgreSQL DATABASE_URL (the worker, a separate process, shares the test
database); skipped without them, failed when VSS_REQUIRE_SERVICES=1 (CI).
"""

import datetime
import os
import signal
import subprocess
import sys
import time
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from accounts.models import User
from conftest import unavailable
from core.models import WorkingDayException
from notifications.models import Notification, ReminderDispatch
from plans.tests.factories import PlanFactory, TaskFactory

from .factories import WorkingDayExceptionFactory
from .smtp_sink import SmtpSink

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).parent / "celery"
SCAN_TASK = "notifications.tasks.scan_reminders"
RETRY_TASK = "notifications.tasks.retry_reminder_emails"
CLAIM_TIMEOUT_SECONDS = 3
Email = ReminderDispatch.Email


def database_url() -> str:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """`celery -A vss_portal worker --pool solo` on development settings, the test database and the SMTP sink."""

    def __init__(self, redis_url: str, smtp_port: int, log: Path):
        self.name = f"reminders-test-{uuid.uuid4().hex[:8]}@localhost"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "notifications.tests.worker_settings",
            "DATABASE_URL": database_url(),
            "REDIS_URL": redis_url,
            "VSS_TEST_SMTP_PORT": str(smtp_port),
            "REMINDER_CLAIM_TIMEOUT_SECONDS": str(CLAIM_TIMEOUT_SECONDS),
            "REMINDER_EMAIL_RETRY_BASE_SECONDS": "1",
            "REMINDER_EMAIL_RETRY_MAX_SECONDS": "2",
        }
        self.log = log
        self.process = None

    def start(self, app) -> None:
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [str(CELERY), "-A", "vss_portal", "worker", "--pool", "solo", "--loglevel", "INFO", "-n", self.name,
                 "--without-gossip", "--without-mingle", "--without-heartbeat"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the worker exited:\n{self.log.read_text()[-3000:]}"
            if app.control.ping(destination=[self.name], timeout=0.5):
                return
        raise AssertionError(f"the worker did not start:\n{self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def celery_app(settings):
    if not settings.REDIS_URL:
        unavailable("REDIS_URL is not set: the Celery worker tests need the real Redis")
    if connection.vendor != "postgresql":
        unavailable("the Celery worker shares the test database: set DATABASE_URL to PostgreSQL")
    import redis

    from vss_portal.celery import app

    # Start from an empty queue: no task left over by an earlier run may reach this database.
    redis.Redis.from_url(settings.REDIS_URL).delete("celery", "unacked", "unacked_index", "unacked_mutex")
    return app


@pytest.fixture
def sink():
    with SmtpSink() as running:
        yield running


@pytest.fixture
def workers(celery_app, settings, sink, tmp_path):
    started = []

    def start() -> Worker:
        worker = Worker(settings.REDIS_URL, sink.port, tmp_path / "worker.log")
        started.append(worker)
        worker.start(celery_app)
        return worker

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def overdue_task(reference_data, unit):
    """Overdue work of `unit`; today counts as a working day whatever the calendar says."""
    today = timezone.localdate()
    WorkingDayExceptionFactory(date=today, kind=WorkingDayException.Kind.WORKED_DAY, name="Làm việc (kiểm thử)")
    return TaskFactory(objective__plan=PlanFactory(year=today.year - 1), lead=unit, deadline=today - datetime.timedelta(days=40))


def wait_for(condition, timeout=60, message="") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out: {message}")


def emails_settled() -> bool:
    return not ReminderDispatch.objects.pending().exists() and not ReminderDispatch.objects.filter(
        email_status__in=ReminderDispatch.EMAIL_OPEN).exists()


def test_worker_mails_each_reminder_once_and_isolates_the_failing_mailboxes(celery_app, workers, overdue_task, make_user,
                                                                         unit, sink, tmp_path):
    officers = [make_user(User.Role.UNIT_OFFICER, unit, email=f"officer{n}@baohiem.test") for n in range(5)]
    refused, busy = officers[1], officers[2]
    sink.refused.add(refused.email)
    sink.temporary[busy.email] = 1
    log = tmp_path / "worker.log"
    workers()
    celery_app.send_task(SCAN_TASK)
    celery_app.send_task(SCAN_TASK)  # two beats at once
    wait_for(lambda: ReminderDispatch.objects.count() == 5 and not ReminderDispatch.objects.pending().exists()
             and not ReminderDispatch.objects.filter(email_status=Email.PENDING).exists(), message=log.read_text()[-3000:])
    assert sink.received_by() == {officer.email: 1 for officer in officers if officer not in (refused, busy)}
    assert ReminderDispatch.objects.get(recipient=busy).email_status in (Email.RETRY, Email.SENT)

    deadline = time.monotonic() + 30
    while not ReminderDispatch.objects.filter(recipient=busy, email_status=Email.SENT).exists():  # beat, every minute
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        celery_app.send_task(RETRY_TASK)
        time.sleep(0.5)
    wait_for(emails_settled, message=log.read_text()[-3000:])
    time.sleep(1)  # let anything that would be sent twice arrive
    assert sink.received_by() == {officer.email: 1 for officer in officers if officer != refused}
    assert set(sink.received_reminders().values()) == {1}
    failed = ReminderDispatch.objects.get(recipient=refused)
    assert failed.email_status == Email.FAILED and "550" in failed.email_error
    assert sink.recipient_attempts[refused.email] == 1  # never retried
    assert sink.recipient_attempts[busy.email] == 2 and ReminderDispatch.objects.get(recipient=busy).email_attempts == 2
    assert Notification.objects.filter(recipient__in=officers).count() == 5


def test_worker_killed_mid_batch_loses_and_doubles_nothing(celery_app, workers, overdue_task, make_user, unit, sink,
                                                          tmp_path):
    officers = [make_user(User.Role.UNIT_OFFICER, unit, email=f"officer{n}@baohiem.test") for n in range(6)]
    refused = officers[4]
    sink.refused.add(refused.email)
    sink.pause = 0.5
    log = tmp_path / "worker.log"
    worker = workers()
    celery_app.send_task(SCAN_TASK)
    wait_for(lambda: len(sink.messages) >= 2, message=log.read_text()[-3000:])
    time.sleep(0.15)  # now inside the pause before the next mail: nothing of it is received yet
    worker.kill()
    before = sink.received_reminders()
    assert 2 <= sum(before.values()) < 5, "the worker was killed in the middle of its batch"
    assert Notification.objects.count() == 6, "every reminder was in the portal before any e-mail went out"
    claimed_unsent = ReminderDispatch.objects.filter(email_status=Email.PENDING, email_sending_at__isnull=False).count()
    assert claimed_unsent == 1, "one e-mail was claimed by the killed worker"

    workers()
    time.sleep(CLAIM_TIMEOUT_SECONDS + 0.5)  # the dead worker's claim expires
    celery_app.send_task(SCAN_TASK)  # the next beat
    wait_for(emails_settled, message=log.read_text()[-3000:])
    time.sleep(1)
    assert sink.received_by() == {officer.email: 1 for officer in officers if officer != refused}
    assert set(sink.received_reminders().values()) == {1}, f"each reminder mailed once: {sink.received_reminders()}"
    assert ReminderDispatch.objects.get(recipient=refused).email_status == Email.FAILED
    assert sink.recipient_attempts[refused.email] == 1
    assert Notification.objects.count() == 6


def test_send_reminders_queues_for_the_workers_and_says_so(celery_app, workers, overdue_task, make_user, unit, sink,
                                                          tmp_path, monkeypatch):
    officers = [make_user(User.Role.UNIT_OFFICER, unit) for _ in range(3)]
    workers()
    monkeypatch.setattr(celery_app.conf, "task_always_eager", False)  # as with REDIS_URL outside the tests
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "3 new reminders recorded" in out.getvalue()
    assert "3 deliveries queued for the Celery workers." in out.getvalue()
    wait_for(emails_settled, message=(tmp_path / "worker.log").read_text()[-3000:])
    assert sink.received_by() == {officer.email: 1 for officer in officers}
