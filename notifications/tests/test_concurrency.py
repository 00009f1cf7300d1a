"""Two deliveries of one reminder at the same moment, and two scans (two beats) at once, on
PostgreSQL with real transactions and threads: each reminder is sent once."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import User
from conftest import unavailable
from core.models import WorkingDayException
from notifications import services
from notifications.models import Notification, ReminderDispatch
from notifications.tests.factories import ReminderDispatchFactory, WorkingDayExceptionFactory
from plans.tests.factories import PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        unavailable("concurrent deliveries are tested on PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def overdue_task(reference_data, unit):
    today = timezone.localdate()
    WorkingDayExceptionFactory(date=today, kind=WorkingDayException.Kind.WORKED_DAY, name="Scan today whatever the day")
    return TaskFactory(objective__plan=PlanFactory(year=today.year - 1), lead=unit, deadline=today - datetime.timedelta(days=30))


def run_together(target, count=2) -> list:
    barrier, results = threading.Barrier(count), []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(target())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_workers_delivering_the_same_reminder_send_one_mail(postgresql, overdue_task, make_user, unit, mailoutbox):
    officer = make_user(User.Role.UNIT_OFFICER, unit)
    dispatch = ReminderDispatchFactory(target=overdue_task, recipient=officer)
    results = run_together(lambda: services.dispatch_deliver(dispatch_id=dispatch.pk), count=4)
    assert sorted(results, key=str) == [None, None, None, ReminderDispatch.Outcome.IN_APP]
    assert len(mailoutbox) == 1
    assert ReminderDispatch.objects.get().email_status == ReminderDispatch.Email.SENT


def test_workers_sending_the_same_email_at_once_send_it_once(postgresql, overdue_task, make_user, unit, mailoutbox):
    officer = make_user(User.Role.UNIT_OFFICER, unit)
    dispatch = ReminderDispatchFactory(target=overdue_task, recipient=officer)
    services.dispatch_notify(dispatch_id=dispatch.pk)
    results = run_together(lambda: services.dispatch_email(dispatch_id=dispatch.pk), count=4)
    assert sorted(results, key=str) == [None, None, None, ReminderDispatch.Email.SENT]
    assert len(mailoutbox) == 1
    assert Notification.objects.count() == 1


def test_two_scans_at_once_send_each_reminder_once(postgresql, overdue_task, make_user, unit, mailoutbox):
    officers = [make_user(User.Role.UNIT_OFFICER, unit) for _ in range(5)]
    results = run_together(services.reminders_scan)
    assert sorted(result.recorded.get("task_overdue", 0) for result in results) in ([0, 5], [1, 4], [2, 3])
    assert sorted(m.to[0] for m in mailoutbox) == sorted(officer.email for officer in officers)
    assert ReminderDispatch.objects.filter(email_status=ReminderDispatch.Email.SENT).count() == 5
