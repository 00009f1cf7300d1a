import datetime

import pytest
from django import forms
from django.utils import translation

from core.forms import DateField, DateInput


class _DateForm(forms.Form):
    day = forms.DateField(widget=DateInput())


@pytest.mark.parametrize("language", ["vi", "en"])
def test_date_input_is_day_first_in_both_languages(language):
    with translation.override(language):
        form = _DateForm({"day": "05/07/2024"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == datetime.date(2024, 7, 5)
        rendered = _DateForm(initial={"day": datetime.date(2024, 7, 5)}).as_p()
        assert 'value="05/07/2024"' in rendered


def test_date_input_rejects_month_first_impossible_date():
    with translation.override("vi"):
        assert not _DateForm({"day": "07/31/2024"}).is_valid()


@pytest.mark.django_db
def test_login_page_is_vietnamese_by_default_even_for_english_browser(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "vi"
    assert 'lang="vi"' in response.content.decode()
    assert "Đăng nhập" in response.content.decode()


@pytest.mark.django_db
def test_language_switch_sets_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response.url == "/accounts/login/"
    assert client.cookies["vss_language"].value == "en"
    page = client.get("/accounts/login/").content.decode()
    assert 'lang="en"' in page
    assert "Log in to the Foreign Affairs Portal" in page


@pytest.mark.django_db
def test_week_starts_on_monday():
    from django.utils.formats import get_format

    for language in ("vi", "en"):
        with translation.override(language):
            assert get_format("FIRST_DAY_OF_WEEK") == 1


class _PortalDateForm(forms.Form):
    day = DateField()


@pytest.mark.parametrize(
    ("language", "message"),
    [("vi", "Nhập ngày hợp lệ theo dạng dd/mm/yyyy, ví dụ 31/12/2025."),
     ("en", "Enter a valid date in the form dd/mm/yyyy, for example 31/12/2025.")],
)
def test_invalid_date_says_the_expected_form(language, message):
    with translation.override(language):
        form = _PortalDateForm({"day": "2024-31-12"})
        assert not form.is_valid()
        assert form.errors["day"] == [message]
        assert 'placeholder="dd/mm/yyyy"' in str(form["day"])


@pytest.mark.django_db
def test_model_form_dates_use_the_portal_date_field():
    from plans.forms import PlanForm

    with translation.override("vi"):
        form = PlanForm({"issue_date": "12/31/2024"})
        assert "dd/mm/yyyy" in form.errors["issue_date"][0]
