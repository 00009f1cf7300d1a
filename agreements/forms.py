from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import UnitChoiceField
from accounts.models import Unit
from core.forms import DateInput, ListFilterForm, add_service_errors, date_fields
from core.uploads import UploadValidator, accept_attribute
from plans.models import Plan

from .models import (
    OFFICE_KINDS,
    PARTNER_KINDS,
    Agreement,
    AgreementDocument,
    AgreementLink,
    CoverageCertificate,
    sees_every_certificate,
)


class LockedForm(forms.ModelForm):
    """A model form that carries the version it was opened on (optimistic locking) and an optional PDF
    (checked by its content, as the document store will check it again)."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    document = forms.FileField(
        label=_("Add a document (PDF)"), required=False, validators=[UploadValidator(AgreementDocument.ACCEPTED)],
        widget=forms.ClearableFileInput(attrs={"accept": accept_attribute(AgreementDocument.ACCEPTED)}),
    )
    document_title = forms.CharField(label=_("Title of that document"), required=False, max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lock_version"].initial = self.instance.lock_version

    @property
    def expected_version(self) -> int:
        return self.cleaned_data["lock_version"] or 0

    def apply_errors(self, exc) -> None:
        add_service_errors(self, exc)


class AgreementForm(LockedForm):
    class Meta:
        model = Agreement
        fields = [
            "kind", "number", "title", "status", "counterpart", "parties", "place_of_signing", "signed_on",
            "signed_on_precision", "in_force_on", "expires_on", "duration", "renewal", "scope", "signatories",
            "liaison_institutions", "contact_persons", "max_detachment_months", "max_extension_months",
            "implementation_plans", "notes",
        ]
        field_classes = date_fields("signed_on", "in_force_on", "expires_on")
        widgets = {
            "signed_on": DateInput(), "in_force_on": DateInput(), "expires_on": DateInput(),
            "parties": forms.CheckboxSelectMultiple, "liaison_institutions": forms.CheckboxSelectMultiple,
            "implementation_plans": forms.CheckboxSelectMultiple,
            "renewal": forms.Textarea(attrs={"rows": 2}), "scope": forms.Textarea(attrs={"rows": 2}),
            "signatories": forms.Textarea(attrs={"rows": 2}), "contact_persons": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Unit.objects.filter(kind__in=(Unit.Kind.VSS, *PARTNER_KINDS)).order_by("kind", "name_vi")
        self.fields["counterpart"].queryset = Unit.objects.filter(kind__in=PARTNER_KINDS).order_by("name_vi")
        self.fields["parties"].queryset = organisations
        self.fields["liaison_institutions"].queryset = organisations
        self.fields["implementation_plans"].queryset = (
            Plan.objects.filter(kind=Plan.Kind.AGREEMENT).exclude(status=Plan.Status.DISCARDED).order_by("-year", "number")
        )
        self.fields["implementation_plans"].help_text = _("Plans of kind “agreement implementation plan”.")


class AgreementFilterForm(ListFilterForm):
    partner = forms.ModelChoiceField(
        label=_("Partner"), required=False, empty_label=_("All partners"),
        queryset=Unit.objects.filter(kind__in=PARTNER_KINDS).order_by("name_vi"),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Agreement.Kind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All statuses")), *Agreement.Status.choices])

    def filter(self, queryset, data):
        queryset = super().filter(queryset, data)
        if data.get("partner"):
            queryset = queryset.with_partner(data["partner"])
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        return queryset


def agreement_list_filter(user, params) -> tuple[AgreementFilterForm, QuerySet]:
    """The register's filter form and its instruments for `user` (through visible_to): the page, its Excel and
    the background export all read the register here."""
    form = AgreementFilterForm(params)
    agreements = Agreement.objects.visible_to(user).select_related("counterpart").prefetch_related("parties")
    return form, form.results(agreements).order_by("-signed_on", "-pk")


class AgreementLinkForm(forms.ModelForm):
    class Meta:
        model = AgreementLink
        fields = ["kind", "target", "note"]

    def __init__(self, *args, source: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].label = _("This instrument")
        self.fields["target"].queryset = Agreement.objects.exclude(pk=source.pk).order_by("-signed_on", "title")


class CoverageForm(LockedForm):
    class Meta:
        model = CoverageCertificate
        fields = [
            "agreement", "direction", "office", "status", "number", "worker_name", "nationality", "date_of_birth",
            "identity_number", "home_employer", "host_enterprise", "detachment_start", "detachment_end",
            "extension_start", "extension_end", "notes",
        ]
        field_classes = date_fields("date_of_birth", "detachment_start", "detachment_end", "extension_start", "extension_end")
        widgets = {
            "date_of_birth": DateInput(), "detachment_start": DateInput(), "detachment_end": DateInput(),
            "extension_start": DateInput(), "extension_end": DateInput(), "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "detachment_start": _("For a worker posted before the agreement entered into force, the period counts "
                                  "from that date."),
            "number": _("Required once the certificate is issued."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        agreements = Agreement.objects.filter(max_detachment_months__isnull=False)
        self.fields["agreement"].queryset = agreements
        if not self.instance.pk and len(agreements) == 1:
            self.initial["agreement"] = agreements[0].pk
        if sees_every_certificate(user):
            offices = Unit.objects.filter(kind__in=OFFICE_KINDS).active_on(timezone.localdate())
            if self.instance.office_id:
                offices = offices | Unit.objects.filter(pk=self.instance.office_id)
            self.fields["office"].queryset = offices.order_by("name_vi")
        else:
            # An office records certificates for itself (services.certificate_record): shown, not chosen.
            del self.fields["office"]
            if not self.instance.office_id:
                self.instance.office = user.unit


class CoverageFilterForm(ListFilterForm):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("Name, passport or ID, number, employer")}),
    )
    direction = forms.ChoiceField(
        label=_("Direction"), required=False, choices=[("", _("Both directions")), *CoverageCertificate.Direction.choices],
    )
    office = UnitChoiceField(label=_("Office"), required=False, empty_label=_("All offices"), queryset=Unit.objects.none())
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *CoverageCertificate.Status.choices],
    )
    ending_within = forms.IntegerField(label=_("Ending within (days)"), required=False, min_value=1, max_value=3650)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if sees_every_certificate(user):
            self.fields["office"].queryset = Unit.objects.filter(kind__in=OFFICE_KINDS).order_by("-valid_from", "name_vi")
        else:
            del self.fields["office"]

    def filter(self, queryset, data):
        queryset = super().filter(queryset, data)
        for name in ("direction", "office", "status"):
            if data.get(name):
                queryset = queryset.filter(**{name: data[name]})
        if data.get("ending_within"):
            queryset = queryset.ending_within(data["ending_within"])
        return queryset


def coverage_list_filter(user, params) -> tuple[CoverageFilterForm, QuerySet]:
    """The certificates register's filter form and its certificates for `user` (through visible_to), most
    urgent first: the page, its Excel and the background export all read the register here."""
    form = CoverageFilterForm(params, user=user)
    certificates = CoverageCertificate.objects.visible_to(user).select_related("office", "agreement")
    return form, form.results(certificates).by_urgency()
