import pytest

from accounts.models import User
from plans.models import Assignment
from plans.tests.factories import PlanFactory, TaskFactory
from reports.models import ReportingPeriod
from reports.services import periods_create_defaults


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def plan(db):
    """An issued 2024 plan with its six default reporting periods."""
    plan = PlanFactory(year=2024)
    periods_create_defaults(plan=plan)
    return plan


@pytest.fixture
def q1(plan):
    return plan.reporting_periods.get(kind=ReportingPeriod.Kind.QUARTER, start__month=1)


@pytest.fixture
def task(plan, unit, other_unit):
    """Led by the officer's unit, with `other_unit` coordinating."""
    return TaskFactory(objective__plan=plan, lead=unit, coordinating=[other_unit])


@pytest.fixture
def lead_assignment(task):
    return task.assignments.get(role=Assignment.Role.LEAD)


@pytest.fixture
def coordinating_assignment(task):
    return task.assignments.get(role=Assignment.Role.COORDINATING)


@pytest.fixture
def other_officer(make_user, other_unit):
    return make_user(User.Role.UNIT_OFFICER, other_unit, username="other-officer")

