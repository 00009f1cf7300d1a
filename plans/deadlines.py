"""The effective deadline: the one function that says when a task is due.

A task's `deadline` is the day its plan wrote; only an amendment of the plan changes it. The day
that lateness, the four reporting states, the dashboard and every reminder use is its effective
deadline: the date of its approved extension when that is later, moved to the end of the next
working day when it falls on a weekend, a public holiday or a day off an administrator recorded
(Civil Code 2015, Art. 148(5)), unless the portal settings switch that shift off.

The engine stores it on the task (`Task.effective_deadline`, set by `Task.save()`) so every count
stays one SQL filter; `plans.extensions` keeps the stored copies true when an extension is
decided or the calendar changes, and `manage.py recompute_deadlines` recomputes them all.
"""

import datetime
from dataclasses import dataclass

from core.calendar import WorkingCalendar
from core.models import PortalSettings


def effective_deadline(
    *, deadline: datetime.date, extended_to: datetime.date | None, calendar: WorkingCalendar, shift: bool
) -> datetime.date:
    """The day a task is due: its deadline or its later approved extension, on a working day if `shift`."""
    due = max(deadline, extended_to) if extended_to else deadline
    return calendar.next_working_day(due) if shift else due


@dataclass
class DeadlineRules:
    """The calendar and the portal's shift policy, loaded once (two queries) for many tasks."""

    calendar: WorkingCalendar
    shift: bool

    @classmethod
    def load(cls) -> "DeadlineRules":
        return cls(calendar=WorkingCalendar.load(), shift=PortalSettings.current().shift_deadlines)

    def effective(self, deadline: datetime.date, extended_to: datetime.date | None = None) -> datetime.date:
        return effective_deadline(deadline=deadline, extended_to=extended_to, calendar=self.calendar, shift=self.shift)
