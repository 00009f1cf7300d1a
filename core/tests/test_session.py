import time

import pytest

from core.middleware import LOGIN_AT, SEEN_AT


def _shift_session(client, **marks):
    session = client.session
    for key, seconds_ago in marks.items():
        session[key] = time.time() - seconds_ago
    session.save()


@pytest.mark.django_db
def test_login_changes_session_key(client, officer):
    client.get("/accounts/login/")
    client.cookies["sessionid"] = "attacker-chosen"
    response = client.post("/accounts/login/", {"username": "officer", "password": "pass-1234-word"})
    assert response.status_code == 302
    assert client.cookies["sessionid"].value != "attacker-chosen"
    assert LOGIN_AT in client.session


@pytest.mark.django_db
def test_session_idle_more_than_30_minutes_logs_out(client, officer):
    client.force_login(officer)
    _shift_session(client, **{LOGIN_AT: 40 * 60, SEEN_AT: 31 * 60})
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_session_active_within_30_minutes_stays(client, officer):
    client.force_login(officer)
    _shift_session(client, **{LOGIN_AT: 40 * 60, SEEN_AT: 29 * 60})
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_session_older_than_12_hours_logs_out_even_if_active(client, officer):
    client.force_login(officer)
    _shift_session(client, **{LOGIN_AT: 12 * 3600 + 60, SEEN_AT: 10})
    response = client.get("/")
    assert response.status_code == 302


@pytest.mark.django_db
def test_signed_in_pages_are_never_cached(client, officer):
    client.force_login(officer)
    response = client.get("/units/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]

