"""Reminders and in-app notifications.

Every reminder is first recorded as a ReminderDispatch under a unique (rule, object, recipient,
occurrence) key. Delivery claims that row with a conditional UPDATE, creates the in-app
Notification and marks the row delivered; its e-mail then has a state of its own (to be sent →
sent | failed with its reason | waiting for a retry), claimed the same way before it is sent:
however many scans, beats or workers run, each reminder and each e-mail goes out once, and one
failing mailbox holds up no other. The rules themselves live in `rules/`; their parameters are
ReminderRule rows an administrator edits; working days come from `core.calendar`.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_comma_separated_integer_list
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Family(models.TextChoices):
    """What a user switches e-mail on or off for (ReminderRule.Code → Family in RULE_FAMILIES)."""

    TASKS = "tasks", _("Task deadlines")
    REPORTS = "reports", _("Progress reports due")
    REVIEWS = "reviews", _("Reports waiting for review")
    ESCALATIONS = "escalations", _("Escalations of overdue tasks")
    DIGEST = "digest", _("Weekly digest for leadership")
    CONFERENCES = "conferences", _("Conference registration")
    COVERAGE = "coverage", _("Certificates of coverage ending")
    THREADS = "threads", _("Discussions on tasks")


class ReminderRuleQuerySet(models.QuerySet):
    def effective(self) -> dict[str, "ReminderRule"]:
        """Every rule by code: the administrator's row, or the default when the row is missing."""
        rows = {rule.code: rule for rule in self.all()}
        return {code: rows.get(code) or ReminderRule.default(code) for code in ReminderRule.Code.values}


