"""The issue's "done when", in a real browser, and every new page checked with axe at 390 px and 1280 px.

The Hải Phòng officer asks a question on a task, the central planner answers mentioning Hải Phòng, the
officer sees the unread marker and the answer; the Hà Nội officer gets 404 on the thread and finds nothing
in search; the Hải Phòng focal officer hands the assignment to a colleague, who gets the next reminder and
writes the report; a PDF of evidence opens in the page."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Unit, User
from notifications import services as notifications
from notifications.demo import ensure_default_rules
from notifications.models import Notification, ReminderDispatch, ReminderRule
from plans.models import Assignment
from plans.tests.factories import PlanFactory, TaskFactory
from reports.models import ProgressReport
from reports.services import periods_create_defaults
from reports.tests.factories import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (390, 1280)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


def switch_user(page, login, user):
    page.context.clear_cookies()
    login(user)


def check_page(page, assert_accessible):
    """axe finds nothing serious, and nothing scrolls sideways, on a phone and on a desktop."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at {width}px"
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def story(reference_data, make_user):
    ensure_default_rules()
    today = timezone.localdate()
    haiphong, hanoi = Unit.objects.get(code="P34-HAIPHONG"), Unit.objects.get(code="P34-HANOI")
    plan = PlanFactory(year=today.year, number="88/KH-BHXH")
    periods_create_defaults(plan=plan)
    task = TaskFactory(objective__plan=plan, lead=haiphong, title="Đón đoàn Cơ quan Hưu trí Quốc gia Hàn Quốc",
                       start_date=datetime.date(today.year, 1, 1), deadline=today)
    return {
        "task": task,
        "officer": make_user(User.Role.UNIT_OFFICER, haiphong, username="hp-focal", first_name="Lan", last_name="Nguyễn"),
        "colleague": make_user(User.Role.UNIT_OFFICER, haiphong, username="hp-staff", first_name="Minh", last_name="Trần"),
        "outsider": make_user(User.Role.UNIT_OFFICER, hanoi, username="hn-focal"),
        "planner": make_user(User.Role.CENTRAL_PLANNER, Unit.objects.get(code="VSS"), username="vss-planner",
                             first_name="Hà", last_name="Phạm"),
    }


