from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """A text date field typed as dd/mm/yyyy in every language."""

    def __init__(self, attrs=None):
        defaults = {"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")
