"""Writes of the notifications app: the reminder scan, the delivery of one reminder, and the
user's inbox and preferences.

Exactly once: the scan records each reminder under a unique key before anything is sent (a second
scan, or a second beat, inserts nothing); delivery claims the row with a conditional UPDATE (a
second worker changes no row and stops), and a claim left by a killed worker expires after
REMINDER_CLAIM_TIMEOUT, after which the next scan queues the reminder again.
"""

import datetime
import logging
import uuid
from collections import Counter
from dataclasses import dataclass, field

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.calendar import WorkingCalendar
from core.models import JobRun
from core.views import REMINDER_SCAN_JOB

from .models import Notification, NotificationPreference, ReminderDispatch, ReminderRule
from .rules import RULES, Candidate, Scan

DELIVER_TASK = "notifications.tasks.deliver_reminders"

logger = logging.getLogger(__name__)


@dataclass
class ScanResult:
    day: datetime.date
    working_day: bool
    recorded: Counter = field(default_factory=Counter)
    requeued: int = 0

    @property
    def total(self) -> int:
        return sum(self.recorded.values())


# --- The scan --------------------------------------------------------------------------------


def reminders_scan(*, day: datetime.date | None = None) -> ScanResult:
    """Record every reminder due today and queue its delivery; re-queue reminders left unsent.

    Run by Celery beat (tasks.scan_reminders) and by `manage.py send_reminders`. Idempotent.
    """
    started = timezone.now()
    day = day or timezone.localdate()
    calendar = WorkingCalendar.load()
    result = ScanResult(day=day, working_day=calendar.is_working_day(day))
    scan = Scan(day=day, calendar=calendar, chunk_size=settings.REMINDER_SCAN_CHUNK_SIZE)
    for code, params in ReminderRule.objects.effective().items():
        if not params.enabled or not (result.working_day or params.on_non_working_days):
            continue
        for batch in RULES[code].collect(scan, params):
            result.recorded[code] += _record(batch)
    result.requeued = _requeue_unsent(started)
    JobRun.objects.update_or_create(name=REMINDER_SCAN_JOB, defaults={"last_success_at": timezone.now()})
    logger.info("Reminder scan of %s: %s recorded, %s re-queued", day, result.total, result.requeued)
    return result


@transaction.atomic
def _record(batch: list[Candidate]) -> int:
    """Insert the batch's reminders not recorded yet (the unique key settles races); queue them after commit."""
    recorded = _recorded_keys(batch)
    new = [candidate for candidate in batch if candidate[:5] not in recorded]
    if not new:
        return 0
    token = uuid.uuid4()
    ReminderDispatch.objects.bulk_create(
        [ReminderDispatch(**candidate._asdict(), scan_token=token) for candidate in new], ignore_conflicts=True, batch_size=1000,
    )
    new_ids = list(ReminderDispatch.objects.filter(scan_token=token).order_by("pk").values_list("pk", flat=True))
    _enqueue(new_ids)
    return len(new_ids)


def _recorded_keys(batch: list[Candidate]) -> set[tuple]:
    """Keys of the batch's reminders already recorded: one query per rule and object type in the batch."""
    if not batch:
        return set()
    found = set()
    for rule, content_type_id in {(c.rule, c.content_type_id) for c in batch}:
        same = [c for c in batch if c.rule == rule and c.content_type_id == content_type_id]
        found.update(
            (rule, content_type_id, *row)
            for row in ReminderDispatch.objects.filter(
                rule=rule, content_type_id=content_type_id,
                object_id__in={c.object_id for c in same}, occurrence__in={c.occurrence for c in same},
            ).values_list("object_id", "recipient_id", "occurrence")
        )
    return found


def _requeue_unsent(started: datetime.datetime) -> int:
    """Queue again the reminders recorded a while ago and still unsent: their worker died, or mail failed."""
    stale = ReminderDispatch.objects.claimable(started).filter(created_at__lt=started - settings.REMINDER_CLAIM_TIMEOUT)
    ids = list(stale.order_by("pk").values_list("pk", flat=True)[: settings.REMINDER_REQUEUE_LIMIT])
    _enqueue(ids)
    return len(ids)


def _enqueue(ids: list[int]) -> None:
    # By name: tasks.py calls this module, so this module must not import tasks.py (apps.py registers it).
    deliver_reminders = current_app.tasks[DELIVER_TASK]
    size = settings.REMINDER_DELIVERY_BATCH
    for start in range(0, len(ids), size):
        deliver_reminders.delay_on_commit(dispatch_ids=ids[start:start + size])


