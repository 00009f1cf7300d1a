"""Celery application: broker REDIS_URL; without it, tasks run in-process (settings)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vss_portal.settings.production")

app = Celery("vss_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
