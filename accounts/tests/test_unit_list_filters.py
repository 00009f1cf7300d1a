"""The unit directory's query string goes through UnitFilterForm (a ListFilterForm): a NUL byte, a bad
date or a bad kind is a form error above an empty list, never a 500."""

import pytest

from accounts.models import Unit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("q=%00", "q"),
        ("q=" + "x" * 300, "q"),
        ("active_on=31/02/2025", "active_on"),
        ("active_on=%00", "active_on"),
        ("active_on=2025-13-01", "active_on"),
        ("kind=bogus", "kind"),
        ("kind=%00", "kind"),
        ("kind=provincial_office&active_on=%00&q=hai", "active_on"),
    ],
)
def test_unit_list_bad_query_string_is_a_form_error_not_500(client, officer, query, field):
    client.force_login(officer)
    response = client.get(f"/units/?{query}")
    assert response.status_code == 200
    assert response.context["filter_form"].errors[field]
    assert response.context["paginator"].count == 0
    html = response.content.decode()
    assert "Không áp dụng được bộ lọc" in html and "Không có đơn vị nào phù hợp." in html


def test_unit_list_without_a_query_string_lists_every_unit(client, officer):
    client.force_login(officer)
    response = client.get("/units/")
    assert response.context["paginator"].count == Unit.objects.count()
    assert not response.context["filter_form"].errors


def test_unit_list_filter_form_keeps_the_values_typed(client, officer):
    client.force_login(officer)
    html = client.get("/units/", {"q": "hai", "active_on": "31/02/2025"}).content.decode()
    assert 'value="hai"' in html and 'value="31/02/2025"' in html
