from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateField, DateInput, ListFilterForm

from .models import Unit


class UnitFilterForm(ListFilterForm):
    """The directory's query string: search (`q`, diacritics ignored), kind, and "active on" a date."""

    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Unit.Kind.choices])
    active_on = DateField(label=_("Active on"), required=False, widget=DateInput())

    def filter(self, units, data):
        units = super().filter(units, data)
        if data.get("kind"):
            units = units.filter(kind=data["kind"])
        if data.get("active_on"):
            units = units.active_on(data["active_on"])
        return units
