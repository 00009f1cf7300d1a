"""Personal access tokens: shown once, stored hashed, scoped, expiring, revocable, last use recorded."""

import datetime

import pytest
import time_machine
from django.contrib.admin.sites import site
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from api import services
from api.models import PersonalAccessToken, hash_secret

from .factories import bearer, token_for

TASKS = "/api/v1/tasks/"


def test_token_create_stores_only_the_hash(officer):
    token, secret = services.token_create(
        user=officer, name="Kho dữ liệu", scope="read", expires_on=timezone.localdate() + datetime.timedelta(days=30),
        by=officer,
    )
    assert secret.startswith("vss_") and len(secret) > 40
    token.refresh_from_db()
    assert token.key_hash == hash_secret(secret) and secret not in (token.key_hash, token.key_prefix)
    assert token.key_prefix == secret[:12]
    assert timezone.localtime(token.expires_at).date() == timezone.localdate() + datetime.timedelta(days=31)


def test_token_create_refuses_expiry_in_the_past_or_too_far(officer):
    for days in (0, -1, 367):
        with pytest.raises(ValidationError) as caught:
            services.token_create(user=officer, name="x", scope="read",
                                  expires_on=timezone.localdate() + datetime.timedelta(days=days), by=officer)
        assert "expires_on" in caught.value.error_dict
    assert not PersonalAccessToken.objects.exists()


def test_token_create_only_for_oneself(officer, planner):
    with pytest.raises(PermissionDenied):
        services.token_create(user=officer, name="x", scope="read",
                              expires_on=timezone.localdate() + datetime.timedelta(days=3), by=planner)


def test_api_without_credentials_is_401_problem(client, db):
    response = client.get(TASKS)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json()["status"] == 401


@pytest.mark.parametrize("header", ["Bearer vss_unknown", "Bearer", "Bearer a b"])
def test_api_with_a_bad_token_is_401(client, db, header):
    response = client.get(TASKS, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_token_signs_in_and_records_last_use(client, officer):
    secret = token_for(officer)
    response = client.get(TASKS, **bearer(secret))
    assert response.status_code == 200
    token = PersonalAccessToken.objects.get()
    assert token.last_used_at is not None
    first_use = token.last_used_at
    client.get(TASKS, **bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at == first_use  # at most one write a minute
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        client.get(TASKS, **bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at > first_use


def test_expired_token_is_refused(client, officer):
    secret = token_for(officer, days=1)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        assert client.get(TASKS, **bearer(secret)).status_code == 401


def test_revoked_token_is_refused(client, officer):
    secret = token_for(officer)
    services.token_revoke(token=PersonalAccessToken.objects.get(), by=officer)
    assert client.get(TASKS, **bearer(secret)).status_code == 401
    assert PersonalAccessToken.objects.get().revoked_by == officer  # kept, not deleted


def test_token_of_a_deactivated_user_is_refused(client, officer):
    secret = token_for(officer)
    User.objects.filter(pk=officer.pk).update(is_active=False)
    assert client.get(TASKS, **bearer(secret)).status_code == 401


def test_read_only_token_cannot_write(client, officer):
    secret = token_for(officer, scope=PersonalAccessToken.Scope.READ)
    response = client.post("/api/v1/reports/", {}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en",
                           **bearer(secret))
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]


def test_session_writes_need_the_csrf_token(officer):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(officer)
    response = browser.post("/api/v1/reports/", {}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_token_is_not_a_session(client, officer):
    """A token opens the API only: the pages still ask for the login."""
    response = client.get("/tasks/", **bearer(token_for(officer)))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@override_settings(API_RATE_LIMIT="3/minute")
def test_each_token_has_its_own_rate_limit(client, officer):
    cache.clear()
    first, second = token_for(officer, name="một"), token_for(officer, name="hai")
    assert [client.get(TASKS, **bearer(first)).status_code for _ in range(3)] == [200, 200, 200]
    limited = client.get(TASKS, **bearer(first))
    assert limited.status_code == 429
    assert limited["Content-Type"] == "application/problem+json" and int(limited["Retry-After"]) > 0
    assert client.get(TASKS, **bearer(second)).status_code == 200


# --- The tokens page -------------------------------------------------------------------------


def test_tokens_page_creates_a_token_and_shows_it_once(client, officer):
    client.force_login(officer)
    expires = (timezone.localdate() + datetime.timedelta(days=30)).strftime("%d/%m/%Y")
    response = client.post(reverse("api:token_list"), {"name": "Kho dữ liệu", "scope": "write", "expires_on": expires})
    assert response.status_code == 302
    shown = client.get(reverse("api:token_list"))
    token = PersonalAccessToken.objects.get(user=officer)
    secret = shown.context["secret"]
    assert token.key_hash == hash_secret(secret) and token.scope == "write"
    assert secret in shown.content.decode()
    again = client.get(reverse("api:token_list")).content.decode()
    assert secret not in again and token.key_prefix in again
    assert secret not in str(dict(client.session))


def test_tokens_page_keeps_values_on_error(client, officer):
    client.force_login(officer)
    response = client.post(reverse("api:token_list"), {"name": "Kho", "scope": "read", "expires_on": "01/01/2000"})
    assert response.status_code == 200
    assert not PersonalAccessToken.objects.exists()
    assert response.context["form"].errors["expires_on"]
    assert 'value="Kho"' in response.content.decode()


def test_tokens_page_lists_only_ones_own_tokens(client, officer, planner):
    token_for(planner, name="của người khác")
    token_for(officer, name="của tôi")
    client.force_login(officer)
    page = client.get(reverse("api:token_list")).content.decode()
    assert "của tôi" in page and "của người khác" not in page


def test_tokens_page_revokes(client, officer):
    token_for(officer)
    token = PersonalAccessToken.objects.get()
    client.force_login(officer)
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == officer


def test_tokens_page_list_queries_are_constant(client, officer, administrator):
    client.force_login(officer)
    token_for(officer, name="1")
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("api:token_list"))
    for n in range(5):
        token_for(officer, name=f"n{n}")
    for token in PersonalAccessToken.objects.all()[:3]:
        services.token_revoke(token=token, by=administrator)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("api:token_list"))
    assert len(response.context["tokens"]) == 6
    assert len(many) == len(one)


def test_administrator_revokes_any_token_in_the_admin(client, officer, administrator):
    token_for(officer)
    token = PersonalAccessToken.objects.get()
    client.force_login(administrator)
    url = reverse("admin:api_personalaccesstoken_changelist")
    response = client.post(url, {"action": "revoke", "_selected_action": [token.pk]})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == administrator
    assert site.is_registered(PersonalAccessToken)


def test_planner_cannot_revoke_someone_elses_token(officer, planner):
    token_for(officer)
    with pytest.raises(PermissionDenied):
        services.token_revoke(token=PersonalAccessToken.objects.get(), by=planner)
