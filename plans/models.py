"""The tracking engine: plans, their objectives and tasks, and the units assigned to each task.

Agreement implementation plans and conference follow-up reuse these models; there is no other
task model in the portal.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count, F, Prefetch, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Unit
from core.docnumbers import parse_document_number
from core.storage import PrivateUploadTo
from core.text import fold, search_filter


def today() -> datetime.date:
    return timezone.localdate()


class Bucket(models.TextChoices):
    """Where a task stands, derived from status, deadline and progress (never stored)."""

    DONE = "done", _("Done")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    LATE = "late", _("Late")


def bucket_conditions(prefix: str = "", day: datetime.date | None = None) -> dict[str, Q]:
    """Q objects for each Bucket; `prefix` (e.g. "tasks__") lets aggregates over relations use them.

    At risk: open, due within AT_RISK_DAYS and below AT_RISK_PROGRESS %. Cancelled tasks are in no bucket."""
    day = day or today()
    soon = day + datetime.timedelta(days=settings.AT_RISK_DAYS)

    def q(**lookups):
        return Q(**{f"{prefix}{key}": value for key, value in lookups.items()})

    open_ = ~q(status__in=Task.CLOSED)
    risky = q(deadline__lte=soon, progress__lt=settings.AT_RISK_PROGRESS)
    return {
        Bucket.DONE: q(status=Task.Status.DONE),
        Bucket.LATE: open_ & q(deadline__lt=day),
        Bucket.AT_RISK: open_ & q(deadline__gte=day) & risky,
        Bucket.ON_TRACK: open_ & q(deadline__gte=day) & ~risky,
    }


def late_tasks(prefix: str = "", day: datetime.date | None = None) -> Q:
    """Open tasks past their deadline (on `day`, today by default): the one definition of "late"."""
    return bucket_conditions(prefix, day)[Bucket.LATE]


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Everything for central staff and leadership; for a unit officer, plans with their unit's work."""
        if user.sees_all_work:
            return self.exclude(status=Plan.Status.DISCARDED)
        return self.filter(
            status__in=Plan.IN_FORCE,
            pk__in=Assignment.objects.visible_to(user).values("task__plan_id"),
        )

    def with_progress(self):
        """Annotate task counts and the mean progress of tasks that are not cancelled."""
        live = ~Q(tasks__status=Task.Status.CANCELLED)
        return self.annotate(
            task_count=Count("tasks", filter=live, distinct=True),
            mean_progress=Coalesce(Avg("tasks__progress", filter=live), Value(0.0)),
            late_count=Count("tasks", filter=late_tasks("tasks__"), distinct=True),
        )

    def search(self, query: str):
        return search_filter(self, query)


class Plan(models.Model):
    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Annual foreign-affairs plan")
        AGREEMENT = "agreement", _("Agreement implementation plan")
        OTHER = "other", _("Other plan")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")
        CLOSED = "closed", _("Closed")
        DISCARDED = "discarded", _("Discarded")

    IN_FORCE = (Status.ISSUED, Status.CLOSED)  # plans in force: what reporting, reminders and the dashboard count

    number = models.CharField(
        _("document number"), max_length=64, blank=True,
        help_text=_("Sequence/type code-issuer, e.g. 234/KH-BHXH. Required to issue the plan."),
    )
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.ANNUAL)
    title = models.CharField(_("title"), max_length=500)
    issuing_unit = models.ForeignKey(
        Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="issued_plans"
    )
    general_goal = models.TextField(_("general goal"), blank=True)
    signed_document = models.FileField(
        _("signed document (PDF)"), upload_to=PrivateUploadTo("plans"), blank=True,
        validators=[FileExtensionValidator(["pdf"])],
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)
    amending = models.BooleanField(
        _("amendment in progress"), default=False,
        help_text=_("An issued plan is locked; planners change it through an amendment."),
    )
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT,
        related_name="authored_plans", null=True, blank=True,
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    copied_from = models.ForeignKey(
        "self", verbose_name=_("copied from"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="copies",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    search_text = models.TextField(editable=False, default="")

    objects = PlanQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text", "lock_version"])

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-year", "-issue_date", "-pk"]
        permissions = [
            ("view_all_work", _("Can see the work and reports of every unit")),
            ("manage_plans", _("Can write, issue, amend and close plans")),
            ("review_reports", _("Can review progress reports")),
            ("submit_reports", _("Can report progress for their own unit")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "year"], condition=~Q(number=""), name="plan_number_unique_per_year",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["issued", "closed"]) | (~Q(number="") & Q(issue_date__isnull=False)),
                name="plan_issued_has_number_and_date",
            ),
        ]

    def __str__(self):
        return f"{self.number} — {self.title}" if self.number else self.title

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.number} {self.title} {self.general_goal}")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("plans:plan_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.number:
            try:
                parsed = parse_document_number(self.number)
            except ValidationError as exc:
                errors["number"] = exc.messages
            else:
                self.number = str(parsed)
                duplicate = Plan.objects.filter(number=self.number, year=self.year).exclude(pk=self.pk)
                if duplicate.exists():
                    errors["number"] = [_("Another plan of %(year)s already has number %(number)s.") % {
                        "year": self.year, "number": self.number}]
        if self.issue_date and self.year and self.issue_date.year != self.year:
            errors["issue_date"] = [_("The issue date must fall in the plan's year.")]
        if errors:
            raise ValidationError(errors)

    @property
    def is_editable(self) -> bool:
        """Objectives and tasks can change: a draft, or an issued plan under amendment."""
        return self.status == self.Status.DRAFT or (self.status == self.Status.ISSUED and self.amending)

    @property
    def is_amendable(self) -> bool:
        return self.status == self.Status.ISSUED

    def is_editable_by(self, user) -> bool:
        """Who may write the plan, its objectives and tasks (the plan's state is checked by the services)."""
        return user.has_perm("plans.manage_plans")