class ReminderRule(models.Model):
    """The parameters of one reminder rule; the rule's logic is in notifications/rules.py."""

    class Code(models.TextChoices):
        TASK_DUE_SOON = "task_due_soon", _("Task deadline approaching")
        TASK_DUE_TODAY = "task_due_today", _("Task due today")
        TASK_OVERDUE = "task_overdue", _("Task overdue")
        TASK_ESCALATION = "task_escalation", _("Overdue task escalated")
        REPORT_DUE = "report_due", _("Progress report due")
        REPORT_RETURNED = "report_returned", _("Returned report not resubmitted")
        REPORT_REVIEW = "report_review", _("Report waiting for review")
        LEADERSHIP_DIGEST = "leadership_digest", _("Weekly digest for leadership")
        CONFERENCE_REGISTRATION = "conference_registration", _("Conference registration closing")
        COVERAGE_ENDING = "coverage_ending", _("Certificate of coverage ending")
        EXTENSION_REQUESTED = "extension_requested", _("Extension asked for")
        EXTENSION_DECIDED = "extension_decided", _("Extension approved or refused")
        EXPLANATION_REQUESTED = "explanation_requested", _("Explanation asked for")
        EXPLANATION_ANSWERED = "explanation_answered", _("Explanation answered")
        EXPLANATION_OVERDUE = "explanation_overdue", _("Explanation not given by its date")
        EXPLANATION_ESCALATION = "explanation_escalation", _("Unanswered explanation escalated")
        THREAD_POST = "thread_post", _("New message in a task's discussion")
        THREAD_DIGEST = "thread_digest", _("Daily digest of task discussions")

    FAMILIES = {
        Code.TASK_DUE_SOON: Family.TASKS,
        Code.TASK_DUE_TODAY: Family.TASKS,
        Code.TASK_OVERDUE: Family.TASKS,
        Code.TASK_ESCALATION: Family.ESCALATIONS,
        Code.REPORT_DUE: Family.REPORTS,
        Code.REPORT_RETURNED: Family.REPORTS,
        Code.REPORT_REVIEW: Family.REVIEWS,
        Code.LEADERSHIP_DIGEST: Family.DIGEST,
        Code.CONFERENCE_REGISTRATION: Family.CONFERENCES,
        Code.COVERAGE_ENDING: Family.COVERAGE,
        Code.EXTENSION_REQUESTED: Family.TASKS,
        Code.EXTENSION_DECIDED: Family.TASKS,
        Code.EXPLANATION_REQUESTED: Family.TASKS,
        Code.EXPLANATION_ANSWERED: Family.TASKS,
        Code.EXPLANATION_OVERDUE: Family.TASKS,
        Code.EXPLANATION_ESCALATION: Family.ESCALATIONS,
        Code.THREAD_POST: Family.THREADS,
        Code.THREAD_DIGEST: Family.THREADS,
    }
    MANDATORY = (Code.TASK_ESCALATION, Code.EXPLANATION_ESCALATION)
    # offsets: before the date (working days; calendar days for certificates); threshold: working
    # days after; repeat_days: calendar days between repeats while the condition lasts (0: once).
    DEFAULTS = {
        Code.TASK_DUE_SOON: {"offsets": "7,3,1"},
        Code.TASK_DUE_TODAY: {},
        Code.TASK_OVERDUE: {"repeat_days": 7},
        Code.TASK_ESCALATION: {"threshold": 10},
        Code.REPORT_DUE: {"offsets": "5,1,0", "repeat_days": 7},
        Code.REPORT_RETURNED: {"threshold": 3, "repeat_days": 7},
        Code.REPORT_REVIEW: {"threshold": 5, "repeat_days": 7},
        Code.LEADERSHIP_DIGEST: {"threshold": 10},
        Code.CONFERENCE_REGISTRATION: {"offsets": "5,1"},
        Code.COVERAGE_ENDING: {"offsets": "60,30"},
        Code.EXTENSION_REQUESTED: {},
        Code.EXTENSION_DECIDED: {},
        Code.EXPLANATION_REQUESTED: {},
        Code.EXPLANATION_ANSWERED: {},
        Code.EXPLANATION_OVERDUE: {},
        Code.EXPLANATION_ESCALATION: {"threshold": 5},
        Code.THREAD_POST: {},
        Code.THREAD_DIGEST: {},
    }

    code = models.CharField(_("rule"), max_length=32, choices=Code.choices, unique=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    offsets = models.CharField(
        _("reminders before the date"), max_length=64, blank=True,
        validators=[validate_comma_separated_integer_list],
        help_text=_("Comma-separated numbers of working days before the date (calendar days for certificates), e.g. 7,3,1."),
    )
    threshold = models.PositiveSmallIntegerField(
        _("after (working days)"), null=True, blank=True,
        help_text=_("Working days after which the reminder is sent (for the digest: the due-soon window)."),
    )
    repeat_days = models.PositiveSmallIntegerField(
        _("repeat every (days)"), default=0,
        help_text=_("Calendar days between repeats while the condition lasts; 0 sends it once."),
    )
    on_non_working_days = models.BooleanField(
        _("also on non-working days"), default=False,
        help_text=_("Normally nothing is sent on weekends and holidays."),
    )

    objects = ReminderRuleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(code__in=["task_escalation", "explanation_escalation"]) | Q(enabled=True),
                name="reminder_rule_escalation_always_on",
            ),
        ]

    def __str__(self):
        return str(self.Code(self.code).label)

    def clean(self):
        if self.is_mandatory and not self.enabled:
            raise ValidationError({"enabled": _("Escalations are mandatory and cannot be switched off.")})

    @classmethod
    def default(cls, code: str) -> "ReminderRule":
        return cls(code=code, **cls.DEFAULTS[code])

    @property
    def family(self) -> str:
        return self.FAMILIES[self.code]

    @property
    def is_mandatory(self) -> bool:
        return self.code in self.MANDATORY

    @property
    def offset_list(self) -> list[int]:
        """Offsets, largest first."""
        return sorted({int(part) for part in self.offsets.split(",") if part.strip()}, reverse=True)


