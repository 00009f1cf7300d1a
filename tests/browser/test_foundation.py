"""The page shell in a real browser: login, language, logout, units directory, homes, errors."""

import pytest
from django.utils import translation

from accounts.models import Unit, User
from accounts.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_page_in_vietnamese_then_english_then_logout(page, login, make_user, assert_accessible):
    officer = make_user(User.Role.UNIT_OFFICER, Unit.objects.get(code="P63-HAIDUONG"), username="hd")
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", name="Đăng nhập vào Cổng thông tin đối ngoại").is_visible()
    assert_accessible(page)

    login(officer)
    assert page.get_by_role("heading", name=f"Xin chào, {officer}").is_visible()
    assert_accessible(page)

    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="My unit's work").is_visible()
    assert_accessible(page)

    page.locator("#user-menu").click()
    page.get_by_role("button", name="Log out").click()
    assert page.get_by_role("heading", name="Log in to the Foreign Affairs Portal").is_visible()
    page.goto("/units/")
    assert "/accounts/login/" in page.url


def test_wrong_password_shows_error_and_keeps_username(page, make_user):
    officer = make_user(User.Role.UNIT_OFFICER, username="kept-name")
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(officer.username)
    page.get_by_label("Mật khẩu").fill("wrong-password")
    page.locator("main form button[type=submit]").click()
    assert "mật khẩu chính xác" in page.content()
    assert page.get_by_label("Tên đăng nhập").input_value() == "kept-name"


def test_units_directory_search_finds_hai_duong_and_its_successor(page, login, make_user, assert_accessible):
    login(make_user(User.Role.CENTRAL_PLANNER, username="cp"))
    page.goto("/units/")
    page.get_by_label("Tìm kiếm").fill("hai duong")
    page.get_by_role("button", name="Lọc").click()
    row = page.locator("tbody tr", has_text="P63-HAIDUONG")
    assert row.count() == 1
    assert "Bảo hiểm xã hội thành phố Hải Phòng" in row.inner_text()
    assert_accessible(page)
    row.get_by_role("link", name="Bảo hiểm xã hội thành phố Hải Phòng").click()
    assert page.get_by_role("heading", name="Bảo hiểm xã hội thành phố Hải Phòng").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize(
    "role,heading",
    [
        (User.Role.UNIT_OFFICER, "Công việc của đơn vị tôi"),
        (User.Role.CENTRAL_PLANNER, "Kế hoạch"),
        (User.Role.LEADERSHIP, "Bảng điều hành"),
        (User.Role.ADMINISTRATOR, "Kế hoạch"),
    ],
)
def test_each_role_sees_its_home_page(page, login, role, heading, assert_accessible):
    user = UserFactory(username=f"home-{role}", role=role, unit=Unit.objects.get(code="P34-HANOI"))
    login(user)
    assert page.get_by_role("heading", name=heading, exact=True).is_visible()
    with translation.override("vi"):
        assert str(user.role_label) in page.locator("#user-menu").inner_text()
    assert_accessible(page)


def test_not_found_page_is_friendly_in_both_languages(page, login, make_user, assert_accessible):
    login(make_user(User.Role.UNIT_OFFICER, username="nf"))
    response = page.goto("/units/999999/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Không tìm thấy trang").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="English").click()
    assert page.get_by_role("heading", name="Page not found").is_visible()