class PlanVersion(models.Model):
    """What a plan said when a version was issued: the basis of "what changed between versions"."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    note = models.TextField(_("reason for the amendment"), blank=True)
    snapshot = models.JSONField(_("content"))
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+",
    )

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")]

    def __str__(self):
        return f"{self.plan} v{self.number}"


class Objective(models.Model):
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="objectives")
    position = models.PositiveIntegerField(_("order"), default=0)
    text = models.TextField(_("objective"))
    lock_version = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["lock_version"])

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["plan", "position", "pk"]

    def __str__(self):
        return self.text[:80]


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user.sees_all_work:
            return self.exclude(plan__status=Plan.Status.DISCARDED)
        return self.filter(
            plan__status__in=Plan.IN_FORCE,
            pk__in=Assignment.objects.visible_to(user).values("task_id"),
        )

    def open(self):
        return self.exclude(status__in=Task.CLOSED)

    def live(self):
        """Open tasks of issued plans: the work units are still doing (work lists, reminders, forms)."""
        return self.open().filter(plan__status=Plan.Status.ISSUED)

    def overdue(self, on: datetime.date | None = None):
        return self.filter(late_tasks(day=on))

    def in_bucket(self, bucket: str):
        return self.filter(bucket_conditions()[bucket])

    def search(self, query: str):
        return search_filter(self, query)

    def with_units(self):
        """Prefetch current assignments with their units into `task.current_assignments`."""
        return self.prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.current().select_related("unit", "executing_officer")
                .order_by("role", "unit__name_vi"),
                to_attr="current_assignments",
            )
        )


class Task(models.Model):
    """An activity of a plan, with one lead unit and coordinating units (see Assignment)."""

    class Category(models.TextChoices):
        OUTBOUND = "outbound", _("Outbound delegation")
        INBOUND = "inbound", _("Inbound delegation")
        CONFERENCE = "conference", _("International conference or workshop hosted")
        AGREEMENT = "agreement", _("International agreement or MOU")
        RESOURCES = "resources", _("International technical and financial resources")
        INFORMATION = "information", _("Foreign information")
        TRAINING = "training", _("Training and capacity building")
        IMPLEMENTATION = "implementation", _("Agreement implementation")
        FORUM = "forum", _("Regional or global forum")
        OTHER = "other", _("Other")

    class Funding(models.TextChoices):
        STATE = "state", _("State budget")
        PARTNER = "partner", _("Partner funding")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    CLOSED = (Status.DONE, Status.CANCELLED)  # no work left to do

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="tasks")
    objective = models.ForeignKey(
        Objective, verbose_name=_("objective"), on_delete=models.PROTECT, related_name="tasks"
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=500)
    content = models.TextField(_("content"), blank=True)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices, default=Category.OTHER)
    expected_result = models.TextField(_("expected result"), blank=True)
    reference = models.CharField(
        _("implements"), max_length=255, blank=True,
        help_text=_("The article or clause of the agreement or decision this task implements."),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), db_index=True)
    budget = models.BigIntegerField(
        _("budget (VND)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    funding_source = models.CharField(
        _("funding source"), max_length=16, choices=Funding.choices, default=Funding.STATE
    )
    partners = models.ManyToManyField(
        Unit, verbose_name=_("partner organisations"), blank=True, related_name="partner_tasks",
        limit_choices_to={"kind__in": (Unit.Kind.PARTNER, Unit.Kind.GOVERNMENT)},
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NOT_STARTED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    search_text = models.TextField(editable=False, default="")

    objects = TaskQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text", "lock_version"])

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "objective__position", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="task_progress_at_most_100"),
            models.CheckConstraint(condition=Q(budget__isnull=True) | Q(budget__gte=0), name="task_budget_not_negative"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(deadline__gte=F("start_date")),
                name="task_deadline_after_start",
            ),
        ]
        indexes = [models.Index(fields=["plan", "status", "deadline"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("plans:task_detail", args=[self.pk])

    def build_search_text(self) -> str:
        return fold(f"{self.title} {self.content} {self.expected_result} {self.reference}")

    def clean(self):
        errors = {}
        if self.start_date and self.deadline and self.deadline < self.start_date:
            errors["deadline"] = [_("The deadline cannot be before the start date.")]
        plan = self.plan if self.plan_id else None
        if plan:
            for field in ("start_date", "deadline"):
                day = getattr(self, field)
                if day and day.year < plan.year:
                    errors.setdefault(field, []).append(
                        _("Dates must fall in the plan's year (%(year)s) or later.") % {"year": plan.year}
                    )
            if self.objective_id and self.objective.plan_id != plan.pk:
                errors["objective"] = [_("Choose an objective of this plan.")]
        if self.status == self.Status.DONE and self.progress != 100:
            errors["progress"] = [_("A done task is at 100 %.")]
        if errors:
            raise ValidationError(errors)

    @property
    def lead_unit(self) -> Unit | None:
        """From `current_assignments` (see TaskQuerySet.with_units)."""
        return next((a.unit for a in self.current_assignments if a.role == Assignment.Role.LEAD), None)

    @property
    def coordinating_units(self) -> list[Unit]:
        return [a.unit for a in self.current_assignments if a.role == Assignment.Role.COORDINATING]

    @property
    def is_live(self) -> bool:
        """The object-level twin of TaskQuerySet.live()."""
        return self.plan.status == Plan.Status.ISSUED and self.status not in self.CLOSED

    @property
    def is_overdue(self) -> bool:
        return self.status not in self.CLOSED and self.deadline < today()

    @property
    def days_late(self) -> int:
        return (today() - self.deadline).days if self.is_overdue else 0


class AssignmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user.sees_all_work:
            return self
        return self.filter(unit_id__in=user.unit_lineage_ids)

    def current(self):
        return self.filter(removed_at__isnull=True)

    def live(self):
        """Current assignments on live tasks (TaskQuerySet.live): the work a unit still owes."""
        return self.current().filter(task__plan__status=Plan.Status.ISSUED).exclude(task__status__in=Task.CLOSED)


class Assignment(models.Model):
    """One unit's part in one task (lead or coordinating); progress reports hang on it."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead unit")
        COORDINATING = "coordinating", _("Coordinating unit")

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="assignments")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    # Handed down inside the unit to a named colleague (người thực hiện); the unit stays responsible.
    executing_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("executing officer"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="executed_assignments",
    )
    handed_down_at = models.DateTimeField(_("handed down at"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["task", "role", "unit__name_vi"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"], condition=Q(role="lead", removed_at__isnull=True), name="assignment_one_lead_per_task",
            ),
            models.UniqueConstraint(
                fields=["task", "unit"], condition=Q(removed_at__isnull=True), name="assignment_unit_once_per_task",
            ),
        ]
        indexes = [models.Index(fields=["unit", "removed_at"])]

    def __str__(self):
        return f"{self.task} — {self.unit} ({self.get_role_display()})"

    def is_executed_by(self, user) -> bool:
        """The assignment was handed down to `user`, its executing officer."""
        return self.executing_officer_id is not None and self.executing_officer_id == user.pk
