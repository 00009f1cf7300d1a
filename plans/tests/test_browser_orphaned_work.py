"""The orphaned-work page in a real browser: a central planner finds it from the home page, searches
it, opens a task, at a phone's width and a desktop's, with no horizontal scroll and no axe violation."""

import datetime

import pytest

from accounts.models import Unit, UnitSuccession, User
from accounts.tests.factories import UnitFactory, officer_of
from plans.tests.factories import ObjectiveFactory, PlanFactory, TaskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def orphaned_work():
    """Work that reaches nobody (an ended unit with no successor; a successor with no officer) and work that does."""
    plan = PlanFactory(year=2026, number="77/KH-BHXH")
    objective = ObjectiveFactory(plan=plan)
    ended = UnitFactory(code="BW-ENDED", valid_to=datetime.date(2025, 6, 30), name_vi="Ban Giải Thể", name_en="Dissolved Board")
    TaskFactory(objective=objective, lead=ended, title="Tập huấn cán bộ đối ngoại khu vực phía Bắc năm 2026")
    old = UnitFactory(code="BW-OLD", valid_to=datetime.date(2025, 2, 28))
    heir = UnitFactory(code="BW-HEIR", name_vi="Ban Kế Thừa Chưa Có Cán Bộ", name_en="Heir Without Officer")
    UnitSuccession.objects.create(from_unit=old, to_unit=heir)
    TaskFactory(objective=objective, lead=old, title="Trao đổi thông tin với NPS")
    staffed = Unit.objects.get(code="P34-HAIPHONG")
    officer_of(staffed)
    TaskFactory(objective=objective, lead=Unit.objects.get(code="P63-HAIDUONG"), title="Việc đã có người nhận")


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 900)])
def test_planner_reviews_orphaned_work(page, login, make_user, assert_accessible, orphaned_work, width, height):
    page.set_viewport_size({"width": width, "height": height})
    login(make_user(User.Role.CENTRAL_PLANNER, Unit.objects.get(code="VSS"), username="cp-orphans"))
    page.get_by_test_id("orphaned-count").get_by_role("link").click()
    assert page.get_by_role("heading", name="Việc không có người nhận").is_visible()
    table = page.locator("main table")
    assert "Tập huấn cán bộ đối ngoại khu vực phía Bắc năm 2026" in table.inner_text()
    assert "Ban Kế Thừa Chưa Có Cán Bộ" in table.inner_text()
    assert "Việc đã có người nhận" not in table.inner_text()
    assert _no_horizontal_scroll(page)
    assert_accessible(page)

    page.get_by_label("Tìm kiếm").fill("trao doi thong tin")
    page.get_by_role("button", name="Lọc").click()
    assert page.locator("main tbody tr").count() == 1
    assert_accessible(page)
    page.get_by_role("link", name="Trao đổi thông tin với NPS").click()
    assert page.get_by_role("heading", name="Trao đổi thông tin với NPS").is_visible()
    assert "Ban Kế Thừa Chưa Có Cán Bộ" in page.locator("main").inner_text()
    assert _no_horizontal_scroll(page)
    assert_accessible(page)


def test_orphaned_work_page_in_english(page, login, make_user, assert_accessible, orphaned_work):
    login(make_user(User.Role.ADMINISTRATOR, username="admin-orphans"))
    page.get_by_role("button", name="English").click()
    page.mouse.move(0, 0)  # away from the navigation, so no button is read mid-hover
    page.goto("/tasks/orphaned/")
    assert page.get_by_role("heading", name="Orphaned work").is_visible()
    assert "Dissolved Board ended on 30/06/2025 with no successor." in page.locator("main table").inner_text()
    assert_accessible(page)
