"""Writes of the notifications app: the reminder scan, the delivery of one reminder, and the
user's inbox and preferences.

Exactly once: the scan records each reminder under a unique key before anything is sent (a second
scan, or a second beat, inserts nothing); delivery claims the row with a conditional UPDATE (a
second worker changes no row and stops), and a claim left by a killed worker expires after
REMINDER_CLAIM_TIMEOUT, after which the next scan queues the reminder again.

Failures stay apart: a reminder is delivered in the portal first, always; its e-mail is then
claimed and sent on its own. A permanent refusal (5xx, an invalid address) marks that e-mail failed
with its reason and it is never tried again; a transient one (connection refused, timeout, 4xx)
makes it wait for a retry with exponential backoff and jitter, up to REMINDER_EMAIL_MAX_ATTEMPTS,
while every other reminder goes on. The same functions run in a Celery worker and in-process (no
REDIS_URL); in-process, a retry that has come due is sent by the next scan.
"""

import datetime
import json
import logging
import random
import smtplib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from celery import current_app
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.calendar import WorkingCalendar
from core.models import JobRun
from core.views import REMINDER_SCAN_JOB
from discussions.models import Post

from .models import Notification, NotificationPreference, ReminderDispatch, ReminderRule
from .rules import RULES, Candidate, Scan

if TYPE_CHECKING:
    from .rules import Message

DELIVER_TASK = "notifications.tasks.deliver_reminders"

logger = logging.getLogger(__name__)

Email = ReminderDispatch.Email


@dataclass
class ScanResult:
    day: datetime.date
    working_day: bool
    recorded: Counter = field(default_factory=Counter)
    requeued: int = 0
    emails_requeued: int = 0
    in_process: bool = True  # no broker: deliveries ran during the scan; else they were queued for the workers

    @property
    def total(self) -> int:
        return sum(self.recorded.values())

    @property
    def queued(self) -> int:
        """Deliveries handed to the Celery workers (none in-process)."""
        return 0 if self.in_process else self.total + self.requeued + self.emails_requeued


# --- The scan --------------------------------------------------------------------------------


def reminders_scan(*, day: datetime.date | None = None) -> ScanResult:
    """Record every reminder due today and queue its delivery; re-queue reminders and e-mails left unsent.

    Run by Celery beat (tasks.scan_reminders) and by `manage.py send_reminders`. Idempotent.
    """
    started = timezone.now()
    day = day or timezone.localdate()
    calendar = WorkingCalendar.load()
    result = ScanResult(day=day, working_day=calendar.is_working_day(day), in_process=current_app.conf.task_always_eager)
    scan = Scan(day=day, calendar=calendar, chunk_size=settings.REMINDER_SCAN_CHUNK_SIZE)
    for code, params in ReminderRule.objects.effective().items():
        if not params.enabled or not (result.working_day or params.on_non_working_days):
            continue
        for batch in _batched(RULES[code].collect(scan, params), settings.REMINDER_SCAN_WRITE_BATCH):
            result.recorded[code] += _record(batch)
    result.requeued = _requeue_unsent(started)
    result.emails_requeued = len(reminder_emails_requeue())
    JobRun.objects.update_or_create(name=REMINDER_SCAN_JOB, defaults={"last_success_at": timezone.now()})
    logger.info("Reminder scan of %s: %s recorded, %s re-queued, %s e-mails re-queued",
                day, result.total, result.requeued, result.emails_requeued)
    return result


def _batched(batches: Iterator[list[Candidate]], size: int) -> Iterator[list[Candidate]]:
    """A rule's candidates regrouped `size` at a time: one INSERT records each group."""
    pending: list[Candidate] = []
    for batch in batches:
        pending += batch
        while len(pending) >= size:
            yield pending[:size]
            pending = pending[size:]
    if pending:
        yield pending


@transaction.atomic
def _record(batch: list[Candidate]) -> int:
    """Insert the batch's reminders not recorded yet, in one statement (the unique key skips those already
    there, whoever recorded them); queue the new ones after commit."""
    new_ids = _insert_new(batch)
    _enqueue(new_ids)
    return len(new_ids)


