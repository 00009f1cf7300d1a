"""A conference, training or delegation visit, and the speakers who appear on agendas.

A conference may carry out a plan task (plans.Task): filing its outcome report files the lead unit's
progress report on the task for review (conferences.services), so completion and spending reach plans
and dashboards through the engine like every other task.
"""

import datetime
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts.models import Unit
from core.storage import PrivateUploadTo
from core.text import fold, search_filter
from core.uploads import TEXTS, UploadValidator

MANAGE = "conferences.manage_conferences"
REGISTER = "conferences.register_participants"


@deconstructible
class OutcomeFileValidator(UploadValidator):
    """The outcome report file: a PDF or Word text, by its content. A subclass without arguments, because
    migrations cannot write the kinds (core.uploads.FileType) that UploadValidator takes."""

    def __init__(self):
        super().__init__(TEXTS)


def today() -> datetime.date:
    return timezone.localdate()


def days_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    return [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]


class SpeakerQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Speakers are public figures of the agenda: every signed-in user reads them."""
        return self.all() if user.is_authenticated else self.none()

    def search(self, query: str):
        return search_filter(self, query)

    def with_session_count(self):
        return self.annotate(session_count=Count("sessions"))


class Speaker(models.Model):
    """A person who speaks at conferences; kept once and reused across conferences."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Internal (VSS)")
        EXTERNAL = "external", _("External")

    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("academic title"), max_length=32, blank=True, help_text=_("e.g. Dr, MSc"))
    position = models.CharField(_("position"), max_length=255, blank=True)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    kind = models.CharField(_("internal or external"), max_length=16, choices=Kind.choices, default=Kind.EXTERNAL)
    search_text = models.TextField(editable=False, default="")

    objects = SpeakerQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["name", "organisation"], name="speaker_unique_name_per_organisation"),
        ]

    def __str__(self):
        name = f"{self.title} {self.name}" if self.title else self.name
        return f"{name} ({self.organisation})" if self.organisation else name

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.name} {self.title} {self.position} {self.organisation}")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("conferences:speaker_update", args=[self.pk])

    @property
    def display_name(self) -> str:
        return f"{self.title} {self.name}" if self.title else self.name

    def is_editable_by(self, user) -> bool:
        return user.has_perm(MANAGE)


class ConferenceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """All for central staff and leadership; for a unit officer, the conferences their unit (or a
        unit it succeeded) organises or is invited to, once the invitations are out."""
        if user.sees_all_work:
            return self
        lineage = user.unit_lineage_ids
        invited = self._related("invitations").objects.filter(unit_id__in=lineage).values("conference_id")
        return self.exclude(status=Conference.Status.PLANNED).filter(
            Q(organiser_id__in=lineage) | Q(pk__in=invited)
        )

    def in_year(self, year: int):
        return self.filter(start_date__lte=datetime.date(year, 12, 31), end_date__gte=datetime.date(year, 1, 1))

    def overlapping(self, first: datetime.date, last: datetime.date):
        return self.filter(start_date__lte=last, end_date__gte=first)

    def held(self):
        """Conferences that have taken place (Conference.TOOK_PLACE)."""
        return self.filter(status__in=Conference.TOOK_PLACE)

    def upcoming(self):
        """Conferences not held yet, and not cancelled (Conference.UPCOMING)."""
        return self.filter(status__in=Conference.UPCOMING)

    def with_counts(self):
        """Annotate invited units and registered participants (in SQL, one query). Each is its own
        subquery: joining invitations and participants together multiplies rows."""
        Invitation, Participant = self._related("invitations"), self._related("participants")
        invited = Invitation.objects.filter(conference=OuterRef("pk")).order_by().values("conference")
        registered = (
            Participant.objects.filter(conference=OuterRef("pk"), status=Participant.Status.REGISTERED)
            .order_by().values("conference")
        )
        return self.annotate(
            invited_count=Coalesce(Subquery(invited.annotate(n=Count("pk")).values("n")), 0),
            registered_count=Coalesce(Subquery(registered.annotate(n=Count("pk")).values("n")), 0),
        )

    def search(self, query: str):
        """Every word (diacritics ignored) in the conference's own text, a speaker of its agenda or an award
        recipient: "palacios" finds the conference Palacios spoke at."""
        AgendaSession, Award = self._related("sessions"), self._related("awards")
        conferences = self
        for word in fold(query).split():
            conferences = conferences.filter(
                Q(search_text__contains=word)
                | Q(pk__in=AgendaSession.objects.filter(speakers__search_text__contains=word).values("conference"))
                | Q(pk__in=Award.objects.filter(search_text__contains=word).values("conference"))
            )
        return conferences

    def _related(self, name: str):
        """Invitation or Participant, reached through the relation: attendees.py builds on this module."""
        return self.model._meta.get_field(name).related_model


