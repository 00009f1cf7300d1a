"""Who comes: invited units and their quotas, participants (and guests), attendance per day, feedback
on the sessions, and the awards handed out."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts.models import Unit
from core.text import fold, search_filter

from .agenda import AgendaSession
from .conferences import MANAGE, REGISTER, Conference


class InvitationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Central staff and leadership: every invitation. A unit officer: their unit's (and its
        predecessors') invitations to conferences they see."""
        if user.sees_all_work:
            return self
        return self.filter(unit_id__in=user.unit_lineage_ids, conference__in=Conference.objects.visible_to(user))

    def registrable_by(self, user):
        """Invitations `user` may register participants for (Invitation.is_registrable_by, in SQL)."""
        if user.has_perm(MANAGE):
            return self
        if not user.has_perm(REGISTER):
            return self.none()
        return self.filter(unit_id__in=user.unit_lineage_ids)

    def with_registered(self):
        """Annotate `registered`: how many registered participants each invitation has."""
        return self.annotate(
            registered=Count("participants", filter=Q(participants__status=Participant.Status.REGISTERED)),
        )

    def unit_totals(self, days: list[datetime.date]) -> list[dict]:
        """One row per invitation: unit, quota, registered and present per day of `days` (two queries)."""
        invitations = list(self.with_registered().select_related("unit"))
        present = (
            Attendance.objects.filter(
                participant__invitation__in=[invitation.pk for invitation in invitations],
                participant__status=Participant.Status.REGISTERED, present=True,
            ).order_by().values_list("participant__invitation_id", "day").annotate(n=Count("pk"))
        ) if invitations else []
        counts = {(invitation_id, day): n for invitation_id, day, n in present}
        return [
            {"invitation": invitation, "unit": invitation.unit, "quota": invitation.quota,
             "registered": invitation.registered, "present": [counts.get((invitation.pk, day), 0) for day in days]}
            for invitation in invitations
        ]


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

    objects = InvitationQuerySet.as_manager()
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

    def is_editable_by(self, user) -> bool:
        return self.conference.is_editable_by(user)

    def is_registrable_by(self, user) -> bool:
        """Central planners register for any unit; a focal officer only for their own unit (or its predecessors)."""
        if user.has_perm(MANAGE):
            return True
        return user.has_perm(REGISTER) and self.unit_id in user.unit_lineage_ids


class ParticipantQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Central staff and leadership see everyone, guests included; a unit officer sees the participants
        of their own unit's invitations (Invitation.visible_to)."""
        if user.sees_all_work:
            return self
        return self.filter(invitation__in=Invitation.objects.visible_to(user))

    def registered(self):
        return self.filter(status=Participant.Status.REGISTERED)

    def search(self, query: str):
        return search_filter(self, query)

    def by_unit(self):
        """Grouped by unit name, guests last, then by name."""
        return self.order_by(F("invitation__unit__name_vi").asc(nulls_last=True), "name", "pk")

    def attendance_rows(self, days: list[datetime.date]) -> list[dict]:
        """Each participant with a present/absent/None mark per day of `days` (two queries)."""
        participants = self.select_related("invitation__unit").prefetch_related("attendances")
        rows = []
        for participant in participants:
            marks = {attendance.day: attendance.present for attendance in participant.attendances.all()}
            rows.append({"participant": participant, "marks": [marks.get(day) for day in days]})
        return rows


def present_per_day(rows: list[dict], days: list[datetime.date]) -> list[int]:
    """How many of the `rows` (ParticipantQuerySet.attendance_rows) were present on each of `days`."""
    return [sum(1 for row in rows if row["marks"][index]) for index in range(len(days))]


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
    search_text = models.TextField(editable=False, default="")

    objects = ParticipantQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

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

    def save(self, *args, **kwargs):
        self.search_text = participant_search_text(self.name, self.position, self.organisation)
        super().save(*args, **kwargs)

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

    def is_editable_by(self, user) -> bool:
        """Withdraw or rate: central planners, or an officer of the inviting unit (never a guest)."""
        if user.has_perm(MANAGE):
            return True
        return not self.is_guest and self.invitation.is_registrable_by(user)


def participant_search_text(name: str, position: str = "", organisation: str = "") -> str:
    return fold(f"{name} {position} {organisation}")


class AttendanceQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(participant__in=Participant.objects.visible_to(user))


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

    objects = AttendanceQuerySet.as_manager()
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


class FeedbackQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Each rating as its participant (Participant.visible_to); averages may count every rating."""
        if user.sees_all_work:
            return self
        return self.filter(participant__in=Participant.objects.visible_to(user))

    def mean_rating(self) -> float | None:
        return self.aggregate(mean=Avg("rating"))["mean"]


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

    objects = FeedbackQuerySet.as_manager()
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

    def is_editable_by(self, user) -> bool:
        return self.participant.is_editable_by(user)


class AwardQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(conference__in=Conference.objects.visible_to(user))


class Award(models.Model):
    """An honour handed out at the conference."""

    conference = models.ForeignKey(Conference, verbose_name=_("conference"), on_delete=models.PROTECT, related_name="awards")
    honour = models.CharField(_("honour"), max_length=255)
    recipient = models.CharField(pgettext_lazy("award", "recipient"), max_length=200)
    recipient_position = models.CharField(_("recipient's position"), max_length=255, blank=True)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    decision = models.CharField(
        _("granting decision"), max_length=255, blank=True, help_text=_("Number and date of the decision."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    search_text = models.TextField(editable=False, default="")

    objects = AwardQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["conference", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "honour", "recipient"], name="award_once_per_recipient"),
        ]

    def __str__(self):
        return f"{self.honour} — {self.recipient}"

    def save(self, *args, **kwargs):
        self.search_text = award_search_text(self.recipient, self.organisation)
        super().save(*args, **kwargs)

    def is_editable_by(self, user) -> bool:
        return self.conference.is_editable_by(user)


def award_search_text(recipient: str, organisation: str = "") -> str:
    """What finds a conference by its award recipients (diacritics ignored)."""
    return fold(f"{recipient} {organisation}")
