"""The tracking engine: plans, their objectives and tasks, and the units assigned to each task.

Agreement implementation plans and conference follow-up reuse these models; there is no other
task model in the portal.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count, F, Prefetch, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Unit, UnitMembership
from accounts.succession import Succession
from core.docnumbers import parse_document_number
from core.documents import PrivateDocument
from core.storage import PrivateUploadTo
from core.text import fold, search_filter
from core.uploads import EVIDENCE, UploadValidator

from .deadlines import DeadlineRules


def today() -> datetime.date:
    return timezone.localdate()


class Bucket(models.TextChoices):
    """Where a task stands, derived from status, deadline and progress (never stored)."""

    DONE = "done", _("Done")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    LATE = "late", _("Late")


def _prefixed(prefix: str):
    def q(**lookups) -> Q:
        return Q(**{f"{prefix}{key}": value for key, value in lookups.items()})

    return q


def bucket_conditions(prefix: str = "", day: datetime.date | None = None) -> dict[str, Q]:
    """Q objects for each Bucket; `prefix` (e.g. "tasks__") lets aggregates over relations use them.

    Dates are effective deadlines (plans.deadlines). At risk: open, due within AT_RISK_DAYS and below
    AT_RISK_PROGRESS %. Late is the upward-reporting state "overdue, not completed". Cancelled tasks
    are in no bucket."""
    day = day or today()
    soon = day + datetime.timedelta(days=settings.AT_RISK_DAYS)
    q = _prefixed(prefix)
    open_ = ~q(status__in=Task.CLOSED)
    risky = q(effective_deadline__lte=soon, progress__lt=settings.AT_RISK_PROGRESS)
    return {
        Bucket.DONE: q(status=Task.Status.DONE),
        Bucket.LATE: standing_conditions(prefix, day)[Standing.OVERDUE],
        Bucket.AT_RISK: open_ & q(effective_deadline__gte=day) & risky,
        Bucket.ON_TRACK: open_ & q(effective_deadline__gte=day) & ~risky,
    }


def late_tasks(prefix: str = "", day: datetime.date | None = None) -> Q:
    """Open tasks past their effective deadline (on `day`, today by default): the one definition of "late"."""
    return standing_conditions(prefix, day)[Standing.OVERDUE]


class Standing(models.TextChoices):
    """The four states of upward reporting (the Government Office's task tracking and the reports
    built on it), against the effective deadline. Cancelled tasks are in none."""

    DONE_ON_TIME = "done_on_time", _("Completed on time")
    DONE_LATE = "done_late", _("Completed late")
    IN_PROGRESS = "in_progress", _("In progress, within the deadline")
    OVERDUE = "overdue", _("Overdue, not completed")


def standing_conditions(prefix: str = "", day: datetime.date | None = None) -> dict[str, Q]:
    """Q objects for each Standing on `day` (today by default); `prefix` as for bucket_conditions.

    Completed on time: completed on or before the effective deadline (a day ends at 24:00, Civil
    Code 2015, Art. 148(6)); overdue: not completed and the effective deadline is before `day`."""
    day = day or today()
    q = _prefixed(prefix)
    done, open_ = q(status=Task.Status.DONE), ~q(status__in=Task.CLOSED)
    if day < today():  # as it stood on a past day: a task completed after it was still open then
        open_, done = open_ | (done & q(completed_on__gt=day)), done & q(completed_on__lte=day)
    deadline = F(f"{prefix}effective_deadline")
    return {
        Standing.DONE_ON_TIME: done & q(completed_on__lte=deadline),
        Standing.DONE_LATE: done & q(completed_on__gt=deadline),
        Standing.IN_PROGRESS: open_ & q(effective_deadline__gte=day),
        Standing.OVERDUE: open_ & q(effective_deadline__lt=day),
    }


def due_between(prefix: str = "", start: datetime.date | None = None, end: datetime.date | None = None) -> Q:
    """Tasks (not cancelled) whose effective deadline falls in [start, end]; either end may be open."""
    q = _prefixed(prefix)
    condition = ~q(status=Task.Status.CANCELLED)
    if start is not None:
        condition &= q(effective_deadline__gte=start)
    if end is not None:
        condition &= q(effective_deadline__lte=end)
    return condition


def with_extension(prefix: str = "") -> Q:
    """Tasks (not cancelled) whose deadline an approved extension moved: shown apart, never hidden as "on time"."""
    q = _prefixed(prefix)
    return ~q(status=Task.Status.CANCELLED) & q(extended_deadline__isnull=False)


def standing_counts(
    prefix: str = "", day: datetime.date | None = None, within: Q | None = None, *, distinct: bool | None = None,
) -> dict[str, Count]:
    """Aggregates for `.aggregate()` / `.annotate()`: a count per Standing, `total` (not cancelled),
    `due` (due by `day`), `due_on_time` (of those, completed on time: the on-time rate is
    due_on_time / due), `extended` and `extended_on_time` (with an approved extension). `within`
    narrows every count (e.g. to the tasks due in a reporting period's window).

    Counted across a relation (`prefix`), a task is counted once (DISTINCT) unless the caller knows each
    task comes once per group (`distinct=False`: current assignments grouped by unit), which lets
    PostgreSQL hash the groups instead of sorting every row."""
    day = day or today()
    distinct = bool(prefix) if distinct is None else distinct
    conditions = standing_conditions(prefix, day)
    due = due_between(prefix, end=day)

    def count(condition: Q) -> Count:
        condition = condition & within if within is not None else condition
        return Count(f"{prefix}pk" if prefix else "pk", filter=condition, distinct=distinct)

    return {
        **{standing.value: count(conditions[standing]) for standing in Standing},
        "total": count(~Q(**{f"{prefix}status": Task.Status.CANCELLED})),
        "due": count(due),
        "due_on_time": count(due & conditions[Standing.DONE_ON_TIME]),
        "extended": count(with_extension(prefix)),
        "extended_on_time": count(with_extension(prefix) & conditions[Standing.DONE_ON_TIME]),
    }


def on_time_rate(counts: dict) -> int | None:
    """Completed on time ÷ tasks due, in whole percent; None when nothing is due yet."""
    return round(100 * counts["due_on_time"] / counts["due"]) if counts.get("due") else None


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

    def in_force_in(self, year: int):
        """The plans in force in `year`: see `plans_in_force_in`."""
        return self.filter(plans_in_force_in(year))


def plans_in_force_in(year: int, prefix: str = "") -> Q:
    """The one definition of "the plans of the year" (dashboard, task list, home page): the plans of
    `year` that were issued (closed ones too), and the plans of earlier years still issued — the
    multi-year ones such as an agreement implementation plan run until a planner closes them."""
    q = _prefixed(prefix)
    return q(year=year, status__in=Plan.IN_FORCE) | q(year__lt=year, status=Plan.Status.ISSUED)


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
        validators=[UploadValidator("pdf_only")],
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
            ("request_explanations", _("Can ask units to explain late or at-risk tasks")),
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
        if self.issue_date and self.year and not self.earliest_issue_date <= self.issue_date <= datetime.date(self.year, 12, 31):
            errors["issue_date"] = [_("The issue date must fall in the plan's year or from 1 December of the year before.")]
        if errors:
            raise ValidationError(errors)

    @property
    def earliest_issue_date(self) -> datetime.date:
        """Next year's plan is issued ahead, in December."""
        return datetime.date(self.year - 1, 12, 1)

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

    def of_year(self, year: int):
        """The tasks of the plans in force in `year` (plans_in_force_in)."""
        return self.filter(plans_in_force_in(year, "plan__"))

    def live(self):
        """Open tasks of issued plans: the work units are still doing (work lists, reminders, forms)."""
        return self.open().filter(plan__status=Plan.Status.ISSUED)

    def overdue(self, on: datetime.date | None = None):
        return self.filter(late_tasks(day=on))

    def in_bucket(self, bucket: str):
        return self.filter(bucket_conditions()[bucket])

    def in_standing(self, standing: str, on: datetime.date | None = None):
        return self.filter(standing_conditions(day=on)[standing])

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
    # Derived, kept by Task.save() and plans.extensions: the later approved extension, and the day the
    # task is due (plans.deadlines). Lateness, the reporting states and reminders read these.
    extended_deadline = models.DateField(_("extended to"), null=True, blank=True, editable=False)
    effective_deadline = models.DateField(_("due (effective deadline)"), db_index=True, editable=False)
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
    # Set when the task is done: the day the lead unit's report at 100 % was approved, or the day a
    # central planner marked it done (who and why); cleared when it is reopened. History keeps each.
    completed_on = models.DateField(_("completion date"), null=True, blank=True, editable=False)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("completed by"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True, editable=False,
    )
    completion_note = models.TextField(_("completion note"), blank=True, editable=False)
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    search_text = models.TextField(editable=False, default="")

    objects = TaskQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text", "lock_version", "extended_deadline", "effective_deadline"])

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
            models.CheckConstraint(
                condition=(Q(status="done") & Q(completed_on__isnull=False))
                | (~Q(status="done") & Q(completed_on__isnull=True)),
                name="task_done_has_completion_date",
            ),
        ]
        indexes = [
            models.Index(fields=["plan", "status", "deadline"]),
            models.Index(fields=["plan", "status", "effective_deadline"], name="task_plan_status_due"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Also keeps the derived fields true: `effective_deadline` whenever the deadline or the extension
        is saved, and the completion (a done task has its date, any other none) whenever the status is."""
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        derived = set()
        if update_fields is None or {"deadline", "extended_deadline"} & set(update_fields):
            self.refresh_effective_deadline(getattr(self, "_deadline_rules", None))
            derived.add("effective_deadline")
        if update_fields is None or "status" in update_fields:
            self.sync_completion()
            derived |= {"completed_on", "completed_by", "completion_note"}
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *derived}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("plans:task_detail", args=[self.pk])

    def build_search_text(self) -> str:
        return fold(f"{self.title} {self.content} {self.expected_result} {self.reference}")

    def sync_completion(self) -> None:
        """A done task has its completion date (today unless a service set one), any other none."""
        if self.status != self.Status.DONE:
            self.completed_on, self.completed_by, self.completion_note = None, None, ""
        elif self.completed_on is None:
            self.completed_on = today()

    def clean(self):
        self.sync_completion()  # before the constraints are validated
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

    def refresh_effective_deadline(self, rules: DeadlineRules | None = None) -> bool:
        """Recompute `effective_deadline` (plans.deadlines); true when it changed. Does not save."""
        if self.deadline is None:
            return False
        effective = (rules or DeadlineRules.load()).effective(self.deadline, self.extended_deadline)
        changed, self.effective_deadline = effective != self.effective_deadline, effective
        return changed

    @property
    def is_overdue(self) -> bool:
        """The object-level twin of late_tasks()."""
        return self.status not in self.CLOSED and self.effective_deadline < today()

    @property
    def days_late(self) -> int:
        return (today() - self.effective_deadline).days if self.is_overdue else 0

    @property
    def is_shifted(self) -> bool:
        """Due on another day than its deadline says (an extension, or a deadline on a day off)."""
        return self.effective_deadline != self.deadline

    @property
    def standing(self) -> str | None:
        """The object-level twin of standing_conditions(): the Standing value, None when cancelled."""
        if self.status == self.Status.CANCELLED:
            return None
        if self.status == self.Status.DONE:
            return Standing.DONE_ON_TIME if self.completed_on <= self.effective_deadline else Standing.DONE_LATE
        return Standing.OVERDUE if self.effective_deadline < today() else Standing.IN_PROGRESS

    def get_standing_display(self) -> str:
        return str(Standing(self.standing).label) if self.standing else ""


def open_work() -> Q:
    """Current assignments on live tasks (TaskQuerySet.live): the work a unit still owes, the work that
    follows an ended unit's successor chain."""
    return Q(removed_at__isnull=True, task__plan__status=Plan.Status.ISSUED) & ~Q(task__status__in=Task.CLOSED)


class AssignmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Read access: the assignments of the user's unit and of every unit it succeeded (their history too)."""
        if user.sees_all_work:
            return self
        return self.filter(unit_id__in=user.unit_lineage_ids)

    def current(self):
        return self.filter(removed_at__isnull=True)

    def live(self):
        """Current assignments on live tasks (TaskQuerySet.live): the work a unit still owes."""
        return self.filter(open_work())

    def answered_by(self, unit_ids, succession: Succession | None = None):
        """Who owes this work now: the assignments `unit_ids` answer for today — their own closed work
        and history, and the open work they carry (theirs while active, and their ended predecessors',
        accounts/succession.py)."""
        succession = succession or Unit.objects.succession_on()
        open_ = open_work()
        unit_ids = set(unit_ids)
        return self.filter((Q(unit_id__in=unit_ids) & ~open_) | (open_ & Q(unit_id__in=succession.reach(unit_ids))))

    def with_carrier(self, succession: Succession | None = None, *, open_condition: Q | None = None):
        """Annotate `carrier_id`: the unit that answers for the assignment now (its own unit unless the
        work is open — `open_condition`, `open_work()` by default — and its unit has ended; see `answered_by`)."""
        succession = succession or Unit.objects.succession_on()
        open_ = open_work() if open_condition is None else open_condition
        return self.annotate(carrier_id=succession.carrier_expression("unit_id", when=open_))

    def orphaned(self, *, on: datetime.date | None = None):
        """Open work that reaches nobody: live assignments whose carrier (after succession) is an ended
        unit or a unit without an active focal officer (UnitMembership.objects.officers_on)."""
        day = on or today()
        succession = Unit.objects.succession_on(day)
        staffed = set(UnitMembership.objects.officers_on(day).values_list("unit_id", flat=True))
        reached = succession.reach(unit for unit in staffed if not succession.is_ended(unit))
        return self.live().exclude(unit_id__in=reached)


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
    # The amount of the unit's latest approved report (by period end), kept by the report approval
    # (reports.services) so the dashboard sums it instead of searching every report's history.
    spent_to_date = models.BigIntegerField(_("spent to date (VND)"), default=0, editable=False)

    objects = AssignmentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["spent_to_date"])

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
        indexes = [
            models.Index(fields=["unit", "removed_at"]),
            # The tasks a unit leads now (reports' visibility): by unit, not the whole lead index.
            models.Index(fields=["unit", "role"], condition=Q(removed_at__isnull=True), name="assignment_current_unit_role"),
        ]

    def __str__(self):
        return f"{self.task} — {self.unit} ({self.get_role_display()})"

    def is_executed_by(self, user) -> bool:
        """The assignment was handed down to `user`, its executing officer."""
        return self.executing_officer_id is not None and self.executing_officer_id == user.pk

# --- Deadline extensions and explanation requests (services: plans/extensions.py, plans/explanations.py) ---


class ExtensionRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Requests on the tasks the user sees (an officer: their units' tasks)."""
        return self.filter(task__in=Task.objects.visible_to(user))

    def pending(self):
        return self.filter(status=ExtensionRequest.Status.PENDING)


class ExtensionRequest(models.Model):
    """A lead unit's request for a new deadline (xin gia hạn) and the central planner's decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Granted")
        REFUSED = "refused", _("Refused")

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="extension_requests")
    unit = models.ForeignKey(Unit, verbose_name=_("requesting unit"), on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    current_deadline = models.DateField(_("due before the request"))
    proposed_deadline = models.DateField(_("proposed deadline"))
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    granted_deadline = models.DateField(_("deadline granted"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+",
        null=True, blank=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("comment on the decision"), blank=True)
    lock_version = models.PositiveIntegerField(default=0, editable=False)

    objects = ExtensionRequestQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["lock_version"])

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["task", "requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["task"], condition=Q(status="pending"), name="extension_one_pending_per_task"),
            models.CheckConstraint(
                condition=Q(proposed_deadline__gt=F("current_deadline")), name="extension_proposed_after_current",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True, granted_deadline__isnull=True)
                | Q(status="approved", decided_at__isnull=False, granted_deadline__isnull=False)
                | (Q(status="refused", decided_at__isnull=False, granted_deadline__isnull=True) & ~Q(decision_comment="")),
                name="extension_decision_complete",
            ),
            models.CheckConstraint(
                condition=Q(granted_deadline__isnull=True) | Q(granted_deadline__gt=F("current_deadline")),
                name="extension_granted_after_current",
            ),
        ]

    def __str__(self):
        return f"{self.task} — {self.proposed_deadline:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("plans:extension_detail", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    def is_decidable_by(self, user) -> bool:
        return self.is_pending and user.has_perm("plans.manage_plans")

    def is_editable_by(self, user) -> bool:
        """The requesting unit's officers change a request while it waits; a decided one never changes."""
        return self.is_pending and user.has_perm("plans.submit_reports") and self.unit_id in user.unit_lineage_ids


class ExtensionDocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(request__in=ExtensionRequest.objects.visible_to(user), removed_at__isnull=True)


class ExtensionDocument(PrivateDocument):
    """A supporting document of an extension request, in the private-document store."""

    UPLOAD_PREFIX = "extensions"
    ACCEPTED = EVIDENCE

    request = models.ForeignKey(
        ExtensionRequest, verbose_name=_("extension request"), on_delete=models.PROTECT, related_name="documents"
    )

    objects = ExtensionDocumentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supporting document of an extension request")
        verbose_name_plural = _("supporting documents of extension requests")
        ordering = ["request", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("plans:extension_document", args=[self.pk])


class ExplanationRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Everything for who sees all work; for an officer, the requests addressed to their units."""
        if user.sees_all_work:
            return self.filter(task__in=Task.objects.visible_to(user))
        return self.filter(replies__unit_id__in=user.unit_lineage_ids).distinct()


class ExplanationRequest(models.Model):
    """Leadership or a central planner asks the units of a late or at-risk task to explain (yêu cầu giải trình)."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="explanation_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    question = models.TextField(_("what to explain"))
    reply_by = models.DateField(_("reply by"))

    objects = ExplanationRequestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("explanation request")
        verbose_name_plural = _("explanation requests")
        ordering = ["task", "requested_at", "pk"]

    def __str__(self):
        return f"{self.task} — {self.reply_by:%d/%m/%Y}"

    def get_absolute_url(self):
        return f"{self.task.get_absolute_url()}#timeline-explanation-{self.pk}"  # its entry in the task's timeline


class ExplanationReplyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Who sees all work: every reply; an officer: their own units' replies."""
        if user.sees_all_work:
            return self.filter(request__in=ExplanationRequest.objects.visible_to(user))
        return self.filter(unit_id__in=user.unit_lineage_ids)

    def awaited(self):
        return self.filter(answered_at__isnull=True)

    def overdue(self, on: datetime.date | None = None):
        """Not answered by the reply date, as things stood on `on` (today by default)."""
        on = on or today()
        if on >= today():
            return self.awaited().filter(request__reply_by__lt=on)
        return self.filter(
            Q(answered_at__isnull=True) | Q(answered_at__date__gt=on),
            request__reply_by__lt=on, request__requested_at__date__lte=on,
        )

    def answered(self):
        return self.filter(answered_at__isnull=False)


class ExplanationReply(models.Model):
    """One asked unit's part of an explanation request: awaited until it answers (text, optional document)."""

    request = models.ForeignKey(
        ExplanationRequest, verbose_name=_("explanation request"), on_delete=models.PROTECT, related_name="replies"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=16, choices=Assignment.Role.choices)
    answer = models.TextField(_("explanation"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("answered by"), on_delete=models.PROTECT, related_name="+",
        null=True, blank=True,
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=0, editable=False)

    objects = ExplanationReplyQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["lock_version"])

    class Meta:
        verbose_name = _("explanation")
        verbose_name_plural = _("explanations")
        ordering = ["request", "role", "unit__name_vi", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "unit"], name="explanation_reply_once_per_unit"),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True, answer="") | (Q(answered_at__isnull=False) & ~Q(answer="")),
                name="explanation_reply_answered_has_text",
            ),
        ]
        indexes = [models.Index(fields=["unit", "answered_at"])]

    def __str__(self):
        return f"{self.request} — {self.unit}"

    def get_absolute_url(self):
        return reverse("plans:explanation_answer", args=[self.pk])

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    def is_overdue(self, on: datetime.date | None = None) -> bool:
        return not self.is_answered and (on or today()) > self.request.reply_by

    def is_editable_by(self, user) -> bool:
        """The asked unit's officers answer, once."""
        return not self.is_answered and user.has_perm("plans.submit_reports") and self.unit_id in user.unit_lineage_ids


class ExplanationDocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(reply__in=ExplanationReply.objects.visible_to(user), removed_at__isnull=True)


class ExplanationDocument(PrivateDocument):
    """A document attached to a unit's explanation, in the private-document store."""

    UPLOAD_PREFIX = "explanations"
    ACCEPTED = EVIDENCE

    reply = models.ForeignKey(
        ExplanationReply, verbose_name=_("explanation"), on_delete=models.PROTECT, related_name="documents"
    )

    objects = ExplanationDocumentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document of an explanation")
        verbose_name_plural = _("documents of explanations")
        ordering = ["reply", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("plans:explanation_document", args=[self.pk])
