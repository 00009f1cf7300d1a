"""Working days in Vietnam: Monday to Friday, less the public holidays of the `holidays` package
(Tết, 30/4, 1/5, 2/9, Hùng Kings' day, substituted days off), plus its swapped working Saturdays,
with the days an administrator maintains (WorkingDayException) taking precedence.

The ground of every date rule: the engine's effective deadline (Civil Code 2015, Art. 148(5)) and
the reminders' "N working days before" both ask a WorkingCalendar. A caller loads one (one query)
and asks it; the module-level helpers load their own. Changes to the days an administrator keeps,
or to the portal's deadline policy, go through `core.services`, which sends `calendar_changed`.
"""

import datetime

import holidays

from .models import WorkingDayException

ONE_DAY = datetime.timedelta(days=1)


class WorkingCalendar:
    def __init__(self, exceptions: dict[datetime.date, str] | None = None):
        self._exceptions = exceptions or {}
        self._public = holidays.country_holidays("VN", language="vi")
        self._cache: dict[datetime.date, bool] = {}

    @classmethod
    def load(cls) -> "WorkingCalendar":
        return cls(dict(WorkingDayException.objects.values_list("date", "kind")))

    def is_working_day(self, day: datetime.date) -> bool:
        if day not in self._cache:
            self._cache[day] = self._compute(day)
        return self._cache[day]

    def _compute(self, day: datetime.date) -> bool:
        kind = self._exceptions.get(day)
        if kind is not None:
            return kind == WorkingDayException.Kind.WORKED_DAY
        if day in self._public:  # also loads the year's swapped working Saturdays
            return False
        return day.weekday() < 5 or day in self._public.weekend_workdays

    def add_working_days(self, day: datetime.date, count: int) -> datetime.date:
        """The `count`-th working day after `day` (before it when negative); `day` itself for 0."""
        step = ONE_DAY if count > 0 else -ONE_DAY
        remaining = abs(count)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end` (negative when `end` is earlier)."""
        if end < start:
            return -self.working_days_between(end, start)
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            count += self.is_working_day(day)
        return count

    def next_working_day(self, day: datetime.date) -> datetime.date:
        """`day` if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def previous_working_day(self, day: datetime.date) -> datetime.date:
        """`day` if it is a working day, else the last working day before it."""
        while not self.is_working_day(day):
            day -= ONE_DAY
        return day


def is_working_day(day: datetime.date) -> bool:
    return WorkingCalendar.load().is_working_day(day)


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    return WorkingCalendar.load().add_working_days(day, count)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    return WorkingCalendar.load().working_days_between(start, end)
