"""The issue's "done when", driven in a real browser: a Hải Dương officer reports with a file, central
staff return it, the officer corrects and resubmits, central staff approve, the task moves and the
completeness table counts it. And a Hải Dương officer cannot open a Hà Nội report or its file."""

import pytest
from django.utils import timezone

from accounts.models import Unit, User
from plans.models import Task
from plans.tests.factories import PlanFactory, TaskFactory
from reports.models import ProgressReport, ReportingPeriod
from reports.services import attachment_add, periods_create_defaults, report_submit
from reports.tests.factories import PDF_BYTES, ProgressReportFactory, pdf_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def this_year_plan(reference_data):
    plan = PlanFactory(year=timezone.localdate().year, number="77/KH-BHXH")
    periods_create_defaults(plan=plan)
    return plan


def switch_user(page, login, user):
    page.context.clear_cookies()
    login(user)


def test_report_is_returned_resubmitted_approved_and_counted(
    page, login, make_user, assert_accessible, this_year_plan, mailoutbox
):
    hai_phong = Unit.objects.get(code="P34-HAIPHONG")  # an office active this year
    officer = make_user(User.Role.UNIT_OFFICER, hai_phong, username="hd-officer")
    planner = make_user(User.Role.CENTRAL_PLANNER, Unit.objects.get(code="VSS"), username="hd-planner")
    task = TaskFactory(objective__plan=this_year_plan, lead=hai_phong, title="Tập huấn đối ngoại cho BHXH phía Bắc")
    year = this_year_plan.reporting_periods.get(kind=ReportingPeriod.Kind.ANNUAL)

    # The officer writes the year's report, attaches the minutes and submits it.
    login(officer)
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    assert page.get_by_role("heading", name="Báo cáo của đơn vị tôi").is_visible()
    assert_accessible(page)
    row = page.locator("tr", has=page.get_by_role("cell", name=year.label, exact=True)).filter(has_text=task.title)
    row.get_by_role("link", name="Viết báo cáo").click()
    page.get_by_label("Tình trạng thực hiện").select_option(Task.Status.IN_PROGRESS)
    page.get_by_label("Tiến độ (%)").fill("60")
    page.get_by_label("Kết quả đạt được").fill("Đã tổ chức 01 lớp tập huấn cho 120 cán bộ.")
    page.get_by_label("Kinh phí đã sử dụng (đồng)").fill("45000000")
    page.get_by_label("Đính kèm tệp minh chứng").set_input_files(
        files=[{"name": "bien-ban-tap-huan.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    assert_accessible(page)
    page.get_by_role("button", name="Gửi để xem xét").click()
    assert page.get_by_text("Báo cáo đã được gửi để xem xét.").is_visible()
    assert page.get_by_role("link", name="bien-ban-tap-huan.pdf").is_visible()
    assert_accessible(page)
    report = ProgressReport.objects.get(assignment__task=task, period=year)
    assert report.status == ProgressReport.Status.SUBMITTED

    # Central staff return it from the review queue with a comment.
    switch_user(page, login, planner)
    page.goto("/reports/")
    assert page.get_by_role("heading", name="Báo cáo chờ xem xét").is_visible()
    assert_accessible(page)
    queue_row = page.locator(f"[data-report='{report.pk}']")
    queue_row.get_by_text("Trả lại…").click()
    queue_row.get_by_label("Đơn vị cần chỉnh sửa những gì?").fill("Đề nghị bổ sung danh sách học viên.")
    queue_row.get_by_role("button", name="Trả lại đơn vị").click()
    assert page.get_by_text("Báo cáo đã được trả lại đơn vị.").is_visible()
    assert_accessible(page)
    assert any("trả lại" in mail.subject and mail.to == [officer.email] for mail in mailoutbox)

    # The officer sees it first, corrects and resubmits it.
    switch_user(page, login, officer)
    page.goto("/reports/")
    first_section = page.locator("main section").nth(1)
    assert first_section.get_by_role("heading").inner_text() == "Bị trả lại để chỉnh sửa"
    assert "Đề nghị bổ sung danh sách học viên." in first_section.inner_text()
    assert_accessible(page)
    first_section.get_by_role("link", name="Tiếp tục báo cáo").click()
    assert page.get_by_text("Đề nghị bổ sung danh sách học viên.").is_visible()
    page.get_by_label("Tiến độ (%)").fill("80")
    page.get_by_label("Kết quả đạt được").fill("Đã tổ chức 01 lớp tập huấn cho 120 cán bộ (danh sách kèm theo).")
    assert_accessible(page)
    page.get_by_role("button", name="Gửi để xem xét").click()
    assert page.get_by_text("Báo cáo đã được gửi để xem xét.").is_visible()

    # Central staff approve it from the report page; the task moves.
    switch_user(page, login, planner)
    page.goto(report.get_absolute_url())
    assert_accessible(page)
    page.locator("#review-heading").locator("..").get_by_role("button", name="Duyệt").click()
    assert page.get_by_text("Báo cáo đã được duyệt.").is_visible()
    assert page.get_by_text("Đã duyệt: báo cáo đã được khóa.").is_visible()
    task.refresh_from_db()
    assert (task.progress, task.status) == (80, Task.Status.IN_PROGRESS)
    page.goto(task.get_absolute_url())
    assert "80 %" in page.locator("main").inner_text()

    # The completeness table counts the report as on time.
    page.goto(f"/reports/completeness/?plan={this_year_plan.pk}")
    assert page.get_by_role("heading", name="Tình hình nộp báo cáo đầy đủ và đúng hạn").is_visible()
    hai_phong_row = page.locator("tr[data-unit='P34-HAIPHONG']")
    assert "1 đúng hạn" in hai_phong_row.inner_text()
    assert_accessible(page)


def test_hai_duong_officer_cannot_open_a_ha_noi_report_or_its_file(page, login, make_user, assert_accessible, this_year_plan):
    hanoi = Unit.objects.get(code="P34-HANOI")
    hanoi_officer = make_user(User.Role.UNIT_OFFICER, hanoi, username="hn-officer")
    task = TaskFactory(objective__plan=this_year_plan, lead=hanoi, title="Bản tin đối ngoại của Hà Nội")
    draft = ProgressReportFactory(assignment=task.assignments.get(), period=this_year_plan.reporting_periods.first())
    attachment = attachment_add(report=draft, upload=pdf_upload("ha-noi.pdf"), by=hanoi_officer)
    report_submit(report=draft, by=hanoi_officer, expected_version=draft.lock_version)
    hai_duong_officer = make_user(User.Role.UNIT_OFFICER, Unit.objects.get(code="P63-HAIDUONG"), username="hd-curious")

    login(hai_duong_officer)
    page.goto("/reports/")
    assert "Bản tin đối ngoại của Hà Nội" not in page.locator("main").inner_text()
    response = page.goto(draft.get_absolute_url())
    assert response.status == 404
    assert_accessible(page)
    response = page.goto(attachment.get_absolute_url())
    assert response.status == 404
    assert "%PDF" not in page.content()
    assert_accessible(page)


def test_planner_sets_up_reporting_periods(page, login, make_user, assert_accessible, reference_data):
    plan = PlanFactory(year=2025, number="15/KH-BHXH")
    login(make_user(User.Role.CENTRAL_PLANNER, Unit.objects.get(code="VSS"), username="periods-planner"))
    page.goto(f"/reports/plans/{plan.pk}/periods/")
    assert page.get_by_text("Kế hoạch này chưa có kỳ báo cáo.").is_visible()
    assert_accessible(page)
    page.get_by_label("Hạn nộp báo cáo (số ngày sau khi kết thúc kỳ)").fill("15")
    page.get_by_role("button", name="Tạo các kỳ báo cáo mặc định").click()
    assert page.get_by_text("Đã tạo 6 kỳ báo cáo.").is_visible()
    assert page.get_by_role("cell", name="15/04/2025").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Sửa Quý II/2025").click()
    page.get_by_label("Hạn nộp báo cáo").fill("20/07/2025")
    assert_accessible(page)
    page.get_by_role("button", name="Lưu").click()
    assert page.get_by_text("Đã lưu kỳ báo cáo.").is_visible()
    assert plan.reporting_periods.get(label="Quý II/2025").due_date.isoformat() == "2025-07-20"

    page.get_by_role("link", name="Thêm kỳ báo cáo").click()
    page.get_by_label("Loại").select_option(ReportingPeriod.Kind.OTHER)
    page.get_by_label("Tên kỳ").fill("Báo cáo chuyên đề Hiệp định")
    page.get_by_label("Từ ngày").fill("01/03/2025")
    page.get_by_label("Đến ngày").fill("31/03/2025")
    page.get_by_label("Hạn nộp báo cáo").fill("05/04/2025")
    page.get_by_role("button", name="Lưu").click()
    assert page.get_by_role("cell", name="Báo cáo chuyên đề Hiệp định", exact=True).is_visible()
    page.goto(f"/reports/completeness/?plan={plan.pk}")
    assert_accessible(page)


def test_reviewer_approves_from_a_phone_and_writer_starts_from_the_task(
    page, login, make_user, assert_accessible, this_year_plan
):
    hai_phong = Unit.objects.get(code="P34-HAIPHONG")
    officer = make_user(User.Role.UNIT_OFFICER, hai_phong, username="hp-phone")
    planner = make_user(User.Role.CENTRAL_PLANNER, Unit.objects.get(code="VSS"), username="hp-phone-planner")
    task = TaskFactory(objective__plan=this_year_plan, lead=hai_phong, title="Hội thảo an sinh xã hội ASEAN",
                       expected_result="Kỷ yếu hội thảo", progress=20, status=Task.Status.IN_PROGRESS)
    year = this_year_plan.reporting_periods.get(kind=ReportingPeriod.Kind.ANNUAL)
    page.set_viewport_size({"width": 390, "height": 844})

    login(officer)
    page.goto(f"/reports/new/{task.assignments.get().pk}/{year.pk}/")
    assert page.get_by_text("Kỷ yếu hội thảo").is_visible()
    assert page.get_by_label("Tiến độ (%)").input_value() == "20"
    page.get_by_label("Kết quả đạt được").fill("Đã tổ chức hội thảo.")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.get_by_role("button", name="Gửi để xem xét").click()
    report = ProgressReport.objects.get(assignment__task=task, period=year)

    switch_user(page, login, planner)
    page.goto("/reports/")
    row = page.locator(f"[data-report='{report.pk}']")
    assert hai_phong.name_vi in row.inner_text()
    assert "đã chờ 0 ngày làm việc" in row.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    approve = row.get_by_role("button", name="Duyệt")
    box = approve.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert_accessible(page)
    approve.click()
    page.get_by_text("Báo cáo đã được duyệt.").wait_for()
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.APPROVED
