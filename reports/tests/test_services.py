import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import User
from core.locking import EditConflict
from plans.models import Task
from reports import services
from reports.models import ProgressReport, ReportEvent, ReportingPeriod
from reports.tests.factories import ProgressReportFactory, pdf_upload, submitted_report


def local(year, month, day, hour=9):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


# --- Periods -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_default_periods_are_four_quarters_half_year_and_year(plan):
    periods = list(plan.reporting_periods.order_by("end", "-start"))
    assert [p.label for p in periods] == [
        "Quý I/2024", "Quý II/2024", "6 tháng đầu năm 2024", "Quý III/2024", "Quý IV/2024", "Năm 2024",
    ]
    q2 = plan.reporting_periods.get(label="Quý II/2024")
    assert (q2.start, q2.end, q2.due_date) == (datetime.date(2024, 4, 1), datetime.date(2024, 6, 30), datetime.date(2024, 7, 10))
    year = plan.reporting_periods.get(kind=ReportingPeriod.Kind.ANNUAL)
    assert year.due_date == datetime.date(2025, 1, 10)


@pytest.mark.django_db
def test_default_periods_are_idempotent_and_due_days_configurable(plan):
    assert services.periods_create_defaults(plan=plan, due_days=20) == []
    assert plan.reporting_periods.count() == 6
    from plans.tests.factories import PlanFactory

    other = PlanFactory(year=2025)
    services.periods_create_defaults(plan=other, due_days=20)
    assert other.reporting_periods.get(label="Quý I/2025").due_date == datetime.date(2025, 4, 20)


@pytest.mark.django_db
def test_default_periods_reject_absurd_due_days(plan):
    with pytest.raises(ValidationError):
        services.periods_create_defaults(plan=plan, due_days=400)


@pytest.mark.django_db
def test_period_end_before_start_is_rejected(plan, planner):
    with pytest.raises(ValidationError) as error:
        services.period_create(
            plan=plan, by=planner, kind="other", label="Sai",
            start=datetime.date(2024, 5, 1), end=datetime.date(2024, 4, 1), due_date=datetime.date(2024, 5, 10),
        )
    assert "end" in error.value.error_dict


@pytest.mark.django_db
def test_period_before_the_plans_year_is_refused(plan, planner):
    with pytest.raises(ValidationError) as error:
        services.period_create(
            plan=plan, by=planner, kind="other", label="Ngoài năm",
            start=datetime.date(2023, 10, 1), end=datetime.date(2023, 12, 31), due_date=datetime.date(2024, 1, 10),
        )
    message = error.value.error_dict["start"][0].messages[0]
    assert message.startswith(f"Kỳ báo cáo không được kết thúc trước năm của kế hoạch ({plan.year})")
    assert not plan.reporting_periods.filter(label="Ngoài năm").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "end"), [((2023, 12, 15), (2024, 1, 14)), ((2025, 1, 1), (2025, 3, 31))])
def test_period_reaching_into_or_after_the_plans_year_is_accepted(plan, planner, start, end):
    """Tasks may run past their plan's year (multi-year agreement plans report on later years)."""
    period = services.period_create(
        plan=plan, by=planner, kind="other", label="Chuyển tiếp",
        start=datetime.date(*start), end=datetime.date(*end), due_date=datetime.date(*end),
    )
    assert period.pk


@pytest.mark.django_db
def test_period_with_reports_cannot_be_deleted(q1, lead_assignment, planner):
    ProgressReportFactory(assignment=lead_assignment, period=q1)
    with pytest.raises(ValidationError):
        services.period_delete(period=q1, by=planner)
    assert ReportingPeriod.objects.filter(pk=q1.pk).exists()


@pytest.mark.django_db
def test_period_update_conflicts_when_someone_saved_first(q1, planner):
    services.period_update(period=q1, expected_version=0, changes={"due_date": datetime.date(2024, 4, 15)}, by=planner)
    with pytest.raises(EditConflict):
        services.period_update(period=q1, expected_version=0, changes={"due_date": datetime.date(2024, 4, 20)}, by=planner)
    q1.refresh_from_db()
    assert q1.due_date == datetime.date(2024, 4, 15)


# --- Drafts and submission -----------------------------------------------------------------------


