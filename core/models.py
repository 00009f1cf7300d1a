from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .documents import PrivateDocument


class JobRun(models.Model):
    """When a periodic job last finished successfully (read by /healthz)."""

    name = models.CharField(_("job"), max_length=64, unique=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")

    def __str__(self):
        return self.name


class WorkingDayException(models.Model):
    """A day an administrator declares off (holiday) or worked (a Saturday swapped for a day off),
    on top of the public holidays of the `holidays` package. Kept in the tables it had when it
    belonged to the reminders (notifications): it is the ground of every date rule now."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Day off")
        WORKED_DAY = "worked_day", _("Working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)

    history = HistoricalRecords(table_name="notifications_historicalworkingdayexception")

    class Meta:
        db_table = "notifications_workingdayexception"
        verbose_name = _("holiday or swapped working day")
        verbose_name_plural = _("holidays and swapped working days")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.name}"


class PortalSettings(models.Model):
    """Choices an administrator makes for the whole portal: one row (pk 1)."""

    shift_deadlines = models.BooleanField(
        _("deadlines on a day off move to the next working day"), default=True,
        help_text=_("Civil Code 2015, Art. 148(5): when a deadline falls on a weekend, a public holiday or a day off "
                    "recorded here, the task is due at the end of the next working day. Switch off to keep every "
                    "deadline on the day written."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("portal settings")
        verbose_name_plural = _("portal settings")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="portal_settings_single_row")]

    def __str__(self):
        return str(_("Portal settings"))

    @classmethod
    def current(cls) -> "PortalSettings":
        """The saved row, or the defaults when an administrator never saved one."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class ExportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A user's own exports, nobody else's (administrators included)."""
        return self.filter(owner_id=user.pk)


class ExportJob(PrivateDocument):
    """A large Excel export built by a worker (core/exports.py): who asked, for what, how far it is, its file.

    The file is dropped after EXPORT_KEEP_DAYS; the row stays, marked expired."""

    UPLOAD_PREFIX = "exports"

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="export_jobs"
    )
    kind = models.CharField(_("export"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    query = models.CharField(_("filter"), max_length=2000, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=16, default="vi")  # the workbook's headers and labels

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at", "-id"], name="export_job_list")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("export_detail", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.state in (self.State.DONE, self.State.EXPIRED):
            return 100
        return min(100, self.rows_done * 100 // self.rows_total) if self.rows_total else 0

    @property
    def is_pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def is_downloadable(self) -> bool:
        return self.state == self.State.DONE and not self.is_removed
