"""Writes to plans, objectives, tasks and assignments. Every function is one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Task


@transaction.atomic
def task_record_progress(*, task: Task, progress: int, status: str, by) -> Task:
    """Record the progress of a task's work (from the lead unit's approved report or a filed
    conference report). A cancelled task stays cancelled."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.status == Task.Status.CANCELLED:
        raise ValidationError(_("A cancelled task does not take progress."))
    if status == Task.Status.DONE:
        progress = 100
    task.progress, task.status = progress, status
    task._history_user = by
    task.full_clean()
    task.lock_version += 1
    task.save(update_fields=["progress", "status", "lock_version", "updated_at"])
    return task
