import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Indicator(models.Model):
    """A key figure leadership follows (e.g. social insurance participants), entered by staff."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255)
    unit_vi = models.CharField(_("unit of measure (Vietnamese)"), max_length=64, blank=True)
    unit_en = models.CharField(_("unit of measure (English)"), max_length=64, blank=True)
    position = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("key indicator")
        verbose_name_plural = _("key indicators")
        ordering = ["position", "code"]

    def __str__(self):
        return self.name_vi

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "vi").startswith("en") else self.name_vi

    @property
    def unit(self) -> str:
        return self.unit_en if (get_language() or "vi").startswith("en") else self.unit_vi


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="values"
    )
    period_end = models.DateField(_("end of period"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=3)
    source = models.CharField(_("source"), max_length=500)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "period_end"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period_end"], name="indicator_value_once_per_period")
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.period_end:%d/%m/%Y})"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A user's secret iCalendar address; resetting the token revokes the old address."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return f"{self.user}"
