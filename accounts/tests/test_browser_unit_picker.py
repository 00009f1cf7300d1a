"""The one unit picker in a real browser: search without diacritics, ended units told apart, "no match"."""

import datetime

import pytest

from accounts.models import Unit, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_task_list_unit_filter_searches_and_says_no_match(page, login, make_user, assert_accessible):
    Unit.objects.create(code="OLD-PC", kind=Unit.Kind.CENTRAL, name_vi="Ban Pháp chế", name_en="Legal Department",
                        valid_to=datetime.date(2025, 2, 28))
    Unit.objects.create(code="NEW-PC", kind=Unit.Kind.CENTRAL, name_vi="Ban Pháp chế", name_en="Legal Department",
                        valid_from=datetime.date(2025, 3, 1))
    login(make_user(User.Role.CENTRAL_PLANNER, username="picker-planner"))
    page.goto("/tasks/")
    search = page.locator("#id_lead_search")
    search.fill("ban phap che")
    labels = [text.strip() for text in page.locator("#id_lead option:not([hidden])").all_inner_texts()]
    assert "Ban Pháp chế (đến 28/02/2025)" in labels and "Ban Pháp chế" in labels
    assert not page.locator("#id_lead_none").is_visible()
    search.fill("khong co don vi nay")
    assert page.locator("#id_lead_none").is_visible()
    assert page.locator("#id_lead_none").inner_text() == "Không có đơn vị nào phù hợp."
    assert_accessible(page)
