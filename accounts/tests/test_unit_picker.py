"""One unit picker everywhere: searchable (the portal's script), ended units labelled with their end date."""

import datetime
import re

import pytest
from django.utils import translation

from accounts.models import Unit

pytestmark = pytest.mark.django_db


def test_ended_unit_is_labelled_with_its_end_date(hai_duong):
    with translation.override("vi"):
        assert hai_duong.choice_label == f"{hai_duong.name} (đến 30/06/2025)"
    with translation.override("en"):
        assert hai_duong.choice_label.endswith("(until 30/06/2025)")
    assert Unit(name_vi="Ban Pháp chế", name_en="Legal", valid_to=None).choice_label == "Ban Pháp chế"


@pytest.mark.parametrize(
    ("url", "field"),
    [("/tasks/", "unit"), ("/tasks/", "lead"), ("/reports/", "unit"), ("/conferences/", "organiser"),
     ("/agreements/coverage/", "office")],
)
def test_unit_filters_use_the_one_picker(client, planner, url, field):
    Unit.objects.create(code="OLD-PC", kind=Unit.Kind.CENTRAL, name_vi="Ban Pháp chế", name_en="Legal Department",
                        valid_to=datetime.date(2025, 2, 28))
    client.force_login(planner)
    html = client.get(url).content.decode()
    select = re.search(rf'<select name="{field}"[^>]*>', html)
    assert select, f"no {field} select on {url}"
    assert 'data-unit-filter="Gõ để tìm đơn vị…"' in select.group(0)
    assert 'data-unit-none="Không có đơn vị nào phù hợp."' in select.group(0)
    if field != "office":
        assert "Ban Pháp chế (đến 28/02/2025)" in html
