"""Task deadline rules: due soon, due today, overdue (repeating) and the escalation to the lead
unit's heads and central planners. They read live assignments only (Assignment.objects.live()), and
every date is the task's effective deadline (plans.deadlines: extensions and the next-working-day
shift included), so an approved extension moves every reminder with it.

"Due today" goes out on the last working day on or before the effective deadline (the day itself
when the shift is on); "overdue" from the first working day after it. A scan that missed a day
catches up at the next scan, once: due today until the overdue reminder takes over."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plans.models import Assignment, late_tasks

from ..models import ReminderDispatch, ReminderRule
from .base import ONE_DAY, Candidate, Message, Rule, Scan, carried_note, chunks, show_date, unit_name, working_days_text

ASSIGNMENT_FIELDS = ("task_id", "unit_id", "role", "task__effective_deadline", "executing_officer_id")
DUE = "task__effective_deadline"
CATCH_UP = datetime.timedelta(days=15)  # longer than any run of days off (Tết)


class TaskRule(Rule):
    model = "plans.Task"
    related = ("plan",)

    def officer_dispatches(self, scan: Scan, row: dict, occurrence: datetime.date, **context) -> list[Candidate]:
        """To the executing officer the assignment was handed down to first (while its unit carries the
        work), then the active officers of the unit that carries it (its successor once it ended)."""
        carrier, officers = scan.officers_for(row["unit_id"])
        values = {**scan.units_context(row["unit_id"], carrier), "role": row["role"],
                  "deadline": row[DUE].isoformat(), **context}
        executing = row.get("executing_officer_id") if carrier == row["unit_id"] else None
        first = [self.dispatch(row["task_id"], executing, occurrence, executing=True, **values)] if executing else []
        return first + [
            self.dispatch(row["task_id"], user_id, occurrence, **values) for user_id in officers if user_id != executing
        ]

    def reason(self, dispatch: ReminderDispatch) -> str:
        values = {"unit": unit_name(dispatch.context.get("unit")),
                  "role": Assignment.Role(dispatch.context.get("role", Assignment.Role.LEAD)).label}
        if dispatch.context.get("executing"):
            return _("You receive this because %(unit)s handed its part in this task (%(role)s) to you.") % values
        return _("You receive this because your unit, %(unit)s, is assigned to this task (%(role)s).") % values + (
            carried_note(dispatch))

    def task_lines(self, task, *, deadline: bool = True) -> list[str]:
        lines = [_("Plan: %(plan)s") % {"plan": task.plan}]
        if deadline:
            lines.append(_("Due: %(date)s") % {"date": show_date(task.effective_deadline)})
        if task.is_shifted:
            lines.append(_("(The plan's deadline is %(date)s; an approved extension or a day off moved it.)") % {
                "date": show_date(task.deadline)})
        return [*lines, _("Progress: %(progress)s %%") % {"progress": task.progress}]

    def unchanged(self, task, dispatch) -> bool:
        """The task is still live and due on the day the reminder was recorded for."""
        return task.is_live and task.effective_deadline.isoformat() == dispatch.context.get("deadline")


class TaskDueSoon(TaskRule):
    code = ReminderRule.Code.TASK_DUE_SOON

    def collect(self, scan, params):
        offsets = params.offset_list
        if not offsets:
            return
        last = scan.calendar.add_working_days(scan.day, max(offsets))
        rows = Assignment.objects.live().filter(task__effective_deadline__gt=scan.day, task__effective_deadline__lte=last)
        for chunk in chunks(rows, ASSIGNMENT_FIELDS, scan.chunk_size):
            batch = []
            for row in chunk:
                hit = scan.before(row[DUE], offsets)
                if hit:
                    days = scan.working_days_to(row[DUE])
                    batch += self.officer_dispatches(scan, row, hit[0], days=days)
            yield batch

    def still_due(self, task, dispatch, today, params):
        return self.unchanged(task, dispatch) and task.effective_deadline >= today

    def message(self, task, dispatch, params):
        days = dispatch.context.get("days", 0)
        return Message(
            title=_("Deadline approaching: %(task)s") % {"task": task.title},
            lines=[
                _("The deadline of this task is %(date)s: %(left)s left.") % {
                    "date": show_date(task.effective_deadline), "left": working_days_text(days)},
                *self.task_lines(task, deadline=False),
            ],
            url=task.get_absolute_url(), reason=self.reason(dispatch),
        )


class TaskDueToday(TaskRule):
    code = ReminderRule.Code.TASK_DUE_TODAY

    def collect(self, scan, params):
        rows = Assignment.objects.live().filter(
            task__effective_deadline__gte=scan.day - CATCH_UP, task__effective_deadline__lte=scan.day + CATCH_UP
        )
        for chunk in chunks(rows, ASSIGNMENT_FIELDS, scan.chunk_size):
            batch = []
            for row in chunk:
                occurrence = self.day_of(scan.calendar, row[DUE])
                if occurrence <= scan.day < scan.calendar.add_working_days(row[DUE], 1):
                    batch += self.officer_dispatches(scan, row, occurrence)
            yield batch

    @staticmethod
    def day_of(calendar, due: datetime.date) -> datetime.date:
        """The working day "due today" is for: the due day, or the last working day before it."""
        return calendar.previous_working_day(due)

    def still_due(self, task, dispatch, today, params):
        return self.unchanged(task, dispatch) and task.effective_deadline >= today

    def message(self, task, dispatch, params):
        if task.effective_deadline == timezone.localdate():
            lines = [_("This task is due today and is not marked done.")]
        else:
            lines = [_("This task is due on %(date)s and is not marked done.") % {"date": show_date(task.effective_deadline)}]
        return Message(
            title=_("Due today: %(task)s") % {"task": task.title},
            lines=[*lines, *self.task_lines(task)],
            url=task.get_absolute_url(), reason=self.reason(dispatch),
        )


class TaskOverdue(TaskRule):
    code = ReminderRule.Code.TASK_OVERDUE

    def collect(self, scan, params):
        rows = Assignment.objects.live().filter(late_tasks("task__", scan.day))
        for chunk in chunks(rows, ASSIGNMENT_FIELDS, scan.chunk_size):
            batch = []
            for row in chunk:
                occurrence = scan.after_working_days(row[DUE], 1, params.repeat_days)
                if occurrence is not None:
                    batch += self.officer_dispatches(scan, row, occurrence)
            yield batch

    def still_due(self, task, dispatch, today, params):
        return task.is_live and task.effective_deadline < today

    def message(self, task, dispatch, params):
        late = task.days_late
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
            role=Assignment.Role.LEAD, task__effective_deadline__lte=scan.day - (threshold + 1) * ONE_DAY
        )
        for chunk in chunks(rows, ASSIGNMENT_FIELDS, scan.chunk_size):
            batch = []
            for row in chunk:
                deadline = row[DUE]
                occurrence = scan.after_working_days(deadline, threshold + 1, params.repeat_days)
                if occurrence is None:
                    continue
                carrier, heads = scan.heads_for(row["unit_id"])
                context = {**scan.units_context(row["unit_id"], carrier), "deadline": deadline.isoformat(),
                           "late": -scan.working_days_to(deadline)}
                for user_id in heads:
                    batch.append(self.dispatch(row["task_id"], user_id, occurrence, audience="head", **context))
                for user_id in scan.planners:
                    if user_id not in heads:
                        batch.append(self.dispatch(row["task_id"], user_id, occurrence, audience="planner", **context))
            yield batch

    def still_due(self, task, dispatch, today, params):
        return self.unchanged(task, dispatch)

    def message(self, task, dispatch, params):
        unit = unit_name(dispatch.context.get("unit") or dispatch.context.get("for_unit"))
        if dispatch.context.get("audience") == "head":
            reason = _("You receive this because you are the head of %(unit)s, the lead unit. Escalations cannot be "
                       "switched off.") % {"unit": unit} + carried_note(dispatch)
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
