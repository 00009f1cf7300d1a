"""A central planner creates a token on their tokens page, uses it from a program, then revokes it;
and the API docs load from the installed packages."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Unit, User
from api.models import PersonalAccessToken

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_planner_creates_uses_and_revokes_a_token(page, login, make_user, assert_accessible):
    planner = make_user(User.Role.CENTRAL_PLANNER, Unit.objects.get(code="HTQT"), username="token-planner")
    login(planner)
    page.locator("#user-menu").click()
    page.get_by_role("link", name="Access tokens").or_(page.get_by_role("link", name="Mã truy cập")).click()
    assert_accessible(page)
    page.get_by_label("Tên").or_(page.get_by_label("Name")).fill("Kho dữ liệu báo cáo")
    page.get_by_label("Phạm vi").or_(page.get_by_label("Scope")).select_option("read")
    expires = (timezone.localdate() + datetime.timedelta(days=30)).strftime("%d/%m/%Y")
    page.get_by_label("Hết hạn ngày").or_(page.get_by_label("Expires on")).fill(expires)
    page.locator("main form button[type=submit]").click()
    secret = page.locator("#new-token").input_value()
    assert secret.startswith("vss_")
    assert_accessible(page)

    program = Client()
    response = program.get("/api/v1/tasks/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200

    page.reload()
    assert page.locator("#new-token").count() == 0  # shown once
    page.get_by_role("button", name="Kho dữ liệu báo cáo").click()
    assert PersonalAccessToken.objects.get().revoked_at is not None
    assert program.get("/api/v1/tasks/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_api_docs_are_served_without_a_cdn(page, login, make_user, assert_accessible):
    login(make_user(User.Role.UNIT_OFFICER, Unit.objects.get(code="P34-HAIPHONG"), username="docs-officer"))
    outside = []
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(page.url[:22]) else None)
    page.goto("/api/docs/")
    page.get_by_text("VSS Foreign Affairs Portal API").first.wait_for()
    page.locator(".opblock").first.wait_for()
    assert not [url for url in outside if url.startswith("http")]