class Conference(models.Model):
    """A conference, training, workshop, seminar or inbound delegation visit."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        WORKSHOP = "workshop", _("Workshop")
        INTERNATIONAL = "international", _("International conference or forum")
        SEMINAR = "seminar", _("Seminar")
        DELEGATION = "delegation", _("Inbound delegation visit")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        INVITATIONS_SENT = "invitations_sent", _("Invitations sent")
        HELD = "held", _("Held")
        REPORT_FILED = "report_filed", _("Report filed")
        CANCELLED = "cancelled", _("Cancelled")

    UPCOMING = (Status.PLANNED, Status.INVITATIONS_SENT)  # not held yet
    TOOK_PLACE = (Status.HELD, Status.REPORT_FILED)  # a held conference
    CLOSED = (Status.REPORT_FILED, Status.CANCELLED)  # nothing about it changes any more

    title = models.CharField(pgettext_lazy("conference", "title"), max_length=500)
    kind = models.CharField(pgettext_lazy("conference", "type"), max_length=16, choices=Kind.choices, default=Kind.TRAINING)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    venue = models.CharField(_("venue"), max_length=255)
    province = models.ForeignKey(
        Unit, verbose_name=_("province"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="hosted_conferences", limit_choices_to={"kind": Unit.Kind.PROVINCIAL},
        help_text=_("The provincial office whose province the venue is in."),
    )
    organiser = models.ForeignKey(
        Unit, verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="organised_conferences",
    )
    chair = models.CharField(_("chair"), max_length=255, blank=True)
    registration_deadline = models.DateField(
        _("registration deadline"), null=True, blank=True,
        help_text=_("Units register participants until the end of this day."),
    )
    task = models.ForeignKey(
        "plans.Task", verbose_name=_("plan task"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="conferences",
    )
    planned_budget = models.BigIntegerField(_("planned budget (VND)"), null=True, blank=True, validators=[MinValueValidator(0)])
    actual_budget = models.BigIntegerField(_("actual budget (VND)"), null=True, blank=True, validators=[MinValueValidator(0)])
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED, db_index=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    report_text = models.TextField(_("outcome report"), blank=True)
    report_file = models.FileField(
        _("report file"), upload_to=PrivateUploadTo("conferences/reports"), blank=True,
        validators=[OutcomeFileValidator()],
    )
    report_filed_at = models.DateTimeField(_("report filed at"), null=True, blank=True)
    report_filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("report filed by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="created_conferences",
    )
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    search_text = models.TextField(editable=False, default="")

    objects = ConferenceQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text", "lock_version"])

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["-start_date", "-pk"]
        permissions = [
            ("manage_conferences", _("Can plan conferences, invite units, record attendance and file reports")),
            ("register_participants", _("Can register their own unit's participants and their feedback")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="conference_end_after_start"),
            models.CheckConstraint(
                condition=Q(registration_deadline__isnull=True) | Q(registration_deadline__lte=F("start_date")),
                name="conference_registration_closes_by_start",
            ),
            models.CheckConstraint(
                condition=Q(planned_budget__isnull=True) | Q(planned_budget__gte=0),
                name="conference_planned_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(actual_budget__isnull=True) | Q(actual_budget__gte=0), name="conference_actual_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status="report_filed") | Q(report_filed_at__isnull=False), name="conference_filed_report_has_date",
            ),
        ]
        indexes = [models.Index(fields=["start_date", "end_date"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.title} {self.venue} {self.chair} {self.description}")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("conferences:conference_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = [_("The end date cannot be before the start date.")]
        if self.registration_deadline and self.start_date and self.registration_deadline > self.start_date:
            errors["registration_deadline"] = [_("Registration must close on or before the first day of the conference.")]
        if self.province_id and self.province.kind != Unit.Kind.PROVINCIAL:
            errors["province"] = [_("Choose a provincial office.")]
        if self.organiser_id and not self.organiser.is_internal:
            errors["organiser"] = [_("The organiser must be a VSS unit.")]
        if errors:
            raise ValidationError(errors)

    @property
    def days(self) -> list[datetime.date]:
        return days_between(self.start_date, self.end_date)

    @property
    def held_days(self) -> list[datetime.date]:
        """Days of the conference that have come: attendance can be recorded for these only."""
        if self.status in (self.Status.PLANNED, self.Status.CANCELLED):
            return []
        return [day for day in self.days if day <= today()]

    @property
    def is_editable(self) -> bool:
        """Agenda, invitations, guests and details can still change (not closed)."""
        return self.status not in self.CLOSED

    @property
    def is_upcoming(self) -> bool:
        return self.status in self.UPCOMING

    @property
    def has_taken_place(self) -> bool:
        return self.status in self.TOOK_PLACE

    @property
    def awaits_outcome(self) -> bool:
        """Held, its outcome report not filed yet."""
        return self.status == self.Status.HELD

    @property
    def takes_awards(self) -> bool:
        return self.status != self.Status.CANCELLED

    @property
    def reports_on_task(self) -> bool:
        """Its outcome becomes the lead unit's progress report on its plan task: a task that is not
        cancelled, of a plan still issued."""
        task = self.task
        return task is not None and task.status != task.Status.CANCELLED and task.plan.status == task.plan.Status.ISSUED

    @property
    def registration_is_open(self) -> bool:
        return (
            self.status == self.Status.INVITATIONS_SENT
            and self.registration_deadline is not None
            and today() <= self.registration_deadline
        )

    @property
    def takes_feedback(self) -> bool:
        return bool(self.held_days)

    def withdrawals_open_to(self, user) -> bool:
        """Organisers withdraw participants until the conference is held; a unit, while registration is open."""
        if self.is_editable_by(user):
            return self.is_upcoming
        return user.has_perm(REGISTER) and self.registration_is_open

    def is_editable_by(self, user) -> bool:
        """Central planners (and administrators) plan conferences, invite, record attendance and file reports
        (the conference's state is checked by the services)."""
        return user.has_perm(MANAGE)

    def outcome_file_name(self) -> str:
        return f"outcome-report-{self.pk}{PurePath(self.report_file.name).suffix.lower()}"

