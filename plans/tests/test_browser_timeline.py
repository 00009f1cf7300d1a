"""The task's timeline tried as a new user would: Hải Phòng finds the explanation it owes in My work,
answers it and sees the exchange told on the task page with its extension request; the central planner
finds the request in My work, grants it from the timeline and reads the story in order; Hà Nội, not on
the task, gets a 404. Every page is checked with axe and never scrolls sideways at 390 px."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Unit, User
from plans import explanations, extensions
from plans.models import Task
from plans.tests.factories import PlanFactory, TaskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DAY = datetime.timedelta(days=1)


def fits(page, assert_accessible):
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{page.url} scrolls sideways by {overflow} px at {width} px"
    assert_accessible(page)


def switch_to(page, login, user):
    page.context.clear_cookies()
    login(user)


def timeline_kinds(page) -> list[str]:
    return page.locator("#timeline li.timeline-entry").evaluate_all(
        "items => items.map(item => [...item.classList].find(name => name.startsWith('kind-')).slice(5))"
    )


@pytest.fixture
def world(make_user):
    today = timezone.localdate()
    hai_phong, ha_noi, vss = (Unit.objects.get(code=code) for code in ("P34-HAIPHONG", "P34-HANOI", "VSS"))
    task = TaskFactory(objective__plan=PlanFactory(year=today.year, number="61/KH-BHXH"), lead=hai_phong,
                       title="Giới thiệu hình ảnh BHXH Hải Phòng với đối tác Hàn Quốc", start_date=today - 60 * DAY,
                       deadline=today - 5 * DAY, status=Task.Status.IN_PROGRESS, progress=45)
    people = {
        "haiphong": make_user(User.Role.UNIT_OFFICER, hai_phong, username="haiphong"),
        "hanoi": make_user(User.Role.UNIT_OFFICER, ha_noi, username="hanoi"),
        "central": make_user(User.Role.CENTRAL_PLANNER, vss, username="central"),
        "leader": make_user(User.Role.LEADERSHIP, vss, username="leader"),
    }
    extensions.extension_request_create(task=task, proposed_deadline=today + 20 * DAY,
                                        reason="Đối tác Hàn Quốc đề nghị dời buổi làm việc.", by=people["haiphong"])
    explanations.explanation_request_create(task=task, question="Đề nghị giải trình lý do chậm tiến độ.",
                                            reply_by=today + 3 * DAY, by=people["leader"])
    return {"today": today, "task": task, **people}


def test_the_deadline_exchanges_are_told_on_the_task_page(page, login, assert_accessible, world):
    task, today = world["task"], world["today"]

    switch_to(page, login, world["haiphong"])
    page.goto("/my/")
    assert page.locator("[data-kind='explanations']").inner_text().endswith("1")
    fits(page, assert_accessible)
    page.locator(".work-explanations a").click()
    page.locator("#id_answer").fill("Do đối tác lùi lịch; sẽ hoàn thành trong tuần tới.")
    page.get_by_role("button", name="Gửi giải trình").click()
    assert page.get_by_text("Đã gửi giải trình.").is_visible()
    page.goto(task.get_absolute_url())
    timeline = page.locator("#timeline")
    assert timeline.get_by_text("đề nghị gia hạn").first.is_visible()
    assert timeline.get_by_text("Đối tác Hàn Quốc đề nghị dời buổi làm việc.").is_visible()
    assert timeline.get_by_text("Do đối tác lùi lịch; sẽ hoàn thành trong tuần tới.").is_visible()
    assert timeline_kinds(page) == ["extension_asked", "explanation_asked", "explanation_answered"]
    fits(page, assert_accessible)

    switch_to(page, login, world["central"])
    page.goto("/my/")
    assert page.locator("[data-kind='extensions']").inner_text().endswith("1")
    fits(page, assert_accessible)
    page.goto(task.get_absolute_url())
    page.locator("#timeline").get_by_role("link", name="Mở đề nghị").click()
    granted = today + 25 * DAY
    page.get_by_label("Chấp thuận", exact=True).check()
    page.get_by_label("Thời hạn được chấp thuận").fill(granted.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Ghi nhận quyết định").click()
    assert page.get_by_text("Đã chấp thuận thời hạn mới.").is_visible()
    page.goto(task.get_absolute_url())
    task.refresh_from_db()
    assert timeline_kinds(page) == ["extension_asked", "explanation_asked", "explanation_answered", "extension_decided"]
    decision = page.locator("#timeline li.kind-extension_decided")
    assert f"Thời hạn được chấp thuận: {granted:%d/%m/%Y}" in decision.inner_text()
    assert decision.get_by_test_id("granted-effective").inner_text().startswith(
        f"Hạn thực tế: {task.effective_deadline:%d/%m/%Y}")
    fits(page, assert_accessible)

    switch_to(page, login, world["hanoi"])
    assert page.goto(task.get_absolute_url()).status == 404
