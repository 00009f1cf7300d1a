"""A task's completion by a central planner's decision: marked done (who and why), or reopened.

The other way a task completes is the approval of its lead unit's report at 100 % (reports calls
`plans.services.task_record_progress`). Either way `completed_on` is set on the task and its history
keeps each change with who made it and why; reopening clears it (Task.save keeps a done task dated
and any other undated)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .access import may_manage_plans
from .models import Plan, Task, today


def _locked(task: Task) -> Task:
    return Task.objects.select_for_update().select_related("plan").get(pk=task.pk)


def _require_planner(by, note: str) -> str:
    if not may_manage_plans(by):
        raise PermissionDenied
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say why.")})
    return note


@transaction.atomic
def task_complete(*, task: Task, note: str, by) -> Task:
    """A central planner marks an open task of an issued plan done today, saying why."""
    note = _require_planner(by, note)
    task = _locked(task)
    if not task.is_live:
        raise ValidationError(_("Only an open task of an issued plan can be marked done."))
    task.status, task.progress = Task.Status.DONE, 100
    task.completed_on, task.completed_by, task.completion_note = today(), by, note
    task._history_user, task._change_reason = by, note[:100]
    task.full_clean()
    task.lock_version += 1
    task.save(update_fields=["status", "progress", "lock_version", "updated_at"])
    return task


@transaction.atomic
def task_reopen(*, task: Task, note: str, by) -> Task:
    """A central planner reopens a done task of an issued plan: it is in progress again, undated."""
    note = _require_planner(by, note)
    task = _locked(task)
    if task.status != Task.Status.DONE or task.plan.status != Plan.Status.ISSUED:
        raise ValidationError(_("Only a done task of an issued plan can be reopened."))
    task.status = Task.Status.IN_PROGRESS
    task._history_user, task._change_reason = by, note[:100]
    task.full_clean()
    task.lock_version += 1
    task.save(update_fields=["status", "lock_version", "updated_at"])
    return task
