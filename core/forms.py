import html

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .money import format_vnd, parse_vnd


def _html(value) -> str:
    """`value` as Django's templates write it (conditional_escape: safe HTML as it is, anything else
    html.escape'd), without the lazy-string wrapper that costs more than the escaping on 150 options."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _option_attrs(attrs: dict) -> str:
    """An option's attributes as Django's attrs.html writes them (True: the name alone; False: left out)."""
    return "".join(
        f" {_html(name)}" if value is True else f' {_html(name)}="{_html(value)}"'
        for name, value in attrs.items() if value is not False
    )


class QuickOptionsMixin:
    """A select that writes its options in Python (escaped as Django's templates would) instead of rendering
    Django's option template once per option: the unit picker's 150 units cost a template include each."""

    template_name = "core/widgets/select.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        parts = []
        for group_name, options, _index in context["widget"]["optgroups"]:
            rows = "".join(
                f'<option value="{_html(option["value"])}"{_option_attrs(option["attrs"])}>{_html(option["label"])}</option>'
                for option in options
            )
            parts.append(f'<optgroup label="{_html(group_name)}">{rows}</optgroup>' if group_name else rows)
        context["widget"]["options_html"] = mark_safe("".join(parts))  # noqa: S308 - every value escaped
        return context


class QuickSelect(QuickOptionsMixin, forms.Select):
    """A select of many options (a filter's plans, one per plan in force)."""


class DateInput(forms.DateInput):
    """A text date field typed as dd/mm/yyyy in every language."""

    def __init__(self, attrs=None):
        defaults = {"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


class DateField(forms.DateField):
    """Every date the portal asks for: typed dd/mm/yyyy, and a wrong one says so."""

    widget = DateInput
    default_error_messages = {"invalid": _("Enter a valid date in the form dd/mm/yyyy, for example 31/12/2025.")}


class MoneyField(forms.IntegerField):
    """A whole amount of đồng: shown 150.000.000, typed with or without separators."""

    widget = forms.TextInput
    default_error_messages = {"invalid": _("Enter a whole amount of đồng, e.g. 150.000.000 or 150000000.")}

    def __init__(self, **kwargs):
        kwargs.pop("max_value", None)  # the model's BigIntegerField bound; no one types 9 quintillion
        super().__init__(**{"min_value": 0, **kwargs})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        amount = parse_vnd(value)
        if amount is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return amount

    def prepare_value(self, value):
        return format_vnd(value, unit=False) if isinstance(value, int) else value

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "numeric", "autocomplete": "off"}


def money_fields(*names: str) -> dict:
    """`Meta.field_classes` for a ModelForm's amounts."""
    return dict.fromkeys(names, MoneyField)


def date_fields(*names: str) -> dict:
    """`Meta.field_classes` for a ModelForm's date fields."""
    return dict.fromkeys(names, DateField)


class ListFilterForm(forms.Form):
    """The query string of a list page, read through a form: a NUL byte, a bad id or a bad date is a
    form error shown above the list (which is then empty), never a 500. Subclasses add fields and
    `filter()`; every one has the diacritics-insensitive `q`."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data if data else None, *args, **kwargs)
        self.submitted = bool(data)

    def results(self, queryset):
        """`queryset` filtered by the form; nothing when the query string is invalid."""
        if not self.submitted:
            return self.filter(queryset, {})
        if not self.is_valid():
            return queryset.none()
        return self.filter(queryset, self.cleaned_data)

    def filter(self, queryset, data: dict):
        query = data.get("q")
        return queryset.search(query) if query else queryset


def narrow_choices(form, name: str, queryset, *, parent: str, parent_lookup: str) -> None:
    """The choices of a field that depends on another (a plan's objectives, a plan's periods): those of
    the chosen `parent`, or with none chosen only the one asked for by its id. Every option of every
    plan would make a select that grows with the database on each page."""
    data = form.data or {}
    chosen_parent, chosen = str(data.get(parent) or ""), str(data.get(name) or "")
    if chosen_parent.isdigit() and len(chosen_parent) < 19:
        queryset = queryset.filter(**{parent_lookup: chosen_parent})
    elif chosen.isdigit() and len(chosen) < 19:
        queryset = queryset.filter(pk=chosen)
    else:
        queryset = queryset.none()
    form.fields[name].queryset = queryset


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