_COLUMNS = ("rule", "content_type_id", "object_id", "recipient_id", "occurrence", "context", "created_at")
# The other columns that allow no NULL, at their model defaults: nothing attempted, delivered or e-mailed yet.
_DEFAULTS = {"attempts": "0", "outcome": "''", "email_status": f"'{Email.NONE}'", "email_attempts": "0",
             "email_error": "''"}


SQLITE_ROWS = 4000  # VALUES rows in one SQLite statement: 7 parameters each, SQLite allows 32,766


def _insert_new(batch: list[Candidate]) -> list[int]:
    """INSERT … ON CONFLICT DO NOTHING RETURNING id: the ids of the rows that were new. On PostgreSQL the
    rows travel as one array per column (`unnest`): one statement of seven parameters whatever the size of
    the batch. Elsewhere (SQLite ≥ 3.35, the development default) as VALUES lists of SQLITE_ROWS rows."""
    if not batch:
        return []
    quote = connection.ops.quote_name
    table, columns = quote(ReminderDispatch._meta.db_table), ", ".join(quote(name) for name in (*_COLUMNS, *_DEFAULTS))
    type_of = {code: RULES[code].content_type_id for code in {candidate.rule for candidate in batch}}
    rows = [(c.rule, type_of[c.rule], c.object_id, c.recipient_id, c.occurrence, c.context) for c in batch]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    if connection.vendor == "postgresql":
        statements = [_unnest_rows(rows, now)]
    else:
        statements = [_values_rows(rows[start:start + SQLITE_ROWS], now) for start in range(0, len(rows), SQLITE_ROWS)]
    new_ids = []
    with connection.cursor() as cursor:
        for source, params in statements:
            # Only quoted names and placeholders in the text; every value is a parameter.
            sql = f"INSERT INTO {table} ({columns}) {source} ON CONFLICT DO NOTHING RETURNING {quote('id')}"  # noqa: S608
            cursor.execute(sql, params)
            new_ids += [pk for (pk,) in cursor.fetchall()]
    return sorted(new_ids)


def _unnest_rows(rows: list[tuple], now) -> tuple[str, list]:
    rules, types, objects, recipients, occurrences, contexts = (list(column) for column in zip(*rows, strict=True))
    defaults = ", ".join(_DEFAULTS.values())  # our own literals; every value is a parameter
    source = (
        f"SELECT rule, content_type_id, object_id, recipient_id, occurrence, context::jsonb, %s, {defaults}"  # noqa: S608
        " FROM unnest(%s::varchar[], %s::integer[], %s::bigint[], %s::bigint[], %s::date[], %s::text[])"
        " AS batch(rule, content_type_id, object_id, recipient_id, occurrence, context)"
    )
    contexts = [json.dumps(context) for context in contexts]
    return source, [now, *(_array_literal(column) for column in (rules, types, objects, recipients, occurrences, contexts))]


def _array_literal(values: list) -> str:
    """A PostgreSQL array literal ('{"a","b"}') of the values' text, every element quoted and escaped: one
    parameter the server reads at once, where a list adapted by psycopg2 (ARRAY[…]) is an expression to
    parse per element."""
    return "{" + ",".join('"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"' for value in values) + "}"


def _values_rows(rows: list[tuple], now) -> tuple[str, list]:
    context_field = ReminderDispatch._meta.get_field("context")
    row = "(" + ", ".join(["%s"] * len(_COLUMNS) + list(_DEFAULTS.values())) + ")"
    params = []
    for rule, content_type_id, object_id, recipient_id, occurrence, context in rows:
        params += [rule, content_type_id, object_id, recipient_id, connection.ops.adapt_datefield_value(occurrence),
                   context_field.get_db_prep_save(context, connection), now]
    return "VALUES " + ", ".join([row] * len(rows)), params