def test_a_question_answered_handed_down_reported_with_evidence_read_in_the_page(page, login, assert_accessible, story):
    task, officer, colleague, outsider, planner = (story[k] for k in ("task", "officer", "colleague", "outsider", "planner"))

    # The Hải Phòng officer asks a question on the task.
    login(officer)
    page.goto(task.get_absolute_url())
    check_page(page, assert_accessible)
    page.get_by_label("Nội dung trao đổi").fill("Xin hỏi đoàn NPS đến ngày nào?\nĐơn vị cần chuẩn bị phiên dịch không?")
    page.get_by_role("button", name="Gửi ý kiến").click()
    assert page.get_by_text("Đã gửi ý kiến của bạn.").is_visible()
    assert page.locator(".timeline-entry").filter(has_text="Xin hỏi đoàn NPS đến ngày nào?").is_visible()

    # The central planner answers, mentioning Hải Phòng found without typing accents.
    switch_user(page, login, planner)
    page.goto("/tasks/")
    assert page.locator("tr", has_text=task.title).locator(".unread-marker").is_visible()
    page.get_by_role("link", name=task.title).click()
    page.get_by_label("Nội dung trao đổi").fill("Đoàn đến ngày 15/7, xem https://www.nps.or.kr. Cần phiên dịch.")
    page.get_by_placeholder("Tìm đơn vị hoặc người").fill("hai phong")
    mention = page.get_by_label("Nhắc đến (@) đơn vị hoặc người")
    assert mention.locator("option:not([hidden])").count() >= 1
    mention.select_option(label="@Bảo hiểm xã hội thành phố Hải Phòng")
    check_page(page, assert_accessible)
    page.get_by_role("button", name="Gửi ý kiến").click()
    assert page.get_by_text("Đã gửi ý kiến của bạn.").is_visible()
    answer = page.locator(".timeline-entry").filter(has_text="Đoàn đến ngày 15/7")
    assert answer.get_by_role("link", name="https://www.nps.or.kr").is_visible()
    assert answer.get_by_text("@Bảo hiểm xã hội thành phố Hải Phòng").is_visible()
    assert Notification.objects.filter(recipient=officer, rule=ReminderRule.Code.THREAD_POST).count() == 1
    assert Notification.objects.filter(recipient=colleague, rule=ReminderRule.Code.THREAD_POST).count() == 1

    # The officer sees the unread marker, then the answer; reading it clears the marker.
    switch_user(page, login, officer)
    page.goto("/tasks/")
    row = page.locator("tr", has_text=task.title)
    assert row.get_by_text("Có ý kiến mới").is_visible()
    check_page(page, assert_accessible)
    row.get_by_role("link", name=task.title).click()
    assert page.locator(".timeline-entry").filter(has_text="Đoàn đến ngày 15/7").get_by_text("Mới").is_visible()
    page.goto("/tasks/")
    assert page.locator("tr", has_text=task.title).locator(".unread-marker").count() == 0

    # The Hà Nội officer, not assigned, gets 404 on the thread and finds nothing in search.
    switch_user(page, login, outsider)
    assert page.goto(task.get_absolute_url()).status == 404
    assert page.goto(f"/discussions/tasks/{task.pk}/posts/new/").status == 404
    page.goto("/tasks/?q=phien dich")
    assert task.title not in page.locator("main").inner_text()
    assert page.get_by_text("Không có nhiệm vụ.").is_visible()
    assert not Notification.objects.filter(recipient=outsider).exists()

    # The Hải Phòng focal officer hands the assignment to a colleague.
    switch_user(page, login, officer)
    page.goto(task.get_absolute_url())
    page.get_by_label("Giao phần việc của Bảo hiểm xã hội thành phố Hải Phòng cho").select_option(label=str(colleague))
    page.get_by_role("button", name="Giao việc").click()
    assert page.get_by_text(f"Đã giao việc cho {colleague}.").is_visible()
    check_page(page, assert_accessible)
    assignment = Assignment.objects.get(task=task, role=Assignment.Role.LEAD)
    assert assignment.executing_officer == colleague

    # The next reminder goes to the colleague first.
    ReminderRule.objects.filter(code=ReminderRule.Code.TASK_DUE_TODAY).update(on_non_working_days=True)
    notifications.reminders_scan()
    due_today = ReminderDispatch.objects.filter(rule=ReminderRule.Code.TASK_DUE_TODAY).order_by("pk")
    assert [d.recipient for d in due_today][:1] == [colleague]

    # The colleague finds it in My work and writes the report with a PDF of evidence.
    switch_user(page, login, colleague)
    page.get_by_role("link", name="Việc của tôi").click()
    assert page.get_by_text("Được giao cho tôi: 1").is_visible()
    check_page(page, assert_accessible)
    page.goto("/reports/")
    page.locator("tr", has_text=task.title).first.get_by_role("link", name="Viết báo cáo").click()
    page.get_by_label("Tiến độ (%)").fill("50")
    page.get_by_label("Kết quả đạt được").fill("Đã thống nhất lịch đón đoàn và bố trí phiên dịch.")
    page.get_by_label("Đính kèm tệp minh chứng").set_input_files(
        files=[{"name": "lich-don-doan.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    assert page.get_by_role("button", name="Gửi để xem xét").count() == 0  # the focal officer submits
    page.get_by_role("button", name="Lưu nháp").click()
    assert page.get_by_text("Đã lưu bản nháp.").is_visible()
    report = ProgressReport.objects.get(assignment=assignment)
    assert report.created_by == colleague

    # The PDF opens in the page, in the browser's own viewer, with a download button beside it.
    page.goto(report.get_absolute_url())
    viewer = page.locator("details.document-viewer")
    viewer.locator("summary").click()
    frame = viewer.locator("iframe")
    assert frame.is_visible()
    src = frame.get_attribute("src")
    shown = page.request.get(src)
    assert shown.status == 200
    assert shown.headers["content-disposition"].startswith("inline")
    assert shown.headers["content-security-policy"] == "sandbox"
    assert page.get_by_role("link", name="Tải về lich-don-doan.pdf").is_visible()
    check_page(page, assert_accessible)
    switch_user(page, login, outsider)
    assert page.request.get(src).status == 404


def test_post_form_with_errors_edit_and_withdraw_pages(page, login, assert_accessible, story):
    task, officer = story["task"], story["officer"]
    login(officer)
    page.goto(f"/discussions/tasks/{task.pk}/posts/new/")
    page.get_by_role("button", name="Gửi ý kiến").click()
    assert page.get_by_text("Trường này là bắt buộc.").or_(page.get_by_text("This field is required.")).first.is_visible()
    check_page(page, assert_accessible)
    page.get_by_label("Nội dung trao đổi").fill("Lịch họp ngày 10/7")
    page.get_by_role("button", name="Gửi ý kiến").click()
    page.get_by_role("link", name="Sửa", exact=True).click()
    check_page(page, assert_accessible)
    page.get_by_label("Nội dung trao đổi").fill("Lịch họp ngày 12/7")
    page.get_by_role("button", name="Lưu").click()
    assert page.get_by_text("Đã sửa ý kiến của bạn.").is_visible()
    assert page.locator(".timeline-entry").filter(has_text="Lịch họp ngày 12/7").get_by_text("đã sửa").is_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Rút lại").click()
    assert page.get_by_text("Đã rút lại ý kiến của bạn.").is_visible()
    assert "Lịch họp ngày 12/7" not in page.locator("#timeline").inner_text()
    check_page(page, assert_accessible)


@pytest.mark.parametrize("who", ["planner", "officer"])
def test_my_work_page_for_each_role(page, login, assert_accessible, story, make_user, who):
    user = story[who]
    login(user)
    page.goto("/my/")
    assert page.get_by_role("heading", name="Việc của tôi").is_visible()
    check_page(page, assert_accessible)


def test_my_work_page_for_leadership(page, login, assert_accessible, story, make_user):
    login(make_user(User.Role.LEADERSHIP, Unit.objects.get(code="VSS"), username="vss-leader"))
    page.goto("/my/")
    assert page.get_by_text("Hiện không có việc nào chờ bạn.").is_visible()
    check_page(page, assert_accessible)
