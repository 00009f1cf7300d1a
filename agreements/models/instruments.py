"""The register of international instruments: agreements, arrangements, MOUs, and the domestic
decisions, plans and guidance letters that implement them, their links and their PDFs.

An instrument is readable by every signed-in user; central planners record and edit them. Its
implementation is tracked by plans of kind "agreement" (plans.Plan) linked here, never by a task
model of its own.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts.models import Unit
from core.docnumbers import parse_document_number
from core.text import fold, search_filter

from .documents import DocumentQuerySet, TitledPdf

MANAGE = "agreements.manage_agreements"
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

    def is_editable_by(self, user) -> bool:
        """Central planners (and administrators) record and edit instruments, their links and documents."""
        return user.has_perm(MANAGE)


class AgreementLinkQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(source__in=Agreement.objects.visible_to(user), target__in=Agreement.objects.visible_to(user))

    def touching(self, agreement: Agreement):
        """Links from or to `agreement`."""
        return self.filter(Q(source=agreement) | Q(target=agreement))


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

    objects = AgreementLinkQuerySet.as_manager()
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

    def is_editable_by(self, user) -> bool:
        return user.has_perm(MANAGE)


class AgreementDocumentQuerySet(DocumentQuerySet):
    def visible_to(self, user):
        return self.filter(agreement__in=Agreement.objects.visible_to(user)).current()


class AgreementDocument(TitledPdf):
    """A PDF of an instrument: the signed text, a translation, the notice of entry into force."""

    UPLOAD_PREFIX = "agreements"

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="documents"
    )

    objects = AgreementDocumentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("instrument document")
        verbose_name_plural = _("instrument documents")
        ordering = ["agreement", "uploaded_at", "pk"]

    def get_absolute_url(self):
        return reverse("agreements:agreement_document", args=[self.pk])

    def is_editable_by(self, user) -> bool:
        return self.agreement.is_editable_by(user)
