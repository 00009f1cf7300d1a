"""Every report list reads its query string through a form: a NUL byte (which PostgreSQL refuses in
text), a bad id or a bad status is a form error above an empty list, never a 500 — in Excel too.
Run on PostgreSQL as well as SQLite (the full suite does: DATABASE_URL)."""

import io

import pytest
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from reports.tests.factories import ProgressReportFactory, submitted_report

BAD_QUEUE_QUERIES = [
    "q=%00", "q=" + "x" * 300, "plan=abc", "plan=%00", "period=%00", "period=99999999999999999999",
    "unit=abc", "status=nope", "status=%00",
]


def shows_the_errors(response) -> bool:
    """The errors of the list's form are on the page (includes/filter_errors.html)."""
    html = response.content.decode()
    errors = [escape(error) for errors in response.context["form"].errors.values() for error in errors]
    return bool(errors) and all(error in html for error in errors) and "Không áp dụng được bộ lọc:" in html


def rows_of(response) -> int:
    return load_workbook(io.BytesIO(response.getvalue())).active.max_row


@pytest.fixture
def written(officer, lead_assignment, coordinating_assignment, q1, plan):
    """A submitted report and a draft: a list that ignored a bad filter would show them."""
    submitted_report(lead_assignment, q1, by=officer)
    ProgressReportFactory(assignment=coordinating_assignment, period=q1)


@pytest.mark.django_db
@pytest.mark.parametrize("query", BAD_QUEUE_QUERIES)
def test_review_queue_bad_query_string_is_a_form_error_and_an_empty_list(client, planner, written, query):
    client.force_login(planner)
    response = client.get(reverse("reports:report_list") + "?" + query)
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 0
    assert shows_the_errors(response)


@pytest.mark.django_db
@pytest.mark.parametrize("query", BAD_QUEUE_QUERIES)
def test_review_queue_excel_of_a_bad_query_string_is_empty(client, planner, written, query):
    client.force_login(planner)
    response = client.get(reverse("reports:report_list") + "?" + query + "&format=xlsx")
    assert response.status_code == 200
    assert rows_of(response) == 1  # the headers


@pytest.mark.django_db
def test_review_queue_good_filters_still_find_reports(client, planner, leader, written, plan, q1):
    client.force_login(planner)
    url = reverse("reports:report_list")
    assert client.get(url).context["page_obj"].paginator.count == 1  # awaiting review, by default
    assert client.get(url, {"status": "", "plan": plan.pk, "period": q1.pk}).context["page_obj"].paginator.count == 2
    client.force_login(leader)
    response = client.get(url)
    assert not response.context["form"].errors
    assert response.context["page_obj"].paginator.count == 2  # leadership reads every status


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["q=%00", "q=" + "x" * 300, "q=%00&everything=on"])
def test_work_list_bad_query_string_is_a_form_error_and_an_empty_list(client, officer, written, query):
    client.force_login(officer)
    response = client.get(reverse("reports:report_list") + "?" + query)
    assert response.status_code == 200
    assert response.context["items"] == []
    assert shows_the_errors(response)
    xlsx = client.get(reverse("reports:report_list") + "?" + query + "&format=xlsx")
    assert xlsx.status_code == 200
    assert rows_of(xlsx) == 1


@pytest.mark.django_db
def test_work_list_bad_page_is_the_first_page(client, officer, written):
    client.force_login(officer)
    response = client.get(reverse("reports:report_list") + "?page=%00")
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1
    assert response.context["items"]


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "%00", "-1", "0", "1.5", "99999999999999999999"])
def test_completeness_bad_plan_id_is_a_form_error(client, planner, written, value):
    client.force_login(planner)
    for query in (f"plan={value}", f"plan={value}&format=xlsx"):
        response = client.get(reverse("reports:completeness") + "?" + query)
        assert response.status_code == 200
        assert response.context["table"] is None
        assert shows_the_errors(response)
        assert "Chưa có kế hoạch đã ban hành" not in response.content.decode()  # the error says why, not "no plan"


@pytest.mark.django_db
def test_completeness_without_a_plan_shows_the_latest(client, planner, written, plan):
    client.force_login(planner)
    for query in ({}, {"plan": ""}):
        response = client.get(reverse("reports:completeness"), query)
        assert not response.context["form"].errors
        assert response.context["plan"] == plan


@pytest.mark.django_db
def test_review_queue_offers_the_chosen_plans_periods_only(client, planner, written, plan, q1):
    from plans.tests.factories import PlanFactory
    from reports.tests.factories import ReportingPeriodFactory

    other = ReportingPeriodFactory(plan=PlanFactory())
    client.force_login(planner)
    url = reverse("reports:report_list")

    def offered(**params):
        return set(client.get(url, params).context["form"].fields["period"].queryset)

    assert offered() == set()  # no plan chosen: only "All periods", with a hint to choose a plan
    assert "Chọn kế hoạch trước để hiện danh sách kỳ báo cáo" in client.get(url).content.decode()
    assert offered(plan=plan.pk) == set(plan.reporting_periods.all()) and other not in offered(plan=plan.pk)
    asked = client.get(url, {"status": "", "period": q1.pk})  # a period asked for by its id, without its plan
    assert set(asked.context["form"].fields["period"].queryset) == {q1}
    assert asked.context["page_obj"].paginator.count == 2
