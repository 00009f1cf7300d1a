import datetime
from types import SimpleNamespace

import pytest

from accounts.models import User
from accounts.tests.factories import UnitFactory, UserFactory
from plans.models import Assignment, Plan
from plans.tests.factories import ObjectiveFactory, PlanFactory, TaskFactory
from reports.services import periods_create_defaults
from reports.tests.factories import ProgressReportFactory, submitted_report

from .factories import bearer, token_for


@pytest.fixture
def api_world(db):
    """Two provincial offices with a task each in an issued plan, a draft plan, and reports."""
    haiphong = UnitFactory(code="P34-HAIPHONG-T", name_vi="Bảo hiểm xã hội thành phố Hải Phòng", name_en="Hải Phòng")
    hanoi = UnitFactory(code="P34-HANOI-T", name_vi="Bảo hiểm xã hội thành phố Hà Nội", name_en="Hà Nội")
    plan = PlanFactory(year=2024, number="234/KH-BHXH")
    periods_create_defaults(plan=plan)
    q1 = plan.reporting_periods.get(label="Quý I/2024")
    task_hp = TaskFactory(objective=ObjectiveFactory(plan=plan), lead=haiphong, title="Hội thảo Hiệp định Hàn Quốc")
    task_hn = TaskFactory(objective=task_hp.objective, lead=hanoi, title="Đoàn ra Lào")
    officer = UserFactory(username="api-hp", unit=haiphong, role=User.Role.UNIT_OFFICER)
    other = UserFactory(username="api-hn", unit=hanoi, role=User.Role.UNIT_OFFICER)
    planner = UserFactory(username="api-central", role=User.Role.CENTRAL_PLANNER)
    leader = UserFactory(username="api-leader", role=User.Role.LEADERSHIP)
    draft = Plan.objects.create(
        year=2025, title="Dự thảo kế hoạch 2025", issuing_unit=plan.issuing_unit, created_by=planner,
        status=Plan.Status.DRAFT,
    )
    hp_assignment = task_hp.assignments.get(role=Assignment.Role.LEAD)
    hn_assignment = task_hn.assignments.get(role=Assignment.Role.LEAD)
    return SimpleNamespace(
        haiphong=haiphong, hanoi=hanoi, plan=plan, q1=q1, q2=plan.reporting_periods.get(label="Quý II/2024"),
        task_hp=task_hp, task_hn=task_hn, officer=officer, other=other, planner=planner, leader=leader,
        draft=draft, draft_objective=ObjectiveFactory(plan=draft), hp_assignment=hp_assignment,
        hn_assignment=hn_assignment,
        hp_draft=ProgressReportFactory(assignment=hp_assignment, period=q1, results=""),
        hn_submitted=submitted_report(hn_assignment, q1, by=other),
        today=datetime.date(2024, 5, 1),
    )


@pytest.fixture
def as_user(client):
    """A test client calling the API with a token of `user` (scope read-write unless told)."""

    def call(user, **token_kwargs):
        headers = bearer(token_for(user, **token_kwargs))

        class Caller:
            def get(self, path, data=None, **extra):
                return client.get(path, data, **headers, **extra)

            def post(self, path, data=None, **extra):
                return client.post(path, data or {}, content_type="application/json", **headers, **extra)

            def patch(self, path, data=None, **extra):
                return client.patch(path, data or {}, content_type="application/json", **headers, **extra)

        return Caller()

    return call
