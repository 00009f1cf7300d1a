from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.docnumbers import parse_document_number
from core.forms import DateInput
from plans.models import Plan
from reports.models import ReportingPeriod

DRAFT_NUMBER = "…/BC-BHXH"


class OfficialReportForm(forms.Form):
    period = forms.ModelChoiceField(label=_("Plan and reporting period"), queryset=ReportingPeriod.objects.none())
    number = forms.CharField(
        label=_("Report number"),
        initial=DRAFT_NUMBER,
        max_length=64,
        help_text=_("Leave “…/BC-BHXH” until the report is registered and numbered."),
    )
    date = forms.DateField(label=_("Date of the report"), widget=DateInput())
    issuer = forms.CharField(label=_("Issuing body"), initial="Bảo hiểm xã hội Việt Nam", max_length=255)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())
        self.fields["period"].queryset = (
            ReportingPeriod.objects.filter(
                plan__in=Plan.objects.visible_to(user).filter(status__in=Plan.IN_FORCE)
            )
            .select_related("plan")
            .order_by("-plan__year", "plan__number", "end", "-start")
        )
        self.fields["period"].label_from_instance = lambda p: f"{p.plan.number} — {p.label}"
        # Suggest the period that ended last.
        latest = self.fields["period"].queryset.filter(end__lte=timezone.localdate()).order_by("-end", "pk").first()
        if latest is not None:
            self.initial.setdefault("period", latest.pk)

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if number == DRAFT_NUMBER:
            return number
        try:
            return str(parse_document_number(number, expected_type="BC"))
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc
