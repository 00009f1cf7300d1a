import datetime

import pytest
from django.utils import timezone

from core.models import JobRun
from core.views import REMINDER_SCAN_JOB


@pytest.mark.django_db
def test_healthz_ok_without_login(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["broker"] == "not configured"
    assert body["last_reminder_scan"] is None


@pytest.mark.django_db
def test_healthz_broker_unreachable_is_503(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "error"


@pytest.mark.django_db
def test_healthz_stale_reminder_scan_is_503(client, settings):
    settings.REDIS_URL = ""
    settings.HEALTHZ_MAX_SCAN_AGE = datetime.timedelta(minutes=30)
    JobRun.objects.create(name=REMINDER_SCAN_JOB, last_success_at=timezone.now() - datetime.timedelta(hours=2))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["reminder_scan"] == "stale"


@pytest.mark.django_db
def test_healthz_recent_reminder_scan_is_reported(client, settings):
    settings.REDIS_URL = ""
    scanned = timezone.now() - datetime.timedelta(minutes=5)
    JobRun.objects.create(name=REMINDER_SCAN_JOB, last_success_at=scanned)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["last_reminder_scan"] == scanned.isoformat()


@pytest.mark.django_db
def test_healthz_with_real_redis_when_configured(client, settings):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL not set: covered by CI against the real Redis")
    response = client.get("/healthz")
    assert response.json()["broker"] == "ok"