def event_notify(*, code: str, target) -> int:
    """Record, and queue for after the commit, the notifications an engine event calls for (an
    extension asked for or decided, an explanation asked for or given). Nothing when the rule is off."""
    params = ReminderRule.objects.effective()[code]
    if not params.enabled:
        return 0
    day = timezone.localdate()
    scan = Scan(day=day, calendar=WorkingCalendar.load(), chunk_size=settings.REMINDER_SCAN_CHUNK_SIZE)
    return _record(RULES[code].candidates(target, day, scan))


# --- Delivering one reminder -----------------------------------------------------------------


def dispatch_claim(*, dispatch_id: int) -> bool:
    """Take the reminder for this worker: true only for the one caller whose UPDATE changed the row."""
    now = timezone.now()
    claimed = ReminderDispatch.objects.claimable(now).filter(pk=dispatch_id)
    return claimed.update(sending_at=now, attempts=F("attempts") + 1) == 1


def dispatch_release(*, dispatch_id: int, error: str = "") -> None:
    ReminderDispatch.objects.filter(pk=dispatch_id, sent_at__isnull=True).update(sending_at=None, last_error=error[:2000])


def dispatch_deliver(*, dispatch_id: int) -> str | None:
    """Deliver one recorded reminder (in the portal, and by e-mail unless switched off).

    Returns the outcome, or None when another run has it or has sent it. On a mail-server error
    (SMTPException, or the connection failing: both are OSError) the claim is released and the
    error raised, for the task to retry.
    """
    if not dispatch_claim(dispatch_id=dispatch_id):
        return None
    dispatch = ReminderDispatch.objects.select_related("recipient").get(pk=dispatch_id)
    if dispatch.attempts > settings.REMINDER_MAX_ATTEMPTS:
        outcome = ReminderDispatch.Outcome.FAILED
    else:
        try:
            outcome = _deliver(dispatch)
        except OSError as exc:
            dispatch_release(dispatch_id=dispatch_id, error=repr(exc))
            raise
    ReminderDispatch.objects.filter(pk=dispatch_id, sent_at__isnull=True).update(sent_at=timezone.now(), outcome=outcome)
    return outcome


def _deliver(dispatch: ReminderDispatch) -> str:
    rule = RULES[dispatch.rule]
    params = ReminderRule.objects.effective()[dispatch.rule]
    recipient = dispatch.recipient
    target = rule.fetch(dispatch)
    if not recipient.is_active or target is None or not rule.still_due(target, dispatch, timezone.localdate(), params):
        return ReminderDispatch.Outcome.SKIPPED
    preference = NotificationPreference.for_user(recipient)
    with translation.override(preference.language or settings.LANGUAGE_CODE):
        message = rule.message(target, dispatch, params)
        Notification.objects.get_or_create(
            dispatch=dispatch,
            defaults={
                "recipient": recipient, "rule": dispatch.rule, "family": dispatch.family,
                "title": message.title[:500], "body": "\n".join([*message.lines, message.reason]), "url": message.url,
                "content_type_id": dispatch.content_type_id, "object_id": dispatch.object_id,
            },
        )
        if not recipient.email or not preference.wants_email(dispatch.family):
            return ReminderDispatch.Outcome.IN_APP
        email = _email(dispatch, message, mandatory=params.is_mandatory)
    email.send()
    return ReminderDispatch.Outcome.EMAILED


def absolute_url(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _email(dispatch: ReminderDispatch, message, *, mandatory: bool) -> EmailMultiAlternatives:
    context = {
        "recipient": dispatch.recipient,
        "message": message,
        "url": absolute_url(message.url),
        "inbox_url": absolute_url(reverse("notifications:notification_list")),
        "preferences_url": absolute_url(reverse("notifications:preferences")),
        "mandatory": mandatory,
    }
    subject = settings.EMAIL_SUBJECT_PREFIX + " ".join(message.title.split())
    email = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("notifications/email/reminder.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[dispatch.recipient.email],
        headers={"X-VSS-Reminder": str(dispatch.pk)},
    )
    email.attach_alternative(render_to_string("notifications/email/reminder.html", context), "text/html")
    return email


# --- Inbox and preferences -------------------------------------------------------------------


@transaction.atomic
def notification_mark_read(*, notification: Notification, by) -> Notification:
    if notification.recipient_id != by.pk:
        raise ValidationError(_("This notification is not yours."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notification_mark_all_read(*, user) -> int:
    return Notification.objects.visible_to(user).unread().update(read_at=timezone.now())


PREFERENCE_FIELDS = [
    "language", "email_tasks", "email_reports", "email_reviews", "email_conferences", "email_coverage", "digest",
]


@transaction.atomic
def preference_update(*, user, **changes) -> NotificationPreference:
    """Save the user's own choices; `is_unit_head` is an administrator's to set, never the user's."""
    unknown = set(changes) - set(PREFERENCE_FIELDS)
    if unknown:
        raise ValidationError(_("These preferences cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    for name, value in changes.items():
        setattr(preference, name, value)
    preference.full_clean()
    preference.save()
    return preference
