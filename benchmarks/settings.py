"""Settings of the benchmarks: the production settings (DEBUG off, cached templates, Redis cache
when REDIS_URL is set) with the portal's URLs plus the two baselines of benchmarks/urls.py, and
Celery messages kept in memory so that a measured reminder scan or page never queues real deliveries."""

from vss_portal.settings.production import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = False
# The export benchmark measures the streaming writer itself, which the background job uses as well:
# all tasks in one response, never handed to a worker.
EXPORT_BACKGROUND_ROWS = 10**9
