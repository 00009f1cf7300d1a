"""The register of international instruments and the certificates of coverage issued under them.

An instrument (agreement, arrangement, MOU, or a domestic decision, plan or guidance letter that
implements one) is readable by every signed-in user. Its implementation is tracked by plans of kind
"agreement" (plans.Plan) linked here, never by a task model of its own. Certificates of coverage carry
personal data: only central staff and the responsible office see them, and every view is logged.
"""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts.models import Unit
from core.docnumbers import parse_document_number
from core.storage import PrivateUploadTo
from core.text import fold, search_filter

from .periods import counted_from, last_day_of_period

PARTNER_KINDS = (Unit.Kind.PARTNER, Unit.Kind.GOVERNMENT)
OFFICE_KINDS = (Unit.Kind.PROVINCIAL, Unit.Kind.REGIONAL)
# An official letter (công văn) has no type code: sequence/agency-drafting unit, e.g. 862/BHXH-TST.
OFFICIAL_LETTER_NUMBER = re.compile(r"^\d{1,5}/[A-Za-zĐđ0-9]+(?:-[A-Za-zĐđ0-9]+)+$")


class AgreementQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The register is not unit-private: every signed-in user reads every instrument."""
        return self.all() if user.is_authenticated else self.none()

    def search(self, query: str):
        return search_filter(self, query)

    def with_partner(self, unit: Unit):
        """Instruments whose counterpart or one of whose parties is `unit`."""
        party_of = Agreement.parties.through.objects.filter(unit=unit).values("agreement_id")
        return self.filter(Q(counterpart=unit) | Q(pk__in=party_of))


class Agreement(models.Model):
    """An international instrument, or a domestic document that approves, implements or guides one."""

    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("Agreement")
        ARRANGEMENT = "arrangement", _("Administrative arrangement")
        MOU = "mou", _("Memorandum of understanding")
        PROGRAMME = "programme", _("Cooperation programme")
        DECISION = "decision", _("Decision")
        PLAN = "plan", _("Plan")
        GUIDANCE = "guidance", _("Guidance letter")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        NEGOTIATING = "negotiating", _("Under negotiation")
        SIGNED = "signed", _("Signed")
        IN_FORCE = "in_force", _("In force")
        SUSPENDED = "suspended", _("Suspended")
        TERMINATED = "terminated", _("Terminated")

    class DatePrecision(models.TextChoices):
        DAY = "day", _("Exact day")
        MONTH = "month", _("Month only")
        YEAR = "year", _("Year only")

    # Vietnamese documents numbered under Decree 30/2020/NĐ-CP, with the type code they must carry.
    DOMESTIC_TYPE_CODES = {Kind.DECISION: "QĐ", Kind.PLAN: "KH", Kind.GUIDANCE: None}

    number = models.CharField(
        _("number"), max_length=64, blank=True,
        help_text=_("Where it has one. A Vietnamese decision, plan or letter: e.g. 436/QĐ-TTg, 1711/KH-BHXH, 862/BHXH-TST."),
    )
    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, db_index=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NEGOTIATING, db_index=True)
    counterpart = models.ForeignKey(
        Unit, verbose_name=_("counterpart institution"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="counterpart_agreements", limit_choices_to={"kind__in": PARTNER_KINDS},
    )
    parties = models.ManyToManyField(
        Unit, verbose_name=_("parties"), blank=True, related_name="agreements_as_party",
        help_text=_("The organisations or governments that sign or issue the instrument."),
    )
    place_of_signing = models.CharField(_("place of signing"), max_length=255, blank=True)
    signed_on = models.DateField(_("date of signing or issue"), null=True, blank=True)
    signed_on_precision = models.CharField(
        _("precision of that date"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY,
        help_text=_("When the sources give only the month (e.g. 06/2023), enter the first day and choose “Month only”."),
    )
    in_force_on = models.DateField(_("entry into force"), null=True, blank=True)
    expires_on = models.DateField(_("end of validity"), null=True, blank=True)
    duration = models.CharField(_("duration"), max_length=255, blank=True, help_text=_("E.g. indefinite, or 5 years."))
    renewal = models.TextField(_("renewal"), blank=True)
    scope = models.TextField(_("scope"), blank=True, help_text=_("E.g. the branches of social insurance covered."))
    signatories = models.TextField(_("signatories"), blank=True)
    liaison_institutions = models.ManyToManyField(
        Unit, verbose_name=_("liaison institutions"), blank=True, related_name="liaison_for_agreements",
    )
    contact_persons = models.TextField(_("contact persons"), blank=True)
    max_detachment_months = models.PositiveSmallIntegerField(
        _("detached workers: longest first period (months)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("Only for an agreement under which certificates of coverage are issued (60 for Korea)."),
    )
    max_extension_months = models.PositiveSmallIntegerField(
        _("detached workers: longest extension (months)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
    )
    implementation_plans = models.ManyToManyField(
        "plans.Plan", verbose_name=_("implementation plans"), blank=True, related_name="agreements",
        limit_choices_to={"kind": "agreement"},
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    search_text = models.TextField(editable=False, default="")

    objects = AgreementQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text", "lock_version"])

    class Meta:
        verbose_name = _("international instrument")
        verbose_name_plural = _("international instruments")
        ordering = ["-signed_on", "-pk"]
        permissions = [("manage_agreements", _("Can record and edit international instruments"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(in_force_on__isnull=True) | Q(signed_on__isnull=True) | Q(in_force_on__gte=F("signed_on")),
                name="agreement_in_force_after_signing",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(in_force_on__isnull=True) | Q(expires_on__gte=F("in_force_on")),
                name="agreement_expires_after_entry_into_force",
            ),
            models.CheckConstraint(
                condition=~Q(status="in_force") | Q(in_force_on__isnull=False),
                name="agreement_in_force_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.number} — {self.title}" if self.number else self.title

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.number} {self.title} {self.place_of_signing} {self.scope} {self.signatories}")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("agreements:agreement_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.number and self.kind in self.DOMESTIC_TYPE_CODES:
            self.number = self.number.strip()
            try:
                self._check_domestic_number()
            except ValidationError as exc:
                errors["number"] = exc.messages
        if self.in_force_on and self.signed_on and self.in_force_on < self.signed_on:
            errors["in_force_on"] = [_("The entry into force cannot be before the signing.")]
        if self.expires_on and self.in_force_on and self.expires_on < self.in_force_on:
            errors["expires_on"] = [_("The end of validity cannot be before the entry into force.")]
        if self.status == self.Status.IN_FORCE and not self.in_force_on:
            errors["in_force_on"] = [_("Enter the date of entry into force of an instrument in force.")]
        if self.max_extension_months and not self.max_detachment_months:
            errors["max_extension_months"] = [_("An extension needs a first detachment period.")]
        if errors:
            raise ValidationError(errors)

    def _check_domestic_number(self):
        """A decision or plan carries its Decree 30 type code; a guidance letter may be an official letter."""
        expected = self.DOMESTIC_TYPE_CODES[self.kind]
        try:
            parse_document_number(self.number, expected_type=expected)
        except ValidationError as exc:
            if not (self.kind == self.Kind.GUIDANCE and exc.code == "unknown_type"
                    and OFFICIAL_LETTER_NUMBER.match(self.number)):
                raise
        if self.signed_on:
            same = Agreement.objects.filter(number=self.number, signed_on__year=self.signed_on.year).exclude(pk=self.pk)
            if same.exists():
                raise ValidationError(_("Another document of %(year)s already has number %(number)s.") % {
                    "year": self.signed_on.year, "number": self.number})

    @property
    def signed_on_display(self) -> str:
        """The date of signing at the precision the sources give (14/12/2021, 06/2023 or 2023)."""
        if not self.signed_on:
            return ""
        if self.signed_on_precision == self.DatePrecision.MONTH:
            return self.signed_on.strftime("%m/%Y")
        if self.signed_on_precision == self.DatePrecision.YEAR:
            return str(self.signed_on.year)
        return formats.date_format(self.signed_on, "SHORT_DATE_FORMAT")

    @property
    def provides_detachment(self) -> bool:
        """Certificates of coverage can be issued under this instrument."""
        return self.max_detachment_months is not None


class AgreementLink(models.Model):
    """A typed relation between two instruments: "this arrangement implements that agreement"."""

    class Kind(models.TextChoices):
        IMPLEMENTS = "implements", pgettext_lazy("relation between instruments", "implements")
        APPROVES = "approves", pgettext_lazy("relation between instruments", "approves")
        GUIDES = "guides", pgettext_lazy("relation between instruments", "guides the implementation of")
        AMENDS = "amends", pgettext_lazy("relation between instruments", "amends")
        REPLACES = "replaces", pgettext_lazy("relation between instruments", "replaces")

    # How the relation reads from the target's page.
    INVERSE_LABELS = {
        Kind.IMPLEMENTS: _("is implemented by"),
        Kind.APPROVES: _("is approved by"),
        Kind.GUIDES: _("is guided by"),
        Kind.AMENDS: _("is amended by"),
        Kind.REPLACES: _("is replaced by"),
    }

    source = models.ForeignKey(Agreement, verbose_name=_("instrument"), on_delete=models.CASCADE, related_name="links_out")
    kind = models.CharField(_("relation"), max_length=16, choices=Kind.choices)
    target = models.ForeignKey(
        Agreement, verbose_name=_("related instrument"), on_delete=models.CASCADE, related_name="links_in"
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("link between instruments")
        verbose_name_plural = _("links between instruments")
        ordering = ["source", "kind", "target"]
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "target"], name="agreement_link_unique"),
            models.CheckConstraint(condition=~Q(source=F("target")), name="agreement_link_not_to_itself"),
        ]

    def __str__(self):
        return f"{self.source} — {self.get_kind_display()} — {self.target}"

    def clean(self):
        if self.source_id and self.source_id == self.target_id:
            raise ValidationError({"target": _("An instrument cannot be linked to itself.")})

    @property
    def inverse_label(self) -> str:
        return self.INVERSE_LABELS[self.kind]


class AgreementDocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(agreement__in=Agreement.objects.visible_to(user))


class AgreementDocument(models.Model):
    """A PDF of an instrument (signed text, translation, notice of entry into force)."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField(_("document title"), max_length=255)
    file = models.FileField(
        _("file (PDF)"), upload_to=PrivateUploadTo("agreements"), validators=[FileExtensionValidator(["pdf"])]
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    objects = AgreementDocumentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("instrument document")
        verbose_name_plural = _("instrument documents")
        ordering = ["agreement", "uploaded_at", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:agreement_document", args=[self.pk])


class CoverageCertificateQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Personal data: central staff see every certificate, an office only its own (and its predecessors')."""
        if user.has_perm("agreements.view_all_certificates"):
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
        if not user.has_perm("agreements.record_certificates"):
            return False
        return user.has_perm("agreements.view_all_certificates") or self.office_id in user.unit_lineage_ids


def worker_key(nationality: str, identity_number: str) -> str:
    """One worker is one passport or ID number of one nationality, however it was typed."""
    return f"{nationality}:{''.join((identity_number or '').split()).upper()}"


def _date(day) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


class CoverageDocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(certificate__in=CoverageCertificate.objects.visible_to(user))


class CoverageDocument(models.Model):
    """A PDF of a certificate file: the certificate, the detachment order, the application."""

    certificate = models.ForeignKey(
        CoverageCertificate, verbose_name=_("certificate of coverage"), on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField(_("document title"), max_length=255)
    file = models.FileField(
        _("file (PDF)"), upload_to=PrivateUploadTo("coverage"), validators=[FileExtensionValidator(["pdf"])]
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    objects = CoverageDocumentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificate document")
        verbose_name_plural = _("certificate documents")
        ordering = ["certificate", "uploaded_at", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:coverage_document", args=[self.pk])


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
