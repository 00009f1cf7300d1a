"""A real Celery worker against the real Redis and the test database: the scan's mails arrive once,
and a worker killed in the middle of a batch loses and doubles nothing once it is restarted.

Needs REDIS_URL and a PostgreSQL DATABASE_URL (the worker, a separate process, shares the test
database); skipped without them, failed when VSS_REQUIRE_SERVICES=1 (CI).
"""

import datetime
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import User
from conftest import unavailable
from core.models import WorkingDayException
from notifications.models import Notification, ReminderDispatch
from plans.tests.factories import PlanFactory, TaskFactory

from .factories import WorkingDayExceptionFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).parent / "celery"
SCAN_TASK = "notifications.tasks.scan_reminders"
CLAIM_TIMEOUT_SECONDS = 3


def database_url() -> str:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """`celery -A vss_portal worker --pool solo` on development settings and the test database."""

    def __init__(self, redis_url: str, mail_dir: Path, log: Path):
        self.name = f"reminders-test-{uuid.uuid4().hex[:8]}@localhost"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "notifications.tests.worker_settings",
            "DATABASE_URL": database_url(),
            "REDIS_URL": redis_url,
            "VSS_TEST_MAIL_DIR": str(mail_dir),
            "REMINDER_CLAIM_TIMEOUT_SECONDS": str(CLAIM_TIMEOUT_SECONDS),
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
def mail_dir(tmp_path):
    path = tmp_path / "mail"
    path.mkdir()
    return path


@pytest.fixture
def workers(celery_app, settings, mail_dir, tmp_path):
    started = []

    def start() -> Worker:
        worker = Worker(settings.REDIS_URL, mail_dir, tmp_path / "worker.log")
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


def mails_by_reminder(mail_dir: Path) -> Counter:
    return Counter(
        int(found) for path in mail_dir.iterdir() for found in re.findall(r"^X-VSS-Reminder: (\d+)$", path.read_text(), re.M)
    )


def wait_for(condition, timeout=60, message="") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out: {message}")


def test_worker_sends_the_scans_mails_once(celery_app, workers, overdue_task, make_user, unit, mail_dir, tmp_path):
    officers = [make_user(User.Role.UNIT_OFFICER, unit) for _ in range(3)]
    workers()
    celery_app.send_task(SCAN_TASK)
    celery_app.send_task(SCAN_TASK)  # two beats at once
    wait_for(lambda: ReminderDispatch.objects.count() == 3 and not ReminderDispatch.objects.pending().exists(),
             message=(tmp_path / "worker.log").read_text()[-3000:])
    time.sleep(1)  # let anything that would be sent twice arrive
    sent = mails_by_reminder(mail_dir)
    assert sorted(sent) == sorted(ReminderDispatch.objects.values_list("pk", flat=True))
    assert set(sent.values()) == {1}
    assert Notification.objects.filter(recipient__in=officers).count() == 3


def test_worker_killed_mid_batch_loses_and_doubles_nothing(celery_app, workers, overdue_task, make_user, unit, mail_dir,
                                                          tmp_path):
    for _ in range(6):
        make_user(User.Role.UNIT_OFFICER, unit)
    worker = workers()
    celery_app.send_task(SCAN_TASK)
    wait_for(lambda: sum(mails_by_reminder(mail_dir).values()) >= 2, message=(tmp_path / "worker.log").read_text()[-3000:])
    time.sleep(0.15)  # now inside the pause before the next mail: nothing is half-sent
    worker.kill()
    before = mails_by_reminder(mail_dir)
    assert 2 <= sum(before.values()) < 6, "the worker was killed in the middle of its batch"
    claimed_unsent = ReminderDispatch.objects.pending().filter(sending_at__isnull=False).count()
    assert claimed_unsent == 1, "one reminder was claimed by the killed worker"

    workers()
    time.sleep(CLAIM_TIMEOUT_SECONDS + 0.5)  # the dead worker's claim expires
    celery_app.send_task(SCAN_TASK)  # the next beat
    wait_for(lambda: not ReminderDispatch.objects.pending().exists(), message=(tmp_path / "worker.log").read_text()[-3000:])
    time.sleep(1)
    sent = mails_by_reminder(mail_dir)
    assert sorted(sent) == sorted(ReminderDispatch.objects.values_list("pk", flat=True))
    assert set(sent.values()) == {1}, f"each reminder mailed once: {sent}"
    assert Notification.objects.count() == 6
