"""Who gets what on every report URL. A unit officer's report: the other unit's officer gets a 404;
central staff read it but cannot write it (403); only central planners review and set up periods."""

from types import SimpleNamespace

from plans.models import Assignment
from plans.tests.factories import PlanFactory, TaskFactory
from reports.models import ReportingPeriod
from reports.services import attachment_add, periods_create_defaults
from reports.tests.factories import ProgressReportFactory, ReportingPeriodFactory, pdf_upload, submitted_report
from tests.authz import Rule, everyone, unit_scoped

UNIT_WRITES_PAGE = everyone(403, officer=200, other_officer=404)
UNIT_WRITES_ACTION = everyone(403, officer=302, other_officer=404)
PLANNER_REVIEWS = everyone(403, other_officer=404, planner=302, admin=302)
PLANNER_PAGE = everyone(403, other_officer=404, planner=200, admin=200)
PLANNER_ACTION = everyone(403, other_officer=404, planner=302, admin=302)


def build(world):
    plan = PlanFactory(year=2024, number="901/KH-BHXH")
    periods_create_defaults(plan=plan)
    task = TaskFactory(objective__plan=plan, lead=world.unit)
    assignment = task.assignments.get(role=Assignment.Role.LEAD)
    q1 = plan.reporting_periods.get(label="Quý I/2024")
    q2 = plan.reporting_periods.get(label="Quý II/2024")
    draft = ProgressReportFactory(assignment=assignment, period=q1)
    officer = world.users["officer"]
    world.reports = SimpleNamespace(
        plan=plan,
        assignment=assignment,
        unwritten_period=plan.reporting_periods.get(kind=ReportingPeriod.Kind.HALF_YEAR),
        draft=draft,
        submitted=submitted_report(assignment, q2, by=officer),
        attachment=attachment_add(report=draft, upload=pdf_upload(), by=officer),
        unused_period=ReportingPeriodFactory(plan=plan, label="Kỳ bổ sung"),
    )


def _r(world):
    return world.reports


RULES = {
    "reports:report_list": Rule(expect=everyone(200)),
    "reports:completeness": Rule(expect=everyone(200)),
    "reports:report_create": Rule(
        kwargs=lambda w: {"assignment_pk": _r(w).assignment.pk, "period_pk": _r(w).unwritten_period.pk},
        expect=UNIT_WRITES_PAGE,
    ),
    "reports:report_detail": Rule(kwargs=lambda w: {"pk": _r(w).draft.pk}, expect=unit_scoped(200)),
    "reports:report_edit": Rule(kwargs=lambda w: {"pk": _r(w).draft.pk}, expect=UNIT_WRITES_PAGE),
    "reports:report_submit": Rule(
        kwargs=lambda w: {"pk": _r(w).draft.pk}, method="post",
        data=lambda w: {"lock_version": _r(w).draft.lock_version}, expect=UNIT_WRITES_ACTION,
    ),
    "reports:report_approve": Rule(
        kwargs=lambda w: {"pk": _r(w).submitted.pk}, method="post",
        data=lambda w: {"lock_version": _r(w).submitted.lock_version}, expect=PLANNER_REVIEWS,
    ),
    "reports:report_return": Rule(
        kwargs=lambda w: {"pk": _r(w).submitted.pk}, method="post",
        data=lambda w: {"lock_version": _r(w).submitted.lock_version, "comment": "Bổ sung số liệu"},
        expect=PLANNER_REVIEWS,
    ),
    "reports:attachment_upload": Rule(
        kwargs=lambda w: {"pk": _r(w).draft.pk}, method="post",
        data=lambda w: {"attachment": pdf_upload()}, expect=UNIT_WRITES_ACTION,
    ),
    "reports:attachment_download": Rule(kwargs=lambda w: {"pk": _r(w).attachment.pk}, expect=unit_scoped(200)),
    "reports:attachment_remove": Rule(
        kwargs=lambda w: {"pk": _r(w).attachment.pk}, method="post", expect=UNIT_WRITES_ACTION,
    ),
    "reports:period_list": Rule(kwargs=lambda w: {"plan_pk": _r(w).plan.pk}, expect=unit_scoped(200)),
    "reports:period_create": Rule(kwargs=lambda w: {"plan_pk": _r(w).plan.pk}, expect=PLANNER_PAGE),
    "reports:period_defaults": Rule(
        kwargs=lambda w: {"plan_pk": _r(w).plan.pk}, method="post", data=lambda w: {"due_days": 15},
        expect=PLANNER_ACTION,
    ),
    "reports:period_edit": Rule(kwargs=lambda w: {"pk": _r(w).unused_period.pk}, expect=PLANNER_PAGE),
    "reports:period_delete": Rule(kwargs=lambda w: {"pk": _r(w).unused_period.pk}, method="post", expect=PLANNER_ACTION),
}
