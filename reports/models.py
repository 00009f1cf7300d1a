"""Progress reporting: reporting periods of a plan, one report per assignment and period, its
events and evidence files.

Which (assignment, period) pairs owe a report is decided once, in `expected_reports()`, and read
by the officer's work list, the completeness table and the task page.
"""

import datetime
import functools
import operator

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts.models import Unit
from core.documents import PrivateDocument
from core.text import fold, search_filter
from core.uploads import EVIDENCE
from plans.models import Assignment, Plan, Task

PERIOD = "task__plan__reporting_periods"


def may_write_reports(user) -> bool:
    """Unit focal officers write their unit's reports (central staff read and review them)."""
    return user.has_perm("plans.submit_reports")


def may_review_reports(user) -> bool:
    """Central planners (and administrators) approve or return submitted reports."""
    return user.has_perm("plans.review_reports")


def may_report_on(user, assignment: Assignment) -> bool:
    """Who writes the reports on `assignment`, the one rule: an active member of the unit that owes
    its work now (`User.work_unit_ids`: its own unit, or the successor that carries an ended unit's
    work; an ended unit's own officers only during its grace period), or the colleague it was handed
    down to, while the plan is issued. Starting a new report also needs the assignment open for
    reports (`is_open_for_reports`)."""
    return (
        (may_write_reports(user) and assignment.unit_id in user.work_unit_ids or assignment.is_executed_by(user))
        and assignment.task.plan.status == Plan.Status.ISSUED
    )


def reports_open() -> Q:
    """The SQL of `open_for_reports`."""
    return Q(removed_at__isnull=True, task__plan__status=Plan.Status.ISSUED) & ~Q(task__status=Task.Status.CANCELLED)


def may_submit_report_on(user, assignment: Assignment) -> bool:
    """Who sends the reports on `assignment` for review: its writers, except that the executing
    officer submits only where their unit allows it (`Unit.executing_officers_submit`); otherwise a
    focal officer of the unit does."""
    if not may_report_on(user, assignment):
        return False
    if assignment.is_executed_by(user):
        return bool(user.unit_id) and user.unit.executing_officers_submit
    return True


def open_for_reports(assignments):
    """Assignments a unit may still start reports on: current, on a task not cancelled, of an issued
    plan. Unlike `Assignment.objects.live()` a done task stays in: it still owes the periods that
    follow (the completeness table and the report reminders count them too). This is the open work
    whose reports follow an ended unit's successor chain."""
    return assignments.filter(reports_open())


def is_open_for_reports(assignment: Assignment) -> bool:
    """The object-level twin of `open_for_reports`."""
    return (
        assignment.removed_at is None
        and assignment.task.plan.status == Plan.Status.ISSUED
        and assignment.task.status != Task.Status.CANCELLED
    )


def periods_may_change(plan: Plan) -> bool:
    """The one rule for "a plan's reporting periods may still be set up or changed": while the plan
    is a draft or issued; a closed or discarded plan's periods are history."""
    return plan.status in (Plan.Status.DRAFT, Plan.Status.ISSUED)


def report_assignments_visible_to(user):
    """Assignments whose reports `user` may read: their own unit's (and its predecessors'), and
    every unit's on the tasks their unit leads. The one rule behind every report page."""
    if user.sees_all_work:
        return Assignment.objects.all()
    return Assignment.objects.filter(Q(unit_id__in=user.unit_lineage_ids) | Q(task_id__in=_led_tasks(user)))


def _led_tasks(user):
    """The tasks the user's unit (or a predecessor) currently leads, as a subquery of task ids."""
    return Assignment.objects.visible_to(user).current().filter(role=Assignment.Role.LEAD).values("task_id")


