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
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core import signals as core_signals
from core.locking import EditConflict, save_with_lock

from .access import may_manage_plans, may_request_extension
from .deadlines import DeadlineRules
from .models import Assignment, ExtensionDocument, ExtensionRequest, Task, today
from .signals import extension_decided, extension_requested

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
    if moved:
        core_signals.figures_changed.send(sender=Task)  # an UPDATE sends no save signal
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


# --- Extension requests ---------------------------------------------------------------------------


def _day(value: datetime.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _check_proposal(task: Task, proposed: datetime.date | None, reason: str, *, field: str = "proposed_deadline") -> None:
    """The rules every proposed date and reason meet, each error on its field, in the user's language."""
    errors = {}
    if proposed is None:
        errors[field] = [_("Enter the new deadline.")]
    elif proposed <= task.effective_deadline:
        errors[field] = [_("The new deadline must be after the current one (%(date)s).") % {
            "date": _day(task.effective_deadline)}]
    elif proposed < today():
        errors[field] = [_("The new deadline cannot be in the past.")]
    if reason is not None and not reason.strip():
        errors["reason"] = [_("Say why the task needs more time.")]
    if errors:
        raise ValidationError(errors)


def _store_documents(request: ExtensionRequest, uploads: Iterable[UploadedFile], by: User) -> list[ExtensionDocument]:
    stored = []
    for upload in uploads:
        document = ExtensionDocument(request=request)
        document.store(upload, by=by)
        document._history_user = by
        document.save()
        stored.append(document)
    return stored


def _lock_task(task: Task) -> Task:
    return Task.objects.select_for_update().select_related("plan").get(pk=task.pk)


@transaction.atomic
def extension_request_create(
    *, task: Task, proposed_deadline: datetime.date | None, reason: str, uploads: Iterable[UploadedFile] = (), by: User
) -> ExtensionRequest:
    """An officer of the lead unit asks for a new deadline: only for an open task of an issued plan,
    one pending request per task, a date after the current effective deadline, with a reason."""
    task = _lock_task(task)
    if not may_request_extension(by, task):
        raise PermissionDenied
    if not task.is_live:
        raise ValidationError(_("A new deadline can be asked only for an open task of an issued plan."))
    if task.extension_requests.pending().exists():
        raise ValidationError(_("This task already has an extension request waiting for a decision."))
    _check_proposal(task, proposed_deadline, reason)
    lead = Assignment.objects.current().get(task=task, role=Assignment.Role.LEAD)
    request = ExtensionRequest(
        task=task, unit=lead.unit, requested_by=by, current_deadline=task.effective_deadline,
        proposed_deadline=proposed_deadline, reason=reason.strip(),
    )
    request.full_clean()
    request._history_user = by
    request.save()
    _store_documents(request, uploads, by)
    extension_requested.send(sender=ExtensionRequest, request=request)
    return request


@transaction.atomic
def extension_request_update(
    *, request: ExtensionRequest, expected_version: int, proposed_deadline: datetime.date | None, reason: str,
    uploads: Iterable[UploadedFile] = (), by: User,
) -> ExtensionRequest:
    """The requesting unit changes its request while it waits; a decided request never changes."""
    if not request.is_editable_by(by):
        if not request.is_pending:
            raise ValidationError(_("This request was decided: it can no longer be changed."))
        raise PermissionDenied
    _check_proposal(request.task, proposed_deadline, reason)
    request = save_with_lock(
        request, expected_version=expected_version,
        changes={"proposed_deadline": proposed_deadline, "reason": reason.strip()}, history_user=by,
    )
    _store_documents(request, uploads, by)
    return request


def _decide(request: ExtensionRequest, expected_version: int, by: User) -> ExtensionRequest:
    if not may_manage_plans(by):
        raise PermissionDenied
    current = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    if current.lock_version != expected_version:
        raise EditConflict(current)
    if not current.is_pending:
        raise ValidationError(_("This request was already decided: %(status)s.") % {
            "status": current.get_status_display().lower()})
    return current


@transaction.atomic
def extension_request_approve(
    *, request: ExtensionRequest, expected_version: int, granted_deadline: datetime.date | None = None,
    comment: str = "", by: User,
) -> ExtensionRequest:
    """Grant the proposed date (or `granted_deadline`): it becomes the date the task's status, reminders
    and the dashboard use. The plan's deadline stays as written."""
    request = _decide(request, expected_version, by)
    task = _lock_task(request.task)
    granted = granted_deadline or request.proposed_deadline
    if not task.is_live:
        raise ValidationError(_("The task is no longer open: the request can only be refused."))
    _check_proposal(task, granted, None, field="granted_deadline")
    request.status, request.granted_deadline = ExtensionRequest.Status.APPROVED, granted
    request.decided_by, request.decided_at, request.decision_comment = by, timezone.now(), (comment or "").strip()
    request.lock_version += 1
    request.full_clean()
    request._history_user = by
    request.save()
    task.extended_deadline = granted
    task._history_user = by
    task.lock_version += 1
    task.save(update_fields=["extended_deadline", "lock_version", "updated_at"])
    extension_decided.send(sender=ExtensionRequest, request=request)
    return request


@transaction.atomic
def extension_request_refuse(*, request: ExtensionRequest, expected_version: int, comment: str, by: User) -> ExtensionRequest:
    """Refuse, saying why: the task keeps its deadline."""
    request = _decide(request, expected_version, by)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say why the request is refused.")})
    request.status, request.decided_by, request.decided_at = ExtensionRequest.Status.REFUSED, by, timezone.now()
    request.decision_comment = comment
    request.lock_version += 1
    request.full_clean()
    request._history_user = by
    request.save()
    extension_decided.send(sender=ExtensionRequest, request=request)
    return request
