"""The report guards (reports.access) and the rules they ask: invisible is a 404, visible but not
allowed is a 403, one negative test per role."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.tests.factories import UnitFactory
from plans.models import Assignment, Plan, Task
from plans.tests.factories import TaskFactory
from reports import access, services
from reports.models import (
    ProgressReport,
    is_open_for_reports,
    may_report_on,
    open_for_reports,
    periods_may_change,
)
from reports.tests.factories import ProgressReportFactory, ReportingPeriodFactory, pdf_upload, submitted_report

CENTRAL_ROLES = [User.Role.CENTRAL_PLANNER, User.Role.LEADERSHIP, User.Role.ADMINISTRATOR]


@pytest.fixture
def draft(lead_assignment, q1):
    return ProgressReportFactory(assignment=lead_assignment, period=q1)


@pytest.fixture
def stranger(make_user):
    return make_user(User.Role.UNIT_OFFICER, UnitFactory(), username="stranger")


# --- get_report_for_user -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_report_guard_gives_the_reporting_unit_its_report_to_edit(officer, draft):
    assert access.get_report_for_user(officer, draft.pk, to_edit=True) == draft


@pytest.mark.django_db
def test_report_guard_hides_a_report_from_another_unit(stranger, other_officer, draft):
    for user in (stranger, other_officer):  # the coordinating unit does not see the lead unit's report
        with pytest.raises(Http404):
            access.get_report_for_user(user, draft.pk)


@pytest.mark.django_db
def test_report_guard_lead_unit_reads_but_cannot_edit_a_coordinating_report(officer, coordinating_assignment, q1):
    theirs = submitted_report(coordinating_assignment, q1)
    assert access.get_report_for_user(officer, theirs.pk) == theirs
    with pytest.raises(PermissionDenied):
        access.get_report_for_user(officer, theirs.pk, to_edit=True)


@pytest.mark.parametrize("role", CENTRAL_ROLES)
@pytest.mark.django_db
def test_report_guard_central_staff_read_but_never_edit(make_user, role, draft):
    user = make_user(role)
    assert access.get_report_for_user(user, draft.pk) == draft
    with pytest.raises(PermissionDenied):
        access.get_report_for_user(user, draft.pk, to_edit=True)


@pytest.mark.django_db
def test_report_guard_only_planners_and_administrators_review(planner, administrator, leader, officer, draft):
    for user in (planner, administrator):
        assert access.get_report_for_user(user, draft.pk, to_review=True) == draft
    for user in (leader, officer):
        with pytest.raises(PermissionDenied):
            access.get_report_for_user(user, draft.pk, to_review=True)


@pytest.mark.django_db
def test_report_guard_on_a_closed_plan_reads_but_does_not_edit(officer, draft, plan):
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.CLOSED)
    assert access.get_report_for_user(officer, draft.pk) == draft
    with pytest.raises(PermissionDenied):
        access.get_report_for_user(officer, draft.pk, to_edit=True)


# --- The assignment and period of a new report -------------------------------------------------------


@pytest.mark.django_db
def test_new_report_guard_finds_a_visible_assignment_and_a_period_of_its_plan(officer, lead_assignment, q1):
    assert access.get_assignment_and_period_for_user(officer, lead_assignment.pk, q1.pk) == (lead_assignment, q1)


@pytest.mark.django_db
def test_new_report_guard_hides_another_units_assignment_and_another_plans_period(stranger, officer, lead_assignment, q1):
    with pytest.raises(Http404):
        access.get_assignment_and_period_for_user(stranger, lead_assignment.pk, q1.pk)
    with pytest.raises(Http404):
        access.get_assignment_and_period_for_user(officer, lead_assignment.pk, ReportingPeriodFactory().pk)


# --- get_period_for_user -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_period_guard_planners_and_administrators_edit(planner, administrator, q1):
    for user in (planner, administrator):
        assert access.get_period_for_user(user, q1.pk, to_edit=True) == q1


@pytest.mark.django_db
def test_period_guard_officer_and_leadership_read_only(officer, leader, task, q1):
    for user in (officer, leader):
        assert access.get_period_for_user(user, q1.pk) == q1
        with pytest.raises(PermissionDenied):
            access.get_period_for_user(user, q1.pk, to_edit=True)


@pytest.mark.django_db
def test_period_guard_hides_the_periods_of_a_plan_the_officer_has_no_work_in(stranger, task, q1):
    with pytest.raises(Http404):
        access.get_period_for_user(stranger, q1.pk)


# --- get_attachment_for_user -------------------------------------------------------------------------


@pytest.mark.django_db
def test_attachment_guard(officer, other_officer, stranger, planner, draft, coordinating_assignment, q1):
    mine = services.attachment_add(report=draft, upload=pdf_upload(), by=officer)
    assert access.get_attachment_for_user(officer, mine.pk, to_edit=True) == mine
    assert access.get_attachment_for_user(planner, mine.pk) == mine
    with pytest.raises(PermissionDenied):
        access.get_attachment_for_user(planner, mine.pk, to_edit=True)
    for user in (other_officer, stranger):
        with pytest.raises(Http404):
            access.get_attachment_for_user(user, mine.pk)
    theirs_report = ProgressReportFactory(assignment=coordinating_assignment, period=q1)
    theirs = services.attachment_add(report=theirs_report, upload=pdf_upload(), by=other_officer)
    services.report_submit(report=theirs_report, by=other_officer, expected_version=theirs_report.lock_version)
    assert access.get_attachment_for_user(officer, theirs.pk) == theirs  # the lead unit reads it
    with pytest.raises(PermissionDenied):
        access.get_attachment_for_user(officer, theirs.pk, to_edit=True)


@pytest.mark.django_db
def test_attachment_guard_hides_a_removed_file(officer, draft):
    attachment = services.attachment_add(report=draft, upload=pdf_upload(), by=officer)
    services.attachment_remove(attachment=attachment, by=officer)
    with pytest.raises(Http404):
        access.get_attachment_for_user(officer, attachment.pk)


@pytest.mark.django_db
def test_attachments_of_lists_the_files_not_removed(officer, draft):
    kept = services.attachment_add(report=draft, upload=pdf_upload("a.pdf"), by=officer)
    gone = services.attachment_add(report=draft, upload=pdf_upload("b.pdf"), by=officer)
    services.attachment_remove(attachment=gone, by=officer)
    assert list(access.attachments_of(draft, officer)) == [kept]
    assert not access.attachments_of(None, officer).exists()


# --- Who may write a report: one rule -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_reporting_units_officer_may_start_and_write(officer, lead_assignment, draft):
    assert access.can_start_report(officer, lead_assignment)
    assert may_report_on(officer, lead_assignment)
    assert draft.is_writable_by(officer)


@pytest.mark.parametrize("role", CENTRAL_ROLES)
@pytest.mark.django_db
def test_central_staff_may_neither_start_nor_write(make_user, role, lead_assignment, draft):
    user = make_user(role)
    assert not access.can_start_report(user, lead_assignment)
    assert not draft.is_writable_by(user)


@pytest.mark.django_db
def test_another_units_officer_may_neither_start_nor_write(other_officer, stranger, lead_assignment, draft):
    for user in (other_officer, stranger):
        assert not access.can_start_report(user, lead_assignment)
        assert not draft.is_writable_by(user)


@pytest.mark.django_db
def test_a_successor_units_officer_may_write(make_user, plan, q1):
    from accounts.models import Unit

    task = TaskFactory(objective__plan=plan, lead=Unit.objects.get(code="P63-HAIDUONG"))
    report = ProgressReportFactory(assignment=task.assignments.get(), period=q1)
    successor = make_user(User.Role.UNIT_OFFICER, Unit.objects.get(code="P34-HAIPHONG"))
    assert access.can_start_report(successor, report.assignment)
    assert report.is_writable_by(successor)


@pytest.mark.parametrize("status", [Plan.Status.DRAFT, Plan.Status.CLOSED, Plan.Status.DISCARDED])
@pytest.mark.django_db
def test_nothing_is_written_on_a_plan_not_issued(officer, lead_assignment, draft, plan, status):
    Plan.objects.filter(pk=plan.pk).update(status=status)
    lead_assignment.refresh_from_db()
    draft.refresh_from_db()
    assert not access.can_start_report(officer, lead_assignment)
    assert not draft.is_writable_by(officer)


@pytest.mark.django_db
def test_a_removed_assignment_or_a_cancelled_task_keeps_its_reports_but_starts_none(officer, lead_assignment, draft, task):
    Assignment.objects.filter(pk=lead_assignment.pk).update(removed_at=timezone.now())
    lead_assignment.refresh_from_db()
    assert not access.can_start_report(officer, lead_assignment)
    assert draft.is_writable_by(officer)
    Assignment.objects.filter(pk=lead_assignment.pk).update(removed_at=None)
    Task.objects.filter(pk=task.pk).update(status=Task.Status.CANCELLED)
    lead_assignment = Assignment.objects.select_related("task__plan").get(pk=lead_assignment.pk)
    assert not access.can_start_report(officer, lead_assignment)


@pytest.mark.django_db
def test_a_done_task_still_takes_reports(officer, lead_assignment, task):
    Task.objects.filter(pk=task.pk).update(status=Task.Status.DONE, progress=100, completed_on=timezone.localdate())
    lead_assignment = Assignment.objects.select_related("task__plan").get(pk=lead_assignment.pk)
    assert access.can_start_report(officer, lead_assignment)


@pytest.mark.django_db
def test_open_for_reports_and_its_object_twin_agree(plan, unit, other_unit):
    tasks = [TaskFactory(objective__plan=plan, lead=unit, coordinating=[other_unit]) for _ in range(4)]
    Task.objects.filter(pk=tasks[1].pk).update(status=Task.Status.CANCELLED)
    Task.objects.filter(pk=tasks[2].pk).update(status=Task.Status.DONE, progress=100, completed_on=timezone.localdate())
    tasks[3].assignments.filter(unit=other_unit).update(removed_at=timezone.now())
    everything = Assignment.objects.filter(task__in=tasks).select_related("task__plan")
    in_sql = set(open_for_reports(everything).values_list("pk", flat=True))
    assert in_sql == {a.pk for a in everything if is_open_for_reports(a)}
    assert len(in_sql) == 5  # 8 assignments less the cancelled task's two and the removed one


# --- Periods may change: one rule ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "may_change"),
    [(Plan.Status.DRAFT, True), (Plan.Status.ISSUED, True), (Plan.Status.CLOSED, False), (Plan.Status.DISCARDED, False)],
)
@pytest.mark.django_db
def test_periods_may_change_while_the_plan_is_a_draft_or_issued(planner, officer, plan, status, may_change):
    plan.status = status
    assert periods_may_change(plan) is may_change
    assert access.may_manage_periods(planner, plan) is may_change
    assert not access.may_manage_periods(officer, plan)


@pytest.mark.django_db
def test_report_lateness_in_sql_agrees_with_is_late(lead_assignment, coordinating_assignment, q1):
    on_time = submitted_report(lead_assignment, q1, at=timezone.make_aware(datetime.datetime(2024, 4, 10, 23, 30)))
    late = submitted_report(coordinating_assignment, q1, at=timezone.make_aware(datetime.datetime(2024, 4, 11, 0, 30)))
    assert (on_time.is_late, late.is_late) == (False, True)
    assert list(ProgressReport.objects.filter(ProgressReport.SUBMITTED_LATE)) == [late]
