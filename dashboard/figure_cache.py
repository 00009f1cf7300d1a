"""The dashboard's cache of aggregated figures.

A figure set is kept for DASHBOARD_CACHE_SECONDS under a key that includes the generation numbers
of the groups of records it counts: "work" (plans, tasks, assignments, explanations and the reporting
periods), "reports" (what units write: reports, their events and evidence), "agreements",
"conferences" and "indicators". A report saved moves only "reports" on: the task figures stay cached and
only the completeness table is counted again. The rendered body of the dashboard is kept the same way
under EVERY_GROUP, so a view whose figures have not changed renders nothing but the page around it. A
save or delete moves only its own group's generation on, so an edit shows at once
and a saved conference leaves the task figures cached; the time limit covers bulk changes that
send no signal. The cache is a help, never a dependency: if it is unreachable the
figures are computed and the saves go on.
"""

import logging

from django.apps import apps
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from core import signals as core_signals

logger = logging.getLogger(__name__)
GROUP_OF_APP = {
    "plans": "work", "reports": "reports", "agreements": "agreements", "conferences": "conferences",
    "dashboard": "indicators",
}
# Models counted with another group than their app's: a reporting period sets the task figures' windows.
GROUP_OF_MODEL = {"reports.reportingperiod": "work", "reports.historicalreportingperiod": "work"}
EVERY_GROUP = tuple(dict.fromkeys(GROUP_OF_APP.values()))  # what the whole rendered dashboard depends on


def _generation_key(group: str) -> str:
    return f"dashboard:generation:{group}"


def get_or_compute(key: str, compute, seconds: int, groups: tuple[str, ...] = ("work",)):
    """The figures under `key`, computed again once a record of one of `groups` changed."""
    if not seconds:
        return compute()
    try:
        generations = cache.get_many([_generation_key(group) for group in groups])
        stamp = ".".join(str(generations.get(_generation_key(group), 0)) for group in groups)
        full_key = f"dashboard:{stamp}:{key}"
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


def move_on(key: str) -> None:
    """Move a generation number on (every key stamped with it is then stale); never fails a save."""
    try:
        cache.incr(key)
    except ValueError:  # not there yet, or evicted
        cache.add(key, 1, None)
    except Exception:  # noqa: BLE001 - never fail a save because of the cache
        logger.warning("Cache unreachable; generation %s not moved on", key, exc_info=True)


def group_of(model) -> str | None:
    meta = model._meta
    return GROUP_OF_MODEL.get(meta.label_lower, GROUP_OF_APP.get(meta.app_label))


def next_generation(sender, **kwargs) -> None:
    """A record was saved or deleted, or rows changed by an UPDATE (core.signals.figures_changed)."""
    group = group_of(sender)
    if group is not None:
        move_on(_generation_key(group))


def calendar_changed(sender, **kwargs) -> None:
    """A day off or the deadline policy changed: effective deadlines moved by UPDATE, without a save signal."""
    next_generation(apps.get_model("plans", "Task"))


def connect() -> None:
    post_save.connect(next_generation, dispatch_uid="dashboard-figures-save")
    post_delete.connect(next_generation, dispatch_uid="dashboard-figures-delete")
    core_signals.calendar_changed.connect(calendar_changed, dispatch_uid="dashboard-figures-calendar")
    core_signals.figures_changed.connect(next_generation, dispatch_uid="dashboard-figures-update")
