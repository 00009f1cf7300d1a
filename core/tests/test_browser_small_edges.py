"""Small rough edges in a real browser: the file picker speaks Vietnamese, the icon loads."""

import pytest

from accounts.models import User
from plans.tests.factories import PlanFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_file_picker_is_vietnamese_and_names_the_chosen_file(page, login, make_user, assert_accessible, tmp_path):
    plan = PlanFactory(year=2026, status="draft")
    login(make_user(User.Role.CENTRAL_PLANNER, username="picker-planner"))
    page.goto(plan.get_absolute_url())
    page.get_by_role("link", name="Nhập nhiệm vụ từ Excel").click()
    picker = page.locator(".file-picker")
    assert picker.get_by_text("Chọn tệp", exact=True).is_visible()
    assert picker.get_by_text("Chưa chọn tệp nào").is_visible()
    assert_accessible(page)
    workbook = tmp_path / "nhiem-vu.xlsx"
    workbook.write_bytes(b"PK")
    page.get_by_label("Tệp Excel (.xlsx) điền theo mẫu").set_input_files(str(workbook))
    assert picker.get_by_text("nhiem-vu.xlsx").is_visible()


def test_favicon_loads_without_a_console_error(page, live_server):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{live_server.url}/accounts/login/")
    response = page.request.get(f"{live_server.url}/favicon.ico")
    assert response.ok and "<svg" in response.text()
    assert not errors
