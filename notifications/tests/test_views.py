import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from notifications.models import Notification, NotificationPreference

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:notification_list")


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def test_notification_list_shows_only_own_notifications(client, officer, make_user):
    NotificationFactory(recipient=officer, title="Của tôi")
    NotificationFactory(recipient=make_user(User.Role.UNIT_OFFICER), title="Của người khác")
    client.force_login(officer)
    page = client.get(LIST).content.decode()
    assert "Của tôi" in page and "Của người khác" not in page


def test_notification_list_filters_read_and_unread(client, officer):
    NotificationFactory(recipient=officer, title="Tin số một")
    NotificationFactory(recipient=officer, title="Tin số hai", read_at="2026-11-20T09:00:00+07:00")
    client.force_login(officer)
    unread = client.get(LIST + "?show=unread").content.decode()
    read = client.get(LIST + "?show=read").content.decode()
    assert "Tin số một" in unread and "Tin số hai" not in unread
    assert "Tin số hai" in read and "Tin số một" not in read


def test_notification_list_queries_do_not_grow(client, officer):
    NotificationFactory(recipient=officer)
    client.force_login(officer)
    client.get(LIST)
    one = _queries(client, LIST)
    NotificationFactory.create_batch(30, recipient=officer)
    assert _queries(client, LIST) == one


def test_unread_count_in_the_navigation(client, officer):
    NotificationFactory.create_batch(3, recipient=officer)
    client.force_login(officer)
    page = client.get(reverse("home")).content.decode()
    assert 'href="/notifications/"' in page
    assert '<span class="badge text-bg-warning">3<span class="visually-hidden">' in page


def test_notification_read_marks_it_read(client, officer):
    notification = NotificationFactory(recipient=officer)
    client.force_login(officer)
    response = client.post(reverse("notifications:notification_read", args=[notification.pk]))
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.is_read


def test_notification_read_of_someone_else_is_404(client, officer, administrator):
    notification = NotificationFactory(recipient=officer)
    client.force_login(administrator)
    assert client.post(reverse("notifications:notification_read", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert not notification.is_read


def test_notification_read_by_get_is_not_allowed(client, officer):
    notification = NotificationFactory(recipient=officer)
    client.force_login(officer)
    assert client.get(reverse("notifications:notification_read", args=[notification.pk])).status_code == 405


def test_notification_read_all_marks_only_own(client, officer, planner):
    NotificationFactory.create_batch(2, recipient=officer)
    theirs = NotificationFactory(recipient=planner)
    client.force_login(officer)
    response = client.post(reverse("notifications:notification_read_all"), follow=True)
    assert "2" in response.content.decode()
    assert not Notification.objects.visible_to(officer).unread().exists()
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_preferences_saved(client, officer):
    client.force_login(officer)
    response = client.post(reverse("notifications:preferences"), {
        "language": "en", "email_tasks": "on", "email_reports": "", "email_reviews": "on",
        "email_conferences": "on", "email_coverage": "on", "digest": "",
    })
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=officer)
    assert preference.language == "en" and preference.email_tasks and not preference.email_reports
    assert not preference.digest


def test_preferences_cannot_make_oneself_unit_head(client, officer):
    client.force_login(officer)
    client.post(reverse("notifications:preferences"), {"language": "vi", "is_unit_head": "on"})
    assert not NotificationPreference.objects.get(user=officer).is_unit_head


def test_preferences_bad_language_rerenders_with_error(client, officer):
    client.force_login(officer)
    response = client.post(reverse("notifications:preferences"), {"language": "fr", "email_tasks": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors["language"]
    assert not NotificationPreference.objects.filter(user=officer).exists()


def test_preferences_page_says_escalations_are_mandatory(client, officer):
    client.force_login(officer)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "bắt buộc" in page
