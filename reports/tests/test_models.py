"""Who sees which report, and which (assignment, period) pairs owe one."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Unit, User
from accounts.tests.factories import UnitFactory
from plans.models import Assignment, Plan, Task
from plans.tests.factories import TaskFactory
from reports.models import ProgressReport, ReportingPeriod, expected_reports
from reports.tests.factories import ProgressReportFactory, ReportingPeriodFactory, submitted_report


def owed_labels(task, unit):
    periods = expected_reports(Assignment.objects.filter(task=task, unit=unit)).values_list("period_id", flat=True)
    return sorted(ReportingPeriod.objects.filter(pk__in=list(periods)).values_list("label", flat=True))


# --- Visibility ------------------------------------------------------------------------------------


@pytest.fixture(params=["visible_to", "listed_for"])
def readable(request):
    """Both shapes of the one rule (an OR for narrowed queries, a UNION of indexed lookups for lists):
    every visibility test holds for each."""
    return getattr(ProgressReport.objects, request.param)


@pytest.mark.django_db
def test_officer_sees_own_unit_reports_drafts_included(readable, officer, lead_assignment, q1):
    draft = ProgressReportFactory(assignment=lead_assignment, period=q1)
    assert list(readable(officer)) == [draft]


@pytest.mark.django_db
def test_a_report_every_part_of_the_rule_matches_is_listed_once(readable, officer, lead_assignment, q1):
    """The lead unit's own submitted report: its assignment's unit, its writer and the led task all match."""
    sent = submitted_report(lead_assignment, q1)
    assert list(readable(officer)) == [sent]
    assert readable(officer).count() == 1


@pytest.mark.django_db
def test_officer_of_another_unit_sees_nothing(readable, make_user, lead_assignment, q1):
    stranger = make_user(User.Role.UNIT_OFFICER, UnitFactory())
    submitted_report(lead_assignment, q1)
    assert not readable(stranger).exists()


@pytest.mark.django_db
def test_lead_unit_sees_coordinating_reports_once_submitted(readable, officer, coordinating_assignment, q1, plan):
    draft = ProgressReportFactory(assignment=coordinating_assignment, period=q1)
    q2 = plan.reporting_periods.get(label="Quý II/2024")
    sent = submitted_report(coordinating_assignment, q2)
    assert list(readable(officer)) == [sent]
    assert draft not in readable(officer)


@pytest.mark.django_db
def test_a_narrowed_list_keeps_its_filter_and_the_rule(officer, coordinating_assignment, q1, plan):
    draft = ProgressReportFactory(assignment=coordinating_assignment, period=q1)
    sent = submitted_report(coordinating_assignment, plan.reporting_periods.get(label="Quý II/2024"))
    chosen = ProgressReport.objects.filter(pk__in=[draft.pk, sent.pk])
    assert list(chosen.listed_for(officer)) == [sent]  # the coordinating unit's draft stays hidden
    assert not chosen.filter(pk=draft.pk).listed_for(officer).exists()


@pytest.mark.django_db
def test_coordinating_unit_does_not_see_lead_units_report(readable, other_officer, lead_assignment, q1):
    submitted_report(lead_assignment, q1)
    assert not readable(other_officer).exists()


@pytest.mark.parametrize("role", [User.Role.CENTRAL_PLANNER, User.Role.LEADERSHIP, User.Role.ADMINISTRATOR])
@pytest.mark.django_db
def test_central_staff_see_every_report(readable, make_user, role, lead_assignment, coordinating_assignment, q1):
    ProgressReportFactory(assignment=lead_assignment, period=q1)
    submitted_report(coordinating_assignment, q1)
    assert readable(make_user(role)).count() == 2


@pytest.mark.django_db
def test_reports_stay_with_their_unit_after_the_task_moves_to_a_successor(readable, make_user, plan, q1):
    hai_duong = Unit.objects.get(code="P63-HAIDUONG")
    hai_phong = Unit.objects.get(code="P34-HAIPHONG")
    task = TaskFactory(objective__plan=plan, lead=hai_duong)
    assignment = task.assignments.get()
    report = submitted_report(assignment, q1)
    Assignment.objects.filter(pk=assignment.pk).update(unit=hai_phong)  # what the unit move does
    report.refresh_from_db()
    assert report.unit == hai_duong
    hai_duong_officer = make_user(User.Role.UNIT_OFFICER, hai_duong)
    hai_phong_officer = make_user(User.Role.UNIT_OFFICER, hai_phong)
    assert report in readable(hai_duong_officer)
    assert report in readable(hai_phong_officer)


# --- Reports owed ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_task_owes_reports_for_the_periods_it_spans(plan, unit):
    task = TaskFactory(
        objective__plan=plan, lead=unit, start_date=datetime.date(2024, 2, 1), deadline=datetime.date(2024, 5, 15)
    )
    assert owed_labels(task, unit) == ["6 tháng đầu năm 2024", "Năm 2024", "Quý I/2024", "Quý II/2024"]


@pytest.mark.django_db
def test_cancelled_task_owes_nothing(plan, unit):
    task = TaskFactory(objective__plan=plan, lead=unit, status=Task.Status.CANCELLED)
    assert owed_labels(task, unit) == []


@pytest.mark.django_db
def test_draft_plan_owes_nothing(plan, unit):
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.DRAFT)
    task = TaskFactory(objective__plan=plan, lead=unit)
    assert owed_labels(task, unit) == []


@pytest.mark.django_db
def test_removed_unit_owes_only_periods_begun_before_removal(plan, unit, other_unit):
    task = TaskFactory(objective__plan=plan, lead=unit, coordinating=[other_unit])
    removed = timezone.make_aware(datetime.datetime(2024, 5, 10, 10))
    task.assignments.filter(unit=other_unit).update(removed_at=removed)
    assert owed_labels(task, other_unit) == ["6 tháng đầu năm 2024", "Năm 2024", "Quý I/2024", "Quý II/2024"]


@pytest.mark.django_db
def test_dissolved_unit_owes_nothing_after_its_end(plan):
    dissolved = UnitFactory(valid_to=datetime.date(2024, 6, 30))
    task = TaskFactory(objective__plan=plan, lead=UnitFactory(), coordinating=[dissolved])
    task.assignments.filter(unit=dissolved).update(removed_at=timezone.now())
    assert owed_labels(task, dissolved) == ["6 tháng đầu năm 2024", "Năm 2024", "Quý I/2024", "Quý II/2024"]


@pytest.mark.django_db
def test_report_is_late_only_after_the_due_day_in_vietnam(lead_assignment, q1):
    evening = timezone.make_aware(datetime.datetime(2024, 4, 10, 23, 30))
    report = submitted_report(lead_assignment, q1, at=evening)
    assert not report.is_late
    report.first_submitted_at = evening + datetime.timedelta(hours=1)
    assert report.is_late


@pytest.mark.django_db
def test_counted_changed_follows_what_the_completeness_table_counts():
    task = TaskFactory(lead=UnitFactory())
    report = ProgressReportFactory(assignment=task.assignments.get(), period=ReportingPeriodFactory(plan=task.plan))
    assert report.counted_changed() is False  # saved: what was written is what is counted
    read = ProgressReport.objects.get(pk=report.pk)
    read.results, read.progress = "Đã làm thêm", 40
    assert read.counted_changed() is False  # a draft's text and progress count for nothing
    read.status, read.first_submitted_at = ProgressReport.Status.SUBMITTED, timezone.now()
    assert read.counted_changed() is True
    assert ProgressReport(assignment=report.assignment, period=report.period, unit=report.unit).counted_changed()
