"""The role-aware start page: an officer's unit work, a planner's plans; leadership lands on the dashboard.

It lives at the top layer because it gathers what every app below offers."""

from django.shortcuts import redirect, render

from plans.access import may_manage_plans
from plans.models import ExplanationReply, ExtensionRequest, Plan, Task, late_tasks
from reports.worklist import unit_work, work_items

HOME_WORK_ITEMS = 10


def home(request):
    user = request.user
    if user.role == user.Role.LEADERSHIP:
        return redirect("dashboard:dashboard")
    tasks = Task.objects.visible_to(user).live()
    context = {
        "role": user.role,
        "work": work_items(unit_work(user)[:HOME_WORK_ITEMS]) if user.is_unit_officer else [],
        "open_tasks": tasks.select_related("plan").order_by("effective_deadline", "pk")[:10],
        "overdue_count": tasks.filter(late_tasks()).count(),
        "open_count": tasks.count(),
        "plans": Plan.objects.visible_to(user).with_progress().select_related("issuing_unit")[:5],
        # What the unit owes leadership, and what waits for a planner's decision.
        "explanations": (
            ExplanationReply.objects.visible_to(user).awaited()
            .select_related("request__task__plan", "request__requested_by", "unit").order_by("request__reply_by", "pk")[:10]
            if user.is_unit_officer else []
        ),
        "pending_extensions": ExtensionRequest.objects.visible_to(user).pending().count() if may_manage_plans(user) else None,
    }
    return render(request, "dashboard/home.html", context)
