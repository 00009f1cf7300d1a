"""Owed reports follow an ended unit's successor chain by themselves: the work list, the right to
write, completeness; reports already written keep their unit; an ended unit's officers keep reading
and may write only during the grace period."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Unit, UnitSuccession, User
from accounts.tests.factories import UnitFactory, officer_of
from plans.models import Task
from plans.tests.factories import TaskFactory
from reports import access
from reports.completeness import completeness_table
from reports.models import ProgressReport
from reports.tests.factories import submitted_report
from reports.worklist import unit_work, work_items

pytestmark = pytest.mark.django_db

ENDED = datetime.date(2025, 6, 30)


def work_tasks(user) -> set[int]:
    return {item.assignment.task_id for item in work_items(unit_work(user, everything=True))}


# --- Work lists and the right to write -------------------------------------------------------------


def test_successor_owes_the_ended_units_reports_and_writes_them(plan, hai_duong, hai_phong):
    task = TaskFactory(objective__plan=plan, lead=hai_duong)
    successor, old = officer_of(hai_phong), officer_of(hai_duong)
    assert task.pk in work_tasks(successor)
    assert access.can_start_report(successor, task.assignments.get())
    assert task.pk not in work_tasks(old)  # its grace period (30 days after 30/06/2025) is over
    assert not access.can_start_report(old, task.assignments.get())


def test_a_chain_of_two_successions_owes_the_first_units_reports(plan):
    a, b, c = UnitFactory(valid_to=ENDED), UnitFactory(valid_to=datetime.date(2025, 12, 31)), UnitFactory()
    UnitSuccession.objects.create(from_unit=a, to_unit=b)
    UnitSuccession.objects.create(from_unit=b, to_unit=c)
    task = TaskFactory(objective__plan=plan, lead=a)
    assert task.pk in work_tasks(officer_of(c))
    assert task.pk not in work_tasks(officer_of(b))


def test_merge_then_split_reports_are_owed_by_the_named_successor_only(plan, merge_then_split):
    a, b, c, d = merge_then_split
    from_a, from_b = TaskFactory(objective__plan=plan, lead=a), TaskFactory(objective__plan=plan, lead=b)
    assert {from_a.pk, from_b.pk} <= work_tasks(officer_of(c))
    other = officer_of(d)
    assert not {from_a.pk, from_b.pk} & work_tasks(other)
    assert not access.can_start_report(other, from_a.assignments.get())


def test_ended_unit_with_no_successor_owes_nobody_and_its_officer_writes_only_during_the_grace_period(plan):
    recently = timezone.localdate() - datetime.timedelta(days=10)
    alone = UnitFactory(valid_to=recently, report_grace_days=30)
    task = TaskFactory(objective__plan=plan, lead=alone)
    officer = officer_of(alone)
    assert task.pk in work_tasks(officer) and access.can_start_report(officer, task.assignments.get())
    Unit.objects.filter(pk=alone.pk).update(report_grace_days=5)
    officer = User.objects.get(pk=officer.pk)
    assert task.pk not in work_tasks(officer) and not access.can_start_report(officer, task.assignments.get())
    assert task in type(task).objects.visible_to(officer)  # keeps reading what it had


def test_an_officer_who_left_owes_nothing(plan, unit):
    from accounts.models import UnitMembership

    task = TaskFactory(objective__plan=plan, lead=unit)
    officer = officer_of(unit)
    UnitMembership.objects.filter(user=officer).update(valid_to=timezone.localdate() - datetime.timedelta(days=1))
    officer = User.objects.get(pk=officer.pk)
    assert task.pk not in work_tasks(officer)
    assert not access.can_start_report(officer, task.assignments.get())


def test_ended_units_officer_gets_403_writing_but_reads_its_report(client, plan, q1, hai_duong):
    task = TaskFactory(objective__plan=plan, lead=hai_duong)
    report = submitted_report(task.assignments.get(), q1)
    old = officer_of(hai_duong)
    client.force_login(old)
    assert client.get(report.get_absolute_url()).status_code == 200
    q2 = plan.reporting_periods.get(label="Quý II/2024")
    assert client.get(reverse("reports:report_create", args=[task.assignments.get().pk, q2.pk])).status_code == 403


# --- Completeness --------------------------------------------------------------------------------


def _cells(table) -> dict[str, tuple[int, int]]:
    return {row.unit.code: (row.total.expected, row.total.submitted) for row in table.rows}


def test_completeness_counts_unwritten_reports_for_the_successor_and_written_ones_for_the_writer(
    plan, q1, hai_duong, hai_phong, planner
):
    task = TaskFactory(objective__plan=plan, lead=hai_duong)
    submitted_report(task.assignments.get(), q1)  # written by Hải Dương before it ended
    cells = _cells(completeness_table(plan=plan, user=planner))
    periods_owed = len(completeness_table(plan=plan, user=planner).periods)
    assert cells["P63-HAIDUONG"] == (1, 1)
    assert cells["P34-HAIPHONG"] == (periods_owed - 1, 0)


def test_completeness_follows_merge_then_split_and_stops_at_an_ended_unit_with_no_successor(
    plan, merge_then_split, planner
):
    a, _b, _c, _d = merge_then_split
    TaskFactory(objective__plan=plan, lead=a)
    alone = UnitFactory(code="RP-ALONE", valid_to=ENDED)
    TaskFactory(objective__plan=plan, lead=alone)
    cells = _cells(completeness_table(plan=plan, user=planner))
    assert set(cells) == {"MS-C", "RP-ALONE"}


def test_completeness_of_done_work_follows_but_a_removed_assignment_keeps_its_unit(plan, hai_duong, planner):
    done = TaskFactory(objective__plan=plan, lead=hai_duong, status=Task.Status.DONE, progress=100)
    assert "P34-HAIPHONG" in _cells(completeness_table(plan=plan, user=planner))  # a done task still owes periods
    done.assignments.update(removed_at=timezone.now())
    assert "P34-HAIPHONG" not in _cells(completeness_table(plan=plan, user=planner))


def test_completeness_query_count_is_constant_with_successions(client, planner, plan):
    client.force_login(planner)
    url = reverse("reports:completeness")
    ended = [UnitFactory(valid_to=ENDED) for _ in range(10)]
    heir = UnitFactory()
    for unit in ended:
        UnitSuccession.objects.create(from_unit=unit, to_unit=heir)
    TaskFactory(objective__plan=plan, lead=ended[0])
    client.get(url, {"plan": plan.pk})
    with CaptureQueriesContext(connection) as one:
        client.get(url, {"plan": plan.pk})
    for unit in ended:
        TaskFactory(objective__plan=plan, lead=unit)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"plan": plan.pk})
    assert [row.unit for row in response.context["table"].rows] == [heir]
    assert len(one) == len(many)


def test_work_list_query_count_is_constant_with_successions(client, plan, hai_duong, hai_phong):
    client.force_login(officer_of(hai_phong))
    url = reverse("reports:report_list")
    TaskFactory(objective__plan=plan, lead=hai_duong)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(15):
        TaskFactory(objective__plan=plan, lead=hai_duong)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.context["page_obj"].paginator.count > 50
    assert len(one) == len(many)


def test_a_report_written_by_the_successor_counts_for_the_successor(plan, q1, hai_duong, hai_phong, planner):
    from reports.services import report_save_draft

    task = TaskFactory(objective__plan=plan, lead=hai_duong)
    old_report = submitted_report(task.assignments.get(), q1)
    q2 = plan.reporting_periods.get(label="Quý II/2024")
    report = report_save_draft(assignment=task.assignments.get(), period=q2, changes={"results": "Đã làm"},
                               by=officer_of(hai_phong))
    assert report.unit == hai_phong and old_report.unit == hai_duong
    assert report in ProgressReport.objects.visible_to(officer_of(hai_duong))  # the old unit reads it too
