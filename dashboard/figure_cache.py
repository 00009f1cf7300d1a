"""The dashboard's cache of aggregated figures.

A figure set is kept for DASHBOARD_CACHE_SECONDS under a key that includes the generation numbers
of the groups of records it counts: "work" (plans, tasks, assignments, explanations and the reporting
periods), "reports" (what units write: reports, their events and evidence), "agreements",
"conferences" and "indicators". A report saved moves only "reports" on, and, if it changes what the completeness table
counts (written, submitted, its unit or period), its period's own generation (`period_group`): the task
figures stay cached and only that period's completeness column is counted again. The rendered body of
the dashboard is kept the same way under EVERY_GROUP, so a view whose
figures have not changed renders nothing but the page around it. A save or delete moves only its own
group's generation on, so an edit shows at once and a saved conference leaves the task figures cached;
the time limit covers bulk changes that send no signal. The cache is a help, never a dependency: if it
is unreachable the figures are computed and the saves go on.
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
    return get_or_compute_many({key: groups}, lambda _keys: {key: compute()}, seconds)[key]


def get_or_compute_many(groups_of: dict[str, tuple[str, ...]], compute_missing, seconds: int) -> dict:
    """The values under the keys of `groups_of` (each kept until a record of its own groups changes), with
    one cache round trip for all: `compute_missing(keys)` computes the missing or stale ones at once and
    returns {key: value}."""
    if not seconds:
        return compute_missing(list(groups_of))
    try:
        names = {_generation_key(group) for groups in groups_of.values() for group in groups}
        generations = cache.get_many(list(names))
        full = {
            key: f"dashboard:{'.'.join(str(generations.get(_generation_key(g), 0)) for g in groups)}:{key}"
            for key, groups in groups_of.items()
        }
        found = cache.get_many(list(full.values()))
    except Exception:  # noqa: BLE001 - a cache outage must not take the dashboard down
        logger.warning("Dashboard cache unreachable; computing the figures", exc_info=True)
        return compute_missing(list(groups_of))
    values = {key: found[full_key] for key, full_key in full.items() if full_key in found}
    missing = [key for key in groups_of if key not in values]
    if missing:
        computed = compute_missing(missing)
        values.update(computed)
        try:
            cache.set_many({full[key]: value for key, value in computed.items()}, seconds)
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


def period_group(period_id: int) -> str:
    """The generation of one reporting period's reports: the completeness column of that period."""
    return f"reports-period-{period_id}"


def _report_period(report, *, deleted: bool) -> str | None:
    """A report deleted, or saved with a change the completeness table counts: its period's column (a
    draft's text saved changes no figure)."""
    return period_group(report.period_id) if deleted or report.counted_changed() else None


# Records whose change also moves a narrower generation on: a report, its period's completeness column.
NARROW_GROUP = {"reports.progressreport": _report_period}


def next_generation(sender, instance=None, signal=None, **kwargs) -> None:
    """A record was saved or deleted, or rows changed by an UPDATE (core.signals.figures_changed)."""
    group = group_of(sender)
    if group is not None:
        move_on(_generation_key(group))
    narrow = NARROW_GROUP.get(sender._meta.label_lower)
    if narrow is not None and instance is not None:
        found = narrow(instance, deleted=signal is post_delete)
        if found is not None:
            move_on(_generation_key(found))


def calendar_changed(sender, **kwargs) -> None:
    """A day off or the deadline policy changed: effective deadlines moved by UPDATE, without a save signal."""
    next_generation(apps.get_model("plans", "Task"))


def connect() -> None:
    post_save.connect(next_generation, dispatch_uid="dashboard-figures-save")
    post_delete.connect(next_generation, dispatch_uid="dashboard-figures-delete")
    core_signals.calendar_changed.connect(calendar_changed, dispatch_uid="dashboard-figures-calendar")
    core_signals.figures_changed.connect(next_generation, dispatch_uid="dashboard-figures-update")