@pytest.mark.django_db
def test_officer_creates_draft_with_unit_snapshot_and_event(officer, lead_assignment, q1):
    report = services.report_save_draft(
        by=officer, assignment=lead_assignment, period=q1, changes={"progress": 30, "results": "Đang chuẩn bị"}
    )
    assert report.status == ProgressReport.Status.DRAFT
    assert report.unit == lead_assignment.unit
    assert report.created_by == officer
    assert list(report.events.values_list("action", flat=True)) == [ReportEvent.Action.SAVED]


@pytest.mark.django_db
def test_second_draft_for_same_period_is_a_conflict(officer, lead_assignment, q1):
    services.report_save_draft(by=officer, assignment=lead_assignment, period=q1, changes={"progress": 30})
    with pytest.raises(EditConflict):
        services.report_save_draft(by=officer, assignment=lead_assignment, period=q1, changes={"progress": 50})


@pytest.mark.django_db
def test_two_editors_of_a_draft_get_a_conflict_not_an_overwrite(officer, lead_assignment, q1):
    report = services.report_save_draft(by=officer, assignment=lead_assignment, period=q1, changes={"progress": 30})
    services.report_save_draft(by=officer, report=report, expected_version=0, changes={"progress": 50})
    with pytest.raises(EditConflict):
        services.report_save_draft(by=officer, report=report, expected_version=0, changes={"progress": 70})
    report.refresh_from_db()
    assert report.progress == 50


@pytest.mark.parametrize("role", [User.Role.CENTRAL_PLANNER, User.Role.LEADERSHIP])
@pytest.mark.django_db
def test_central_staff_cannot_write_a_units_report(make_user, role, lead_assignment, q1):
    with pytest.raises(PermissionDenied):
        services.report_save_draft(by=make_user(role), assignment=lead_assignment, period=q1, changes={"progress": 10})


@pytest.mark.django_db
def test_central_planner_cannot_change_a_units_draft(planner, officer, lead_assignment, q1):
    report = services.report_save_draft(by=officer, assignment=lead_assignment, period=q1, changes={"progress": 30})
    with pytest.raises(PermissionDenied):
        services.report_save_draft(by=planner, report=report, expected_version=report.lock_version, changes={"progress": 90})


@pytest.mark.django_db
def test_coordinating_unit_cannot_write_lead_units_report(other_officer, lead_assignment, q1):
    with pytest.raises(PermissionDenied):
        services.report_save_draft(by=other_officer, assignment=lead_assignment, period=q1, changes={"progress": 10})


@pytest.mark.django_db
def test_submit_requires_results(officer, lead_assignment, q1):
    report = ProgressReportFactory(assignment=lead_assignment, period=q1, results="  ")
    with pytest.raises(ValidationError) as error:
        services.report_submit(report=report, by=officer, expected_version=report.lock_version)
    assert "results" in error.value.error_dict


@pytest.mark.django_db
def test_done_work_must_be_at_100_percent(officer, lead_assignment, q1):
    with pytest.raises(ValidationError) as error:
        services.report_save_draft(
            by=officer, assignment=lead_assignment, period=q1, changes={"work_status": Task.Status.DONE, "progress": 80}
        )
    assert "progress" in error.value.error_dict


@pytest.mark.django_db
def test_late_submission_is_accepted_and_marked_late(officer, lead_assignment, q1):
    report = ProgressReportFactory(assignment=lead_assignment, period=q1)
    report = services.report_submit(report=report, by=officer, expected_version=report.lock_version)
    assert report.status == ProgressReport.Status.SUBMITTED
    assert report.submitted_by == officer
    assert report.is_late  # Q1 2024 was due on 10/04/2024
    assert report.events.filter(action=ReportEvent.Action.SUBMITTED).exists()


# --- Review ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_return_requires_a_comment(planner, officer, lead_assignment, q1):
    report = submitted_report(lead_assignment, q1, by=officer)
    with pytest.raises(ValidationError) as error:
        services.report_return(report=report, by=planner, comment="  ", expected_version=report.lock_version)
    assert "comment" in error.value.error_dict


@pytest.mark.django_db
def test_return_then_resubmit_keeps_first_submission_time(planner, officer, lead_assignment, q1):
    first = local(2024, 4, 5)
    report = submitted_report(lead_assignment, q1, by=officer, at=first)
    report = services.report_return(report=report, by=planner, comment="Bổ sung số liệu", expected_version=report.lock_version)
    assert report.status == ProgressReport.Status.RETURNED
    assert report.review_comment == "Bổ sung số liệu"
    report = services.report_save_draft(by=officer, report=report, expected_version=report.lock_version, changes={"progress": 45})
    assert report.status == ProgressReport.Status.RETURNED
    report = services.report_submit(report=report, by=officer, expected_version=report.lock_version)
    assert report.status == ProgressReport.Status.SUBMITTED
    assert report.first_submitted_at == first
    assert not report.is_late
    assert list(report.events.values_list("action", flat=True)) == ["returned", "saved", "resubmitted"]


