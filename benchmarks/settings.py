"""Settings of the in-process benchmarks: the production settings (DEBUG off, cached templates,
Redis cache when REDIS_URL is set), with Celery messages kept in memory so that a measured reminder
scan never queues real deliveries."""

from vss_portal.settings.production import *  # noqa: F403

CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = False
