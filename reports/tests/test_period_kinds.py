"""Reporting periods of every kind (monthly to yearly), their data windows (Decree 09/2019/NĐ-CP,
Art. 12) and due dates, editable per period; the completeness table with any mix of kinds."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans.tests.factories import PlanFactory, TaskFactory
from reports import services
from reports.completeness import completeness_table
from reports.models import ReportingPeriod

pytestmark = pytest.mark.django_db
D = datetime.date
K = ReportingPeriod.Kind


def test_monthly_and_nine_month_periods_with_decree_windows():
    plan = PlanFactory(year=2026)
    services.periods_create_defaults(plan=plan, kinds=[K.MONTH, K.NINE_MONTHS, K.ANNUAL])
    periods = {p.label: p for p in plan.reporting_periods.all()}
    assert len(periods) == 14
    january, march = periods["Tháng 1/2026"], periods["Tháng 3/2026"]
    assert (january.start, january.end, january.data_from, january.data_to) == (
        D(2026, 1, 1), D(2026, 1, 31), D(2025, 12, 15), D(2026, 1, 14))
    assert (march.data_from, march.data_to, march.due_date) == (D(2026, 2, 15), D(2026, 3, 14), D(2026, 4, 10))
    nine = periods["9 tháng đầu năm 2026"]
    assert (nine.kind, nine.data_from, nine.data_to) == (K.NINE_MONTHS, D(2025, 12, 15), D(2026, 9, 14))
    year = periods["Năm 2026"]
    assert (year.data_from, year.data_to) == (D(2025, 12, 15), D(2026, 12, 14))


def test_default_quarters_keep_their_dates_and_get_the_decree_window():
    plan = PlanFactory(year=2026)
    services.periods_create_defaults(plan=plan)
    q2 = plan.reporting_periods.get(label="Quý II/2026")
    assert (q2.start, q2.end, q2.data_from, q2.data_to, q2.due_date) == (
        D(2026, 4, 1), D(2026, 6, 30), D(2026, 3, 15), D(2026, 6, 14), D(2026, 7, 10))
    assert plan.reporting_periods.count() == 6


def test_no_kind_chosen_is_an_error():
    with pytest.raises(ValidationError):
        services.periods_create_defaults(plan=PlanFactory(year=2026), kinds=[])


def test_window_and_due_date_are_editable_and_checked(planner):
    plan = PlanFactory(year=2026)
    period = services.period_create(plan=plan, by=planner, kind=K.MONTH, label="Tháng 5", start=D(2026, 5, 1),
                                    end=D(2026, 5, 31), due_date=D(2026, 6, 5))
    assert (period.data_from, period.data_to) == (D(2026, 5, 1), D(2026, 5, 31))  # the period itself by default
    period = services.period_update(period=period, expected_version=0, by=planner,
                                    changes={"data_from": D(2026, 4, 15), "data_to": D(2026, 5, 14), "due_date": D(2026, 5, 20)})
    assert (period.data_from, period.data_to, period.due_date) == (D(2026, 4, 15), D(2026, 5, 14), D(2026, 5, 20))
    with pytest.raises(ValidationError) as error:
        services.period_update(period=period, expected_version=1, by=planner,
                               changes={"data_from": D(2026, 5, 14), "data_to": D(2026, 4, 15)})
    assert "data_to" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.period_update(period=period, expected_version=1, by=planner, changes={"due_date": D(2026, 5, 10)})
    assert "due_date" in error.value.message_dict


def test_period_form_keeps_values_on_error(client, planner):
    plan = PlanFactory(year=2026)
    client.force_login(planner)
    response = client.post(reverse("reports:period_create", args=[plan.pk]), {
        "kind": K.MONTH, "label": "Tháng 7", "start": "01/07/2026", "end": "31/07/2026",
        "data_from": "15/07/2026", "data_to": "14/06/2026", "due_date": "10/08/2026",
    })
    assert response.status_code == 200
    assert 'value="15/07/2026"' in response.content.decode()
    assert not plan.reporting_periods.exists()


def test_completeness_table_handles_a_mix_of_kinds(planner, unit):
    plan = PlanFactory(year=2026)
    TaskFactory(objective__plan=plan, lead=unit, start_date=D(2026, 1, 1), deadline=D(2026, 12, 31))
    services.periods_create_defaults(plan=plan, kinds=[K.MONTH, K.QUARTER, K.ANNUAL])
    table = completeness_table(plan=plan, user=planner, today=D(2026, 12, 1))
    assert len(table.periods) == 17
    assert [p.end for p in table.periods] == sorted(p.end for p in table.periods)
    assert table.total.expected == 17
    monthly = completeness_table(plan=plan, user=planner, today=D(2026, 12, 1), kind=K.MONTH)
    assert {p.kind for p in monthly.periods} == {K.MONTH} and monthly.total.expected == 12
    assert monthly.total.missing == 10  # January to October are past due, none written


def test_completeness_page_filters_by_kind(client, planner, unit, django_assert_max_num_queries):
    plan = PlanFactory(year=2026)
    TaskFactory(objective__plan=plan, lead=unit, start_date=D(2026, 1, 1), deadline=D(2026, 12, 31))
    services.periods_create_defaults(plan=plan, kinds=[K.MONTH, K.QUARTER])
    client.force_login(planner)
    response = client.get(reverse("reports:completeness"), {"plan": plan.pk, "kind": K.QUARTER})
    html = response.content.decode()
    assert html.count('data-kind="quarter"') == 4 and 'data-kind="month"' not in html
    assert client.get(reverse("reports:completeness"), {"plan": plan.pk, "kind": "weekly"}).status_code == 200
