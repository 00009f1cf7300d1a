import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from core.forms import MoneyField
from core.money import format_vnd, parse_vnd


class _BudgetForm(forms.Form):
    budget = MoneyField(required=False)


@pytest.mark.parametrize(("language", "shown"), [("vi", "150.000.000 đồng"), ("en", "150,000,000 VND")])
def test_amount_is_shown_with_thousands_separators_and_one_label(language, shown):
    with translation.override(language):
        assert format_vnd(150_000_000) == shown
        assert Template("{% load money %}{{ amount|vnd }}").render(Context({"amount": 150_000_000})) == shown
        assert format_vnd(None) == "—"


@pytest.mark.parametrize("typed", ["150.000.000", "150000000", "150,000,000", "150 000 000 đ", "150.000.000 ₫"])
def test_money_field_accepts_amounts_with_or_without_separators(typed):
    with translation.override("vi"):
        form = _BudgetForm({"budget": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["budget"] == 150_000_000


@pytest.mark.parametrize("typed", ["150.5", "một trăm", "-5", "1.2e6"])
def test_money_field_refuses_what_is_not_a_whole_amount(typed):
    with translation.override("vi"):
        form = _BudgetForm({"budget": typed})
        assert not form.is_valid()
        assert form.errors["budget"] == ["Nhập số tiền là số nguyên đồng, ví dụ 150.000.000 hoặc 150000000."]
        assert 'value="' + typed + '"' in str(form["budget"])


def test_money_field_shows_the_saved_amount_grouped():
    with translation.override("vi"):
        html = str(_BudgetForm(initial={"budget": 180_000_000})["budget"])
    assert 'value="180.000.000"' in html and 'inputmode="numeric"' in html
    assert parse_vnd("") is None
