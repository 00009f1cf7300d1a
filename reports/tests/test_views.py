import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import User
from accounts.tests.factories import UnitFactory
from plans.models import Task
from plans.tests.factories import TaskFactory
from reports import services
from reports.models import ProgressReport, ReportAttachment, ReportingPeriod
from reports.tests.factories import PDF_BYTES, ProgressReportFactory, pdf_upload, submitted_report


def period(plan, label):
    return plan.reporting_periods.get(label=label)


def approved_report(assignment, period, *, by=None, reviewer=None, at=None, **fields):
    at = at or timezone.now()
    return ProgressReportFactory(
        assignment=assignment, period=period, status=ProgressReport.Status.APPROVED,
        first_submitted_at=at, submitted_at=at, submitted_by=by, reviewed_at=at, reviewed_by=reviewer, **fields,
    )


# --- The officer's work list ----------------------------------------------------------------------


@pytest.mark.django_db
def test_work_list_shows_returned_first_then_due_then_rest(client, officer, planner, lead_assignment, plan):
    q2 = period(plan, "Quý II/2024")
    returned = submitted_report(lead_assignment, q2, by=officer)
    services.report_return(report=returned, by=planner, comment="Bổ sung số liệu", expected_version=returned.lock_version)
    approved_report(lead_assignment, period(plan, "Quý I/2024"), by=officer, reviewer=planner)
    client.force_login(officer)
    response = client.get(reverse("reports:report_list"))
    items = response.context["items"]
    assert items[0].report.pk == returned.pk
    assert [item.group_name for item in items] == ["returned", "due", "due", "due", "due"]
    assert all(item.report is None for item in items[1:])
    assert "Quý I/2024" not in [item.period.label for item in items]  # approved and past: not current work
    html = response.content.decode()
    assert html.index("Bị trả lại để chỉnh sửa") < html.index("Đến hạn và quá hạn")
    assert "Bổ sung số liệu" in html


@pytest.mark.django_db
def test_work_list_can_show_everything(client, officer, planner, lead_assignment, plan):
    approved_report(lead_assignment, period(plan, "Quý I/2024"), by=officer, reviewer=planner)
    client.force_login(officer)
    items = client.get(reverse("reports:report_list"), {"everything": "on"}).context["items"]
    assert "Quý I/2024" in [item.period.label for item in items]


@pytest.mark.django_db
def test_work_list_tells_the_officer_of_recent_approval(client, officer, planner, lead_assignment, q1):
    approved_report(lead_assignment, q1, by=officer, reviewer=planner)
    client.force_login(officer)
    news = list(client.get(reverse("reports:report_list")).context["news"])
    assert [report.status for report in news] == [ProgressReport.Status.APPROVED]


@pytest.mark.django_db
def test_work_list_leaves_out_other_units_work(client, other_officer, lead_assignment, plan):
    client.force_login(other_officer)
    items = client.get(reverse("reports:report_list")).context["items"]
    assert {item.assignment.unit_id for item in items} == {other_officer.unit_id}


@pytest.mark.django_db
def test_work_list_excel_export(client, officer, lead_assignment):
    client.force_login(officer)
    response = client.get(reverse("reports:report_list"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet["A1"].value == "Kế hoạch"
    assert sheet.max_row == 1 + 6
    assert isinstance(sheet["E2"].value, datetime.datetime)


# --- Writing a report ------------------------------------------------------------------------------


def report_data(**overrides):
    data = {
        "work_status": Task.Status.IN_PROGRESS, "progress": "40", "results": "Đã tổ chức hội nghị",
        "difficulties_and_proposals": "", "amount_spent": "15000000",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_officer_saves_a_draft_then_submits_with_a_file(client, officer, lead_assignment, q1):
    client.force_login(officer)
    url = reverse("reports:report_create", args=[lead_assignment.pk, q1.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {**report_data(), "save": ""})
    report = ProgressReport.objects.get()
    assert response.url == reverse("reports:report_edit", args=[report.pk])
    assert report.status == ProgressReport.Status.DRAFT
    data = {**report_data(progress="55"), "lock_version": report.lock_version, "attachment": pdf_upload(), "submit": ""}
    response = client.post(response.url, data)
    report.refresh_from_db()
    assert response.url == report.get_absolute_url()
    assert (report.status, report.progress) == (ProgressReport.Status.SUBMITTED, 55)
    assert report.attachments.get().original_name == "bien-ban.pdf"
    page = client.get(report.get_absolute_url()).content.decode()
    assert "trễ hạn" in page  # Q1 2024 was due on 10/04/2024


@pytest.mark.django_db
def test_bad_file_keeps_the_form_and_saves_nothing(client, officer, lead_assignment, q1):
    client.force_login(officer)
    url = reverse("reports:report_create", args=[lead_assignment.pk, q1.pk])
    fake = pdf_upload("chuong-trinh.pdf", b"MZ\x90\x00 windows program")
    response = client.post(url, {**report_data(), "attachment": fake, "submit": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["attachment"]
    assert 'value="Đã tổ chức hội nghị"' in response.content.decode() or "Đã tổ chức hội nghị" in response.content.decode()
    assert not ProgressReport.objects.exists()


@pytest.mark.django_db
def test_submit_without_results_is_a_form_error(client, officer, lead_assignment, q1):
    client.force_login(officer)
    url = reverse("reports:report_create", args=[lead_assignment.pk, q1.pk])
    response = client.post(url, {**report_data(results=""), "submit": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["results"]
    assert not ProgressReport.objects.exists()


@pytest.mark.django_db
def test_stale_edit_shows_a_conflict_and_keeps_the_other_change(client, officer, lead_assignment, q1):
    report = ProgressReportFactory(assignment=lead_assignment, period=q1)
    services.report_save_draft(by=officer, report=report, expected_version=0, changes={"progress": 70})
    client.force_login(officer)
    response = client.post(
        reverse("reports:report_edit", args=[report.pk]), {**report_data(progress="10"), "lock_version": 0, "save": ""}
    )
    assert response.status_code == 200
    assert response.context["conflict"] is not None
    report.refresh_from_db()
    assert report.progress == 70


@pytest.mark.django_db
def test_create_url_of_an_existing_report_goes_to_its_form(client, officer, lead_assignment, q1):
    report = ProgressReportFactory(assignment=lead_assignment, period=q1)
    client.force_login(officer)
    response = client.get(reverse("reports:report_create", args=[lead_assignment.pk, q1.pk]))
    assert response.url == reverse("reports:report_edit", args=[report.pk])


@pytest.mark.django_db
def test_period_of_another_plan_is_not_found(client, officer, lead_assignment):
    from reports.tests.factories import ReportingPeriodFactory

    stray = ReportingPeriodFactory()
    client.force_login(officer)
    assert client.get(reverse("reports:report_create", args=[lead_assignment.pk, stray.pk])).status_code == 404


@pytest.mark.django_db
def test_approved_report_cannot_be_edited(client, officer, planner, lead_assignment, q1):
    report = approved_report(lead_assignment, q1, by=officer, reviewer=planner)
    client.force_login(officer)
    response = client.get(reverse("reports:report_edit", args=[report.pk]))
    assert response.url == report.get_absolute_url()


@pytest.mark.parametrize("role", [User.Role.CENTRAL_PLANNER, User.Role.LEADERSHIP, User.Role.ADMINISTRATOR])
@pytest.mark.django_db
def test_central_staff_cannot_post_report_text(client, make_user, role, officer, lead_assignment, q1):
    report = ProgressReportFactory(assignment=lead_assignment, period=q1, results="Bản gốc")
    client.force_login(make_user(role))
    response = client.post(reverse("reports:report_edit", args=[report.pk]), {**report_data(results="Sửa"), "lock_version": 0})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.results == "Bản gốc"


@pytest.mark.django_db
def test_other_unit_officer_cannot_reach_a_report_or_its_file(client, other_officer, officer, lead_assignment, q1):
    report = submitted_report(lead_assignment, q1, by=officer)
    attachment = ReportAttachment.objects.create(
        report=report, original_name="a.pdf", content_type="application/pdf", size=1, uploaded_by=officer, file="reports/x.pdf"
    )
    client.force_login(other_officer)
    assert client.get(report.get_absolute_url()).status_code == 404
    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert client.post(reverse("reports:report_submit", args=[report.pk]), {"lock_version": 0}).status_code == 404


# --- Evidence download -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_attachment_is_served_as_a_download(client, officer, planner, lead_assignment, q1):
    report = ProgressReportFactory(assignment=lead_assignment, period=q1)
    attachment = services.attachment_add(report=report, upload=pdf_upload("Biên bản họp.pdf"), by=officer)
    client.force_login(planner)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF_BYTES


@pytest.mark.django_db
def test_pdf_evidence_opens_in_the_report_page_sandboxed(client, officer, planner, lead_assignment, q1):
    report = ProgressReportFactory(assignment=lead_assignment, period=q1)
    attachment = services.attachment_add(report=report, upload=pdf_upload("Biên bản họp.pdf"), by=officer)
    client.force_login(planner)
    inline = client.get(attachment.get_absolute_url(), {"view": "inline"})
    assert inline["Content-Disposition"].startswith("inline;")
    assert inline["Content-Security-Policy"] == "sandbox" and inline["X-Content-Type-Options"] == "nosniff"
    page = client.get(report.get_absolute_url()).content.decode()
    assert f'<iframe class="document-frame" src="{attachment.get_absolute_url()}?view=inline"' in page


@pytest.mark.django_db
def test_removed_attachment_is_not_found(client, officer, lead_assignment, q1):
    report = ProgressReportFactory(assignment=lead_assignment, period=q1)
    attachment = services.attachment_add(report=report, upload=pdf_upload(), by=officer)
    client.force_login(officer)
    response = client.post(reverse("reports:attachment_remove", args=[attachment.pk]))
    assert response.status_code == 302
    assert client.get(attachment.get_absolute_url()).status_code == 404


# --- Review queue ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_review_queue_starts_with_reports_awaiting_review(client, planner, officer, lead_assignment, coordinating_assignment, q1):
    waiting = submitted_report(lead_assignment, q1, by=officer)
    ProgressReportFactory(assignment=coordinating_assignment, period=q1)
    client.force_login(planner)
    response = client.get(reverse("reports:report_list"))
    assert [r.pk for r in response.context["page_obj"]] == [waiting.pk]
    assert client.get(reverse("reports:report_list"), {"status": ""}).context["page_obj"].paginator.count == 2


@pytest.mark.django_db
def test_review_queue_filters_by_plan_period_unit_and_search(
    client, planner, officer, lead_assignment, coordinating_assignment, plan, q1
):
    mine = submitted_report(lead_assignment, q1, by=officer)
    theirs = submitted_report(coordinating_assignment, period(plan, "Quý II/2024"))
    client.force_login(planner)
    url = reverse("reports:report_list")

    def found(**params):
        return [r.pk for r in client.get(url, params).context["page_obj"]]

    assert found(plan=plan.pk) == [mine.pk, theirs.pk]
    assert found(period=q1.pk) == [mine.pk]
    assert found(unit=coordinating_assignment.unit_id) == [theirs.pk]
    assert found(q=lead_assignment.unit.code.lower()) == [mine.pk]


@pytest.mark.django_db
def test_approve_from_the_list_moves_the_task(client, planner, officer, task, lead_assignment, q1):
    report = submitted_report(lead_assignment, q1, by=officer, progress=45)
    client.force_login(planner)
    queue = reverse("reports:report_list") + "?status=submitted"
    response = client.post(
        reverse("reports:report_approve", args=[report.pk]), {"lock_version": report.lock_version, "next": queue}
    )
    assert response.url == queue
    task.refresh_from_db()
    assert task.progress == 45


@pytest.mark.django_db
def test_return_without_comment_is_refused_with_a_message(client, planner, officer, lead_assignment, q1):
    report = submitted_report(lead_assignment, q1, by=officer)
    client.force_login(planner)
    response = client.post(
        reverse("reports:report_return", args=[report.pk]), {"lock_version": report.lock_version, "comment": " "}, follow=True
    )
    assert "Hãy nêu nội dung đơn vị cần chỉnh sửa." in response.content.decode()
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED


@pytest.mark.django_db
def test_second_reviewer_is_told_of_the_conflict(client, planner, officer, lead_assignment, q1):
    report = submitted_report(lead_assignment, q1, by=officer)
    seen = report.lock_version
    services.report_approve(report=report, by=planner, expected_version=seen)
    client.force_login(planner)
    response = client.post(
        reverse("reports:report_return", args=[report.pk]), {"lock_version": seen, "comment": "Sai"}, follow=True
    )
    assert "Người khác đã thay đổi báo cáo này trước" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.APPROVED


@pytest.mark.django_db
def test_leadership_reads_the_queue_without_review_buttons(client, leader, officer, lead_assignment, q1):
    submitted_report(lead_assignment, q1, by=officer)
    client.force_login(leader)
    response = client.get(reverse("reports:report_list"), {"status": ""})
    assert response.context["page_obj"].paginator.count == 1
    assert "Duyệt" not in response.content.decode()


@pytest.mark.django_db
def test_review_queue_excel_has_dates_and_vietnamese_headers(client, planner, officer, lead_assignment, q1):
    submitted_report(lead_assignment, q1, by=officer)
    client.force_login(planner)
    response = client.get(reverse("reports:report_list"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet["C1"].value == "Đơn vị"
    assert sheet.max_row == 2
    assert isinstance(sheet["F2"].value, datetime.datetime)


def _queue_world(plan, n_units, officer):
    for _ in range(n_units):
        task = TaskFactory(objective__plan=plan, lead=UnitFactory())
        submitted_report(task.assignments.get(), plan.reporting_periods.first(), by=officer)


@pytest.mark.django_db
def test_review_queue_query_count_is_constant(client, planner, officer, plan):
    client.force_login(planner)
    url = reverse("reports:report_list")
    _queue_world(plan, 1, officer)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    _queue_world(plan, 59, officer)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.context["page_obj"].paginator.count == 60
    assert len(one) == len(many)


# --- Completeness --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_completeness_counts_on_time_late_and_missing(
    client, planner, officer, lead_assignment, coordinating_assignment, plan, q1
):
    on_time = timezone.make_aware(datetime.datetime(2024, 4, 8, 9))
    approved_report(lead_assignment, q1, by=officer, reviewer=planner, at=on_time)
    submitted_report(coordinating_assignment, q1, at=timezone.make_aware(datetime.datetime(2024, 4, 20, 9)))
    ProgressReportFactory(assignment=lead_assignment, period=period(plan, "Quý II/2024"))  # a draft: still missing
    client.force_login(planner)
    table = client.get(reverse("reports:completeness"), {"plan": plan.pk}).context["table"]
    q1_index = table.periods.index(q1)
    lead_row = next(row for row in table.rows if row.unit == lead_assignment.unit)
    cell = lead_row.cells[q1_index]
    assert (cell.expected, cell.submitted, cell.on_time, cell.late, cell.missing) == (1, 1, 1, 0, 0)
    assert lead_row.total.expected == 6 and lead_row.total.missing == 5
    column = table.totals[q1_index]
    assert (column.expected, column.submitted, column.on_time, column.late) == (2, 2, 1, 1)
    assert table.total.expected == 12


@pytest.mark.parametrize(("language", "expected"), [
    ("vi", ['<span class="fw-semibold">3/5</span>', ">1 đúng hạn<", ">2 trễ hạn<", ">1 thiếu<", ">1 chưa đến hạn<"]),
    ("en", ['<span class="fw-semibold">3/5</span>', ">1 on time<", ">2 late<", ">1 missing<", ">1 not yet due<"]),
])
def test_a_completeness_cell_writes_itself_in_the_language_shown(language, expected):
    from django.template import Context, Template
    from django.utils import translation

    from reports.completeness import Cell

    with translation.override(language):
        html = Template("{{ cell }} {{ empty }}").render(Context({"cell": Cell(5, 3, 2, 1), "empty": Cell()}))
    assert all(part in html for part in expected), html
    assert html.endswith('<span class="text-body-secondary">—</span>')


@pytest.mark.django_db
def test_officer_sees_only_own_unit_row(client, officer, lead_assignment, coordinating_assignment, plan):
    client.force_login(officer)
    table = client.get(reverse("reports:completeness"), {"plan": plan.pk}).context["table"]
    assert [row.unit for row in table.rows] == [officer.unit]


@pytest.mark.django_db
def test_completeness_of_an_invisible_plan_is_not_found(client, make_user, task, plan):
    client.force_login(make_user(User.Role.UNIT_OFFICER, UnitFactory()))
    assert client.get(reverse("reports:completeness"), {"plan": plan.pk}).status_code == 404


@pytest.mark.django_db
def test_completeness_excel_export(client, planner, task, plan):
    client.force_login(planner)
    response = client.get(reverse("reports:completeness"), {"plan": plan.pk, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert [cell.value for cell in sheet[1]][:5] == ["Mã đơn vị", "Đơn vị", "Kỳ báo cáo", "Hạn nộp", "Phải nộp"]
    # 2 units × (6 periods + total) + 6 period totals + grand total
    assert sheet.max_row == 1 + 2 * 7 + 6 + 1
    assert sheet.cell(row=sheet.max_row, column=5).value == 12


def _units_with_reports(plan, n):
    q1 = plan.reporting_periods.get(label="Quý I/2024")
    for _ in range(n):
        task = TaskFactory(objective__plan=plan, lead=UnitFactory())
        submitted_report(task.assignments.get(), q1)


@pytest.mark.django_db
def test_completeness_query_count_is_constant_for_1_and_60_units(client, planner, plan):
    client.force_login(planner)
    url = reverse("reports:completeness")
    _units_with_reports(plan, 1)
    client.get(url, {"plan": plan.pk})
    with CaptureQueriesContext(connection) as one:
        client.get(url, {"plan": plan.pk})
    _units_with_reports(plan, 59)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"plan": plan.pk})
    assert len(response.context["table"].rows) == 60
    assert len(one) == len(many)


# --- Reporting periods ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_planner_adds_a_period_typed_day_first(client, planner, plan):
    client.force_login(planner)
    response = client.post(
        reverse("reports:period_create", args=[plan.pk]),
        {"kind": "other", "label": "Đợt kiểm tra giữa kỳ", "start": "01/05/2024", "end": "15/05/2024", "due_date": "20/05/2024"},
    )
    assert response.status_code == 302
    added = plan.reporting_periods.get(label="Đợt kiểm tra giữa kỳ")
    assert (added.start, added.due_date) == (datetime.date(2024, 5, 1), datetime.date(2024, 5, 20))


@pytest.mark.django_db
def test_duplicate_period_label_is_a_form_error(client, planner, plan):
    client.force_login(planner)
    response = client.post(
        reverse("reports:period_create", args=[plan.pk]),
        {"kind": "quarter", "label": "Quý I/2024", "start": "01/01/2024", "end": "31/03/2024", "due_date": "10/04/2024"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert plan.reporting_periods.filter(label="Quý I/2024").count() == 1


@pytest.mark.django_db
def test_planner_moves_a_due_date(client, planner, q1):
    client.force_login(planner)
    response = client.post(
        reverse("reports:period_edit", args=[q1.pk]),
        {"kind": "quarter", "label": q1.label, "start": "01/01/2024", "end": "31/03/2024", "due_date": "15/04/2024",
         "lock_version": q1.lock_version},
    )
    assert response.status_code == 302
    q1.refresh_from_db()
    assert q1.due_date == datetime.date(2024, 4, 15)


@pytest.mark.django_db
def test_planner_creates_default_periods_for_a_plan(client, planner):
    from plans.tests.factories import PlanFactory

    plan = PlanFactory(year=2025)
    client.force_login(planner)
    client.post(reverse("reports:period_defaults", args=[plan.pk]), {"due_days": "15"})
    assert plan.reporting_periods.count() == 6
    assert plan.reporting_periods.get(label="Quý I/2025").due_date == datetime.date(2025, 4, 15)


@pytest.mark.django_db
def test_officer_cannot_change_periods(client, officer, task, q1):
    client.force_login(officer)
    assert client.get(reverse("reports:period_list", args=[q1.plan_id])).status_code == 200
    assert client.post(reverse("reports:period_delete", args=[q1.pk])).status_code == 403
    assert ReportingPeriod.objects.filter(pk=q1.pk).exists()


# --- Fragments for other pages ---------------------------------------------------------------------


def render_task_reports(task, user):
    from django.test import RequestFactory

    from reports.sections import task_reports_section

    request = RequestFactory().get(task.get_absolute_url())
    request.user = user
    return task_reports_section(request, task)


@pytest.mark.django_db
def test_task_reports_show_every_unit_to_central_staff(
    planner, officer, other_officer, task, lead_assignment, coordinating_assignment, q1
):
    submitted_report(lead_assignment, q1, by=officer, progress=33)
    submitted_report(coordinating_assignment, q1, by=other_officer, progress=77)
    html = render_task_reports(task, planner)
    assert "33 %" in html and "77 %" in html
    assert str(lead_assignment.unit) in html and str(coordinating_assignment.unit) in html


@pytest.mark.django_db
def test_task_reports_show_coordinating_units_to_the_lead_unit_only(
    officer, other_officer, task, lead_assignment, coordinating_assignment, q1
):
    submitted_report(lead_assignment, q1, by=officer, progress=33)
    submitted_report(coordinating_assignment, q1, by=other_officer, progress=77)
    lead_view = render_task_reports(task, officer)
    assert "33 %" in lead_view and "77 %" in lead_view
    coordinating_view = render_task_reports(task, other_officer)
    assert "77 %" in coordinating_view
    assert "33 %" not in coordinating_view
    assert str(lead_assignment.unit) not in coordinating_view


def _task_with_reports(plan, q1, n_units):
    units = [UnitFactory() for _ in range(n_units)]
    task = TaskFactory(objective__plan=plan, lead=units[0], coordinating=units[1:])
    for assignment in task.assignments.all():
        submitted_report(assignment, q1)
    return task


@pytest.mark.django_db
def test_task_reports_query_count_is_constant(planner, plan, q1):
    small, large = _task_with_reports(plan, q1, 1), _task_with_reports(plan, q1, 20)
    render_task_reports(small, planner)  # warm the permission cache
    with CaptureQueriesContext(connection) as one:
        render_task_reports(small, planner)
    with CaptureQueriesContext(connection) as many:
        html = render_task_reports(large, planner)
    assert html.count("text-bg-info") == 20
    assert len(one) == len(many)


@pytest.mark.django_db
def test_work_list_query_count_is_constant(client, plan, make_user):
    unit = UnitFactory()
    officer = make_user(User.Role.UNIT_OFFICER, unit)
    client.force_login(officer)
    url = reverse("reports:report_list")
    TaskFactory(objective__plan=plan, lead=unit)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(20):
        task = TaskFactory(objective__plan=plan, lead=unit)
        submitted_report(task.assignments.get(), plan.reporting_periods.get(label="Quý IV/2024"))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.context["page_obj"].paginator.count > 100
    assert len(response.context["items"]) == 50  # a page
    assert len(one) == len(many)


@pytest.mark.django_db
def test_work_list_pages_keep_the_order_across_pages(client, plan, make_user):
    unit = UnitFactory()
    officer = make_user(User.Role.UNIT_OFFICER, unit)
    for _ in range(15):  # 15 tasks × the periods begun so far: more than one page
        TaskFactory(objective__plan=plan, lead=unit)
    client.force_login(officer)
    url = reverse("reports:report_list")
    first = client.get(url)
    second = client.get(url, {"page": 2})
    total = first.context["page_obj"].paginator.count
    assert total > 50
    rows = first.context["items"] + second.context["items"]
    assert len(rows) == min(total, 100)
    keys = [(item.group, item.period.due_date, item.assignment.task.position, item.assignment.pk) for item in rows]
    assert keys == sorted(keys)
    assert len({(item.assignment.pk, item.period.pk) for item in rows}) == len(rows)
    assert "page=2" in first.content.decode()


@pytest.mark.django_db
def test_recent_news_shows_the_latest_ten_returned_first(officer, planner, plan, unit):
    from reports.worklist import NEWS_ITEMS, recently_reviewed

    q4 = period(plan, "Quý IV/2024")
    for _ in range(NEWS_ITEMS + 2):
        approved_report(TaskFactory(objective__plan=plan, lead=unit).assignments.get(), q4, reviewer=planner)
    returned = submitted_report(TaskFactory(objective__plan=plan, lead=unit).assignments.get(), q4, by=officer)
    services.report_return(report=returned, by=planner, comment="Bổ sung", expected_version=returned.lock_version)
    news = list(recently_reviewed(officer))
    assert len(news) == NEWS_ITEMS
    assert news[0].pk == returned.pk


@pytest.mark.django_db
def test_report_inbox_lists_returned_reports_for_the_home_page(officer, planner, lead_assignment, q1):
    from django.template import Context, Template

    report = submitted_report(lead_assignment, q1, by=officer)
    services.report_return(report=report, by=planner, comment="Thiếu số liệu", expected_version=report.lock_version)
    html = Template("{% load report_tags %}{% report_inbox user %}").render(Context({"user": officer}))
    assert "Thiếu số liệu" in html
    assert reverse("reports:report_edit", args=[report.pk]) in html


@pytest.mark.django_db
def test_refused_submission_with_a_file_keeps_the_form_and_stores_nothing(client, officer, lead_assignment, q1, settings):
    client.force_login(officer)
    url = reverse("reports:report_create", args=[lead_assignment.pk, q1.pk])
    response = client.post(url, {**report_data(results="", progress="35"), "attachment": pdf_upload(), "submit": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["results"]
    assert 'value="35"' in response.content.decode()
    assert not ProgressReport.objects.exists()
    assert not ReportAttachment.objects.exists()
    uploads = settings.MEDIA_ROOT / "reports"
    assert not uploads.exists() or not [path for path in uploads.rglob("*") if path.is_file()]


@pytest.mark.django_db
def test_work_list_probes_each_pair_report_once(plan, make_user):
    """One left join to the pair's report, read by the group and the filter alike; not a subquery per use."""
    from reports.worklist import unit_work

    unit = UnitFactory()
    officer = make_user(User.Role.UNIT_OFFICER, unit)
    task = TaskFactory(objective__plan=plan, lead=unit)
    submitted_report(task.assignments.get(), plan.reporting_periods.get(label="Quý I/2024"))
    rows = unit_work(officer, today=datetime.date(2024, 12, 1))
    sql = str(rows.query)
    assert sql.count("reports_progressreport") == 1
    assert "LEFT OUTER JOIN" in sql
    assert len(list(rows)) == rows.count() > 0


# --- The report form starts from what is known ---------------------------------------------------


@pytest.mark.django_db
def test_new_report_shows_the_task_and_starts_from_its_progress(client, officer, lead_assignment, q1):
    task = lead_assignment.task
    Task.objects.filter(pk=task.pk).update(
        progress=20, status=Task.Status.IN_PROGRESS, content="Tổ chức hội thảo", expected_result="Báo cáo tổng kết"
    )
    client.force_login(officer)
    response = client.get(reverse("reports:report_create", args=[lead_assignment.pk, q1.pk]))
    form = response.context["form"]
    assert form["progress"].value() == 20 and form["work_status"].value() == Task.Status.IN_PROGRESS
    html = response.content.decode()
    assert "Tổ chức hội thảo" in html and "Báo cáo tổng kết" in html
    task.refresh_from_db()
    assert task.effective_deadline.strftime("%d/%m/%Y") in html
    assert response.context["previous"] is None


@pytest.mark.django_db
def test_new_report_starts_from_the_last_approved_report(client, officer, planner, lead_assignment, plan):
    approved_report(lead_assignment, period(plan, "Quý I/2024"), progress=30, results="Đã ký biên bản ghi nhớ.")
    approved_report(lead_assignment, period(plan, "Quý II/2024"), progress=45, results="Đã trao đổi đoàn.",
                    difficulties_and_proposals="Thiếu phiên dịch.")
    client.force_login(officer)
    response = client.get(reverse("reports:report_create", args=[lead_assignment.pk, period(plan, "Quý III/2024").pk]))
    form = response.context["form"]
    assert form["progress"].value() == 45
    assert form["results"].value() == "Đã trao đổi đoàn."
    assert form["difficulties_and_proposals"].value() == "Thiếu phiên dịch."
    assert response.context["previous"].period.label == "Quý II/2024"
    assert "Báo cáo đã duyệt kỳ trước (Quý II/2024)" in response.content.decode()


@pytest.mark.django_db
def test_report_breadcrumb_names_the_unit_not_its_code(client, officer, lead_assignment, q1):
    report = ProgressReportFactory(assignment=lead_assignment, period=q1)
    client.force_login(officer)
    html = client.get(report.get_absolute_url()).content.decode()
    breadcrumb = html.split('class="breadcrumb"')[1].split("</ol>")[0]
    assert lead_assignment.unit.name in breadcrumb
    assert f"· {lead_assignment.unit.code}<" not in breadcrumb


@pytest.mark.django_db
def test_review_queue_groups_by_task_oldest_waiting_first_with_working_days(client, planner, plan):
    import time_machine

    first, second = UnitFactory(name_vi="Bảo hiểm xã hội tỉnh Nam Định"), UnitFactory(name_vi="Ban Thu")
    q1 = period(plan, "Quý I/2024")
    recent_task = TaskFactory(objective__plan=plan, lead=first, coordinating=[second])
    old_task = TaskFactory(objective__plan=plan, lead=first)
    at = lambda day: datetime.datetime(2024, 4, day, 9, tzinfo=datetime.UTC)  # noqa: E731
    late_row = submitted_report(recent_task.assignments.get(unit=first), q1, at=at(10))  # Wednesday
    early_row = submitted_report(recent_task.assignments.get(unit=second), q1, at=at(8))  # Monday
    oldest = submitted_report(old_task.assignments.get(), q1, at=at(5))  # Friday
    client.force_login(planner)
    with time_machine.travel(datetime.datetime(2024, 4, 15, 9, tzinfo=datetime.UTC)):  # Monday
        response = client.get(reverse("reports:report_list"))
    groups = response.context["groups"]
    assert [group.task for group in groups] == [old_task, recent_task]
    assert [(report.pk, waiting) for report, waiting in groups[0].rows] == [(oldest.pk, 6)]  # 8–12/4 and 15/4
    assert [(report.pk, waiting) for report, waiting in groups[1].rows] == [(early_row.pk, 5), (late_row.pk, 3)]
    html = response.content.decode()
    assert "đã chờ 6 ngày làm việc" in html
    assert "Bảo hiểm xã hội tỉnh Nam Định" in html and "Ban Thu" in html


@pytest.mark.django_db
def test_work_list_page_and_total_come_from_one_query(client, plan, make_user):
    unit = UnitFactory()
    officer = make_user(User.Role.UNIT_OFFICER, unit)
    for _ in range(15):
        TaskFactory(objective__plan=plan, lead=unit)
    client.force_login(officer)
    url = reverse("reports:report_list")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page": 2})
    work_queries = [q["sql"] for q in queries if "reports_reportingperiod" in q["sql"] and "CASE" in q["sql"]]
    assert len(work_queries) == 1 and "OVER ()" in work_queries[0]
    page = response.context["page_obj"]
    assert page.number == 2 and page.paginator.count > 50 and len(response.context["items"]) == page.paginator.count - 50
    assert client.get(url, {"page": 99}).context["page_obj"].number == 2  # past the end: the last page
