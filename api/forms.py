"""Filter forms of the API lists that have no list page of their own, and the token form."""

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateField, DateInput
from plans.models import Assignment
from reports.models import ReportingPeriod

from .models import PersonalAccessToken


class PlanChildFilterForm(forms.Form):
    plan = forms.IntegerField(label=_("Plan"), required=False, min_value=1)

    def filter(self, queryset):
        plan = self.cleaned_data.get("plan")
        return queryset.filter(plan_id=plan) if plan else queryset


class PeriodFilterForm(PlanChildFilterForm):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *ReportingPeriod.Kind.choices])

    def filter(self, queryset):
        queryset = super().filter(queryset)
        kind = self.cleaned_data.get("kind")
        return queryset.filter(kind=kind) if kind else queryset


class AssignmentFilterForm(forms.Form):
    task = forms.IntegerField(label=_("Task"), required=False, min_value=1)
    unit = forms.IntegerField(label=_("Unit"), required=False, min_value=1)
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", _("All")), *Assignment.Role.choices])
    current = forms.BooleanField(label=_("Current assignments only"), required=False)

    def filter(self, queryset):
        data = self.cleaned_data
        for name in ("task", "unit", "role"):
            if data.get(name):
                queryset = queryset.filter(**{f"{name}_id" if name != "role" else name: data[name]})
        if data.get("current"):
            queryset = queryset.current()
        return queryset


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. “reporting warehouse”."))
    scope = forms.ChoiceField(label=_("Scope"), choices=PersonalAccessToken.Scope.choices, initial=PersonalAccessToken.Scope.READ)
    expires_on = DateField(label=_("Expires on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].help_text = _("dd/mm/yyyy, at most %(days)s days ahead.") % {
            "days": settings.API_TOKEN_MAX_DAYS}
        self.initial.setdefault("expires_on", timezone.localdate() + datetime.timedelta(days=90))
