from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput

from .models import Unit


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Unit.Kind.choices])
    active_on = forms.DateField(label=_("Active on"), required=False, widget=DateInput())

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("q"):
            queryset = queryset.search(data["q"])
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("active_on"):
            queryset = queryset.active_on(data["active_on"])
        return queryset
