"""The tracking engine's view of an instrument: its implementation plans, their tasks by status,
late tasks, the units involved and the latest reports, each through its own guard."""

from django.db.models import Count, Prefetch

from accounts.models import Unit
from plans.models import Assignment, Plan, Task
from reports.models import ProgressReport

from .models import Agreement

LATE_TASKS_SHOWN = 20
LATEST_REPORTS_SHOWN = 10


def implementation_summary(agreement: Agreement, user) -> dict:
    """What the agreement's page shows of its implementation, as `user` may see it (a fixed number of queries)."""
    plans = Plan.objects.visible_to(user).filter(agreements=agreement).with_progress().order_by("-year", "number")
    tasks = Task.objects.visible_to(user).filter(plan__agreements=agreement)
    counts = dict(tasks.order_by().values_list("status").annotate(n=Count("pk")))
    late = (
        tasks.overdue().select_related("plan")
        .prefetch_related(Prefetch(
            "assignments", to_attr="leads",
            queryset=Assignment.objects.current().filter(role=Assignment.Role.LEAD).select_related("unit"),
        ))
        .order_by("deadline", "pk")
    )
    latest_reports = (
        ProgressReport.objects.visible_to(user).filter(assignment__task__in=tasks)
        .exclude(status=ProgressReport.Status.DRAFT)
        .select_related("assignment__task", "unit", "period")
        .order_by("-submitted_at", "-pk")
    )
    return {
        "plans": plans,
        "tasks_by_status": [(value, label, counts.get(value, 0)) for value, label in Task.Status.choices],
        "task_total": sum(counts.values()),
        "late_tasks": late[:LATE_TASKS_SHOWN],
        "late_count": tasks.overdue().count(),
        "latest_reports": latest_reports[:LATEST_REPORTS_SHOWN],
        "units_involved": _units_involved(tasks),
    }


def _units_involved(tasks) -> list[dict]:
    """Each unit with a current assignment on `tasks`: how many it leads and coordinates, leads first."""
    involvement = (
        Assignment.objects.current().filter(task__in=tasks).order_by()
        .values_list("unit_id", "role").annotate(n=Count("task_id", distinct=True))
    )
    per_unit: dict[int, dict] = {}
    for unit_id, role, n in involvement:
        per_unit.setdefault(unit_id, {"lead": 0, "coordinating": 0})[role] = n
    units = Unit.objects.in_bulk(per_unit) if per_unit else {}
    return sorted(
        ({"unit": units[unit_id], **roles} for unit_id, roles in per_unit.items()),
        key=lambda row: (-row["lead"], row["unit"].name_vi),
    )
