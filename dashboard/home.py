"""The role-aware start page: an officer's unit work, a planner's plans; leadership lands on the dashboard.

It lives at the top layer because it gathers what every app below offers."""

from django.db.models import Count
from django.shortcuts import redirect, render

from accounts.models import Unit
from plans.access import may_manage_plans, may_see_orphaned_work
from plans.models import Assignment, ExplanationReply, ExtensionRequest, Plan, Task, late_tasks, today
from reports.worklist import unit_work, work_items

HOME_WORK_ITEMS = 10


def ended_unit_note(user) -> dict | None:
    """For an officer whose unit has ended: who carries its open work now, and until when the officer
    may still write its reports (they keep reading its history)."""
    unit = user.unit
    if not user.is_unit_officer or unit is None or unit.valid_to is None or unit.valid_to >= today():
        return None
    carrier = Unit.objects.succession_on().carrier(unit.pk)
    return {
        "unit": unit,
        "carrier": Unit.objects.get(pk=carrier) if carrier != unit.pk else None,
        "reports_until": unit.reports_until(),
        "may_still_write": unit.reports_until() >= today(),
    }


def home(request):
    user = request.user
    if user.role == user.Role.LEADERSHIP:
        return redirect("dashboard:dashboard")
    year = today().year
    tasks = Task.objects.visible_to(user).of_year(year).open()  # the year's work, as the dashboard counts it
    counts = tasks.aggregate(open=Count("pk"), overdue=Count("pk", filter=late_tasks()))  # one pass over the slice
    context = {
        "role": user.role,
        "year": year,
        "work": work_items(unit_work(user)[:HOME_WORK_ITEMS]) if user.is_unit_officer else [],
        "open_tasks": tasks.select_related("plan").order_by("effective_deadline", "pk")[:10],
        "overdue_count": counts["overdue"],
        "open_count": counts["open"],
        # An aggregate drops Meta.ordering: say "newest year first" again.
        "plans": Plan.objects.visible_to(user).with_progress().select_related("issuing_unit").order_by(*Plan._meta.ordering)[:5],
        "ended_unit": ended_unit_note(user),
        "orphaned_count": Assignment.objects.orphaned().count() if may_see_orphaned_work(user) else None,
        # What the unit owes leadership, and what waits for a planner's decision.
        "explanations": (
            ExplanationReply.objects.visible_to(user).awaited()
            .select_related("request__task__plan", "request__requested_by", "unit").order_by("request__reply_by", "pk")[:10]
            if user.is_unit_officer else []
        ),
        "pending_extensions": ExtensionRequest.objects.visible_to(user).pending().count() if may_manage_plans(user) else None,
    }
    return render(request, "dashboard/home.html", context)
