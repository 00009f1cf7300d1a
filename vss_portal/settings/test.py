"""Test settings: fast hashing, mail in memory, real services when their URLs are set."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-insecure-key"

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-uploads"  # noqa: F405
BACKUP_DIR = BASE_DIR / "var" / "test-backups"  # noqa: F405
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DASHBOARD_CACHE_SECONDS = 0  # tests change data between requests; the cache has its own test
MY_WORK_COUNT_CACHE_SECONDS = 0  # likewise (dashboard/tests/test_nav_counts.py)
# Tasks run in-process in tests; the Celery integration tests start a real worker themselves.
CELERY_TASK_ALWAYS_EAGER = True
API_RATE_LIMIT = "100000/minute"  # the throttle has its own test
