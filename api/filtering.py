"""List filters of the API are the list pages' own filter forms: the same fields, the same `q`
(diacritics ignored), the same rules. An invalid parameter is a 400 naming it, never a 500.

`form_parameters` turns a form's fields into the OpenAPI query parameters of the list."""

import re

from django import forms
from django.utils.dateparse import parse_date
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.filters import BaseFilterBackend

from core.forms import ListFilterForm

from .problems import QueryParameterError

ORDERING = "ordering"


class FormFilter(BaseFilterBackend):
    """Filters a list with the view's `filter_form_class` (built by `view.get_filter_form(data)`)."""

    def filter_queryset(self, request, queryset, view):
        form_class = getattr(view, "filter_form_class", None)
        if form_class is None or getattr(view, "action", "list") != "list":
            return queryset
        _check_types(form_class, request.query_params)
        form = view.get_filter_form(request.query_params)
        if isinstance(form, ListFilterForm):
            if not form.is_bound:
                return form.filter(queryset, {})
            if not form.is_valid():
                raise QueryParameterError(form.errors)
            return form.filter(queryset, form.cleaned_data)
        if not form.is_valid():
            raise QueryParameterError(form.errors)
        return form.filter(queryset)

    def get_schema_operation_parameters(self, view):
        return []  # documented by `form_parameters` in extend_schema, which drf-spectacular reads


BOOLEAN_VALUES = {"true", "false", "1", "0"}
INTEGER = re.compile(r"^-?\d+$")


def _check_types(form_class, params) -> None:
    """The pages' forms are lenient (an empty value is no filter, a checkbox takes any text as "on");
    the API says when a parameter is given twice, empty, or not of its documented type."""
    errors = {}
    for name, field in form_class.base_fields.items():
        values = params.getlist(name)
        if not values:
            continue
        value = values[0]
        if len(values) > 1:
            errors[name] = [_("Give this parameter once.")]
        elif isinstance(field, forms.CharField):
            continue
        elif value == "":
            errors[name] = [_("Give a value, or leave the parameter out.")]
        elif isinstance(field, forms.BooleanField) and value.lower() not in BOOLEAN_VALUES:
            errors[name] = [_("Give true or false.")]
        elif isinstance(field, forms.ModelChoiceField | forms.IntegerField) and not INTEGER.match(value):
            errors[name] = [_("Give a whole number.")]
        elif isinstance(field, forms.DateField) and not _is_iso_date(value):
            errors[name] = [_("Give a date as YYYY-MM-DD.")]
    if errors:
        raise QueryParameterError(errors)


def _is_iso_date(value: str) -> bool:
    try:
        return parse_date(value) is not None
    except ValueError:
        return False


class Ordering(BaseFilterBackend):
    """`?ordering=` among the view's named `orderings`; every order ends on the primary key."""

    def filter_queryset(self, request, queryset, view):
        orderings = getattr(view, "orderings", None)
        if not orderings or getattr(view, "action", "list") != "list":
            return queryset
        values = request.query_params.getlist(ORDERING) or [next(iter(orderings))]
        chosen = values[0]
        if len(values) > 1 or chosen not in orderings:
            raise QueryParameterError({ORDERING: [_("Choose one of: %(choices)s.") % {"choices": ", ".join(orderings)}]})
        return queryset.order_by(*orderings[chosen])

    def get_schema_operation_parameters(self, view):
        return []


def _schema_type(field: forms.Field):
    if isinstance(field, forms.ModelMultipleChoiceField):
        return {"type": "array", "items": {"type": "integer"}}
    if isinstance(field, forms.ModelChoiceField):
        return OpenApiTypes.INT
    if isinstance(field, forms.BooleanField):
        return OpenApiTypes.BOOL
    if isinstance(field, forms.IntegerField):
        return {"type": "integer", **({"minimum": field.min_value} if field.min_value is not None else {}),
                **({"maximum": field.max_value} if field.max_value is not None else {})}
    if isinstance(field, forms.DateField):
        return OpenApiTypes.DATE
    if isinstance(field, forms.ChoiceField):
        values = [str(value) for value, _label in field.choices if value != ""]
        return {"type": "string", "enum": values} if values else OpenApiTypes.STR  # choices set per user
    if isinstance(field, forms.CharField) and field.max_length:
        return {"type": "string", "maxLength": field.max_length}
    return OpenApiTypes.STR


def form_parameters(form_class: type[forms.Form], *, exclude=()) -> list[OpenApiParameter]:
    parameters = []
    for name, field in form_class.base_fields.items():
        if name in exclude:
            continue
        description = field.label or name
        if field.help_text:
            description = format_lazy("{}. {}", description, field.help_text)
        if name == "q":
            description = _("Search; Vietnamese diacritics are ignored.")
        parameters.append(OpenApiParameter(name, _schema_type(field), OpenApiParameter.QUERY, description=description))
    return parameters


def ordering_parameter(orderings: dict) -> OpenApiParameter:
    return OpenApiParameter(
        ORDERING, {"type": "string", "enum": list(orderings)}, OpenApiParameter.QUERY,
        description=_("Order of the list; the first value is the default."),
    )
