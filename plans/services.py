"""Writes to plans, objectives, tasks and assignments. Every function is one transaction."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Unit, UnitMembership
from accounts.succession import Stop, Succession
from core.locking import save_with_lock

from .access import may_hand_down, unit_colleagues
from .models import Assignment, Objective, Plan, PlanVersion, Task, today
from .signals import plan_issued
from .versions import plan_snapshot

PLAN_FIELDS = ["number", "issue_date", "year", "kind", "title", "issuing_unit", "general_goal", "signed_document"]
TASK_FIELDS = [
    "objective",
    "title",
    "content",
    "category",
    "expected_result",
    "reference",
    "start_date",
    "deadline",
    "budget",
    "funding_source",
    "status",
    "progress",
]


def _require_editable(plan: Plan) -> None:
    if not plan.is_editable:
        raise ValidationError(_("This plan is issued and locked. Start an amendment to change it."))


def _locked_plan(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


def _bump(plan: Plan, by, fields: list[str]) -> None:
    plan._history_user = by
    plan.lock_version += 1
    plan.save(update_fields=[*fields, "lock_version", "updated_at"])


def assignable_units(plan: Plan, today: datetime.date | None = None):
    """Units a planner may newly assign in this plan: internal, active in the plan's year, not ended."""
    today = today or timezone.localdate()
    return Unit.objects.internal().active_in_year(plan.year).exclude(valid_to__lt=today).order_by("kind", "name_vi")


# --- Plans --------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, by, **fields) -> Plan:
    plan = Plan(created_by=by, status=Plan.Status.DRAFT, **fields)
    plan.full_clean()
    plan._history_user = by
    plan.save()
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, expected_version: int, changes: dict, by) -> Plan:
    _require_editable(plan)
    return save_with_lock(plan, expected_version=expected_version, changes=changes, history_user=by)


@transaction.atomic
def plan_issue(*, plan: Plan, by) -> Plan:
    """Issue a draft; the apps above (reporting periods…) act on `plan_issued` in the same transaction."""
    plan = _locked_plan(plan)
    if plan.status != Plan.Status.DRAFT:
        raise ValidationError(_("Only a draft plan can be issued."))
    problems = []
    if not plan.number:
        problems.append(_("Enter the plan's document number before issuing it."))
    if not plan.issue_date:
        problems.append(_("Enter the plan's issue date before issuing it."))
    if not plan.tasks.exclude(status=Task.Status.CANCELLED).exists():
        problems.append(_("Add at least one task before issuing the plan."))
    if problems:
        raise ValidationError(problems)
    plan.status, plan.issued_at, plan.version = Plan.Status.ISSUED, timezone.now(), 1
    _bump(plan, by, ["status", "issued_at", "version"])
    PlanVersion.objects.create(plan=plan, number=1, snapshot=plan_snapshot(plan), issued_by=by, note=_("Issued"))
    responses = plan_issued.send(sender=Plan, plan=plan, by=by)
    plan.issue_notes = [str(note) for _receiver, note in responses if note]
    return plan


@transaction.atomic
def plan_amend_start(*, plan: Plan, by) -> Plan:
    plan = _locked_plan(plan)
    if plan.status != Plan.Status.ISSUED or plan.amending:
        raise ValidationError(_("Only an issued plan that is not already being amended can be amended."))
    plan.amending = True
    _bump(plan, by, ["amending"])
    return plan


@transaction.atomic
def plan_amend_issue(*, plan: Plan, note: str, by) -> Plan:
    plan = _locked_plan(plan)
    if not plan.amending:
        raise ValidationError(_("This plan has no amendment in progress."))
    if not note.strip():
        raise ValidationError({"note": _("Say what the amendment changes and why.")})
    plan.amending, plan.version = False, plan.version + 1
    _bump(plan, by, ["amending", "version"])
    PlanVersion.objects.create(plan=plan, number=plan.version, snapshot=plan_snapshot(plan), issued_by=by, note=note)
    return plan


