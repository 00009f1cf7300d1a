"""The health-check registry: apps above core add their checks to /healthz without core importing them."""

import pytest

from core import health


@pytest.fixture
def no_broker(settings):
    settings.REDIS_URL = ""


@pytest.mark.django_db
def test_healthz_shows_a_registered_check(client, no_broker, monkeypatch):
    monkeypatch.setitem(health._checks, "probe", lambda: health.HealthReport({"answers": 42}))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["probe"] == {"answers": 42}


@pytest.mark.django_db
def test_healthz_unhealthy_check_is_503(client, no_broker, monkeypatch):
    monkeypatch.setitem(health._checks, "probe", lambda: health.HealthReport("stuck", healthy=False))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error" and response.json()["probe"] == "stuck"


@pytest.mark.django_db
def test_healthz_check_that_raises_is_503_not_500(client, no_broker, monkeypatch):
    def broken():
        raise RuntimeError("boom")

    monkeypatch.setitem(health._checks, "probe", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["probe"] == "error"


def test_notifications_registers_its_email_check():
    assert "reminder_emails" in health._checks
