"""Deadline tracking tried as a new user would (issue 14's "done when"): Hải Phòng asks for more time,
the central planner grants another date, the task's state, its reminders and the dashboard's on-time
rate and "with extension" count follow; leadership asks Hà Nội to explain a late task and reads the
answer; a task due on 02/09/2025 is due on 03/09/2025. Every page is checked with axe, and at 390 px
and 1280 px wide nothing scrolls sideways."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Unit, User
from notifications.demo import ensure_default_rules
from notifications.models import ReminderDispatch, ReminderRule
from notifications.services import reminders_scan
from plans.models import ExplanationReply, ExtensionRequest, Standing, Task
from plans.tests.factories import PlanFactory, TaskFactory
from reports.tests.factories import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DAY = datetime.timedelta(days=1)


def fits(page, assert_accessible):
    """axe finds nothing serious at 1280 px, and the page never scrolls sideways at 390 px or 1280 px."""
    page.wait_for_load_state()  # a click that navigates may still be replacing the document
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{page.url} scrolls sideways by {overflow} px at {width} px"
    assert_accessible(page)


def switch_to(page, login, user):
    page.context.clear_cookies()
    login(user)


def figure(page, name: str) -> str:
    return page.locator(f"[data-testid='{name}']").first.inner_text().strip()


@pytest.fixture
def world(make_user, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    today = timezone.localdate()
    hai_phong, ha_noi = Unit.objects.get(code="P34-HAIPHONG"), Unit.objects.get(code="P34-HANOI")
    plan = PlanFactory(year=today.year, number="58/KH-BHXH")
    objective_plan = {"objective__plan": plan}
    late_hp = TaskFactory(**objective_plan, title="Giới thiệu hình ảnh BHXH Hải Phòng với đối tác Hàn Quốc",
                          lead=hai_phong, start_date=today - 60 * DAY, deadline=today - 5 * DAY, status=Task.Status.IN_PROGRESS,
                          progress=45)
    late_hn = TaskFactory(objective__plan=plan, title="Báo cáo kết quả tiếp đoàn BHXH Lào", lead=ha_noi,
                          start_date=today - 60 * DAY, deadline=today - 8 * DAY, status=Task.Status.IN_PROGRESS, progress=40)
    done = TaskFactory(objective__plan=plan, title="Tham dự Hội nghị Ban Chấp hành ASSA", lead=ha_noi,
                       start_date=today - 90 * DAY, deadline=today - 20 * DAY, status=Task.Status.DONE, progress=100)
    Task.objects.filter(pk=done.pk).update(completed_on=today - 22 * DAY)
    holiday = TaskFactory(objective__plan=PlanFactory(year=2025), title="Gửi thư chúc mừng Quốc khánh", lead=ha_noi,
                          start_date=datetime.date(2025, 8, 1), deadline=datetime.date(2025, 9, 2))
    vss = Unit.objects.get(code="VSS")
    return {
        "today": today, "plan": plan, "late_hp": late_hp, "late_hn": late_hn, "holiday": holiday,
        "haiphong": make_user(User.Role.UNIT_OFFICER, hai_phong, username="haiphong"),
        "hanoi": make_user(User.Role.UNIT_OFFICER, ha_noi, username="hanoi"),
        "central": make_user(User.Role.CENTRAL_PLANNER, vss, username="central"),
        "leader": make_user(User.Role.LEADERSHIP, vss, username="leader"),
    }


def test_extension_asked_granted_and_followed_everywhere(page, login, assert_accessible, world, tmp_path):
    today, task = world["today"], world["late_hp"]
    switch_to(page, login, world["leader"])
    page.goto(f"/dashboard/?plan={world['plan'].pk}")
    assert figure(page, "on-time-rate") == "33 %"  # 1 of 3 due completed on time
    assert figure(page, "extended-count") == "0"
    fits(page, assert_accessible)

    switch_to(page, login, world["haiphong"])
    page.goto(task.get_absolute_url())
    assert figure(page, "standing") == "Quá hạn chưa hoàn thành"
    page.get_by_role("link", name="Đề nghị gia hạn").click()
    fits(page, assert_accessible)
    page.get_by_label("Thời hạn mới đề nghị").fill((today - 6 * DAY).strftime("%d/%m/%Y"))
    page.get_by_label("Lý do").fill("Đối tác Hàn Quốc đề nghị dời buổi làm việc.")
    evidence = tmp_path / "cong-van-doi-tac.pdf"
    evidence.write_bytes(PDF_BYTES)
    page.get_by_label("Tài liệu kèm theo").set_input_files(str(evidence))
    page.get_by_role("button", name="Gửi đề nghị").click()
    assert page.get_by_text("Thời hạn mới phải sau thời hạn hiện tại").is_visible()  # the form kept its values
    assert page.get_by_label("Lý do").input_value() == "Đối tác Hàn Quốc đề nghị dời buổi làm việc."
    page.get_by_label("Thời hạn mới đề nghị").fill((today + 20 * DAY).strftime("%d/%m/%Y"))
    page.get_by_label("Tài liệu kèm theo").set_input_files(str(evidence))
    page.get_by_role("button", name="Gửi đề nghị").click()
    assert page.get_by_text("Đề nghị gia hạn đã được gửi").is_visible()
    waiting = page.get_by_role("region", name="Gia hạn thời hạn")  # what the unit may still do with it
    assert waiting.get_by_role("link", name="Sửa đề nghị", exact=True).is_visible()
    assert page.get_by_role("link", name="cong-van-doi-tac.pdf").count() == 1  # told once, in the timeline
    assert page.locator("#timeline").get_by_role("link", name="cong-van-doi-tac.pdf").is_visible()
    fits(page, assert_accessible)
    assert ExtensionRequest.objects.get().is_pending

    switch_to(page, login, world["central"])
    page.get_by_role("button", name="Kế hoạch, nhiệm vụ").click()  # the menu group
    page.get_by_role("link", name="Đề nghị gia hạn", exact=True).first.click()
    fits(page, assert_accessible)
    page.get_by_role("link", name="Quyết định").first.click()
    fits(page, assert_accessible)
    granted = today + 25 * DAY
    page.get_by_label("Chấp thuận", exact=True).check()
    page.get_by_label("Thời hạn được chấp thuận").fill(granted.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Ghi nhận quyết định").click()
    assert page.get_by_text("Đã chấp thuận thời hạn mới.").is_visible()
    task.refresh_from_db()
    assert (task.deadline, task.extended_deadline) == (today - 5 * DAY, granted)
    assert task.effective_deadline >= granted and task.standing == Standing.IN_PROGRESS

    page.goto(task.get_absolute_url())
    assert figure(page, "standing") == "Đang thực hiện trong hạn"
    assert figure(page, "effective-deadline").startswith(task.effective_deadline.strftime("%d/%m/%Y"))
    fits(page, assert_accessible)

    ensure_default_rules()
    reminders_scan(day=today)
    overdue = ReminderDispatch.objects.filter(rule=ReminderRule.Code.TASK_OVERDUE)
    assert not overdue.filter(object_id=task.pk).exists()  # the reminders follow the new date
    if reminders_scan(day=today).working_day:
        assert overdue.filter(object_id=world["late_hn"].pk).exists()

    switch_to(page, login, world["leader"])
    page.goto(f"/dashboard/?plan={world['plan'].pk}")
    assert figure(page, "on-time-rate") == "50 %"  # the extended task is no longer due
    assert figure(page, "extended-count") == "1"
    page.locator("[data-figure='extended']").click()
    assert page.get_by_text("1 nhiệm vụ").is_visible()
    fits(page, assert_accessible)


def test_leader_asks_ha_noi_to_explain_and_reads_the_answer(page, login, assert_accessible, world):
    today, task = world["today"], world["late_hn"]
    switch_to(page, login, world["leader"])
    page.goto(task.get_absolute_url())
    page.get_by_role("link", name="Yêu cầu giải trình").click()
    fits(page, assert_accessible)
    page.get_by_label("Nội dung đơn vị cần giải trình").fill("Đề nghị giải trình lý do chậm báo cáo.")
    page.get_by_label("Hạn trả lời").fill((today + 5 * DAY).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Gửi đề nghị").click()
    assert page.get_by_text("Đã yêu cầu các đơn vị giải trình.").is_visible()
    fits(page, assert_accessible)

    switch_to(page, login, world["hanoi"])
    assert page.get_by_role("heading", name="Giải trình đơn vị cần gửi").is_visible()
    fits(page, assert_accessible)
    page.get_by_role("link", name=task.title).first.click()
    fits(page, assert_accessible)
    page.get_by_role("button", name="Gửi giải trình").click()
    assert page.locator(".invalid-feedback, .errorlist").first.is_visible()  # the answer is required
    page.locator("#id_answer").fill("Do đối tác lùi lịch; sẽ hoàn thành trong tuần tới.")
    page.get_by_role("button", name="Gửi giải trình").click()
    assert page.get_by_text("Đã gửi giải trình.").is_visible()
    assert ExplanationReply.objects.get().is_answered

    page.goto("/explanations/?show=all")
    fits(page, assert_accessible)

    switch_to(page, login, world["leader"])
    page.goto(task.get_absolute_url())
    assert page.locator("#timeline").get_by_text("Do đối tác lùi lịch; sẽ hoàn thành trong tuần tới.").is_visible()
    page.goto("/explanations/?show=answered")
    assert page.locator("[data-reply]").count() == 1
    fits(page, assert_accessible)


def test_a_task_due_on_national_day_2025_is_due_the_next_day(page, login, assert_accessible, world):
    switch_to(page, login, world["central"])
    page.goto(world["holiday"].get_absolute_url())
    assert figure(page, "deadline") == "02/09/2025"
    assert figure(page, "effective-deadline").startswith("03/09/2025")
    assert "Bộ luật Dân sự 2015" in figure(page, "effective-deadline")
    fits(page, assert_accessible)


def test_planner_marks_done_and_reopens_with_a_reason(page, login, assert_accessible, world):
    task = world["late_hp"]
    switch_to(page, login, world["central"])
    page.goto(task.get_absolute_url())
    page.get_by_role("link", name="Đánh dấu hoàn thành").click()
    fits(page, assert_accessible)
    page.get_by_role("button", name="Đánh dấu nhiệm vụ hoàn thành").click()
    assert page.locator(".invalid-feedback").first.is_visible()  # a reason is required
    page.get_by_label("Lý do").fill("Đã nhận văn bản kết quả của đơn vị.")
    page.get_by_role("button", name="Đánh dấu nhiệm vụ hoàn thành").click()
    assert figure(page, "standing") == "Đã hoàn thành quá hạn"
    assert figure(page, "completed-on").startswith(world["today"].strftime("%d/%m/%Y"))
    page.get_by_role("link", name="Mở lại").click()
    page.get_by_label("Lý do").fill("Kết quả chưa đạt yêu cầu.")
    page.get_by_role("button", name="Mở lại nhiệm vụ").click()
    assert figure(page, "standing") == "Quá hạn chưa hoàn thành"
    assert page.locator("[data-testid='completed-on']").count() == 0
    fits(page, assert_accessible)


def test_officer_changes_a_waiting_request_and_follows_it_in_the_queue(page, login, assert_accessible, world):
    from plans import extensions

    today, task = world["today"], world["late_hp"]
    extensions.extension_request_create(task=task, proposed_deadline=today + 10 * DAY, reason="Lùi lịch", by=world["haiphong"])
    switch_to(page, login, world["haiphong"])
    page.goto(task.get_absolute_url())
    page.get_by_role("link", name="Sửa đề nghị", exact=True).click()
    fits(page, assert_accessible)
    page.get_by_label("Thời hạn mới đề nghị").fill((today + 15 * DAY).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Lưu").click()
    assert page.get_by_text("Đã sửa đề nghị.").is_visible()
    assert ExtensionRequest.objects.get().proposed_deadline == today + 15 * DAY
    page.goto("/extensions/")
    assert page.locator("[data-extension]").count() == 1
    assert page.get_by_role("link", name="Xem").is_visible()  # an officer follows, a planner decides
    fits(page, assert_accessible)