def expected_reports(assignments, *, without_report: bool = False, **period_lookups):
    """One row per (assignment, period) that owes a report, with the period as `period_id`;
    `period_lookups` narrow the periods (`start__lte=day`), `without_report` keeps the pairs with no
    report at all (not even a draft).

    Owed when the plan is issued (or closed), the task is not cancelled, the task's dates overlap the
    period, and the assignment was not removed before the period began (nor its unit dissolved by
    then). A unit added later owes the earlier periods too: they show as missing until written."""
    conditions = [
        Q(**{f"{PERIOD}__isnull": False}),
        Q(task__start_date__isnull=True) | Q(task__start_date__lte=F(f"{PERIOD}__end")),
        Q(task__deadline__gte=F(f"{PERIOD}__start")),
        Q(removed_at__isnull=True)
        | (
            Q(removed_at__date__gt=F(f"{PERIOD}__start"))
            & (Q(unit__valid_to__isnull=True) | Q(unit__valid_to__gte=F(f"{PERIOD}__start")))
        ),
        Q(**{f"{PERIOD}__{lookup}": value for lookup, value in period_lookups.items()}),
    ]
    if without_report:
        # In the same filter() call as the conditions above, so it refers to the same period row.
        conditions.append(~Exists(
            ProgressReport.objects.filter(assignment=OuterRef("pk"), period=OuterRef(f"{PERIOD}__id"))
        ))
    return (
        assignments.exclude(task__status=Task.Status.CANCELLED)
        .filter(task__plan__status__in=Plan.IN_FORCE)
        .filter(*conditions)
        .annotate(period_id=F(f"{PERIOD}__id"))
        .order_by()
    )


class ReportingPeriodQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(plan__in=Plan.objects.visible_to(user))

    def begun(self, on: datetime.date | None = None):
        return self.filter(start__lte=on or timezone.localdate())

    def of_issued_plans(self):
        """Periods units still report on (reminders, calendars): those of plans being carried out."""
        return self.filter(plan__status=Plan.Status.ISSUED)


class ReportingPeriod(models.Model):
    """A period a plan's units report on, the window its figures cover, and when the report is due.

    Agencies count a report's figures over a data cut-off window that does not match the calendar
    period (Decree 09/2019/NĐ-CP, Art. 12: e.g. a quarter from the 15th of the month before it to the
    14th of its last month); `data_from`/`data_to` keep it, editable per period like the due date."""

    class Kind(models.TextChoices):
        MONTH = "month", _("Month")
        QUARTER = "quarter", _("Quarter")
        HALF_YEAR = "half_year", _("Six months")
        NINE_MONTHS = "nine_months", _("Nine months")
        ANNUAL = "annual", _("Year")
        OTHER = "other", _("Other")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="reporting_periods"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.QUARTER)
    label = models.CharField(_("label"), max_length=100)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    data_from = models.DateField(
        _("data from"), blank=True, help_text=_("First day of the figures the report covers (data cut-off window)."),
    )
    data_to = models.DateField(
        _("data to"), blank=True, help_text=_("Last day of the figures the report covers; empty: the period's own dates."),
    )
    due_date = models.DateField(_("report due"))
    lock_version = models.PositiveIntegerField(default=0, editable=False)

    objects = ReportingPeriodQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["lock_version"])

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["plan", "end", "-start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "label"], name="reporting_period_label_unique_per_plan"),
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="reporting_period_end_after_start"),
            models.CheckConstraint(condition=Q(due_date__gte=F("start")), name="reporting_period_due_after_start"),
            models.CheckConstraint(condition=Q(data_to__gte=F("data_from")), name="reporting_period_window_in_order"),
        ]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        """An empty data window is the period itself."""
        self.data_from = self.data_from or self.start
        self.data_to = self.data_to or self.end
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        self.data_from = self.data_from or self.start
        self.data_to = self.data_to or self.end
        if self.start and self.end and self.end < self.start:
            errors["end"] = [_("The period cannot end before it starts.")]
        elif self.end and self.plan_id and self.end.year < self.plan.year:
            # A task's dates lie in its plan's year or later: nobody would ever report on this period.
            errors["start"] = [_("The period must not end before the plan's year (%(year)s).") % {"year": self.plan.year}]
        if self.start and self.due_date and self.due_date < self.start:
            errors["due_date"] = [_("The report cannot be due before the period starts.")]
        if self.data_from and self.data_to and self.data_to < self.data_from:
            errors["data_to"] = [_("The data window cannot end before it starts.")]
        elif self.data_to and self.due_date and self.due_date < self.data_to:
            errors["due_date"] = [_("The report cannot be due before its data window ends.")]
        if errors:
            raise ValidationError(errors)

    def is_overdue(self, on: datetime.date | None = None) -> bool:
        return (on or timezone.localdate()) > self.due_date


