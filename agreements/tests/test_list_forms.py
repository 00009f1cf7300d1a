"""The query strings of the register and of the certificates list go through a form: a NUL byte, a bad
id or a bad number is a form error over an empty list (also for the Excel download), never a 500."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from agreements.models import CoverageAccessLog
from agreements.tests.factories import AgreementFactory, CoverageCertificateFactory

pytestmark = pytest.mark.django_db

BAD_REGISTER_QUERIES = ["q=%00", "partner=abc", "partner=99999999", "kind=nope", "status=%00", "q=" + "x" * 300]
BAD_COVERAGE_QUERIES = ["q=%00", "office=abc", "office=99999999", "direction=sideways", "ending_within=abc",
                        "ending_within=0", "status=nope"]


@pytest.mark.parametrize("query", BAD_REGISTER_QUERIES)
def test_register_bad_query_string_is_a_form_error_over_an_empty_list(client, officer, query):
    AgreementFactory()
    client.force_login(officer)
    response = client.get(f"{reverse('agreements:agreement_list')}?{query}")
    assert response.status_code == 200
    assert response.context["filter_form"].errors
    assert not response.context["page_obj"].object_list
    assert "alert-warning" in response.content.decode()


@pytest.mark.parametrize("query", BAD_REGISTER_QUERIES)
def test_register_bad_query_string_exports_an_empty_workbook(client, officer, query):
    AgreementFactory()
    client.force_login(officer)
    response = client.get(f"{reverse('agreements:agreement_list')}?{query}&format=xlsx")
    assert response.status_code == 200
    assert len(list(load_workbook(BytesIO(response.getvalue())).active.iter_rows(values_only=True))) == 1


@pytest.mark.parametrize("query", BAD_COVERAGE_QUERIES)
def test_coverage_bad_query_string_is_a_form_error_and_shows_no_personal_data(client, planner, query):
    CoverageCertificateFactory()
    client.force_login(planner)
    response = client.get(f"{reverse('agreements:coverage_list')}?{query}")
    assert response.status_code == 200
    assert response.context["filter_form"].errors
    assert not response.context["page_obj"].object_list
    assert not CoverageAccessLog.objects.exists()


@pytest.mark.parametrize("query", BAD_COVERAGE_QUERIES)
def test_coverage_bad_query_string_exports_an_empty_workbook(client, planner, query):
    CoverageCertificateFactory()
    client.force_login(planner)
    response = client.get(f"{reverse('agreements:coverage_list')}?{query}&format=xlsx")
    assert response.status_code == 200
    assert len(list(load_workbook(BytesIO(response.getvalue())).active.iter_rows(values_only=True))) == 1
    assert not CoverageAccessLog.objects.exists()


def test_officer_filtering_by_an_office_is_ignored_not_an_error(client, officer):
    """An office sees only its own certificates: the office filter is not theirs, so it is dropped."""
    mine = CoverageCertificateFactory(office=officer.unit)
    client.force_login(officer)
    response = client.get(reverse("agreements:coverage_list"), {"office": "abc"})
    assert response.status_code == 200
    assert list(response.context["page_obj"].object_list) == [mine]
