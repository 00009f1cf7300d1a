"""Hand-down inside a unit: a focal officer names the executing officer and takes the work back; the
executing officer writes the report, submits only where the unit allows, and is reminded first."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import UserFactory
from plans import services
from plans.models import Assignment, Task
from plans.tests.factories import PlanFactory, TaskFactory
from reports import services as reports
from reports.models import ProgressReport
from reports.tests.factories import ReportingPeriodFactory


@pytest.fixture
def work(unit, other_unit, officer):
    plan = PlanFactory(year=2026)
    task = TaskFactory(objective__plan=plan, lead=unit, deadline=datetime.date(2026, 12, 2),
                       status=Task.Status.IN_PROGRESS, progress=30)
    colleague = UserFactory(username="colleague", unit=unit, role=User.Role.UNIT_OFFICER)
    return task, task.assignments.get(role=Assignment.Role.LEAD), colleague


def test_hand_down_and_take_back_record_who_in_history(work, officer):
    _task, assignment, colleague = work
    services.assignment_hand_down(assignment=assignment, officer=colleague, by=officer)
    assignment.refresh_from_db()
    assert assignment.executing_officer == colleague and assignment.handed_down_at is not None
    assert assignment.history.first().history_user == officer
    services.assignment_take_back(assignment=assignment, by=officer)
    assignment.refresh_from_db()
    assert assignment.executing_officer is None
    assert assignment.history.first().history_user == officer


def test_hand_down_only_to_an_active_colleague_of_the_unit(work, officer, other_unit):
    _task, assignment, colleague = work
    stranger = UserFactory(username="stranger", unit=other_unit, role=User.Role.UNIT_OFFICER)
    with pytest.raises(ValidationError):
        services.assignment_hand_down(assignment=assignment, officer=stranger, by=officer)
    colleague.is_active = False
    colleague.save()
    with pytest.raises(ValidationError):
        services.assignment_hand_down(assignment=assignment, officer=colleague, by=officer)
    assert Assignment.objects.get(pk=assignment.pk).executing_officer is None


def test_hand_down_is_a_focal_officers_act(work, officer, planner, other_unit):
    _task, assignment, colleague = work
    for who in (planner, UserFactory(username="other-focal", unit=other_unit, role=User.Role.UNIT_OFFICER)):
        with pytest.raises(PermissionDenied):
            services.assignment_hand_down(assignment=assignment, officer=colleague, by=who)
    services.assignment_hand_down(assignment=assignment, officer=colleague, by=officer)
    with pytest.raises(PermissionDenied):  # the executing officer cannot pass it on or take it back
        services.assignment_take_back(assignment=assignment, by=colleague)


def test_executing_officer_writes_but_the_focal_officer_submits_unless_the_unit_allows(work, officer, unit):
    task, assignment, colleague = work
    period = ReportingPeriodFactory(plan=task.plan)
    assignment = services.assignment_hand_down(assignment=assignment, officer=colleague, by=officer)
    report = reports.report_save(
        by=colleague, data={"work_status": "in_progress", "progress": 60, "results": "Đã làm việc với NPS"},
        assignment=assignment, period=period,
    )
    assert report.created_by == colleague and not report.is_submittable_by(colleague)
    with pytest.raises(PermissionDenied):
        reports.report_submit(report=report, by=colleague, expected_version=report.lock_version)
    assert ProgressReport.objects.get(pk=report.pk).status == ProgressReport.Status.DRAFT
    unit.executing_officers_submit = True
    unit.save()
    colleague = User.objects.get(pk=colleague.pk)
    report = reports.report_submit(report=report, by=colleague, expected_version=report.lock_version)
    assert report.status == ProgressReport.Status.SUBMITTED and report.submitted_by == colleague


def test_focal_officer_submits_what_the_executing_officer_wrote(work, officer):
    task, assignment, colleague = work
    assignment = services.assignment_hand_down(assignment=assignment, officer=colleague, by=officer)
    report = reports.report_save(
        by=colleague, data={"work_status": "in_progress", "progress": 60, "results": "Đã làm việc với NPS"},
        assignment=assignment, period=ReportingPeriodFactory(plan=task.plan),
    )
    report = reports.report_submit(report=report, by=officer, expected_version=report.lock_version)
    assert report.submitted_by == officer


def test_task_page_hand_down_form_and_who_does_the_work(client, work, officer):
    task, assignment, colleague = work
    client.force_login(officer)
    page = client.get(task.get_absolute_url()).content.decode()
    assert f'action="{reverse("plans:assignment_hand_down", args=[assignment.pk])}"' in page
    response = client.post(reverse("plans:assignment_hand_down", args=[assignment.pk]),
                           {f"a{assignment.pk}-officer": colleague.pk})
    assert response.status_code == 302
    assert Assignment.objects.get(pk=assignment.pk).executing_officer == colleague
    client.force_login(colleague)
    page = client.get(task.get_absolute_url()).content.decode()
    assert str(colleague) in page and "assignment_hand_down" not in page
    assert f'action="{reverse("plans:assignment_hand_down", args=[assignment.pk])}"' not in page


def test_hand_down_with_no_colleague_chosen_is_a_message_not_a_500(client, work, officer):
    _task, assignment, _colleague = work
    client.force_login(officer)
    response = client.post(reverse("plans:assignment_hand_down", args=[assignment.pk]), {}, follow=True)
    assert response.status_code == 200
    assert Assignment.objects.get(pk=assignment.pk).executing_officer is None
    assert "Hãy chọn một đồng nghiệp đang làm việc tại đơn vị của bạn." in response.content.decode()