def _report_visibility(user) -> list[Q]:
    """The parts of the rule "which reports may a unit officer read", each on an indexed column: the
    reports on their unit's assignments, the reports their unit wrote, and the non-draft reports on the
    tasks their unit leads (an assignment IN-list of that OR would read every assignment)."""
    lineage = user.unit_lineage_ids
    return [
        Q(assignment__unit_id__in=lineage),
        Q(unit_id__in=lineage),
        Q(assignment__task_id__in=_led_tasks(user)) & ~Q(status=ProgressReport.Status.DRAFT),
    ]


class ProgressReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Central staff and leadership: every report. A unit officer: their unit's reports, and the
        submitted reports of coordinating units on the tasks their unit leads.

        The parts are OR-ed: the shape for a query already narrowed by an indexed filter (one task's
        reports). A list of all the reports a user may read is `listed_for`."""
        if user.sees_all_work:
            return self
        parts = _report_visibility(user)
        return self.filter(functools.reduce(operator.or_, parts))

    def listed_for(self, user):
        """The same reports as `visible_to`, for a list of them all, or of the ids already chosen
        (`filter(pk__in=ids).listed_for(user)`): the ids come from a UNION ALL of one indexed lookup per
        part, each within this queryset's filter, so PostgreSQL reads the user's own slice (or those few
        rows) instead of scanning every report and assignment (an OR across the report and assignment
        tables can use no index)."""
        if user.sees_all_work:
            return self
        own = self.order_by()
        first, *rest = (own.filter(part).values("pk") for part in _report_visibility(user))
        return self.filter(pk__in=first.union(*rest, all=True))

    def of_units_of(self, user):
        """Reports the user's own unit (or a predecessor) is answerable for or wrote: the union of
        two indexed lookups, as an OR across the two tables reads every report. Filter, annotate and
        pick the columns first; a union can still be ordered and sliced."""
        units = user.unit_lineage_ids
        return self.filter(unit_id__in=units).union(self.filter(assignment__unit_id__in=units))

    def awaiting_review(self):
        return self.filter(status=ProgressReport.Status.SUBMITTED)

    def search(self, query: str):
        return search_filter(self, query)

    def last_approved_before(self, *, assignment: Assignment, period: "ReportingPeriod"):
        """The assignment's latest approved report on a period that ended before `period` ends: what a
        new report starts from. One query."""
        return (
            self.filter(assignment=assignment, status=ProgressReport.Status.APPROVED, period__end__lt=period.end)
            .select_related("period", "unit")
            .order_by("-period__end", "-period__start", "-pk")
            .first()
        )


class ProgressReport(models.Model):
    """One unit's report on one task for one period."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("report status", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("report status", "Submitted")
        RETURNED = "returned", pgettext_lazy("report status", "Returned for changes")
        APPROVED = "approved", pgettext_lazy("report status", "Approved")

    EDITABLE = (Status.DRAFT, Status.RETURNED)
    SUBMITTED_LATE = Q(first_submitted_at__date__gt=F("period__due_date"))  # the SQL twin of `is_late`

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.PROTECT, related_name="reports"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="reports"
    )
    # The unit that reported, kept when its assignment later moves to a successor unit.
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="progress_reports")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    work_status = models.CharField(
        _("status of the work"), max_length=16, choices=Task.Status.choices, default=Task.Status.IN_PROGRESS
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    results = models.TextField(_("results achieved"), blank=True)
    difficulties_and_proposals = models.TextField(_("difficulties and proposals"), blank=True)
    amount_spent = models.BigIntegerField(_("amount spent (VND)"), default=0, validators=[MinValueValidator(0)])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True,
    )
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True,
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True,
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    search_text = models.TextField(editable=False, default="")

    objects = ProgressReportQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text", "lock_version"])

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["period__end", "assignment__task__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "period"], name="progress_report_once_per_period"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="progress_report_progress_at_most_100"),
            models.CheckConstraint(condition=Q(amount_spent__gte=0), name="progress_report_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(first_submitted_at__isnull=False, submitted_at__isnull=False),
                name="progress_report_submitted_has_dates",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["returned", "approved"]) | Q(reviewed_at__isnull=False),
                name="progress_report_reviewed_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(review_comment=""),
                name="progress_report_returned_has_comment",
            ),
        ]
        indexes = [
            models.Index(fields=["period", "status"]),
            models.Index(fields=["unit", "period"]),
            models.Index(fields=["status", "submitted_at", "id"], name="report_review_queue"),
            # An officer's news: their unit's returned and lately approved reports (`recently_reviewed`).
            models.Index(fields=["unit", "status", "reviewed_at"], name="report_unit_news"),
        ]

    def __str__(self):
        return f"{self.assignment.task} — {self.unit} — {self.period}"

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.assignment.task.title} {self.unit.code} {self.unit.name_vi} {self.results}")
        super().save(*args, **kwargs)
        self._counted_as = self._counted()  # after the post_save signals, which compare with what was read

    def get_absolute_url(self):
        return reverse("reports:report_detail", args=[self.pk])

    # What the completeness table counts of a report (completeness.py): a save that changes none of it (a
    # draft's text, its progress) leaves its period's completeness figures as they are (dashboard.figure_cache).
    COUNTED_FIELDS = ("assignment_id", "period_id", "unit_id", "status", "first_submitted_at")

    @classmethod
    def from_db(cls, db, field_names, values):
        report = super().from_db(db, field_names, values)
        report._counted_as = report._counted()
        return report

    def _counted(self) -> tuple:
        return tuple(self.__dict__.get(name) for name in self.COUNTED_FIELDS)  # a deferred field stays unread

    def counted_changed(self) -> bool:
        """Whether saving now changes what the completeness table counts of this report (always for a
        report not read from the database)."""
        return getattr(self, "_counted_as", None) != self._counted()

    def clean(self):
        errors = {}
        if self.period_id and self.assignment_id and self.period.plan_id != self.assignment.task.plan_id:
            errors["period"] = [_("Choose a period of the task's plan.")]
        if self.work_status == Task.Status.CANCELLED:
            errors["work_status"] = [_("A report cannot cancel a task; ask central staff.")]
        if self.work_status == Task.Status.DONE and self.progress != 100:
            errors["progress"] = [_("Work that is done is at 100 %.")]
        if errors:
            raise ValidationError(errors)

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def is_late(self) -> bool:
        """First submitted after the due date (a late report is accepted and stays marked late)."""
        if self.first_submitted_at is None:
            return False
        return timezone.localdate(self.first_submitted_at) > self.period.due_date

    def is_writable_by(self, user) -> bool:
        """The user writes this report's assignment (`may_report_on`), whatever its state."""
        return may_report_on(user, self.assignment)

    def is_editable_by(self, user) -> bool:
        """Writable by the user, and still a draft or returned."""
        return self.is_editable and self.is_writable_by(user)

    def is_submittable_by(self, user) -> bool:
        """Editable by the user, who may also send it for review (`may_submit_report_on`)."""
        return self.is_editable and may_submit_report_on(user, self.assignment)

    def is_reviewable_by(self, user) -> bool:
        return self.status == self.Status.SUBMITTED and may_review_reports(user)


