"""A conference's agenda: its sessions and the materials handed out at them (private documents)."""


from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Avg, Count, F, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.documents import PrivateDocument
from core.uploads import MATERIALS

from .conferences import Conference, Speaker


class AgendaSessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(conference__in=Conference.objects.visible_to(user))

    def with_feedback(self):
        return self.annotate(
            rating_average=Avg("feedback__rating"), rating_count=Count("feedback", distinct=True),
        )

    def for_agenda(self):
        """With their ratings, speakers and current materials, as the agenda shows them."""
        materials = Prefetch("materials", queryset=SessionMaterial.objects.current())
        return self.with_feedback().prefetch_related("speakers", materials)


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

    def is_editable_by(self, user) -> bool:
        return self.conference.is_editable_by(user)

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


class SessionMaterialQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(session__conference__in=Conference.objects.visible_to(user), removed_at__isnull=True)

    def current(self):
        return self.filter(removed_at__isnull=True)


class SessionMaterial(PrivateDocument):
    """A file handed out at a session (slides, papers), in the private-document store (checked by its content)."""

    UPLOAD_PREFIX = "conferences/materials"
    ACCEPTED = MATERIALS

    session = models.ForeignKey(AgendaSession, verbose_name=_("session"), on_delete=models.PROTECT, related_name="materials")
    title = models.CharField(_("title"), max_length=255)

    objects = SessionMaterialQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("session material")
        verbose_name_plural = _("session materials")
        ordering = ["session", "title", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("conferences:material_download", args=[self.pk])

    def is_editable_by(self, user) -> bool:
        return self.session.is_editable_by(user)

