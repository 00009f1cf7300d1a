"""The engine's access guards: invisible is a 404, visible but not allowed is a 403.

Every app that reaches a plan, objective or task by id goes through these (never its own copy)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.models import UnitMembership, User

from .models import (
    Assignment,
    ExplanationDocument,
    ExplanationReply,
    ExtensionDocument,
    ExtensionRequest,
    Objective,
    Plan,
    Task,
)

MANAGE = "plans.manage_plans"


def may_manage_plans(user) -> bool:
    """Central planners (and administrators): write, issue, amend and close plans; decide extensions."""
    return user.has_perm(MANAGE)


def may_see_orphaned_work(user) -> bool:
    """Central planners and administrators: the list of open work that reaches no officer."""
    return may_manage_plans(user) or user.role == User.Role.ADMINISTRATOR
def may_request_extension(user, task: Task) -> bool:
    """An officer of the task's current lead unit (or of a unit it succeeded) asks for a new deadline."""
    if not user.has_perm("plans.submit_reports"):
        return False
    return Assignment.objects.current().filter(
        task=task, role=Assignment.Role.LEAD, unit_id__in=user.unit_lineage_ids
    ).exists()


def may_request_explanations(user) -> bool:
    """Leadership and central planners ask units to explain a late or at-risk task."""
    return user.has_perm("plans.request_explanations")


def get_plan_for_user(user, pk, *, to_edit=False) -> Plan:
    plan = get_object_or_404(Plan.objects.visible_to(user), pk=pk)
    if to_edit and not plan.is_editable_by(user):
        raise PermissionDenied
    return plan


def get_objective_for_user(user, pk, *, to_edit=False) -> Objective:
    visible = Objective.objects.filter(plan__in=Plan.objects.visible_to(user)).select_related("plan")
    objective = get_object_or_404(visible, pk=pk)
    if to_edit and not objective.plan.is_editable_by(user):
        raise PermissionDenied
    return objective


def get_task_for_user(user, pk, *, to_edit=False) -> Task:
    task = get_object_or_404(Task.objects.visible_to(user).select_related("plan", "objective"), pk=pk)
    if to_edit and not task.plan.is_editable_by(user):
        raise PermissionDenied
    return task


def get_extension_for_user(user, pk, *, to_edit=False, to_decide=False) -> ExtensionRequest:
    extension = get_object_or_404(
        ExtensionRequest.objects.visible_to(user).select_related("task__plan", "unit", "requested_by", "decided_by"), pk=pk
    )
    if (to_edit and not extension.is_editable_by(user)) or (to_decide and not may_manage_plans(user)):
        raise PermissionDenied
    return extension


def get_extension_document_for_user(user, pk) -> ExtensionDocument:
    return get_object_or_404(ExtensionDocument.objects.visible_to(user), pk=pk)


def get_explanation_reply_for_user(user, pk, *, to_edit=False) -> ExplanationReply:
    reply = get_object_or_404(
        ExplanationReply.objects.visible_to(user).select_related("request__task__plan", "request__requested_by", "unit"),
        pk=pk,
    )
    if to_edit and not reply.is_editable_by(user):
        raise PermissionDenied
    return reply


def get_explanation_document_for_user(user, pk) -> ExplanationDocument:
    return get_object_or_404(ExplanationDocument.objects.visible_to(user), pk=pk)


# --- Hand-down inside a unit ----------------------------------------------------------------

FOCAL = "plans.submit_reports"


def is_focal_officer_of(user, assignment: Assignment) -> bool:
    """A focal officer of the assignment's unit (or of its successor): answers for the unit's part."""
    return user.has_perm(FOCAL) and assignment.unit_id in user.unit_lineage_ids


def may_hand_down(user, assignment: Assignment) -> bool:
    """A focal officer hands the unit's part in a live task to a colleague, or takes it back; not the
    executing officer themself."""
    return (
        is_focal_officer_of(user, assignment)
        and not assignment.is_executed_by(user)
        and assignment.removed_at is None
        and assignment.task.is_live
    )


def unit_colleagues(user):
    """The active members of the user's unit today (dated memberships), the user left out: whom an
    assignment can be handed to."""
    if not user.unit_id:
        return User.objects.none()
    members = UnitMembership.objects.active_on().filter(unit_id=user.unit_id).values("user_id")
    return User.objects.filter(pk__in=members, is_active=True).exclude(pk=user.pk).order_by(
        "last_name", "first_name", "username"
    )


def get_assignment_for_user(user, pk, *, to_hand_down=False) -> Assignment:
    """`to_hand_down`: the user may hand the assignment down or take it back."""
    assignment = get_object_or_404(
        Assignment.objects.visible_to(user).filter(task__in=Task.objects.visible_to(user))
        .select_related("task__plan", "unit", "executing_officer"),
        pk=pk,
    )
    if to_hand_down and not may_hand_down(user, assignment):
        raise PermissionDenied
    return assignment