class ReportEvent(models.Model):
    """One transition of a report: who did what, when, and what they said."""

    class Action(models.TextChoices):
        SAVED = "saved", _("Draft saved")
        SUBMITTED = "submitted", _("Submitted")
        RESUBMITTED = "resubmitted", _("Resubmitted")
        RETURNED = "returned", _("Returned for changes")
        APPROVED = "approved", _("Approved")
        ATTACHED = "attached", _("File attached")
        DETACHED = "detached", _("File removed")

    NOTIFY_REPORTER = (Action.RETURNED, Action.APPROVED)

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+",
        null=True, blank=True,
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)
    # Set when the reporter's e-mail went out, so a retried task never mails twice.
    notified_at = models.DateTimeField(_("reporter notified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["report", "at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} — {self.report_id}"


class ReportAttachmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(report__in=ProgressReport.objects.visible_to(user), removed_at__isnull=True)


class ReportAttachment(PrivateDocument):
    """An evidence file of a report, in the private-document store (checked by its content)."""

    UPLOAD_PREFIX = "reports"
    ACCEPTED = EVIDENCE

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.PROTECT, related_name="attachments"
    )

    objects = ReportAttachmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report attachment")
        verbose_name_plural = _("report attachments")
        ordering = ["report", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("reports:attachment_download", args=[self.pk])
