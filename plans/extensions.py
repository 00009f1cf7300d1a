"""Deadline extensions (xin gia hạn) and keeping every task's effective deadline true.

An officer of a task's lead unit asks for a new deadline (proposed date, reason, optionally a
supporting document); a central planner approves it, possibly with another date, or refuses it
with a comment. The plan's deadline never changes: the approved date is kept on the task
(`extended_deadline`) and moves its effective deadline (plans.deadlines), which status, reminders
and the dashboard use. Every request and decision is kept, in order.

The stored effective deadlines also follow the calendar: `on_calendar_changed` (connected to
core's `calendar_changed` in PlansConfig.ready) recomputes the tasks a changed day can move.
"""

import datetime

from django.db.models import Q

from .deadlines import DeadlineRules
from .models import Task

UPDATE_CHUNK = 1000


def tasks_refresh_deadlines(*, tasks=None, rules: DeadlineRules | None = None) -> int:
    """Recompute the stored effective deadline of `tasks` (every task by default); returns how many
    changed. Plain UPDATEs: the effective deadline is derived, so no history row is written."""
    rules = rules or DeadlineRules.load()
    tasks = Task.objects.all() if tasks is None else tasks
    moved: dict[datetime.date, list[int]] = {}
    rows = tasks.order_by().values_list("pk", "deadline", "extended_deadline", "effective_deadline")
    for pk, deadline, extended, current in rows.iterator(chunk_size=2000):
        effective = rules.effective(deadline, extended)
        if effective != current:
            moved.setdefault(effective, []).append(pk)
    for effective, ids in moved.items():
        for start in range(0, len(ids), UPDATE_CHUNK):
            Task.objects.filter(pk__in=ids[start:start + UPDATE_CHUNK]).update(effective_deadline=effective)
    return sum(len(ids) for ids in moved.values())


def tasks_a_day_can_move(day: datetime.date):
    """Tasks whose effective deadline can change when `day` becomes a working day or a day off: those
    due (deadline and extension) on or before it whose effective deadline is not before it."""
    return Task.objects.filter(
        Q(extended_deadline__isnull=True) | Q(extended_deadline__lte=day), deadline__lte=day, effective_deadline__gte=day,
    )


def on_calendar_changed(sender, day: datetime.date | None = None, **kwargs) -> None:
    """core.signals.calendar_changed: `day` changed (or, with None, the portal's shift policy did)."""
    tasks_refresh_deadlines(tasks=None if day is None else tasks_a_day_can_move(day))