def _requeue_unsent(started: datetime.datetime) -> int:
    """Queue again the reminders recorded a while ago and still undelivered: their worker died, or their message was lost."""
    stale = ReminderDispatch.objects.claimable(started).filter(created_at__lt=started - settings.REMINDER_CLAIM_TIMEOUT)
    ids = list(stale.order_by("pk").values_list("pk", flat=True)[: settings.REMINDER_REQUEUE_LIMIT])
    _enqueue(ids)
    return len(ids)


@transaction.atomic
def reminder_emails_requeue() -> list[int]:
    """Queue the e-mails whose retry has come due (and those queued but lost); their ids.

    Run by each scan and, with Celery, by beat every minute (tasks.retry_reminder_emails). Marking
    them "to be sent" again keeps the next run from queuing them twice; the claim does the rest.
    """
    now = timezone.now()
    due = ReminderDispatch.objects.emails_to_queue(now).select_for_update(skip_locked=True)
    ids = list(due.order_by("pk").values_list("pk", flat=True)[: settings.REMINDER_REQUEUE_LIMIT])
    ReminderDispatch.objects.filter(pk__in=ids).update(email_status=Email.PENDING, email_due_at=now)
    _enqueue(ids)
    return ids


def _enqueue(ids: list[int]) -> None:
    # By name: tasks.py calls this module, so this module must not import tasks.py (apps.py registers it).
    deliver_reminders = current_app.tasks[DELIVER_TASK]
    size = settings.REMINDER_DELIVERY_BATCH
    for start in range(0, len(ids), size):
        deliver_reminders.delay_on_commit(dispatch_ids=ids[start:start + size])


# --- Discussion notices ----------------------------------------------------------------------


def thread_post_record(*, post_id: int) -> int:
    """Record (and queue) the notices of a published post: to whom it concerns, once each. Idempotent."""
    rule = RULES[ReminderRule.Code.THREAD_POST]
    post = Post.objects.select_related("task__plan").filter(pk=post_id).first()
    if post is None or not ReminderRule.objects.effective()[rule.code].enabled:
        return 0
    return _record(rule.candidates(post))


# --- Delivering reminders --------------------------------------------------------------------


def reminders_deliver(*, dispatch_ids: list[int]) -> None:
    """Deliver a batch: every reminder in the portal first, then each e-mail on its own.

    Nothing one reminder raises stops the others: mail errors are recorded on the reminder; any
    other error is logged and leaves the claim to expire, for the next scan to try again. When the
    mail server itself cannot be reached, the batch's other e-mails wait for the same retry instead
    of each waiting for the connection to fail (EMAIL_TIMEOUT_SECONDS apiece).
    """
    for dispatch_id in dispatch_ids:
        _isolated(dispatch_notify, dispatch_id)
    for index, dispatch_id in enumerate(dispatch_ids):
        attempt = _isolated(_email_attempt, dispatch_id)
        if attempt is not None and attempt.server_unreachable:
            _emails_postpone(dispatch_ids[index + 1:], until=attempt.retry_at, reason=attempt.reason)
            return


def _isolated(step, dispatch_id: int):
    try:
        return step(dispatch_id=dispatch_id)
    except Exception:  # noqa: BLE001 - one broken reminder must not hold up the batch; it is retried
        logger.exception("Reminder %s: %s failed", dispatch_id, step.__name__)
        return None


def dispatch_deliver(*, dispatch_id: int) -> str | None:
    """Deliver one reminder in the portal, then its e-mail; the outcome, or None when another run has it."""
    outcome = dispatch_notify(dispatch_id=dispatch_id)
    if outcome is not None:
        dispatch_email(dispatch_id=dispatch_id)
    return outcome


def event_notify(*, code: str, target) -> int:
    """Record, and queue for after the commit, the notifications an engine event calls for (an
    extension asked for or decided, an explanation asked for or given). Nothing when the rule is off."""
    params = ReminderRule.objects.effective()[code]
    if not params.enabled:
        return 0
    day = timezone.localdate()
    scan = Scan(day=day, calendar=WorkingCalendar.load(), chunk_size=settings.REMINDER_SCAN_CHUNK_SIZE)
    return _record(RULES[code].candidates(target, day, scan))


