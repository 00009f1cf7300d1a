from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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
