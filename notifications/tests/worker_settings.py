"""Settings of the Celery worker that test_celery_worker.py starts: the development settings, with
the DATABASE_URL and REDIS_URL of the test run, writing each e-mail to its own file after a pause
(so a test can kill the worker in the middle of a batch)."""

from vss_portal.settings.dev import *  # noqa: F403
from vss_portal.settings.dev import env

EMAIL_BACKEND = "notifications.tests.backends.SlowFileBackend"
EMAIL_FILE_PATH = env("VSS_TEST_MAIL_DIR")