def dispatch_claim(*, dispatch_id: int) -> bool:
    """Take the reminder for this worker: true only for the one caller whose UPDATE changed the row."""
    now = timezone.now()
    claimed = ReminderDispatch.objects.claimable(now).filter(pk=dispatch_id)
    return claimed.update(sending_at=now, attempts=F("attempts") + 1) == 1


def dispatch_notify(*, dispatch_id: int) -> str | None:
    """Deliver one recorded reminder in the portal and decide on its e-mail.

    Returns the outcome, or None when another run has it or has delivered it.
    """
    if not dispatch_claim(dispatch_id=dispatch_id):
        return None
    dispatch = ReminderDispatch.objects.select_related("recipient").get(pk=dispatch_id)
    with transaction.atomic():
        email = Email.NONE
        if dispatch.attempts > settings.REMINDER_MAX_ATTEMPTS:
            outcome = ReminderDispatch.Outcome.FAILED
        else:
            outcome, email = _notify(dispatch)
        now = timezone.now()
        ReminderDispatch.objects.filter(pk=dispatch_id, sent_at__isnull=True).update(
            sent_at=now, outcome=outcome, email_status=email, email_due_at=now if email == Email.PENDING else None,
        )
    return outcome


@dataclass
class _Reminder:
    """A reminder still due, with what it says in its reader's language."""

    dispatch: ReminderDispatch
    preference: NotificationPreference
    message: "Message"
    mandatory: bool

    @property
    def wants_email(self) -> bool:
        return bool(self.dispatch.recipient.email) and RULES[self.dispatch.rule].wants_email(self.preference, self.dispatch)


def _still_due(dispatch: ReminderDispatch) -> _Reminder | None:
    """The reminder as its reader would get it now, or None when it is no longer due (or its reader left)."""
    rule = RULES[dispatch.rule]
    params = ReminderRule.objects.effective()[dispatch.rule]
    target = rule.fetch(dispatch)
    if not dispatch.recipient.is_active or target is None or not rule.still_due(target, dispatch, timezone.localdate(), params):
        return None
    preference = NotificationPreference.for_user(dispatch.recipient)
    with translation.override(_language(preference)):
        message = rule.message(target, dispatch, params)
    return _Reminder(dispatch, preference, message, params.is_mandatory)


def _language(preference: NotificationPreference) -> str:
    return preference.language or settings.LANGUAGE_CODE


def _notify(dispatch: ReminderDispatch) -> tuple[str, str]:
    """(outcome, e-mail status) after recording the portal notice of a reminder still due."""
    reminder = _still_due(dispatch)
    if reminder is None:
        return ReminderDispatch.Outcome.SKIPPED, Email.NONE
    message = reminder.message
    if RULES[dispatch.rule].email_only:
        return ReminderDispatch.Outcome.IN_APP, Email.PENDING if reminder.wants_email else Email.NONE
    Notification.objects.get_or_create(
        dispatch=dispatch,
        defaults={
            "recipient": dispatch.recipient, "rule": dispatch.rule, "family": dispatch.family,
            "title": message.title[:500], "body": "\n".join([*message.lines, message.reason]), "url": message.url,
            "content_type_id": dispatch.content_type_id, "object_id": dispatch.object_id,
        },
    )
    return ReminderDispatch.Outcome.IN_APP, Email.PENDING if reminder.wants_email else Email.NONE


# --- Its e-mail ------------------------------------------------------------------------------


def email_claim(*, dispatch_id: int, now: datetime.datetime) -> bool:
    """Take the reminder's e-mail for this worker, if it is due: true for one caller only."""
    claimed = ReminderDispatch.objects.emails_claimable(now).filter(pk=dispatch_id)
    return claimed.update(email_sending_at=now, email_attempts=F("email_attempts") + 1, email_attempted_at=now) == 1


