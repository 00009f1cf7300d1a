"""Issue 6 "Done when", driven in a real browser: central staff create a conference from a plan task,
build its agenda and invite the Northern offices; the Hà Nội officer registers up to the quota and is
stopped beyond it and enters feedback; central staff record attendance; the conference page and the
Excel export show it all. axe-core checks every page on the way."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from accounts.models import Unit, User
from conferences.models import Attendance, Conference, Feedback, Participant
from plans.models import Task
from plans.tests.factories import ObjectiveFactory, PlanFactory, TaskFactory

from .factories import SpeakerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _switch_user(page, login, user):
    page.locator("#user-menu").click()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()
    login(user)


def test_conference_from_plan_task_to_registration_attendance_feedback_and_export(page, login, make_user, assert_accessible):
    today = timezone.localdate()
    vss = Unit.objects.get(code="VSS")
    task = TaskFactory(
        objective=ObjectiveFactory(plan=PlanFactory(year=today.year, number="9/KH-BHXH")),
        title="Tập huấn nghiệp vụ đối ngoại khu vực phía Bắc", category=Task.Category.TRAINING,
        start_date=today, deadline=today + datetime.timedelta(days=1), lead=vss,
    )
    SpeakerFactory(name="Robert J. Palacios", title="", organisation="Ngân hàng Thế giới")
    central = make_user(User.Role.CENTRAL_PLANNER, vss, username="central-b")
    hanoi = make_user(User.Role.UNIT_OFFICER, Unit.objects.get(code="P34-HANOI"), username="hanoi-b")

    # Central staff create the conference from the plan task: the form comes pre-filled.
    login(central)
    page.goto(f"/conferences/new/from-task/{task.pk}/")
    expect(page.get_by_role("heading", name="Hội nghị mới")).to_be_visible()
    assert page.get_by_label("Tên hội nghị").input_value() == task.title
    assert page.get_by_label("Ngày bắt đầu").input_value() == today.strftime("%d/%m/%Y")
    assert_accessible(page)
    page.get_by_label("Địa điểm").fill("Trụ sở Bảo hiểm xã hội Việt Nam")
    page.get_by_label("Tỉnh, thành phố").select_option(label="Bảo hiểm xã hội thành phố Hà Nội (P34-HANOI)")
    page.get_by_label("Hạn đăng ký").fill(today.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name=task.title)).to_be_visible()
    conference = Conference.objects.get(task=task)
    assert conference.organiser == vss
    assert_accessible(page)

    # Build the agenda.
    page.get_by_role("link", name="Thêm phiên").click()
    page.get_by_label("Giờ bắt đầu").fill("08:30")
    page.get_by_label("Giờ kết thúc").fill("10:00")
    page.get_by_label("Chuyên đề").fill("Già hóa dân số và an sinh xã hội")
    page.get_by_label("Báo cáo viên").select_option(label="Robert J. Palacios (Ngân hàng Thế giới)")
    assert_accessible(page)
    page.get_by_role("button", name="Lưu phiên").click()
    agenda = page.locator("section", has=page.get_by_role("heading", name="Chương trình"))
    assert "Già hóa dân số và an sinh xã hội" in agenda.inner_text()
    assert "Robert J. Palacios" in agenda.inner_text()

    # Invite every Northern provincial office in one click, two places each, then send the invitations.
    page.get_by_role("link", name="Mời đơn vị").click()
    page.get_by_role("combobox", name="Khu vực").select_option(value="north")
    page.get_by_label("Chỉ tiêu mỗi đơn vị").fill("2")
    page.get_by_role("button", name="Mời cả khu vực").click()
    expect(page.get_by_text("Đã mời 15 BHXH tỉnh, thành phố.")).to_be_visible()
    expect(page.get_by_role("cell", name="Bảo hiểm xã hội thành phố Hà Nội (P34-HANOI)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Quay lại hội nghị").click()
    page.get_by_role("button", name="Gửi giấy mời").click()
    expect(page.get_by_text("Đã gửi giấy mời").first).to_be_visible()

    # The Hà Nội officer registers two participants, and the third is refused.
    _switch_user(page, login, hanoi)
    page.goto("/conferences/")
    assert_accessible(page)
    page.get_by_role("link", name=task.title).click()
    assert_accessible(page)
    page.get_by_role("link", name="Đăng ký đại biểu").click()
    for name, position in (("Đỗ Quốc Huy", "Phó Giám đốc"), ("Lê Thị Mai", "Chuyên viên")):
        page.get_by_label("Họ và tên").fill(name)
        page.get_by_label("Chức vụ").fill(position)
        page.get_by_role("button", name="Đăng ký", exact=True).click()
        expect(page.get_by_text(f"Đã đăng ký {name}")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Họ và tên").fill("Trần Văn Ba")
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    expect(page.get_by_text("đã đủ chỉ tiêu")).to_be_visible()
    assert page.get_by_label("Họ và tên").input_value() == "Trần Văn Ba"
    assert_accessible(page)
    assert list(Participant.objects.filter(conference=conference).values_list("name", flat=True).order_by("name")) == [
        "Lê Thị Mai", "Đỗ Quốc Huy"]

    # The officer enters feedback for one of the unit's participants.
    page.get_by_role("link", name="Quay lại hội nghị").click()
    page.get_by_role("link", name="Nhập đánh giá").click()
    page.get_by_label("Đại biểu").select_option(label="Đỗ Quốc Huy — Bảo hiểm xã hội thành phố Hà Nội")
    page.get_by_label("Điểm đánh giá: Già hóa dân số và an sinh xã hội").select_option("5")
    page.get_by_label("Góp ý: Già hóa dân số và an sinh xã hội").fill("Rất bổ ích")
    assert_accessible(page)
    page.get_by_role("button", name="Lưu đánh giá").click()
    expect(page.get_by_text("Đã lưu đánh giá của Đỗ Quốc Huy.")).to_be_visible()
    assert Feedback.objects.get().rating == 5

    # Central staff mark the conference held and record today's attendance.
    _switch_user(page, login, central)
    page.goto(conference.get_absolute_url())
    page.get_by_role("button", name="Đánh dấu đã tổ chức").click()
    expect(page.get_by_text("Đã đánh dấu hội nghị đã tổ chức.")).to_be_visible()
    page.get_by_role("link", name="Điểm danh", exact=True).click()
    page.get_by_label("Đỗ Quốc Huy").check()
    assert_accessible(page)
    page.get_by_role("button", name="Lưu điểm danh").click()
    expect(page.get_by_text("1 đại biểu có mặt")).to_be_visible()
    assert Attendance.objects.get(participant__name="Đỗ Quốc Huy", day=today).present
    assert not Attendance.objects.get(participant__name="Lê Thị Mai", day=today).present

    # The conference page shows participants by unit, attendance and the feedback average.
    page.get_by_role("link", name="Quay lại hội nghị").click()
    totals = page.get_by_test_id("unit-totals").locator("tr", has_text="Bảo hiểm xã hội thành phố Hà Nội")
    expect(totals.locator("td").first).to_be_visible()  # all_inner_texts() does not wait for the page
    assert totals.locator("td").all_inner_texts()[:3] == ["2", "2", "1"]
    attendance = page.get_by_test_id("attendance").locator("tr", has_text="Đỗ Quốc Huy")
    assert "Có mặt" in attendance.inner_text()
    assert "5,00" in page.get_by_test_id("feedback-summary").inner_text()
    assert_accessible(page)

    # The Excel export lists the participants with their attendance.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Danh sách đại biểu và điểm danh (Excel)").click()
    workbook = load_workbook(io.BytesIO(open(download_info.value.path(), "rb").read()))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    by_name = {row[2]: row for row in rows[1:]}
    assert set(by_name) == {"Đỗ Quốc Huy", "Lê Thị Mai"}
    assert by_name["Đỗ Quốc Huy"][1] == "Bảo hiểm xã hội thành phố Hà Nội"
    assert by_name["Đỗ Quốc Huy"][-2:] == ("Có mặt", None)  # present today; tomorrow not yet recorded
    assert by_name["Lê Thị Mai"][-2:] == ("Vắng mặt", None)


def test_calendar_and_printable_agenda_are_accessible(page, login, make_user, assert_accessible):
    from conferences import demo

    demo.load()
    login(make_user(User.Role.LEADERSHIP, username="leader-b"))
    page.goto("/conferences/calendar/?year=2024&month=7")
    expect(page.get_by_role("link", name="Hội nghị tập huấn công tác đối ngoại").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Hội nghị tập huấn công tác đối ngoại").first.click()
    expect(page.get_by_role("heading", name="Khen thưởng")).to_be_visible()
    assert "Himanshi Jain" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Bản in chương trình").click()
    expect(page.get_by_role("heading", name="Ngày thứ 1 — 15/07/2024")).to_be_visible()
    assert_accessible(page)
    page.emulate_media(media="print")
    expect(page.locator("header")).to_be_hidden()


def test_outcome_report_goes_to_the_review_queue_and_its_approval_completes_the_task(page, login, make_user,
                                                                                     assert_accessible, tmp_path):
    """Central staff file a held conference's outcome with its PDF; the lead unit's report waits in the
    review queue, and approving it there completes the plan task."""
    from reports.models import ProgressReport
    from reports.tests.factories import ReportingPeriodFactory

    from .factories import HeldConferenceFactory

    today = timezone.localdate()
    plan = PlanFactory(year=today.year, number="8/KH-BHXH")
    ReportingPeriodFactory(plan=plan, start=today.replace(month=1, day=1), end=today.replace(month=12, day=31))
    task = TaskFactory(objective=ObjectiveFactory(plan=plan), title="Tập huấn đối ngoại năm nay",
                       category=Task.Category.TRAINING, lead=Unit.objects.get(code="HTQT"))
    conference = HeldConferenceFactory(task=task, title="Hội nghị tập huấn đối ngoại năm nay")
    central = make_user(User.Role.CENTRAL_PLANNER, Unit.objects.get(code="HTQT"), username="central-o")
    pdf = tmp_path / "bien-ban.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")

    login(central)
    page.goto(conference.get_absolute_url())
    page.get_by_role("link", name="Báo cáo kết quả", exact=True).click()
    expect(page.get_by_text("được gửi để xét duyệt")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Báo cáo kết quả").fill("Tập huấn 120 cán bộ của 15 BHXH tỉnh.")
    page.get_by_label("Tệp báo cáo").set_input_files(str(pdf))
    page.get_by_label("Kinh phí thực hiện (đồng)").fill("420000000")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("báo cáo tiến độ của đơn vị chủ trì về nhiệm vụ đã được gửi để xét duyệt")).to_be_visible()
    assert_accessible(page)
    report = ProgressReport.objects.get(assignment__task=task)
    assert (report.status, report.amount_spent) == (ProgressReport.Status.SUBMITTED, 420_000_000)

    page.goto("/reports/")
    page.locator(f"a[href='{report.get_absolute_url()}']").first.click()
    page.get_by_role("button", name="Duyệt", exact=True).click()
    page.wait_for_load_state()
    task.refresh_from_db()
    assert (task.status, task.progress) == (Task.Status.DONE, 100)
