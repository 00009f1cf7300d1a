"""The reminder scan reads each rule's rows in one streamed query and records each batch of reminders
with one INSERT: its query count does not grow with the data."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications import services
from notifications.models import ReminderDispatch
from notifications.rules import Candidate
from plans.models import Task
from plans.tests.factories import PlanFactory, TaskFactory

from .conftest import at

pytestmark = pytest.mark.django_db

D = datetime.date


def _tasks(count, plan, unit, other_unit):
    deadlines = [D(2026, 12, 1), D(2026, 12, 2), D(2026, 12, 4), D(2026, 11, 20)]  # soon, today, due, overdue
    for n in range(count):
        TaskFactory(objective__plan=plan, lead=unit, coordinating=[other_unit], deadline=deadlines[n % 4],
                    status=Task.Status.IN_PROGRESS)


def _scan_queries() -> tuple[int, int]:
    ContentType.objects.clear_cache()  # each scan starts as a fresh worker would
    with at(D(2026, 12, 2)), CaptureQueriesContext(connection) as queries:
        result = services.reminders_scan()
    return len(queries), result.total


def test_scan_query_count_is_the_same_for_4_and_40_tasks(rules, plan_factory_year, unit, other_unit, officer,
                                                         coordinating_officer, settings):
    settings.REMINDER_SCAN_CHUNK_SIZE = 3  # many chunks of rows: they must not cost a query each
    _tasks(4, plan_factory_year, unit, other_unit)
    small, small_recorded = _scan_queries()
    ReminderDispatch.objects.all().delete()
    _tasks(36, plan_factory_year, unit, other_unit)
    large, large_recorded = _scan_queries()
    assert large_recorded == 10 * small_recorded > 0
    assert large == small


def test_repeat_scan_records_nothing_new_in_the_same_number_of_queries(rules, plan_factory_year, unit, other_unit,
                                                                       officer, coordinating_officer, settings):
    settings.REMINDER_SCAN_CHUNK_SIZE = 3
    _tasks(12, plan_factory_year, unit, other_unit)
    first, recorded = _scan_queries()
    again, recorded_again = _scan_queries()
    assert recorded > 0 and recorded_again == 0
    assert again == first
    assert ReminderDispatch.objects.count() == recorded


def test_write_batches_split_a_rule_into_inserts_of_the_setting_size(rules, plan_factory_year, unit, other_unit,
                                                                      officer, coordinating_officer, settings):
    settings.REMINDER_SCAN_WRITE_BATCH = 2
    _tasks(8, plan_factory_year, unit, other_unit)
    with at(D(2026, 12, 2)), CaptureQueriesContext(connection) as queries:
        result = services.reminders_scan()
    inserts = [q for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "notifications_reminderdispatch"')]
    assert sum(result.recorded.values()) == ReminderDispatch.objects.count()
    assert len(inserts) == sum((count + 1) // 2 for count in result.recorded.values())


def test_without_postgresql_arrays_a_batch_is_written_as_values_lists(rules, plan_factory_year, unit, other_unit,
                                                                     officer, coordinating_officer, settings, monkeypatch):
    monkeypatch.setattr(services, "SQLITE_ROWS", 2)
    monkeypatch.setattr(connection, "vendor", "sqlite")  # the VALUES path, run here on PostgreSQL
    _tasks(8, plan_factory_year, unit, other_unit)
    with at(D(2026, 12, 2)), CaptureQueriesContext(connection) as queries:
        result = services.reminders_scan()
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "notifications_reminderdispatch"')]
    assert sum(result.recorded.values()) == ReminderDispatch.objects.count() > 2
    assert all(" VALUES " in sql for sql in inserts)
    assert len(inserts) == sum((count + 1) // 2 for count in result.recorded.values())
    again = services.reminders_scan()
    assert sum(again.recorded.values()) == 0  # recorded once, whichever way


@pytest.mark.parametrize("vendor", ["postgresql", "sqlite"])
def test_a_batch_keeps_every_value_as_given(officer, monkeypatch, vendor):
    monkeypatch.setattr(connection, "vendor", vendor)  # both ways of writing, on PostgreSQL
    tricky = {"note": 'Đoàn "ASSA" \\ {Seoul}, 15–16/07', "days": 3, "for_unit": None, "list": [1, "a,b"]}
    batch = [Candidate("task_overdue", 7, officer.pk, D(2026, 12, 2), tricky),
             Candidate("report_due", 2**40, officer.pk, D(2026, 1, 31), {})]
    ids = services._insert_new(batch)
    rows = ReminderDispatch.objects.filter(pk__in=ids).order_by("pk")
    assert [(r.rule, r.object_id, r.recipient_id, r.occurrence, r.context) for r in rows] == [
        ("task_overdue", 7, officer.pk, D(2026, 12, 2), tricky), ("report_due", 2**40, officer.pk, D(2026, 1, 31), {})]
    assert services._insert_new(batch) == []  # recorded once


@pytest.fixture
def plan_factory_year():
    with at(D(2026, 12, 2)):
        services.reminders_scan()  # the first scan ever records its job row: not what is compared here
    return PlanFactory(year=2026)