@transaction.atomic
def plan_close(*, plan: Plan, by) -> Plan:
    plan = _locked_plan(plan)
    if plan.status != Plan.Status.ISSUED or plan.amending:
        raise ValidationError(_("Only an issued plan with no amendment in progress can be closed."))
    plan.status, plan.closed_at = Plan.Status.CLOSED, timezone.now()
    _bump(plan, by, ["status", "closed_at"])
    return plan


@transaction.atomic
def plan_discard(*, plan: Plan, by) -> Plan:
    """Set a draft aside (never deleted); only its author or an administrator may."""
    plan = _locked_plan(plan)
    if plan.status != Plan.Status.DRAFT:
        raise ValidationError(_("Only a draft plan can be discarded."))
    if plan.created_by_id != by.pk and not by.is_superuser:
        raise PermissionDenied
    plan.status = Plan.Status.DISCARDED
    _bump(plan, by, ["status"])
    return plan


def _shift_year(day: datetime.date | None, years: int = 1) -> datetime.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def successor_in_year(unit: Unit, year: int, succession: Succession | None = None) -> Unit | None:
    """The unit that carries `unit`'s work on 1 January of `year` (itself while still active then,
    accounts/succession.py), or None when the chain stops at a unit ended by then."""
    succession = succession or Unit.objects.succession_on(datetime.date(year, 1, 1))
    carrier = succession.carrier(unit.pk)
    if succession.is_ended(carrier):
        return None
    return unit if carrier == unit.pk else Unit.objects.get(pk=carrier)


@transaction.atomic
def plan_copy_to_next_year(*, plan: Plan, by) -> Plan:
    """A draft for the next year: objectives and tasks copied, dates shifted, ended units replaced by successors."""
    year = plan.year + 1
    succession = Unit.objects.succession_on(datetime.date(year, 1, 1))
    copy = Plan.objects.create(
        year=year,
        kind=plan.kind,
        title=plan.title.replace(str(plan.year), str(year)),
        issuing_unit=successor_in_year(plan.issuing_unit, year, succession) or plan.issuing_unit,
        general_goal=plan.general_goal,
        status=Plan.Status.DRAFT,
        created_by=by,
        copied_from=plan,
    )
    tasks = plan.tasks.exclude(status=Task.Status.CANCELLED).prefetch_related("assignments__unit", "partners")
    by_objective = {}
    for task in tasks:
        by_objective.setdefault(task.objective_id, []).append(task)
    for objective in plan.objectives.order_by("position", "pk"):
        new_objective = Objective.objects.create(plan=copy, position=objective.position, text=objective.text)
        for task in by_objective.get(objective.pk, []):
            new_task = Task.objects.create(
                plan=copy,
                objective=new_objective,
                position=task.position,
                title=task.title,
                content=task.content,
                category=task.category,
                expected_result=task.expected_result,
                reference=task.reference,
                start_date=_shift_year(task.start_date),
                deadline=_shift_year(task.deadline),
                budget=task.budget,
                funding_source=task.funding_source,
            )
            new_task.partners.set(task.partners.all())
            placed = set()
            for assignment in sorted(task.assignments.all(), key=lambda a: a.role != Assignment.Role.LEAD):
                if assignment.removed_at is not None:
                    continue
                unit = successor_in_year(assignment.unit, year, succession)
                if unit is None or unit.pk in placed:
                    continue
                placed.add(unit.pk)
                Assignment.objects.create(task=new_task, unit=unit, role=assignment.role)
    return copy


# --- Objectives -----------------------------------------------------------------------------


@transaction.atomic
def objective_create(*, plan: Plan, text: str, by) -> Objective:
    _require_editable(plan)
    position = (plan.objectives.aggregate(top=Max("position"))["top"] or 0) + 1
    objective = Objective(plan=plan, text=text, position=position)
    objective.full_clean()
    objective._history_user = by
    objective.save()
    return objective


