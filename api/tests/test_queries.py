"""Every list of the API costs the same number of queries for one row as for a full page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Unit
from accounts.tests.factories import UnitFactory
from agreements.tests.factories import AgreementFactory, CoverageCertificateFactory, SocialInsuranceAgreementFactory
from conferences.tests.factories import ConferenceFactory, InvitationFactory
from plans.models import Plan
from plans.tests.factories import ObjectiveFactory, PlanFactory, TaskFactory
from reports.services import periods_create_defaults
from reports.tests.factories import ProgressReportFactory

from .factories import bearer, token_for

LISTS = ["units", "plans", "objectives", "tasks", "assignments", "periods", "reports", "agreements", "certificates",
         "conferences"]


@pytest.fixture
def many(db, planner):
    office = UnitFactory()
    partners = [UnitFactory(kind=Unit.Kind.PARTNER) for _ in range(3)]
    for year in (2023, 2024, 2025):
        plan = PlanFactory(year=year, kind=Plan.Kind.AGREEMENT)
        periods_create_defaults(plan=plan)
        period = plan.reporting_periods.first()
        for _ in range(2):
            task = TaskFactory(objective=ObjectiveFactory(plan=plan), lead=office, coordinating=[UnitFactory()])
            task.partners.set(partners)
            for assignment in task.assignments.all():
                ProgressReportFactory(assignment=assignment, period=period)
        agreement = AgreementFactory(counterpart=partners[0])
        agreement.parties.set(partners)
        agreement.liaison_institutions.set(partners[:1])
        agreement.implementation_plans.add(plan)
        CoverageCertificateFactory(agreement=SocialInsuranceAgreementFactory(), office=office)
        conference = ConferenceFactory()
        InvitationFactory(conference=conference, unit=office)
        InvitationFactory(conference=conference, unit=UnitFactory())
    return planner


def _queries(client, headers, path, size) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, {"page_size": size}, **headers)
    assert response.status_code == 200, response.content
    return len(captured), len(response.json()["results"])


@pytest.mark.parametrize("name", LISTS)
def test_list_queries_do_not_grow_with_rows(client, many, name):
    headers = bearer(token_for(many))
    path = f"/api/v1/{name}/"
    _queries(client, headers, path, 1)  # warm caches (content types, permissions) alike for both runs
    one, one_rows = _queries(client, headers, path, 1)
    full, full_rows = _queries(client, headers, path, 50)
    assert one_rows == 1 and full_rows >= 3
    assert full == one, f"{path}: {one} queries for 1 row, {full} for {full_rows}"