@pytest.mark.django_db
def test_officer_cannot_review(officer, lead_assignment, q1):
    report = submitted_report(lead_assignment, q1, by=officer)
    with pytest.raises(PermissionDenied):
        services.report_approve(report=report, by=officer, expected_version=report.lock_version)


@pytest.mark.django_db
def test_leadership_cannot_review(leader, officer, lead_assignment, q1):
    report = submitted_report(lead_assignment, q1, by=officer)
    with pytest.raises(PermissionDenied):
        services.report_return(report=report, by=leader, comment="x", expected_version=report.lock_version)


@pytest.mark.django_db
def test_draft_cannot_be_approved(planner, lead_assignment, q1):
    report = ProgressReportFactory(assignment=lead_assignment, period=q1)
    with pytest.raises(ValidationError):
        services.report_approve(report=report, by=planner, expected_version=report.lock_version)


@pytest.mark.django_db
def test_two_reviewers_get_a_conflict(planner, make_user, officer, lead_assignment, q1):
    second = make_user(User.Role.CENTRAL_PLANNER, username="second-planner")
    report = submitted_report(lead_assignment, q1, by=officer)
    seen = report.lock_version
    services.report_approve(report=report, by=planner, expected_version=seen)
    with pytest.raises(EditConflict):
        services.report_return(report=report, by=second, comment="Sai", expected_version=seen)
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.APPROVED


@pytest.mark.django_db
def test_approved_report_is_locked(planner, officer, lead_assignment, q1):
    report = submitted_report(lead_assignment, q1, by=officer)
    report = services.report_approve(report=report, by=planner, expected_version=report.lock_version)
    with pytest.raises(ValidationError):
        services.report_save_draft(by=officer, report=report, expected_version=report.lock_version, changes={"progress": 1})
    with pytest.raises(ValidationError):
        services.attachment_add(report=report, upload=pdf_upload(), by=officer)
    with pytest.raises(ValidationError):
        services.report_return(report=report, by=planner, comment="x", expected_version=report.lock_version)


@pytest.mark.django_db
def test_approving_lead_report_sets_task_progress(planner, officer, task, lead_assignment, q1):
    report = submitted_report(lead_assignment, q1, by=officer, progress=35)
    services.report_approve(report=report, by=planner, expected_version=report.lock_version)
    task.refresh_from_db()
    assert (task.progress, task.status) == (35, Task.Status.IN_PROGRESS)


@pytest.mark.django_db
def test_approving_done_lead_report_marks_task_done(planner, officer, task, lead_assignment, plan):
    year = plan.reporting_periods.get(kind=ReportingPeriod.Kind.ANNUAL)
    report = submitted_report(lead_assignment, year, by=officer, progress=100, work_status=Task.Status.DONE)
    services.report_approve(report=report, by=planner, expected_version=report.lock_version)
    task.refresh_from_db()
    assert (task.progress, task.status) == (100, Task.Status.DONE)


@pytest.mark.django_db
def test_coordinating_report_does_not_drive_task(planner, other_officer, task, coordinating_assignment, q1):
    report = submitted_report(coordinating_assignment, q1, by=other_officer, progress=90)
    services.report_approve(report=report, by=planner, expected_version=report.lock_version)
    task.refresh_from_db()
    assert task.progress == 0


@pytest.mark.django_db
def test_approving_an_older_period_does_not_roll_progress_back(planner, officer, task, lead_assignment, plan, q1):
    q2 = plan.reporting_periods.get(label="Quý II/2024")
    newer = submitted_report(lead_assignment, q2, by=officer, progress=60)
    services.report_approve(report=newer, by=planner, expected_version=newer.lock_version)
    older = submitted_report(lead_assignment, q1, by=officer, progress=20)
    services.report_approve(report=older, by=planner, expected_version=older.lock_version)
    task.refresh_from_db()
    assert task.progress == 60


@pytest.mark.django_db
def test_approving_report_of_cancelled_task_leaves_task_cancelled(planner, officer, task, lead_assignment, q1):
    report = submitted_report(lead_assignment, q1, by=officer, progress=50)
    Task.objects.filter(pk=task.pk).update(status=Task.Status.CANCELLED)
    services.report_approve(report=report, by=planner, expected_version=report.lock_version)
    task.refresh_from_db()
    assert task.status == Task.Status.CANCELLED


