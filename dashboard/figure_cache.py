"""The dashboard's cache of aggregated figures.

A figure set is kept for DASHBOARD_CACHE_SECONDS under a key that includes a generation number,
and any save or delete of the records the figures count (plans, tasks, reports, certificates,
conferences) moves the generation on, so an edit shows at once; the time limit covers bulk
changes that send no signal. The cache is a help, never a dependency: if it is unreachable the
figures are computed and the saves go on.
"""

import logging

from django.apps import apps
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from core import signals as core_signals

logger = logging.getLogger(__name__)
GENERATION = "dashboard:generation"
COUNTED_APPS = {"plans", "reports", "agreements", "conferences"}


def get_or_compute(key: str, compute, seconds: int):
    if not seconds:
        return compute()
    try:
        full_key = f"dashboard:{cache.get(GENERATION, 0)}:{key}"
        values = cache.get(full_key)
    except Exception:  # noqa: BLE001 - a cache outage must not take the dashboard down
        logger.warning("Dashboard cache unreachable; computing the figures", exc_info=True)
        return compute()
    if values is None:
        values = compute()
        try:
            cache.set(full_key, values, seconds)
        except Exception:  # noqa: BLE001
            logger.warning("Dashboard cache unreachable; figures not kept", exc_info=True)
    return values


def next_generation(sender, **kwargs) -> None:
    if sender._meta.app_label not in COUNTED_APPS:
        return
    try:
        cache.incr(GENERATION)
    except ValueError:  # not there yet, or evicted
        cache.add(GENERATION, 1, None)
    except Exception:  # noqa: BLE001 - never fail a save because of the cache
        logger.warning("Dashboard cache unreachable; generation not moved on", exc_info=True)


def calendar_changed(sender, **kwargs) -> None:
    """A day off or the deadline policy changed: effective deadlines moved by UPDATE, without a save signal."""
    next_generation(apps.get_model("plans", "Task"))


def connect() -> None:
    post_save.connect(next_generation, dispatch_uid="dashboard-figures-save")
    post_delete.connect(next_generation, dispatch_uid="dashboard-figures-delete")
    core_signals.calendar_changed.connect(calendar_changed, dispatch_uid="dashboard-figures-calendar")
