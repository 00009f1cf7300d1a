"""Settings of the Celery worker that test_celery_worker.py starts: the development settings, with
the DATABASE_URL and REDIS_URL of the test run, mailing through the test's SMTP server on loopback
(smtp_sink.py) at VSS_TEST_SMTP_PORT."""

from vss_portal.settings.dev import *  # noqa: F403
from vss_portal.settings.dev import env

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = env.int("VSS_TEST_SMTP_PORT")
EMAIL_HOST_USER = EMAIL_HOST_PASSWORD = ""
EMAIL_USE_TLS = EMAIL_USE_SSL = False