@dataclass
class _EmailAttempt:
    status: str | None  # None: not due, or another run has it
    reason: str = ""
    retry_at: datetime.datetime | None = None
    server_unreachable: bool = False


def dispatch_email(*, dispatch_id: int) -> str | None:
    """Send the reminder's e-mail if it is due; its new state, or None when it is not due or another run has it.

    Mail-server errors never escape: they are recorded on the reminder as failed or waiting for a retry.
    """
    return _email_attempt(dispatch_id=dispatch_id).status


def _email_attempt(*, dispatch_id: int) -> _EmailAttempt:
    now = timezone.now()
    if not email_claim(dispatch_id=dispatch_id, now=now):
        return _EmailAttempt(None)
    dispatch = ReminderDispatch.objects.select_related("recipient").get(pk=dispatch_id)
    if dispatch.email_attempts > settings.REMINDER_EMAIL_MAX_ATTEMPTS:  # claimed again and again by workers that died
        return _email_done(dispatch, Email.FAILED, _gave_up(dispatch, "its senders stopped before the mail server answered"))
    reminder = _still_due(dispatch)
    if reminder is None or not reminder.wants_email:
        return _email_done(dispatch, Email.CANCELLED)
    try:
        validate_email(dispatch.recipient.email)
        _email(reminder).send()
    except ValidationError:
        return _email_done(dispatch, Email.FAILED, f"Invalid address: {dispatch.recipient.email}")
    except (smtplib.SMTPException, OSError) as exc:  # OSError: connection refused, reset, timed out
        permanent, reason = mail_error(exc)
        if permanent:
            return _email_done(dispatch, Email.FAILED, reason)
        if dispatch.email_attempts >= settings.REMINDER_EMAIL_MAX_ATTEMPTS:
            return _email_done(dispatch, Email.FAILED, _gave_up(dispatch, reason))
        attempt = _email_done(dispatch, Email.RETRY, reason, retry_at=now + retry_delay(dispatch.email_attempts))
        attempt.server_unreachable = server_unreachable(exc)
        return attempt
    return _email_done(dispatch, Email.SENT)


def _email_done(dispatch: ReminderDispatch, status: str, reason: str = "", *,
                retry_at: datetime.datetime | None = None) -> _EmailAttempt:
    """Record the attempt's result and release this worker's claim on the e-mail."""
    if status != Email.SENT:
        logger.warning("Reminder %s: e-mail %s %s", dispatch.pk, status, reason)
    ReminderDispatch.objects.filter(pk=dispatch.pk, email_sending_at=dispatch.email_sending_at).update(
        email_status=status, email_due_at=retry_at, email_sending_at=None, email_error=reason[:2000],
    )
    return _EmailAttempt(status, reason, retry_at)


def _emails_postpone(dispatch_ids: list[int], *, until: datetime.datetime, reason: str) -> None:
    """E-mails not tried because the mail server is unreachable: they wait for the same retry, no attempt counted."""
    error = f"Not tried, the mail server is unreachable: {reason}"[:2000]
    ReminderDispatch.objects.filter(
        pk__in=dispatch_ids, email_status=Email.PENDING, email_sending_at__isnull=True,
    ).update(email_status=Email.RETRY, email_due_at=until, email_error=error)


def _gave_up(dispatch: ReminderDispatch, reason: str) -> str:
    return f"Given up after {dispatch.email_attempts} attempts: {reason}"


