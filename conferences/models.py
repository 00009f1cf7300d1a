"""Conferences, trainings and international events: agenda, speakers, invited units and their
participants, attendance, feedback, awards and the outcome report.

A conference may carry out a plan task (plans.Task): filing its outcome report completes the task,
so plans and dashboards count it. Writes with side effects live in conferences/services.py.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts.models import Unit
from core.storage import PrivateUploadTo
from core.text import fold, search_filter

MATERIAL_EXTENSIONS = ["pdf", "doc", "docx", "ppt", "pptx", "xls", "xlsx", "jpg", "jpeg", "png", "zip"]
REPORT_EXTENSIONS = ["pdf", "doc", "docx"]


def validate_file_size(upload) -> None:
    if upload and upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is too large (at most %(size)s MB).") % {"size": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)}
        )


def today() -> datetime.date:
    return timezone.localdate()


def days_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    return [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]


class SpeakerQuerySet(models.QuerySet):
    def search(self, query: str):
        return search_filter(self, query)


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


class ConferenceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """All for central staff and leadership; for a unit officer, the conferences their unit (or a
        unit it succeeded) organises or is invited to, once the invitations are out."""
        if user.has_perm("plans.view_all_work"):
            return self
        lineage = user.unit_lineage_ids
        return self.exclude(status=Conference.Status.PLANNED).filter(
            Q(organiser_id__in=lineage) | Q(pk__in=Invitation.objects.filter(unit_id__in=lineage).values("conference_id"))
        )

    def in_year(self, year: int):
        return self.filter(start_date__lte=datetime.date(year, 12, 31), end_date__gte=datetime.date(year, 1, 1))

    def overlapping(self, first: datetime.date, last: datetime.date):
        return self.filter(start_date__lte=last, end_date__gte=first)

    def with_counts(self):
        """Annotate invited units and registered participants (in SQL, one query). Each is its own
        subquery: joining invitations and participants together multiplies rows."""
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
        return search_filter(self, query)


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
        validators=[FileExtensionValidator(REPORT_EXTENSIONS), validate_file_size],
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
        return self.status not in (self.Status.REPORT_FILED, self.Status.CANCELLED)

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


class Invitation(models.Model):
    """One unit invited to a conference, with how many participants it may register."""

    conference = models.ForeignKey(Conference, verbose_name=_("conference"), on_delete=models.PROTECT, related_name="invitations")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="conference_invitations")
    quota = models.PositiveSmallIntegerField(_("participant quota"), default=2, validators=[MinValueValidator(1)])
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["conference", "unit__name_vi"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "unit"], name="invitation_unit_once_per_conference"),
            models.CheckConstraint(condition=Q(quota__gte=1), name="invitation_quota_at_least_one"),
        ]

    def __str__(self):
        return f"{self.conference} — {self.unit}"


class AgendaSessionQuerySet(models.QuerySet):
    def with_feedback(self):
        return self.annotate(
            rating_average=Avg("feedback__rating"), rating_count=Count("feedback", distinct=True),
        )


class AgendaSession(models.Model):
    """One item of a conference's agenda."""

    conference = models.ForeignKey(Conference, verbose_name=_("conference"), on_delete=models.PROTECT, related_name="sessions")
    day = models.DateField(_("day"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    topic = models.CharField(_("topic"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    speakers = models.ManyToManyField(Speaker, verbose_name=_("speakers"), blank=True, related_name="sessions")

    objects = AgendaSessionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[speakers])

    class Meta:
        verbose_name = _("agenda session")
        verbose_name_plural = _("agenda sessions")
        ordering = ["day", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=F("start_time")), name="session_ends_after_it_starts"),
        ]

    def __str__(self):
        return self.topic

    def clean(self):
        errors = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = [_("The session must end after it starts.")]
        if self.conference_id and self.day:
            conference = self.conference
            if not conference.start_date <= self.day <= conference.end_date:
                errors["day"] = [_("The session must take place between %(start)s and %(end)s.") % {
                    "start": conference.start_date.strftime("%d/%m/%Y"), "end": conference.end_date.strftime("%d/%m/%Y")}]
        if errors:
            raise ValidationError(errors)

    def overlaps_for(self, speaker_ids):
        """Other sessions, of any conference, where one of `speaker_ids` speaks at the same time."""
        return (
            AgendaSession.objects.filter(
                speakers__in=speaker_ids, day=self.day, start_time__lt=self.end_time, end_time__gt=self.start_time,
            )
            .exclude(pk=self.pk)
            .exclude(conference__status=Conference.Status.CANCELLED)
            .distinct()
        )


class SessionMaterial(models.Model):
    """A file handed out at a session (slides, papers); served only through a permission-checked view."""

    session = models.ForeignKey(AgendaSession, verbose_name=_("session"), on_delete=models.PROTECT, related_name="materials")
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(
        _("file"), upload_to=PrivateUploadTo("conferences/materials"),
        validators=[FileExtensionValidator(MATERIAL_EXTENSIONS), validate_file_size],
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("session material")
        verbose_name_plural = _("session materials")
        ordering = ["session", "title", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("conferences:material_download", args=[self.pk])


class ParticipantQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Central staff see everyone; a unit officer sees their own unit's participants only."""
        if user.has_perm("plans.view_all_work"):
            return self
        return self.filter(invitation__unit_id__in=user.unit_lineage_ids)

    def registered(self):
        return self.filter(status=Participant.Status.REGISTERED)


class Participant(models.Model):
    """A person registered for a conference by an invited unit, or a guest added by central staff."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.PROTECT, related_name="participants",
    )
    invitation = models.ForeignKey(
        Invitation, verbose_name=_("invited unit"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="participants", help_text=_("Empty for a guest."),
    )
    name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position"), max_length=255, blank=True)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True, help_text=_("For guests."))
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.REGISTERED)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["conference", "invitation__unit__name_vi", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "name"], condition=Q(status="registered"),
                name="participant_registered_once_per_unit",
                violation_error_message=_("This person is already registered for this unit."),
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(withdrawn_at__isnull=False), name="participant_withdrawn_has_date",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.invitation_id and self.conference_id and self.invitation.conference_id != self.conference_id:
            raise ValidationError({"invitation": _("This unit is not invited to this conference.")})
        if not self.invitation_id and not self.organisation:
            raise ValidationError({"organisation": _("Give the organisation of a guest.")})

    @property
    def is_guest(self) -> bool:
        return self.invitation_id is None

    @property
    def affiliation(self) -> str:
        return self.organisation if self.is_guest else str(self.invitation.unit)


class Attendance(models.Model):
    """Whether a participant was present on one day of the conference."""

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.PROTECT, related_name="attendances",
    )
    day = models.DateField(_("day"))
    present = models.BooleanField(_("present"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["participant", "day"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "day"], name="attendance_once_per_participant_and_day"),
        ]

    def __str__(self):
        return f"{self.participant} — {self.day:%d/%m/%Y}"


class Feedback(models.Model):
    """A participant's rating (1–5) of one session, entered by them or for them."""

    session = models.ForeignKey(AgendaSession, verbose_name=_("session"), on_delete=models.PROTECT, related_name="feedback")
    participant = models.ForeignKey(Participant, verbose_name=_("participant"), on_delete=models.PROTECT, related_name="feedback")
    rating = models.PositiveSmallIntegerField(_("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(pgettext_lazy("feedback", "comment"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["session", "participant"]
        constraints = [
            models.UniqueConstraint(fields=["session", "participant"], name="feedback_once_per_participant_and_session"),
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"),
        ]

    def __str__(self):
        return f"{self.participant} — {self.session}: {self.rating}"


class Award(models.Model):
    """An honour handed out at the conference."""

    conference = models.ForeignKey(Conference, verbose_name=_("conference"), on_delete=models.PROTECT, related_name="awards")
    honour = models.CharField(_("honour"), max_length=255)
    recipient = models.CharField(_("recipient"), max_length=200)
    recipient_position = models.CharField(_("recipient's position"), max_length=255, blank=True)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    decision = models.CharField(
        _("granting decision"), max_length=255, blank=True, help_text=_("Number and date of the decision."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["conference", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "honour", "recipient"], name="award_once_per_recipient"),
        ]

    def __str__(self):
        return f"{self.honour} — {self.recipient}"
