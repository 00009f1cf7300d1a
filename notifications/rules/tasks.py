"""Task deadline rules: due soon, due today, overdue (repeating) and the escalation to the lead
unit's heads and central planners. They read live assignments only (Assignment.objects.live())."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plans.models import Assignment, late_tasks

from ..models import ReminderDispatch, ReminderRule
from .base import ONE_DAY, Candidate, Message, Rule, Scan, chunks, show_date, unit_name, working_days_text

ASSIGNMENT_FIELDS = ("task_id", "unit_id", "role", "task__deadline", "executing_officer_id")


class TaskRule(Rule):
    model = "plans.Task"
    related = ("plan",)

    def officer_dispatches(self, scan: Scan, row: dict, occurrence: datetime.date, **context) -> list[Candidate]:
        """To the executing officer the assignment was handed down to first, then the unit's officers."""
        values = {"unit": row["unit_id"], "role": row["role"], "deadline": row["task__deadline"].isoformat(), **context}
        executing = row.get("executing_officer_id")
        first = [self.dispatch(row["task_id"], executing, occurrence, executing=True, **values)] if executing else []
        return first + [
            self.dispatch(row["task_id"], user_id, occurrence, **values)
            for user_id in scan.officers_by_unit.get(row["unit_id"], ())
            if user_id != executing
        ]

    def reason(self, dispatch: ReminderDispatch) -> str:
        values = {"unit": unit_name(dispatch.context.get("unit")),
                  "role": Assignment.Role(dispatch.context.get("role", Assignment.Role.LEAD)).label}
        if dispatch.context.get("executing"):
            return _("You receive this because %(unit)s handed its part in this task (%(role)s) to you.") % values
        return _("You receive this because your unit, %(unit)s, is assigned to this task (%(role)s).") % values

    def task_lines(self, task, *, deadline: bool = True) -> list[str]:
        lines = [_("Plan: %(plan)s") % {"plan": task.plan}]
        if deadline:
            lines.append(_("Deadline: %(date)s") % {"date": show_date(task.deadline)})
        return [*lines, _("Progress: %(progress)s %%") % {"progress": task.progress}]


class TaskDueSoon(TaskRule):
    code = ReminderRule.Code.TASK_DUE_SOON

    def collect(self, scan, params):
        offsets = params.offset_list
        if not offsets:
            return
        last = scan.calendar.add_working_days(scan.day, max(offsets))
        rows = Assignment.objects.live().filter(task__deadline__gt=scan.day, task__deadline__lte=last)
        for chunk in chunks(rows, ASSIGNMENT_FIELDS, scan.chunk_size):
            batch = []
            for row in chunk:
                hit = scan.before(row["task__deadline"], offsets)
                if hit:
                    days = scan.working_days_to(row["task__deadline"])
                    batch += self.officer_dispatches(scan, row, hit[0], days=days)
            yield batch

    def still_due(self, task, dispatch, today, params):
        return task.is_live and task.deadline.isoformat() == dispatch.context["deadline"] and task.deadline >= today

    def message(self, task, dispatch, params):
        days = dispatch.context.get("days", 0)
        return Message(
            title=_("Deadline approaching: %(task)s") % {"task": task.title},
            lines=[
                _("The deadline of this task is %(date)s: %(left)s left.") % {
                    "date": show_date(task.deadline), "left": working_days_text(days)},
                *self.task_lines(task, deadline=False),
            ],
            url=task.get_absolute_url(), reason=self.reason(dispatch),
        )


class TaskDueToday(TaskRule):
    code = ReminderRule.Code.TASK_DUE_TODAY

    def collect(self, scan, params):
        rows = Assignment.objects.live().filter(task__deadline=scan.day)
        for chunk in chunks(rows, ASSIGNMENT_FIELDS, scan.chunk_size):
            yield [dispatch for row in chunk for dispatch in self.officer_dispatches(scan, row, scan.day)]

    def still_due(self, task, dispatch, today, params):
        return task.is_live and task.deadline == today

    def message(self, task, dispatch, params):
        return Message(
            title=_("Due today: %(task)s") % {"task": task.title},
            lines=[_("This task is due today and is not marked done."), *self.task_lines(task)],
            url=task.get_absolute_url(), reason=self.reason(dispatch),
        )


class TaskOverdue(TaskRule):
    code = ReminderRule.Code.TASK_OVERDUE

    def collect(self, scan, params):
        rows = Assignment.objects.live().filter(late_tasks("task__", scan.day))
        for chunk in chunks(rows, ASSIGNMENT_FIELDS, scan.chunk_size):
            batch = []
            for row in chunk:
                occurrence = scan.after(row["task__deadline"] + ONE_DAY, params.repeat_days)
                batch += self.officer_dispatches(scan, row, occurrence)
            yield batch

    def still_due(self, task, dispatch, today, params):
        return task.is_live and task.deadline < today

    def message(self, task, dispatch, params):
        late = (timezone.localdate() - task.deadline).days
        lines = [ngettext(
            "This task is %(count)s day past its deadline and still open.",
            "This task is %(count)s days past its deadline and still open.", late) % {"count": late}]
        if params.repeat_days:
            lines.append(ngettext(
                "You will be reminded every %(count)s day until it is done.",
                "You will be reminded every %(count)s days until it is done.", params.repeat_days,
            ) % {"count": params.repeat_days})
        return Message(
            title=_("Overdue: %(task)s") % {"task": task.title}, lines=[*lines, *self.task_lines(task)],
            url=task.get_absolute_url(), reason=self.reason(dispatch),
        )


class TaskEscalation(TaskRule):
    """Overdue more than N working days: to the heads of the lead unit and to central planners."""

    code = ReminderRule.Code.TASK_ESCALATION

    def collect(self, scan, params):
        threshold = params.threshold or 0
        rows = Assignment.objects.live().filter(
            role=Assignment.Role.LEAD, task__deadline__lte=scan.day - (threshold + 1) * ONE_DAY
        )
        for chunk in chunks(rows, ASSIGNMENT_FIELDS, scan.chunk_size):
            batch = []
            for row in chunk:
                deadline = row["task__deadline"]
                occurrence = scan.after_working_days(deadline, threshold + 1, params.repeat_days)
                if occurrence is None:
                    continue
                context = {"unit": row["unit_id"], "deadline": deadline.isoformat(),
                           "late": -scan.working_days_to(deadline)}
                heads = scan.heads_by_unit.get(row["unit_id"], [])
                for user_id in heads:
                    batch.append(self.dispatch(row["task_id"], user_id, occurrence, audience="head", **context))
                for user_id in scan.planners:
                    if user_id not in heads:
                        batch.append(self.dispatch(row["task_id"], user_id, occurrence, audience="planner", **context))
            yield batch

    def still_due(self, task, dispatch, today, params):
        return task.is_live and task.deadline.isoformat() == dispatch.context["deadline"]

    def message(self, task, dispatch, params):
        unit = unit_name(dispatch.context.get("unit"))
        if dispatch.context.get("audience") == "head":
            reason = _("You receive this because you are the head of %(unit)s, the lead unit. Escalations cannot be "
                       "switched off.") % {"unit": unit}
        else:
            reason = _("You receive this because you are a central planner. Escalations cannot be switched off.")
        return Message(
            title=_("Escalation — task overdue: %(task)s") % {"task": task.title},
            lines=[
                _("This task led by %(unit)s is %(late)s late and still open.") % {
                    "unit": unit, "late": working_days_text(dispatch.context.get("late", 0))},
                *self.task_lines(task),
            ],
            url=task.get_absolute_url(), reason=reason,
        )
