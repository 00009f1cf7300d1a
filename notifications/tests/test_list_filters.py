"""The inbox's query string goes through NotificationFilterForm: bad input is a form error, never a 500."""

import pytest
from django.urls import reverse

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:notification_list")


@pytest.mark.parametrize("query", ["show=%00", "show=nope", "show=unread%00"])
def test_notification_list_bad_show_is_a_form_error_not_500(client, officer, query):
    NotificationFactory(recipient=officer, title="Tin chưa đọc")
    client.force_login(officer)
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert response.context["filter_form"].errors["show"]
    assert not response.context["page_obj"].object_list
    html = response.content.decode()
    assert "Không áp dụng được bộ lọc" in html and "Tin chưa đọc" not in html


def test_notification_list_has_no_search_so_q_changes_nothing(client, officer):
    NotificationFactory(recipient=officer, title="Tin chưa đọc")
    client.force_login(officer)
    response = client.get(f"{LIST}?q=%00")
    assert response.status_code == 200 and not response.context["filter_form"].errors
    assert "Tin chưa đọc" in response.content.decode()


def test_notification_list_pages_keep_the_filter(client, officer):
    NotificationFactory.create_batch(26, recipient=officer)
    client.force_login(officer)
    response = client.get(f"{LIST}?show=unread")
    assert response.context["show"] == "unread"
    assert "?show=unread&amp;page=2" in response.content.decode()


def test_notification_list_bad_page_is_the_last_page(client, officer):
    NotificationFactory(recipient=officer, title="Tin duy nhất")
    client.force_login(officer)
    response = client.get(f"{LIST}?page=%00")
    assert response.status_code == 200 and "Tin duy nhất" in response.content.decode()
