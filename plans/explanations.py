"""Explanation requests (yêu cầu giải trình): leadership or a central planner asks the lead unit (and,
if chosen, coordinating units) of a late or at-risk task to explain by a date; each unit's officers
answer in the portal (text and an optional document). Unanswered requests are reminded and then
escalated by the reminder engine (notifications/rules/deadlines.py)."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Unit, User
from core.locking import save_with_lock

from .access import may_request_explanations
from .models import (
    Assignment,
    Bucket,
    ExplanationDocument,
    ExplanationReply,
    ExplanationRequest,
    Task,
    bucket_conditions,
    today,
)
from .signals import explanation_answered, explanation_requested


def may_be_explained(task: Task) -> bool:
    """A task leadership may ask about: live, and late or at risk (the engine's buckets)."""
    buckets = bucket_conditions()
    return Task.objects.live().filter(pk=task.pk).filter(buckets[Bucket.LATE] | buckets[Bucket.AT_RISK]).exists()


@transaction.atomic
def explanation_request_create(
    *, task: Task, question: str, reply_by: datetime.date | None, coordinating_units: Iterable[Unit] = (), by: User
) -> ExplanationRequest:
    """Ask the task's lead unit, and the chosen coordinating units, to explain by `reply_by`."""
    if not may_request_explanations(by):
        raise PermissionDenied
    task = Task.objects.select_for_update().get(pk=task.pk)
    if not may_be_explained(task):
        raise ValidationError(_("An explanation can be asked only about an open task that is late or at risk."))
    errors = {}
    if not (question or "").strip():
        errors["question"] = [_("Say what the units should explain.")]
    if reply_by is None:
        errors["reply_by"] = [_("Enter the date to reply by.")]
    elif reply_by < today():
        errors["reply_by"] = [_("The reply date cannot be in the past.")]
    current = {a.unit_id: a for a in Assignment.objects.current().filter(task=task).select_related("unit")}
    chosen = list(coordinating_units)
    strangers = [u for u in chosen if u.pk not in current or current[u.pk].role != Assignment.Role.COORDINATING]
    if strangers:
        errors["coordinating_units"] = [_("%(units)s do not coordinate this task.") % {
            "units": ", ".join(u.name for u in strangers)}]
    lead = next((a for a in current.values() if a.role == Assignment.Role.LEAD), None)
    if lead is None:
        errors.setdefault("__all__", []).append(_("The task has no lead unit to ask."))
    if errors:
        raise ValidationError(errors)
    request = ExplanationRequest(task=task, requested_by=by, question=question.strip(), reply_by=reply_by)
    request.full_clean()
    request._history_user = by
    request.save()
    for assignment in [lead, *(current[u.pk] for u in chosen)]:
        reply = ExplanationReply(request=request, unit=assignment.unit, role=assignment.role)
        reply._history_user = by
        reply.save()
    explanation_requested.send(sender=ExplanationRequest, request=request)
    return request


@transaction.atomic
def explanation_answer(
    *, reply: ExplanationReply, expected_version: int, answer: str, uploads: Iterable[UploadedFile] = (), by: User
) -> ExplanationReply:
    """The asked unit's officer answers, once; the answer and its documents are kept as sent."""
    if not reply.is_editable_by(by):
        if reply.is_answered:
            raise ValidationError(_("Your unit already answered this request."))
        raise PermissionDenied
    if not (answer or "").strip():
        raise ValidationError({"answer": _("Write the explanation.")})
    reply = save_with_lock(
        reply, expected_version=expected_version,
        changes={"answer": answer.strip(), "answered_by": by, "answered_at": timezone.now()}, history_user=by,
    )
    for upload in uploads:
        document = ExplanationDocument(reply=reply)
        document.store(upload, by=by)
        document._history_user = by
        document.save()
    explanation_answered.send(sender=ExplanationReply, reply=reply)
    return reply
