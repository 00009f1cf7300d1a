"""Who changed what and when, read from django-simple-history for a plan or a task."""

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit

from .models import Assignment, Objective, Plan, Task

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
HIDDEN_FIELDS = {"id", "search_text", "lock_version", "updated_at", "created_at", "plan", "task", "position"}


@dataclass
class Entry:
    when: datetime.datetime
    who: object
    action: str
    what: str
    name: str
    reason: str = ""
    changes: list = field(default_factory=list)  # [(label, before, after)]


def _display(model, name: str, value, names: dict) -> str:
    if value in (None, ""):
        return "—"
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        return names.get((model_field.related_model, value), str(value))
    if isinstance(value, datetime.datetime):
        return date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def _entries(model, records, label_of, names) -> list[Entry]:
    """Turn historical rows (ordered by object, then date) into entries with before/after values."""
    entries = []
    for _pk, rows in groupby(records, key=lambda r: r.id):
        previous = None
        for record in rows:
            changes = []
            if previous is not None:
                for change in record.diff_against(previous).changes:
                    if change.field in HIDDEN_FIELDS:
                        continue
                    label = str(model._meta.get_field(change.field).verbose_name)
                    changes.append(
                        (
                            label,
                            _display(model, change.field, change.old, names),
                            _display(model, change.field, change.new, names),
                        )
                    )
                if not changes:
                    previous = record
                    continue
            entries.append(
                Entry(
                    when=record.history_date,
                    who=record.history_user,
                    action=str(ACTIONS[record.history_type]),
                    what=str(model._meta.verbose_name),
                    name=label_of(record),
                    reason=record.history_change_reason or "",
                    changes=changes,
                )
            )
            previous = record
    return entries


def _names(plan_ids) -> dict:
    names = {(Unit, pk): name for pk, name in Unit.objects.values_list("pk", "name_vi")}
    names.update(
        {
            (Objective, pk): text[:80]
            for pk, text in Objective.objects.filter(plan__in=plan_ids).values_list("pk", "text")
        }
    )
    names.update({(Task, pk): title for pk, title in Task.objects.filter(plan__in=plan_ids).values_list("pk", "title")})
    names.update(
        {
            (Plan, pk): str(number or pk)
            for pk, number in Plan.objects.filter(pk__in=plan_ids).values_list("pk", "number")
        }
    )
    return names


def _history(model, **filters):
    return model.history.filter(**filters).select_related("history_user").order_by("id", "history_date", "history_id")


def plan_history_entries(plan: Plan) -> list[Entry]:
    names = _names([plan.pk])
    task_ids = list(Task.objects.filter(plan=plan).values_list("pk", flat=True))
    entries = _entries(Plan, _history(Plan, id=plan.pk), lambda r: r.title, names)
    entries += _entries(Objective, _history(Objective, plan_id=plan.pk), lambda r: r.text[:80], names)
    entries += _entries(Task, _history(Task, plan_id=plan.pk), lambda r: r.title, names)
    entries += _entries(
        Assignment,
        _history(Assignment, task_id__in=task_ids),
        lambda r: f"{names.get((Task, r.task_id), '')} — {names.get((Unit, r.unit_id), '')}",
        names,
    )
    return sorted(entries, key=lambda e: e.when, reverse=True)


def task_history_entries(task: Task) -> list[Entry]:
    names = _names([task.plan_id])
    entries = _entries(Task, _history(Task, id=task.pk), lambda r: r.title, names)
    entries += _entries(
        Assignment,
        _history(Assignment, task_id=task.pk),
        lambda r: names.get((Unit, r.unit_id), ""),
        names,
    )
    return sorted(entries, key=lambda e: e.when, reverse=True)
