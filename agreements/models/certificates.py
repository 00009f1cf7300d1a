"""Certificates of coverage issued (or received) under a social insurance agreement, their PDFs and
the log of who saw them.

A certificate carries personal data: only central staff and the responsible office see it, and
every view is logged (CoverageAccessLog).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, F, Q, Value, When
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts.models import Unit
from core.text import fold, search_filter

from ..periods import counted_from, last_day_of_period
from .documents import DocumentQuerySet, TitledPdf
from .instruments import OFFICE_KINDS, Agreement

VIEW_ALL = "agreements.view_all_certificates"
RECORD = "agreements.record_certificates"


class CoverageCertificateQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Personal data: central staff see every certificate, an office only its own (and its predecessors')."""
        if sees_every_certificate(user):
            return self.all()
        return self.filter(office_id__in=user.unit_lineage_ids)

    def search(self, query: str):
        return search_filter(self, query)

    def live(self):
        """Certificates that cover (or may cover) a worker: not refused or withdrawn."""
        return self.exclude(status__in=CoverageCertificate.NOT_COVERING)

    def by_urgency(self):
        """Covering certificates first, the soonest to end on top; then applications; then the rest."""
        status = CoverageCertificate.Status
        return self.annotate(
            urgency=Case(
                When(status__in=(status.ISSUED, status.EXTENDED), then=Value(0)),
                When(status=status.APPLIED, then=Value(1)),
                default=Value(2),
            )
        ).order_by("urgency", "covered_until", "pk")

    def counts_per_office(self) -> dict:
        """Certificates per office and direction, counted in SQL: rows sorted by office name, and totals."""
        rows = self.order_by().values_list("office_id", "direction").annotate(n=Count("pk"))
        per_office: dict[int, dict] = {}
        for office_id, direction, n in rows:
            counts = per_office.setdefault(office_id, {})
            counts[direction] = counts.get(direction, 0) + n
        offices = Unit.objects.in_bulk(per_office) if per_office else {}
        directions = CoverageCertificate.Direction
        table = sorted(
            (
                {
                    "office": offices[office_id],
                    "outbound": counts.get(directions.OUTBOUND, 0),
                    "inbound": counts.get(directions.INBOUND, 0),
                    "total": sum(counts.values()),
                }
                for office_id, counts in per_office.items()
            ),
            key=lambda row: row["office"].name_vi,
        )
        return {
            "office_counts": table,
            "office_totals": {key: sum(row[key] for row in table) for key in ("outbound", "inbound", "total")},
        }

    def counts_by_direction_and_status(self) -> dict:
        """A table of certificates by direction (rows) and status (columns), counted in SQL (no personal data)."""
        rows = self.order_by().values_list("direction", "status").annotate(n=Count("pk"))
        table = {(direction, status): n for direction, status, n in rows}
        return {
            "certificate_table": [
                {
                    "label": label,
                    "value": direction,
                    "cells": [table.get((direction, status), 0) for status, _label in CoverageCertificate.Status.choices],
                    "total": sum(n for (d, _s), n in table.items() if d == direction),
                }
                for direction, label in CoverageCertificate.Direction.choices
            ],
            "certificate_statuses": CoverageCertificate.Status.labels,
            "certificate_total": sum(table.values()),
        }

    def ending_within(self, days: int, *, on=None):
        """Issued or extended certificates whose coverage ends in the next `days` days."""
        day = on or timezone.localdate()
        return self.filter(
            status__in=(CoverageCertificate.Status.ISSUED, CoverageCertificate.Status.EXTENDED),
            covered_until__gte=day, covered_until__lte=day + datetime.timedelta(days=days),
        )


