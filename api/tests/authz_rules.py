"""Who gets what on every API route and on the tokens page (walked by tests/test_authorization_matrix.py).

The matrix signs in with the browser session; without it the API answers 401 (not the login
redirect of the pages). Token-specific rules (scope, expiry) are in test_tokens.py."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from agreements.tests.factories import CoverageCertificateFactory, SocialInsuranceAgreementFactory
from api import services
from api.models import PersonalAccessToken
from conferences.tests.factories import AgendaSessionFactory, ConferenceFactory, InvitationFactory, ParticipantFactory
from plans.models import Assignment, Plan
from plans.tests.factories import ObjectiveFactory, PlanFactory, TaskFactory
from reports.services import periods_create_defaults
from reports.tests.factories import ProgressReportFactory, submitted_report
from tests.authz import Rule, everyone, unit_scoped

UNAUTHENTICATED = 401


def signed_in(expect: dict) -> dict:
    """An API rule: the anonymous caller gets a 401 problem, not a redirect."""
    return {**expect, "anonymous": UNAUTHENTICATED}


def build(world):
    officer = world.users["officer"]
    plan = PlanFactory(number="977/KH-BHXH", year=2024)
    periods_create_defaults(plan=plan)
    task = TaskFactory(objective=ObjectiveFactory(plan=plan), lead=world.unit)
    assignment = task.assignments.get(role=Assignment.Role.LEAD)
    draft_plan = Plan.objects.create(
        year=2025, title="Dự thảo API", issuing_unit=plan.issuing_unit, status=Plan.Status.DRAFT,
        created_by=world.users["planner"],
    )
    conference = ConferenceFactory()
    InvitationFactory(conference=conference, unit=world.unit)
    AgendaSessionFactory(conference=conference)
    ParticipantFactory(invitation=conference.invitations.get())
    token, _secret = services.token_create(
        user=officer, name="ma trận", scope=PersonalAccessToken.Scope.READ,
        expires_on=timezone.localdate() + datetime.timedelta(days=7), by=officer,
    )
    world.api = SimpleNamespace(
        plan=plan, task=task, assignment=assignment, draft_plan=draft_plan,
        objective=task.objective,
        period=plan.reporting_periods.get(label="Quý I/2024"),
        draft=ProgressReportFactory(assignment=assignment, period=plan.reporting_periods.get(label="Quý I/2024")),
        submitted=submitted_report(assignment, plan.reporting_periods.get(label="Quý II/2024"), by=officer),
        certificate=CoverageCertificateFactory(agreement=SocialInsuranceAgreementFactory(), office=world.unit),
        conference=conference,
        token=token,
    )


def _a(world):
    return world.api


def pk_of(name):
    return lambda w: {"pk": getattr(_a(w), name).pk}


READ_ALL = signed_in(everyone(200))
UNIT_READ = signed_in(unit_scoped(200))
UNIT_WRITES = signed_in(everyone(403, officer=200, other_officer=404))
PLANNER_REVIEWS = signed_in(everyone(403, other_officer=404, planner=200, admin=200))

RULES = {
    "api:unit-list": Rule(expect=READ_ALL),
    "api:unit-detail": Rule(kwargs=lambda w: {"pk": w.unit.pk}, expect=READ_ALL),
    "api:plan-list": Rule(expect=READ_ALL),
    "api:plan-detail": Rule(kwargs=pk_of("plan"), expect=UNIT_READ),
    "api:objective-list": Rule(expect=READ_ALL),
    "api:objective-detail": Rule(kwargs=pk_of("objective"), expect=UNIT_READ),
    "api:task-list": Rule(expect=READ_ALL),
    "api:task-detail": Rule(kwargs=pk_of("task"), expect=UNIT_READ),
    "api:assignment-list": Rule(expect=READ_ALL),
    "api:assignment-detail": Rule(kwargs=pk_of("assignment"), expect=UNIT_READ),
    "api:period-list": Rule(expect=READ_ALL),
    "api:period-detail": Rule(kwargs=pk_of("period"), expect=UNIT_READ),
    "api:report-list": Rule(expect=READ_ALL),
    "api:report-detail": Rule(kwargs=pk_of("draft"), expect=UNIT_READ),
    "api:report-submit": Rule(
        kwargs=pk_of("draft"), method="post", data=lambda w: {"lock_version": _a(w).draft.lock_version},
        expect=UNIT_WRITES,
    ),
    "api:report-approve": Rule(
        kwargs=pk_of("submitted"), method="post", data=lambda w: {"lock_version": _a(w).submitted.lock_version},
        expect=PLANNER_REVIEWS,
    ),
    "api:report-return": Rule(
        kwargs=pk_of("submitted"), method="post",
        data=lambda w: {"lock_version": _a(w).submitted.lock_version, "comment": "Bổ sung số liệu"},
        expect=PLANNER_REVIEWS,
    ),
    "api:agreement-list": Rule(expect=READ_ALL),
    "api:agreement-detail": Rule(kwargs=lambda w: {"pk": _a(w).certificate.agreement_id}, expect=READ_ALL),
    "api:certificate-list": Rule(expect=READ_ALL),
    "api:certificate-detail": Rule(kwargs=pk_of("certificate"), expect=UNIT_READ),
    "api:conference-list": Rule(expect=READ_ALL),
    "api:conference-detail": Rule(kwargs=pk_of("conference"), expect=UNIT_READ),
    "api:schema": Rule(expect=READ_ALL),
    "api:docs": Rule(expect=everyone(200)),
    "api:token_list": Rule(expect=everyone(200)),
    # Only the owner sees (and revokes) a token; anyone else's is a 404.
    "api:token_revoke": Rule(kwargs=pk_of("token"), method="post", expect=everyone(404, officer=302)),
}
