"""core.forms.QuickOptionsMixin writes a select's options in Python: the same HTML as Django's templates."""

import re

import pytest
from django import forms

from accounts.forms import UnitMultipleChoiceField, UnitSelect, UnitSelectMultiple
from accounts.tests.factories import UnitFactory
from core.forms import QuickOptionsMixin, QuickSelect


def _same(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


CHOICES = [("", "Tất cả"), ("Nhóm <1> & \"2\"", [("x", "A & B"), ("y", 'Q"uote <b>')]), ("z", "Đơn vị")]


@pytest.mark.parametrize("value", ["", "y", "z", None])
def test_options_are_those_django_writes_escaped_grouped_and_selected(value):
    quick, django_select = QuickSelect(choices=CHOICES), forms.Select(choices=CHOICES)
    attrs = {"id": "id_c", "class": "form-select", "data-unit-filter": "Gõ <tên>"}

    written = quick.render("c", value, attrs)

    assert _same(written) == _same(django_select.render("c", value, attrs))
    assert "A &amp; B" in written and "&lt;b&gt;" in written and "<b>" not in written


@pytest.mark.django_db
def test_unit_pickers_keep_their_search_attributes_and_several_choices():
    made = [UnitFactory(name_vi=f"Đơn vị {n}") for n in range(3)]
    chosen = type(made[0]).objects.filter(pk__in=[unit.pk for unit in made])

    class Form(forms.Form):
        units = UnitMultipleChoiceField(queryset=chosen)

    class Reference(forms.Form):
        units = UnitMultipleChoiceField(queryset=chosen, widget=forms.SelectMultiple(attrs=UnitSelectMultiple().attrs))

    data = {"units": [made[0].pk, made[2].pk]}
    field = Form(data)["units"]
    written = str(field)

    assert isinstance(field.field.widget, QuickOptionsMixin) and issubclass(UnitSelect, QuickOptionsMixin)
    assert _same(written) == _same(str(Reference(data)["units"]))
    assert written.count(" selected") == 2 and "multiple" in written and "data-unit-filter" in written


def test_the_plan_filters_and_the_dashboard_scope_write_their_options_in_python():
    from dashboard.forms import ScopeForm
    from plans.forms import TaskFilterForm
    from reports.forms import ReviewQueueFilterForm

    assert isinstance(TaskFilterForm.base_fields["plan"].widget, QuickSelect)
    assert isinstance(ReviewQueueFilterForm.base_fields["plan"].widget, QuickSelect)
    assert isinstance(ScopeForm.base_fields["plan"].widget, QuickSelect)