class CoverageCertificate(models.Model):
    """A certificate of coverage: a detached worker stays under the social insurance law of home."""

    class Direction(models.TextChoices):
        OUTBOUND = "outbound", _("Vietnam → abroad")  # issued by a VSS office
        INBOUND = "inbound", _("Abroad → Vietnam")  # issued by the partner, received by a VSS office

    class Status(models.TextChoices):
        APPLIED = "applied", pgettext_lazy("certificate status", "Applied")
        ISSUED = "issued", pgettext_lazy("certificate status", "Issued")
        REFUSED = "refused", pgettext_lazy("certificate status", "Refused")
        EXTENDED = "extended", pgettext_lazy("certificate status", "Extended")
        ENDED = "ended", pgettext_lazy("certificate status", "Ended")
        WITHDRAWN = "withdrawn", pgettext_lazy("certificate status", "Withdrawn")

    class Nationality(models.TextChoices):
        VN = "VN", _("Vietnam")
        KR = "KR", _("Republic of Korea")
        CN = "CN", _("China")
        JP = "JP", _("Japan")
        LA = "LA", _("Laos")
        KH = "KH", _("Cambodia")
        TH = "TH", _("Thailand")
        PH = "PH", _("Philippines")
        ID = "ID", _("Indonesia")
        MY = "MY", _("Malaysia")
        IN = "IN", _("India")
        US = "US", _("United States")
        OTHER = "ZZ", _("Other")

    NOT_COVERING = (Status.REFUSED, Status.WITHDRAWN)
    NUMBERED = (Status.ISSUED, Status.EXTENDED, Status.ENDED)

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.PROTECT, related_name="certificates",
        limit_choices_to={"max_detachment_months__isnull": False},
    )
    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices, db_index=True)
    worker_name = models.CharField(_("worker's full name"), max_length=255)
    nationality = models.CharField(_("nationality"), max_length=2, choices=Nationality.choices)
    date_of_birth = models.DateField(_("date of birth"))
    identity_number = models.CharField(_("passport or ID number"), max_length=32)
    worker_key = models.CharField(max_length=40, editable=False, db_index=True)
    home_employer = models.CharField(_("employer in the home country"), max_length=255)
    host_enterprise = models.CharField(_("enterprise in the host country"), max_length=255)
    detachment_start = models.DateField(_("detachment start"))
    detachment_end = models.DateField(_("detachment end"))
    extension_start = models.DateField(_("extension start"), null=True, blank=True)
    extension_end = models.DateField(_("extension end"), null=True, blank=True)
    covered_until = models.DateField(_("covered until"), editable=False, db_index=True)
    number = models.CharField(_("certificate number"), max_length=64, blank=True)
    office = models.ForeignKey(
        Unit, verbose_name=_("issuing or receiving office"), on_delete=models.PROTECT,
        related_name="coverage_certificates", limit_choices_to={"kind__in": OFFICE_KINDS},
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.APPLIED, db_index=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    search_text = models.TextField(editable=False, default="")

    objects = CoverageCertificateQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text", "lock_version", "worker_key", "covered_until"])

    class Meta:
        verbose_name = _("certificate of coverage")
        verbose_name_plural = _("certificates of coverage")
        ordering = ["-detachment_start", "-pk"]
        permissions = [
            ("view_all_certificates", _("Can see the certificates of coverage of every office")),
            ("record_certificates", _("Can record certificates of coverage")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(detachment_end__gt=F("detachment_start")), name="coverage_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(extension_start__isnull=True, extension_end__isnull=True)
                | Q(extension_start__isnull=False, extension_end__isnull=False),
                name="coverage_extension_start_and_end_together",
            ),
            models.CheckConstraint(
                condition=Q(extension_start__isnull=True) | Q(extension_end__gt=F("extension_start")),
                name="coverage_extension_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(extension_start__isnull=True) | Q(extension_start__gt=F("detachment_end")),
                name="coverage_extension_after_first_period",
            ),
            models.CheckConstraint(
                condition=~Q(status="extended") | Q(extension_start__isnull=False),
                name="coverage_extended_has_extension",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["issued", "extended", "ended"]) | ~Q(number=""),
                name="coverage_issued_has_number",
            ),
            models.UniqueConstraint(
                fields=["direction", "number"], condition=~Q(number=""), name="coverage_number_unique_per_direction",
            ),
        ]
        indexes = [models.Index(fields=["office", "direction", "status"])]

    def __str__(self):
        return self.number or str(_("Application of %(date)s") % {
            "date": formats.date_format(self.detachment_start, "SHORT_DATE_FORMAT")})

    def save(self, *args, **kwargs):
        self.worker_key = self.build_worker_key()
        self.covered_until = self.extension_end or self.detachment_end
        self.search_text = fold(
            f"{self.number} {self.worker_name} {self.identity_number} {self.home_employer} {self.host_enterprise}"
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("agreements:coverage_detail", args=[self.pk])

    def build_worker_key(self) -> str:
        return worker_key(self.nationality, self.identity_number)

    def clean(self):
        errors: dict[str, list] = {}
        self._check_periods(errors)
        if self.status == self.Status.EXTENDED and not self.extension_start:
            errors.setdefault("extension_start", []).append(_("An extended certificate needs the extension period."))
        if self.status in self.NUMBERED and not self.number.strip():
            errors.setdefault("number", []).append(_("Enter the certificate number of an issued certificate."))
        if self.office_id and self.office.kind not in OFFICE_KINDS:
            errors.setdefault("office", []).append(_("Choose a provincial or regional social security office."))
        if not errors:
            self._check_no_overlap(errors)
        if errors:
            raise ValidationError(errors)

    def _check_periods(self, errors):
        """60 months at most for the first period (counted from entry into force), 36 more for an extension."""
        start, end = self.detachment_start, self.detachment_end
        if not (start and end):
            return
        if end <= start:
            errors.setdefault("detachment_end", []).append(_("The detachment must end after it starts."))
            return
        agreement = self.agreement if self.agreement_id else None
        if agreement is None:
            return
        if not agreement.provides_detachment:
            errors.setdefault("agreement", []).append(_("No certificate of coverage is issued under this instrument."))
            return
        first_day = counted_from(start, agreement.in_force_on)
        if end < first_day:
            errors.setdefault("detachment_end", []).append(
                _("The detachment ended before the agreement entered into force (%(day)s).") % {"day": _date(first_day)})
            return
        limit = last_day_of_period(first_day, agreement.max_detachment_months)
        if end > limit:
            if first_day > start:
                message = _("The first detachment period is at most %(months)s months; for a worker posted before "
                            "%(from)s it counts from %(from)s, so it must end by %(limit)s.")
            else:
                message = _("The first detachment period is at most %(months)s months: it must end by %(limit)s.")
            errors.setdefault("detachment_end", []).append(message % {
                "months": agreement.max_detachment_months, "from": _date(first_day), "limit": _date(limit)})
        self._check_extension(errors, agreement)

    def _check_extension(self, errors, agreement):
        ext_start, ext_end = self.extension_start, self.extension_end
        if not (ext_start or ext_end):
            return
        if not (ext_start and ext_end):
            field = "extension_end" if ext_start else "extension_start"
            errors.setdefault(field, []).append(_("Enter both the start and the end of the extension."))
            return
        if not agreement.max_extension_months:
            errors.setdefault("extension_start", []).append(_("This agreement provides no extension."))
            return
        if ext_start <= self.detachment_end:
            errors.setdefault("extension_start", []).append(_("The extension starts after the first period ends."))
        if ext_end <= ext_start:
            errors.setdefault("extension_end", []).append(_("The extension must end after it starts."))
            return
        limit = last_day_of_period(ext_start, agreement.max_extension_months)
        if ext_end > limit:
            errors.setdefault("extension_end", []).append(
                _("An extension is at most %(months)s more months: it must end by %(limit)s.") % {
                    "months": agreement.max_extension_months, "limit": _date(limit)})

    def _check_no_overlap(self, errors):
        """No two covering certificates of the same worker overlap (refused and withdrawn ones do not cover)."""
        if self.status in self.NOT_COVERING or not (self.identity_number and self.nationality):
            return
        until = self.extension_end or self.detachment_end
        clash = (
            CoverageCertificate.objects.live()
            .filter(worker_key=self.build_worker_key(), detachment_start__lte=until, covered_until__gte=self.detachment_start)
            .exclude(pk=self.pk)
            .order_by("detachment_start")
            .first()
        )
        if clash:
            errors.setdefault("detachment_start", []).append(
                _("This worker already has a certificate of coverage from %(start)s to %(end)s: periods cannot overlap.")
                % {"start": _date(clash.detachment_start), "end": _date(clash.covered_until)})

    @property
    def is_live(self) -> bool:
        return self.status not in self.NOT_COVERING

    def is_editable_by(self, user) -> bool:
        """Central staff with the right, or an officer of the responsible office (or its successor)."""
        if not user.has_perm(RECORD):
            return False
        return sees_every_certificate(user) or self.office_id in user.unit_lineage_ids


def sees_every_certificate(user) -> bool:
    """Central staff and leadership: the certificates of every office."""
    return user.has_perm(VIEW_ALL)


def may_record_certificates(user) -> bool:
    """Central staff with the right, or an officer whose unit is a provincial or regional office."""
    if not user.has_perm(RECORD):
        return False
    return sees_every_certificate(user) or (user.unit is not None and user.unit.kind in OFFICE_KINDS)


def worker_key(nationality: str, identity_number: str) -> str:
    """One worker is one passport or ID number of one nationality, however it was typed."""
    return f"{nationality}:{''.join((identity_number or '').split()).upper()}"


def _date(day) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


class CoverageDocumentQuerySet(DocumentQuerySet):
    def visible_to(self, user):
        return self.filter(certificate__in=CoverageCertificate.objects.visible_to(user)).current()


class CoverageDocument(TitledPdf):
    """A PDF of a certificate's file: the certificate, the detachment order, the application."""

    UPLOAD_PREFIX = "coverage"

    certificate = models.ForeignKey(
        CoverageCertificate, verbose_name=_("certificate of coverage"), on_delete=models.PROTECT, related_name="documents"
    )

    objects = CoverageDocumentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificate document")
        verbose_name_plural = _("certificate documents")
        ordering = ["certificate", "uploaded_at", "pk"]

    def get_absolute_url(self):
        return reverse("agreements:coverage_document", args=[self.pk])

    def is_editable_by(self, user) -> bool:
        return self.certificate.is_editable_by(user)


class CoverageAccessLog(models.Model):
    """Who saw a certificate's personal data, when, and through which page or export."""

    class Channel(models.TextChoices):
        LIST = "list", _("Register page")
        DETAIL = "detail", _("Certificate page")
        EDIT = "edit", _("Edit form")
        EXPORT = "export", _("Excel export")
        DOCUMENT = "document", _("Document download")

    certificate = models.ForeignKey(
        CoverageCertificate, verbose_name=_("certificate of coverage"), on_delete=models.PROTECT, related_name="access_log"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+")
    accessed_at = models.DateTimeField(_("accessed at"), default=timezone.now, db_index=True)
    channel = models.CharField(_("seen through"), max_length=16, choices=Channel.choices)
    path = models.CharField(_("address"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("access to personal data")
        verbose_name_plural = _("access log of certificates of coverage")
        ordering = ["-accessed_at", "-pk"]
        default_permissions = ("view",)
        indexes = [models.Index(fields=["certificate", "accessed_at"])]

    def __str__(self):
        return f"{self.user} — {self.certificate_id} — {self.get_channel_display()}"
