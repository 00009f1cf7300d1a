from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateField, DateInput, ListFilterForm, QuickOptionsMixin

from .models import Unit


class UnitSelect(QuickOptionsMixin, forms.Select):
    """The one unit picker: the portal's script adds search-as-you-type (diacritics ignored) and a "no match" line."""

    def __init__(self, attrs=None):
        super().__init__(attrs={**UNIT_FILTER_ATTRS, **(attrs or {})})


class UnitSelectMultiple(QuickOptionsMixin, forms.SelectMultiple):
    def __init__(self, attrs=None):
        super().__init__(attrs={**UNIT_FILTER_ATTRS, "size": 8, **(attrs or {})})


UNIT_FILTER_ATTRS = {"data-unit-filter": _("Type to find a unit…"), "data-unit-none": _("No unit matches.")}


class UnitChoiceField(forms.ModelChoiceField):
    """A unit to choose, in the one picker; an ended unit is labelled with its end date."""

    widget = UnitSelect

    def label_from_instance(self, unit):
        return unit.choice_label


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    widget = UnitSelectMultiple

    def label_from_instance(self, unit):
        return unit.choice_label


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