def mail_error(exc: Exception) -> tuple[bool, str]:
    """(permanent, reason) of a mail-server error: a 5xx answer is permanent; 4xx, a refused or lost
    connection and a timeout are transient."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _answer in exc.recipients.values()]
        reason = "; ".join(f"{address}: {code} {_text(answer)}" for address, (code, answer) in exc.recipients.items())
        return bool(codes) and all(500 <= code < 600 for code in codes), reason
    if isinstance(exc, smtplib.SMTPResponseException):
        return 500 <= exc.smtp_code < 600, f"{exc.smtp_code} {_text(exc.smtp_error)}"
    return False, repr(exc)


def server_unreachable(exc: Exception) -> bool:
    """The mail server itself failed (no connection, dropped, 421 closing), whoever the recipient."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return False
    if isinstance(exc, smtplib.SMTPResponseException):
        return isinstance(exc, smtplib.SMTPConnectError | smtplib.SMTPHeloError) or exc.smtp_code == 421
    # SMTPException is an OSError too: of the others, only a dropped connection is the server's
    return isinstance(exc, smtplib.SMTPServerDisconnected) or not isinstance(exc, smtplib.SMTPException)


def _text(answer: bytes | str) -> str:
    return answer.decode(errors="replace") if isinstance(answer, bytes) else str(answer)


def retry_delay(attempts: int) -> datetime.timedelta:
    """Exponential backoff with jitter: between half and all of base × 2^(attempts − 1), capped."""
    ceiling = min(settings.REMINDER_EMAIL_RETRY_MAX_SECONDS, settings.REMINDER_EMAIL_RETRY_BASE_SECONDS * 2 ** (attempts - 1))
    return datetime.timedelta(seconds=random.uniform(ceiling / 2, ceiling))


def absolute_url(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _email(reminder: _Reminder) -> EmailMultiAlternatives:
    dispatch, message = reminder.dispatch, reminder.message
    context = {
        "recipient": dispatch.recipient,
        "message": message,
        "url": absolute_url(message.url),
        "inbox_url": absolute_url(reverse("notifications:notification_list")),
        "preferences_url": absolute_url(reverse("notifications:preferences")),
        "mandatory": reminder.mandatory,
    }
    with translation.override(_language(reminder.preference)):
        email = EmailMultiAlternatives(
            subject=settings.EMAIL_SUBJECT_PREFIX + " ".join(message.title.split()),
            body=render_to_string("notifications/email/reminder.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[dispatch.recipient.email],
            headers={"X-VSS-Reminder": str(dispatch.pk)},
        )
        email.attach_alternative(render_to_string("notifications/email/reminder.html", context), "text/html")
    return email


@transaction.atomic
def reminder_emails_retry(*, dispatch_ids: list[int], by) -> list[int]:
    """An administrator sends failed or waiting e-mails again now, with a fresh count of attempts; their ids."""
    if not by.has_perm("notifications.retry_reminder_email"):
        raise PermissionDenied
    retryable = ReminderDispatch.objects.filter(pk__in=dispatch_ids, email_status__in=[Email.FAILED, Email.RETRY])
    ids = list(retryable.select_for_update().order_by("pk").values_list("pk", flat=True))
    ReminderDispatch.objects.filter(pk__in=ids).update(
        email_status=Email.PENDING, email_due_at=timezone.now(), email_sending_at=None, email_attempts=0,
    )
    logger.info("%s asked to retry the e-mails of reminders %s", by, ids)
    _enqueue(ids)
    return ids


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
    "email_threads", "thread_digest",
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


# --- Background exports ----------------------------------------------------------------------


def export_notify(*, job) -> Notification:
    """Tell the owner of a finished export (core.exports.export_finished) in the portal: the link to its page,
    where the download is. Not a reminder: no rule, no e-mail, the user is waiting for it."""
    with translation.override(job.language):
        if job.state == job.State.DONE:
            title = _("Your export is ready: %(title)s") % {"title": job.title}
            body = _("%(count)s rows. The file can be downloaded for %(days)s days.") % {
                "count": job.rows_done, "days": settings.EXPORT_KEEP_DAYS,
            }
        else:
            title = _("Your export could not be built: %(title)s") % {"title": job.title}
            body = _("Please try again; the administrator has been told.")
    return Notification.objects.create(
        recipient_id=job.owner_id, rule="", family="", title=title[:500], body=body, url=job.get_absolute_url(),
        content_type=ContentType.objects.get_for_model(job), object_id=job.pk,
    )