# --- Notifications ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reporter_is_emailed_in_vietnamese_when_returned(
    planner, officer, lead_assignment, q1, mailoutbox, django_capture_on_commit_callbacks
):
    report = submitted_report(lead_assignment, q1, by=officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(report=report, by=planner, comment="Thiếu biên bản", expected_version=report.lock_version)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [officer.email]
    assert "trả lại" in mail.subject
    assert "Thiếu biên bản" in mail.body
    html, mime = mail.alternatives[0]
    assert mime == "text/html"
    assert f"/reports/{report.pk}/" in html
    assert ReportEvent.objects.get(action="returned").notified_at is not None


@pytest.mark.django_db
def test_reporter_is_emailed_when_approved_and_never_twice(
    planner, officer, lead_assignment, q1, mailoutbox, django_capture_on_commit_callbacks
):
    from reports.tasks import notify_reporter

    report = submitted_report(lead_assignment, q1, by=officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_approve(report=report, by=planner, expected_version=report.lock_version)
    assert len(mailoutbox) == 1
    assert "đã được duyệt" in mailoutbox[0].subject
    notify_reporter(event_id=ReportEvent.objects.get(action="approved").pk)
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_no_email_is_sent_for_a_submission(officer, lead_assignment, q1, mailoutbox, django_capture_on_commit_callbacks):
    report = ProgressReportFactory(assignment=lead_assignment, period=q1)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(report=report, by=officer, expected_version=report.lock_version)
    assert mailoutbox == []


# --- Evidence --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_attachment_is_stored_privately_with_detected_type(officer, lead_assignment, q1, settings):
    report = ProgressReportFactory(assignment=lead_assignment, period=q1)
    attachment = services.attachment_add(report=report, upload=pdf_upload("Biên bản.pdf"), by=officer)
    assert attachment.content_type == "application/pdf"
    assert attachment.original_name == "Biên bản.pdf"
    assert attachment.file.name.startswith("reports/") and "Biên" not in attachment.file.name
    assert attachment.file.path.startswith(str(settings.MEDIA_ROOT))
    assert report.events.filter(action=ReportEvent.Action.ATTACHED).exists()


@pytest.mark.django_db
def test_removed_attachment_is_kept_but_hidden(officer, lead_assignment, q1):
    from reports.models import ReportAttachment

    report = ProgressReportFactory(assignment=lead_assignment, period=q1)
    attachment = services.attachment_add(report=report, upload=pdf_upload(), by=officer)
    services.attachment_remove(attachment=attachment, by=officer)
    assert ReportAttachment.objects.filter(pk=attachment.pk).exists()
    assert not ReportAttachment.objects.visible_to(officer).filter(pk=attachment.pk).exists()


# --- The report form's one service ---------------------------------------------------------------------


def stored_files(settings):
    root = settings.MEDIA_ROOT / "reports"
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.mark.django_db
def test_report_save_creates_attaches_and_submits_in_one_go(officer, lead_assignment, q1):
    report = services.report_save(
        by=officer, assignment=lead_assignment, period=q1, data={"progress": 60, "results": "Đã ký biên bản"},
        uploads=[pdf_upload("a.pdf"), pdf_upload("b.pdf")], submit=True,
    )
    report.refresh_from_db()
    assert (report.status, report.progress, report.submitted_by) == (ProgressReport.Status.SUBMITTED, 60, officer)
    assert sorted(report.attachments.values_list("original_name", flat=True)) == ["a.pdf", "b.pdf"]
    assert list(report.events.values_list("action", flat=True)) == ["saved", "attached", "attached", "submitted"]
    assert {h.history_user for h in report.history.all()} == {officer}
    assert {a.history.get().history_user for a in report.attachments.all()} == {officer}


@pytest.mark.django_db
def test_report_save_updates_a_draft_without_submitting(officer, lead_assignment, q1):
    report = ProgressReportFactory(assignment=lead_assignment, period=q1)
    saved = services.report_save(by=officer, report=report, expected_version=report.lock_version, data={"progress": 75})
    assert (saved.status, saved.progress, saved.lock_version) == (ProgressReport.Status.DRAFT, 75, 1)
    assert saved.history.first().history_user == officer


@pytest.mark.django_db
def test_report_save_keeps_nothing_when_the_submission_fails(officer, lead_assignment, q1, settings):
    with pytest.raises(ValidationError) as error:
        services.report_save(
            by=officer, assignment=lead_assignment, period=q1, data={"progress": 10, "results": " "},
            uploads=[pdf_upload()], submit=True,
        )
    assert "results" in error.value.error_dict
    assert not ProgressReport.objects.exists()
    assert not ReportEvent.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_report_save_keeps_nothing_when_a_file_is_refused(officer, lead_assignment, q1, settings):
    with pytest.raises(ValidationError):
        services.report_save(
            by=officer, assignment=lead_assignment, period=q1, data={"results": "Có"},
            uploads=[pdf_upload("a.pdf"), pdf_upload("b.pdf", b"MZ\x90\x00 windows program")], submit=True,
        )
    assert not ProgressReport.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_report_save_on_a_stale_version_is_a_conflict_and_changes_nothing(officer, lead_assignment, q1):
    report = ProgressReportFactory(assignment=lead_assignment, period=q1, progress=40)
    services.report_save(by=officer, report=report, expected_version=0, data={"progress": 50})
    with pytest.raises(EditConflict):
        services.report_save(
            by=officer, report=report, expected_version=0, data={"progress": 90}, uploads=[pdf_upload()], submit=True
        )
    report.refresh_from_db()
    assert (report.progress, report.status, report.attachments.count()) == (50, ProgressReport.Status.DRAFT, 0)


@pytest.mark.parametrize("role", [User.Role.CENTRAL_PLANNER, User.Role.LEADERSHIP, User.Role.ADMINISTRATOR])
@pytest.mark.django_db
def test_report_save_refuses_central_staff(make_user, role, officer, lead_assignment, q1):
    user = make_user(role)
    with pytest.raises(PermissionDenied):
        services.report_save(by=user, assignment=lead_assignment, period=q1, data={"results": "x"}, submit=True)
    report = ProgressReportFactory(assignment=lead_assignment, period=q1)
    with pytest.raises(PermissionDenied):
        services.report_save(by=user, report=report, expected_version=0, data={"progress": 99})
    report.refresh_from_db()
    assert report.progress == 40


@pytest.mark.django_db
def test_report_save_refuses_another_units_officer(other_officer, lead_assignment, q1):
    with pytest.raises(PermissionDenied):
        services.report_save(by=other_officer, assignment=lead_assignment, period=q1, data={"results": "x"})
    assert not ProgressReport.objects.exists()


# --- Who sets up periods ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [User.Role.UNIT_OFFICER, User.Role.LEADERSHIP])
@pytest.mark.django_db
def test_only_planners_change_periods(make_user, role, plan, q1):
    user = make_user(role)
    with pytest.raises(PermissionDenied):
        services.period_create(
            plan=plan, by=user, kind="other", label="Thêm", start=datetime.date(2024, 5, 1),
            end=datetime.date(2024, 5, 31), due_date=datetime.date(2024, 6, 5),
        )
    with pytest.raises(PermissionDenied):
        services.period_update(period=q1, expected_version=0, changes={"due_date": datetime.date(2024, 4, 30)}, by=user)
    with pytest.raises(PermissionDenied):
        services.period_delete(period=q1, by=user)
    with pytest.raises(PermissionDenied):
        services.periods_create_defaults(plan=plan, by=user)
    q1.refresh_from_db()
    assert q1.due_date == datetime.date(2024, 4, 10)
    assert plan.reporting_periods.count() == 6


@pytest.mark.django_db
def test_periods_of_a_closed_plan_cannot_change(planner, plan, q1):
    from plans.models import Plan

    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.CLOSED)
    q1.refresh_from_db()
    with pytest.raises(ValidationError):
        services.period_update(period=q1, expected_version=0, changes={"due_date": datetime.date(2024, 4, 30)}, by=planner)
    with pytest.raises(ValidationError):
        services.period_delete(period=q1, by=planner)


@pytest.mark.django_db
def test_deleting_a_period_records_who_did_it(planner, plan):
    from reports.tests.factories import ReportingPeriodFactory

    period = ReportingPeriodFactory(plan=plan, label="Nhầm")
    pk = period.pk
    services.period_delete(period=period, by=planner)
    assert not ReportingPeriod.objects.filter(pk=pk).exists()
    deletion = ReportingPeriod.history.filter(id=pk).latest("history_date")
    assert (deletion.history_type, deletion.history_user) == ("-", planner)
