"""Snapshots of a plan at each issued version, and what changed between two of them."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from core.money import format_vnd

from .models import Assignment, Plan, Task

# Task fields compared between versions, with their labels.
TASK_FIELDS = {
    "title": _("title"),
    "content": _("content"),
    "category": _("category"),
    "expected_result": _("expected result"),
    "objective": _("objective"),
    "start_date": _("start date"),
    "deadline": _("deadline"),
    "budget": _("budget (VND)"),
    "funding_source": _("funding source"),
    "status": _("status"),
    "lead": _("Lead unit"),
    "coordinating": _("coordinating units"),
}
MONEY_FIELDS = {"budget"}
PLAN_FIELDS = {"number": _("document number"), "title": _("title"), "general_goal": _("general goal")}


def plan_snapshot(plan: Plan) -> dict:
    """The plan's content as plain data (JSON-serialisable), in a fixed number of queries."""
    tasks = (
        Task.objects.filter(plan=plan)
        .select_related("objective")
        .prefetch_related("assignments__unit")
        .order_by("objective__position", "position", "pk")
    )
    objectives = plan.objectives.order_by("position", "pk")
    numbers = {objective.pk: index for index, objective in enumerate(objectives, start=1)}
    snapshot_tasks = {}
    for task in tasks:
        current = [a for a in task.assignments.all() if a.removed_at is None]
        snapshot_tasks[str(task.pk)] = {
            "title": task.title,
            "content": task.content,
            "category": task.get_category_display(),
            "expected_result": task.expected_result,
            "objective": f"{numbers.get(task.objective_id, '?')}. {task.objective.text[:80]}",
            "start_date": task.start_date.strftime("%d/%m/%Y") if task.start_date else "",
            "deadline": task.deadline.strftime("%d/%m/%Y"),
            "budget": task.budget,
            "funding_source": task.get_funding_source_display(),
            "status": task.get_status_display(),
            "lead": ", ".join(a.unit.name_vi for a in current if a.role == Assignment.Role.LEAD),
            "coordinating": ", ".join(
                sorted(a.unit.name_vi for a in current if a.role == Assignment.Role.COORDINATING)
            ),
        }
    return {
        "plan": {"number": plan.number, "title": plan.title, "general_goal": plan.general_goal},
        "objectives": {str(o.pk): o.text for o in objectives},
        "tasks": snapshot_tasks,
    }


def _shown(name: str, value):
    """A compared value as the diff shows it: amounts with thousands separators."""
    return format_vnd(value) if name in MONEY_FIELDS and value is not None else value


@dataclass
class Change:
    kind: str  # "added", "removed" or "changed"
    what: str  # "plan", "objective" or "task"
    name: str
    fields: list = field(default_factory=list)  # [(label, before, after)]


def diff_snapshots(old: dict, new: dict) -> list[Change]:
    changes = []
    plan_fields = [
        (label, old["plan"].get(key), new["plan"].get(key))
        for key, label in PLAN_FIELDS.items()
        if old["plan"].get(key) != new["plan"].get(key)
    ]
    if plan_fields:
        changes.append(Change("changed", "plan", new["plan"]["title"], plan_fields))
    for section, what in (("objectives", "objective"),):
        for key in old[section].keys() - new[section].keys():
            changes.append(Change("removed", what, old[section][key]))
        for key in new[section].keys() - old[section].keys():
            changes.append(Change("added", what, new[section][key]))
        for key in old[section].keys() & new[section].keys():
            if old[section][key] != new[section][key]:
                changes.append(
                    Change("changed", what, new[section][key], [(_("objective"), old[section][key], new[section][key])])
                )
    old_tasks, new_tasks = old["tasks"], new["tasks"]
    for key in sorted(old_tasks.keys() - new_tasks.keys(), key=int):
        changes.append(Change("removed", "task", old_tasks[key]["title"]))
    for key in sorted(new_tasks.keys() - old_tasks.keys(), key=int):
        changes.append(Change("added", "task", new_tasks[key]["title"]))
    for key in sorted(old_tasks.keys() & new_tasks.keys(), key=int):
        before, after = old_tasks[key], new_tasks[key]
        fields = [
            (label, _shown(name, before.get(name)), _shown(name, after.get(name)))
            for name, label in TASK_FIELDS.items()
            if before.get(name) != after.get(name)
        ]
        if fields:
            changes.append(Change("changed", "task", after["title"], fields))
    return changes
