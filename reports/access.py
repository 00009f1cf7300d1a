"""Access guards of progress reporting: invisible is a 404, visible but not allowed is a 403.

Every page, export and download that reaches a report, a reporting period or an evidence file by
id goes through these. Plans are reached through the engine's own guards (`plans.access`).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.models import User
from plans.access import may_manage_plans
from plans.models import Assignment, Plan

from .models import (
    ProgressReport,
    ReportAttachment,
    ReportingPeriod,
    is_open_for_reports,
    may_report_on,
    may_review_reports,
    periods_may_change,
)

REPORT_RELATED = ("assignment__task__plan", "assignment__unit", "period", "unit", "submitted_by", "reviewed_by")


def can_start_report(user: User, assignment: Assignment) -> bool:
    """The user may write a new report on `assignment`: they report on it, and it is still open for reports."""
    return may_report_on(user, assignment) and is_open_for_reports(assignment)


def may_manage_periods(user: User, plan: Plan) -> bool:
    """Central planners set up a plan's reporting periods while they may still change."""
    return may_manage_plans(user) and periods_may_change(plan)


def get_report_for_user(user: User, pk, *, to_edit: bool = False, to_review: bool = False) -> ProgressReport:
    """`to_edit`: the user writes this report (its state, draft or not, is the services' to judge);
    `to_review`: the user reviews reports."""
    report = get_object_or_404(ProgressReport.objects.visible_to(user).select_related(*REPORT_RELATED), pk=pk)
    if to_edit and not report.is_writable_by(user):
        raise PermissionDenied
    if to_review and not may_review_reports(user):
        raise PermissionDenied
    return report


def get_assignment_and_period_for_user(user: User, assignment_pk, period_pk) -> tuple[Assignment, ReportingPeriod]:
    """What a new report is written on: a visible assignment and a period of its plan (any other is a 404)."""
    assignment = get_object_or_404(
        Assignment.objects.visible_to(user).select_related("task__plan", "unit"), pk=assignment_pk
    )
    period = get_object_or_404(ReportingPeriod.objects.filter(plan=assignment.task.plan_id), pk=period_pk)
    return assignment, period


def get_period_for_user(user: User, pk, *, to_edit: bool = False) -> ReportingPeriod:
    """`to_edit`: the user sets up reporting periods (the plan's state is the services' to judge)."""
    period = get_object_or_404(ReportingPeriod.objects.visible_to(user).select_related("plan"), pk=pk)
    if to_edit and not may_manage_plans(user):
        raise PermissionDenied
    return period


def get_attachment_for_user(user: User, pk, *, to_edit: bool = False) -> ReportAttachment:
    """An evidence file not removed, of a visible report; `to_edit`: the user writes that report."""
    attachment = get_object_or_404(
        ReportAttachment.objects.visible_to(user).select_related("report__assignment__task__plan"), pk=pk
    )
    if to_edit and not attachment.report.is_writable_by(user):
        raise PermissionDenied
    return attachment


def attachments_of(report: ProgressReport | None, user: User):
    """The evidence files of `report` the user may download, oldest first."""
    if report is None:
        return ReportAttachment.objects.none()
    return ReportAttachment.objects.visible_to(user).filter(report=report).select_related("uploaded_by")