@transaction.atomic
def objective_update(*, objective: Objective, expected_version: int, text: str, by) -> Objective:
    _require_editable(objective.plan)
    return save_with_lock(objective, expected_version=expected_version, changes={"text": text}, history_user=by)


@transaction.atomic
def objective_move(*, objective: Objective, up: bool, by) -> None:
    """Swap the objective with its neighbour above or below."""
    _require_editable(objective.plan)
    siblings = list(Objective.objects.select_for_update().filter(plan=objective.plan_id).order_by("position", "pk"))
    index = next(i for i, o in enumerate(siblings) if o.pk == objective.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, item in enumerate(siblings, start=1):
        if item.position != position:
            item.position = position
            item._history_user = by
            item.save(update_fields=["position"])


# --- Tasks and assignments --------------------------------------------------------------------


def _check_units(plan: Plan, lead: Unit, coordinating: Iterable[Unit], keep: set[int]) -> None:
    """Lead is not coordinating; a newly assigned unit must be assignable (`keep` = already assigned)."""
    errors = {}
    coordinating = list(coordinating)
    if lead is None:
        errors["lead_unit"] = [_("Choose the lead unit.")]
    if lead is not None and lead.pk in {u.pk for u in coordinating}:
        errors["coordinating_units"] = [_("The lead unit cannot also be a coordinating unit.")]
    allowed = set(assignable_units(plan).values_list("pk", flat=True))
    for field, units in (("lead_unit", [lead] if lead else []), ("coordinating_units", coordinating)):
        ended = [u for u in units if u.pk not in allowed and u.pk not in keep]
        if ended:
            errors.setdefault(field, []).append(
                _("%(units)s cannot be newly assigned: not active in %(year)s or already dissolved.")
                % {"units": ", ".join(u.name for u in ended), "year": plan.year}
            )
    if errors:
        raise ValidationError(errors)


def _set_assignments(task: Task, lead: Unit, coordinating: Iterable[Unit], by) -> None:
    """Make the current assignments match; removed ones are closed, never deleted."""
    wanted = {lead.pk: Assignment.Role.LEAD} | {
        u.pk: Assignment.Role.COORDINATING for u in coordinating if u.pk != lead.pk
    }
    now = timezone.now()
    current = list(task.assignments.select_for_update().filter(removed_at__isnull=True))
    for assignment in current:
        if wanted.get(assignment.unit_id) != assignment.role:
            assignment.removed_at = now
            assignment._history_user = by
            assignment.save(update_fields=["removed_at"])
    kept = {a.unit_id for a in current if wanted.get(a.unit_id) == a.role}
    # Leads first so the one-lead constraint never sees two at once.
    for unit_id, role in sorted(wanted.items(), key=lambda item: item[1] != Assignment.Role.LEAD):
        if unit_id not in kept:
            assignment = Assignment(task=task, unit_id=unit_id, role=role)
            assignment._history_user = by
            assignment.save()


@transaction.atomic
def task_create(*, plan: Plan, data: dict, lead_unit: Unit, coordinating_units=(), partners=(), by) -> Task:
    _require_editable(plan)
    _check_units(plan, lead_unit, coordinating_units, keep=set())
    objective = data["objective"]
    position = (objective.tasks.aggregate(top=Max("position"))["top"] or 0) + 1
    task = Task(plan=plan, position=position, **{k: v for k, v in data.items() if k in TASK_FIELDS})
    task.full_clean()
    task._history_user = by
    task.save()
    task.partners.set(partners)
    _set_assignments(task, lead_unit, coordinating_units, by)
    return task


@transaction.atomic
def task_update(
    *, task: Task, expected_version: int, data: dict, lead_unit: Unit, coordinating_units=(), partners=(), by
) -> Task:
    _require_editable(task.plan)
    keep = set(task.assignments.filter(removed_at__isnull=True).values_list("unit_id", flat=True))
    _check_units(task.plan, lead_unit, coordinating_units, keep=keep)
    changes = {k: v for k, v in data.items() if k in TASK_FIELDS}
    if changes.get("status") == Task.Status.DONE and task.status != Task.Status.DONE:
        changes["completed_by"] = by  # done by the planner's edit: dated today (Task.sync_completion)
    reason = ""
    if task.plan.status == Plan.Status.ISSUED and "deadline" in changes and changes["deadline"] != task.deadline:
        # An amendment's new deadline is the plan's word, recorded as such: never an extension.
        reason = _("Deadline changed by amendment %(version)s of the plan") % {"version": task.plan.version + 1}
    task = save_with_lock(task, expected_version=expected_version, changes=changes, history_user=by, change_reason=reason)
    task.partners.set(partners)
    _set_assignments(task, lead_unit, coordinating_units, by)
    return task


@transaction.atomic
def task_cancel(*, task: Task, by) -> Task:
    """Tasks are cancelled, never deleted."""
    _require_editable(task.plan)
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.status == Task.Status.CANCELLED:
        return task
    task.status = Task.Status.CANCELLED
    task._history_user = by
    task.lock_version += 1
    task.save(update_fields=["status", "lock_version", "updated_at"])
    return task


@transaction.atomic
def task_record_progress(*, task: Task, progress: int, status: str, by, note: str = "") -> Task:
    """Record the progress of a task's work (from the lead unit's approved report, which also files
    a conference's outcome). Work done completes the task today, by `by` (the approver), for `note`;
    a task already done keeps its completion date, and work no longer done reopens it. A cancelled
    task stays cancelled."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.status == Task.Status.CANCELLED:
        raise ValidationError(_("A cancelled task does not take progress."))
    if status == Task.Status.DONE:
        progress = 100
        if task.status != Task.Status.DONE:
            task.completed_on, task.completed_by, task.completion_note = today(), by, note
    task.progress, task.status = progress, status
    task._history_user = by
    if note:
        task._change_reason = note[:100]
    task.full_clean()
    task.lock_version += 1
    task.save(update_fields=["progress", "status", "lock_version", "updated_at"])
    return task


@transaction.atomic
def tasks_import(*, plan: Plan, rows: list[dict], by) -> list[Task]:
    """Create every imported row or none (rows already validated by plans.imports)."""
    _require_editable(plan)
    return [
        task_create(
            plan=plan, data=row["data"], lead_unit=row["lead_unit"], coordinating_units=row["coordinating_units"], by=by
        )
        for row in rows
    ]


# --- Units that change ------------------------------------------------------------------------


@dataclass
class UnitMove:
    """What `assignments_move_to_successor` would do for one ended unit (read only, for --dry-run)."""

    unit: Unit
    target: Unit | None
    assignments: list[Assignment]
    refusal: str = ""  # why nothing moves; empty when it may
    forceable: bool = False  # the refusal is only that the target has no active officer


def _movable(unit: Unit):
    """The unit's open assignments: current, on a task not done or cancelled, of a plan not closed or discarded."""
    return (
        Assignment.objects.filter(unit=unit, removed_at__isnull=True)
        .exclude(task__status__in=Task.CLOSED)
        .exclude(task__plan__status__in=(Plan.Status.CLOSED, Plan.Status.DISCARDED))
    )


def unit_move_plan(*, unit: Unit, day: datetime.date | None = None) -> UnitMove:
    """Where an ended unit's open assignments would move (the end of its succession chain) and whether
    they may: the chain must reach an active unit, and that unit must have an active focal officer."""
    day = day or timezone.localdate()
    assignments = list(_movable(unit).select_related("task").order_by("task__deadline", "pk"))
    if unit.valid_to is None or unit.valid_to >= day:
        return UnitMove(unit, None, assignments, _("%(unit)s has not ended: nothing to move.") % {"unit": unit})
    succession = Unit.objects.succession_on(day)
    carrier = Unit.objects.get(pk=succession.carrier(unit.pk))
    if succession.stop(unit.pk) == Stop.NO_SUCCESSOR:
        return UnitMove(unit, None, assignments, _("%(unit)s has no successor to move its work to.") % {"unit": carrier})
    if succession.stop(unit.pk) == Stop.NO_HEIR_NAMED:
        return UnitMove(unit, None, assignments, _(
            "%(unit)s has several successors and none is named to take its open work.") % {"unit": carrier})
    if not UnitMembership.objects.officers_on(day).filter(unit=carrier).exists():
        return UnitMove(unit, carrier, assignments, _(
            "%(unit)s has no active focal officer: the work would reach nobody.") % {"unit": carrier}, forceable=True)
    return UnitMove(unit, carrier, assignments)


@transaction.atomic
def assignments_move_to_successor(*, unit: Unit, by=None, force: bool = False) -> int:
    """Rewrite the unit's open assignments to the unit that carries its work (the end of its succession
    chain); history keeps the move. Only for administrators who want the rows rewritten: open work
    already follows the chain by itself. Refuses a target with no active officer unless `force`.

    Past reports keep their own unit, so they stay attributed to the old unit."""
    move = unit_move_plan(unit=unit)
    if move.refusal and not (force and move.forceable):
        raise ValidationError(move.refusal)
    successor = move.target
    moved = 0
    taken = set(Assignment.objects.filter(unit=successor, removed_at__isnull=True).values_list("task_id", flat=True))
    for assignment in _movable(unit).select_for_update().select_related("task"):
        assignment._history_user = by
        assignment._change_reason = _("Moved to %(successor)s: %(unit)s ended on %(day)s") % {
            "successor": successor.code,
            "unit": unit.code,
            "day": unit.valid_to.strftime("%d/%m/%Y"),
        }
        if assignment.task_id in taken:
            # The successor already works on this task: close the old unit's part instead of duplicating it.
            assignment.removed_at = timezone.now()
            assignment.save(update_fields=["removed_at"])
        else:
            assignment.unit = successor
            assignment.save(update_fields=["unit"])
        moved += 1
    return moved


# --- Hand-down inside a unit ------------------------------------------------------------------


@transaction.atomic
def assignment_hand_down(*, assignment: Assignment, officer, by) -> Assignment:
    """A focal officer names the colleague who does the unit's part (the executing officer); the unit
    stays responsible, and its focal officers keep every right they had."""
    assignment = Assignment.objects.select_for_update().select_related("task__plan").get(pk=assignment.pk)
    if not may_hand_down(by, assignment):
        raise PermissionDenied
    if officer is None or not unit_colleagues(by).filter(pk=officer.pk).exists():
        raise ValidationError({"officer": _("Choose an active colleague of your unit.")})
    if assignment.executing_officer_id == officer.pk:
        return assignment
    assignment.executing_officer, assignment.handed_down_at = officer, timezone.now()
    assignment._history_user = by
    assignment._change_reason = _("Handed down to %(officer)s") % {"officer": officer}
    assignment.save(update_fields=["executing_officer", "handed_down_at"])
    return assignment


@transaction.atomic
def assignment_take_back(*, assignment: Assignment, by) -> Assignment:
    """The focal officer takes the unit's part back from its executing officer."""
    assignment = Assignment.objects.select_for_update().select_related("task__plan").get(pk=assignment.pk)
    if not may_hand_down(by, assignment):
        raise PermissionDenied
    if assignment.executing_officer_id is None:
        raise ValidationError(_("This assignment is not handed down."))
    assignment._change_reason = _("Taken back from %(officer)s") % {"officer": assignment.executing_officer}
    assignment.executing_officer, assignment.handed_down_at = None, None
    assignment._history_user = by
    assignment.save(update_fields=["executing_officer", "handed_down_at"])
    return assignment