class NotificationPreference(models.Model):
    """How one user wants to be reminded. Escalations are mandatory; `is_unit_head` is set by an
    administrator and makes the user receive the escalations of their unit."""

    EMAIL_FIELDS = {
        Family.TASKS: "email_tasks",
        Family.REPORTS: "email_reports",
        Family.REVIEWS: "email_reviews",
        Family.CONFERENCES: "email_conferences",
        Family.COVERAGE: "email_coverage",
        Family.DIGEST: "digest",
        Family.THREADS: "email_threads",
    }

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    language = models.CharField(
        _("language of e-mails"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    email_tasks = models.BooleanField(_("e-mail about task deadlines"), default=True)
    email_reports = models.BooleanField(_("e-mail about progress reports due"), default=True)
    email_reviews = models.BooleanField(_("e-mail about reports waiting for review"), default=True)
    email_conferences = models.BooleanField(_("e-mail about conference registration"), default=True)
    email_coverage = models.BooleanField(_("e-mail about certificates of coverage ending"), default=True)
    digest = models.BooleanField(_("weekly digest"), default=True, help_text=_("For leadership: overdue and due-soon work."))
    email_threads = models.BooleanField(
        _("e-mail about task discussions"), default=True,
        help_text=_("When you are mentioned, or someone answers in a discussion you took part in."),
    )
    thread_digest = models.BooleanField(
        _("discussions once a day"), default=False,
        help_text=_("One e-mail a day listing the new messages, instead of one e-mail for each message."),
    )
    is_unit_head = models.BooleanField(
        _("head of unit"), default=False, help_text=_("Receives the escalations of overdue tasks led by their unit."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        ordering = ["user"]

    def __str__(self):
        return str(self.user)

    @classmethod
    def for_user(cls, user) -> "NotificationPreference":
        """The user's saved preferences, or the defaults (unsaved) when they never chose."""
        return cls.objects.filter(user=user).first() or cls(user=user)

    def wants_email(self, family: str) -> bool:
        if family == Family.ESCALATIONS:
            return True
        return getattr(self, self.EMAIL_FIELDS[family])


class ReminderDispatchQuerySet(models.QuerySet):
    def pending(self):
        """Recorded, not delivered in the portal yet."""
        return self.filter(sent_at__isnull=True)

    def claimable(self, now: datetime.datetime | None = None):
        """Not delivered, and not claimed by a worker that is still within its claim timeout."""
        expired = (now or timezone.now()) - settings.REMINDER_CLAIM_TIMEOUT
        return self.pending().filter(Q(sending_at__isnull=True) | Q(sending_at__lt=expired))

    def emails_claimable(self, now: datetime.datetime):
        """E-mails due now (to be sent, or whose retry time has come) that no live worker is sending."""
        expired = now - settings.REMINDER_CLAIM_TIMEOUT
        return self.filter(
            email_status__in=ReminderDispatch.EMAIL_OPEN, email_due_at__lte=now,
        ).filter(Q(email_sending_at__isnull=True) | Q(email_sending_at__lt=expired))

    def emails_to_queue(self, now: datetime.datetime):
        """E-mails to hand to a worker: a retry whose time has come, or one queued longer ago than
        the claim timeout that nobody sent (its message or its worker was lost)."""
        stale = now - settings.REMINDER_CLAIM_TIMEOUT
        return self.emails_claimable(now).filter(
            Q(email_status=ReminderDispatch.Email.RETRY) | Q(email_status=ReminderDispatch.Email.PENDING, email_due_at__lt=stale)
        )

    def email_counts(self) -> dict[str, int]:
        """E-mails that failed, that wait for a retry, and that are queued to be sent (for /healthz)."""
        Email = ReminderDispatch.Email
        return self.filter(email_status__in=[Email.FAILED, Email.RETRY, Email.PENDING]).aggregate(
            failed=Count("pk", filter=Q(email_status=Email.FAILED)),
            waiting=Count("pk", filter=Q(email_status=Email.RETRY)),
            queued=Count("pk", filter=Q(email_status=Email.PENDING)),
        )


class ReminderDispatch(models.Model):
    """One reminder to one person about one object on one occasion: recorded before it is sent.

    Delivered in the portal first (`sent_at`, `outcome`); its e-mail has its own state, claim and
    attempts (`email_*`), so a failing mailbox delays nothing else and never hides the portal notice.
    """

    class Outcome(models.TextChoices):
        IN_APP = "in_app", _("In the portal")
        SKIPPED = "skipped", _("Not sent: no longer due")
        FAILED = "failed", _("Failed")

    class Email(models.TextChoices):
        NONE = "none", _("No e-mail")
        PENDING = "pending", _("To be sent")
        RETRY = "retry", _("Waiting for a retry")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Not sent: no longer due or wanted")

    EMAIL_OPEN = (Email.PENDING, Email.RETRY)  # on its way: claimable when due

    rule = models.CharField(_("rule"), max_length=32, choices=ReminderRule.Code.choices)
    content_type = models.ForeignKey(ContentType, verbose_name=_("object type"), on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(_("object id"))
    target = GenericForeignKey("content_type", "object_id")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
        related_name="reminder_dispatches",
    )
    occurrence = models.DateField(_("occurrence"), help_text=_("The day this reminder is for."))
    context = models.JSONField(_("details"), default=dict, blank=True)
    scan_token = models.UUIDField(editable=False, null=True, db_index=True)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    sending_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    email_status = models.CharField(_("e-mail"), max_length=16, choices=Email.choices, default=Email.NONE)
    email_due_at = models.DateTimeField(
        _("e-mail due at"), null=True, blank=True,
        help_text=_("Waiting for a retry: the time of the next attempt; to be sent: since when."),
    )
    email_sending_at = models.DateTimeField(_("e-mail claimed at"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    email_attempted_at = models.DateTimeField(_("last e-mail attempt"), null=True, blank=True)
    email_error = models.TextField(_("e-mail error"), blank=True)

    objects = ReminderDispatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-created_at", "-pk"]
        permissions = [("retry_reminder_email", _("Can retry a reminder's e-mail"))]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "content_type", "object_id", "recipient", "occurrence"], name="reminder_dispatch_once",
            ),
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True, outcome="") | (Q(sent_at__isnull=False) & ~Q(outcome="")),
                name="reminder_dispatch_sent_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(sent_at__isnull=False) | Q(email_status="none"), name="reminder_email_after_delivery",
            ),
            models.CheckConstraint(
                condition=~Q(email_status__in=["pending", "retry"]) | Q(email_due_at__isnull=False),
                name="reminder_email_open_has_due_time",
            ),
            models.CheckConstraint(
                condition=~Q(email_status="failed") | ~Q(email_error=""), name="reminder_email_failed_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["created_at"], condition=Q(sent_at__isnull=True), name="reminder_dispatch_pending"),
            models.Index(
                fields=["email_status", "email_due_at"], condition=Q(email_status__in=["pending", "retry", "failed"]),
                name="reminder_email_open",
            ),
        ]

    def __str__(self):
        return f"{self.get_rule_display()} — {self.recipient_id} — {self.occurrence:%d/%m/%Y}"

    @property
    def family(self) -> str:
        return ReminderRule.FAMILIES[self.rule]


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A user's own notifications, nobody else's (administrators included)."""
        return self.filter(recipient_id=user.pk)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message in a user's portal inbox (/notifications/)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    rule = models.CharField(_("rule"), max_length=32, choices=ReminderRule.Code.choices)
    family = models.CharField(_("kind"), max_length=16, choices=Family.choices)
    title = models.CharField(_("title"), max_length=500)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    object_id = models.PositiveBigIntegerField(_("object id"), null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    dispatch = models.OneToOneField(
        ReminderDispatch, verbose_name=_("reminder"), on_delete=models.PROTECT, related_name="notification",
        null=True, blank=True,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            # the inbox: one user's notifications newest first, read straight off the index
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
