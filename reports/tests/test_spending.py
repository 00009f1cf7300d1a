"""Assignment.spent_to_date: the amount of the latest approved report, kept by the approval (issue 19)."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import Assignment
from reports import services
from reports.tests.factories import submitted_report

pytestmark = pytest.mark.django_db


def _period(plan, month):
    return plan.reporting_periods.filter(start__month=month).order_by("end").first()


def _approve(report, planner):
    return services.report_approve(report=report, by=planner, expected_version=report.lock_version)


def test_approval_keeps_the_latest_periods_amount_even_when_an_older_one_is_approved_later(
    planner, officer, lead_assignment, plan, q1
):
    q2 = _period(plan, 4)
    _approve(submitted_report(lead_assignment, q1, by=officer, amount_spent=10_000_000), planner)
    lead_assignment.refresh_from_db()
    assert lead_assignment.spent_to_date == 10_000_000
    newer = submitted_report(lead_assignment, q2, by=officer, amount_spent=25_000_000)
    submitted_report(lead_assignment, _period(plan, 7), by=officer, amount_spent=99)
    _approve(newer, planner)
    lead_assignment.refresh_from_db()
    assert lead_assignment.spent_to_date == 25_000_000  # a report still waiting for review does not count


def test_approval_of_an_older_period_does_not_roll_spending_back(planner, officer, lead_assignment, plan, q1):
    q2 = _period(plan, 4)
    _approve(submitted_report(lead_assignment, q2, by=officer, amount_spent=25_000_000), planner)
    _approve(submitted_report(lead_assignment, q1, by=officer, amount_spent=10_000_000), planner)
    lead_assignment.refresh_from_db()
    assert lead_assignment.spent_to_date == 25_000_000


def test_refresh_is_one_query_for_any_number_of_assignments(planner, officer, lead_assignment, q1):
    _approve(submitted_report(lead_assignment, q1, by=officer, amount_spent=7_000_000), planner)
    Assignment.objects.update(spent_to_date=0)
    with CaptureQueriesContext(connection) as queries:
        changed = services.assignments_refresh_spending(assignments=Assignment.objects.all())
    assert len(queries) == 1 and changed == Assignment.objects.count()
    assert Assignment.objects.get(pk=lead_assignment.pk).spent_to_date == 7_000_000


def test_data_migration_fills_spending_from_the_approved_history(planner, officer, lead_assignment, q1):
    _approve(submitted_report(lead_assignment, q1, by=officer, amount_spent=3_000_000), planner)
    Assignment.objects.update(spent_to_date=0)
    migration = importlib.import_module("reports.migrations.0007_fill_assignment_spent_to_date")
    migration.fill(apps, None)
    assert Assignment.objects.get(pk=lead_assignment.pk).spent_to_date == 3_000_000
