from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """A text date field typed as dd/mm/yyyy in every language."""

    def __init__(self, attrs=None):
        defaults = {"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


def add_service_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the fields it names, the rest on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def error_messages(request, exc: ValidationError) -> None:
    """Show a service's ValidationError as messages (for actions without a form)."""
    for message in exc.messages:
        messages.error(request, message)
