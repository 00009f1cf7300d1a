"""The engine's access guards: invisible is a 404, visible but not allowed is a 403.

Every app that reaches a plan, objective or task by id goes through these (never its own copy)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.models import User

from .models import Objective, Plan, Task

MANAGE = "plans.manage_plans"


def may_manage_plans(user) -> bool:
    """Central planners (and administrators): write, issue, amend and close plans."""
    return user.has_perm(MANAGE)


def may_see_orphaned_work(user) -> bool:
    """Central planners and administrators: the list of open work that reaches no officer."""
    return may_manage_plans(user) or user.role == User.Role.ADMINISTRATOR


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
