"""Detachment periods under a social insurance agreement: how long a posted worker stays covered."""

import datetime

from dateutil.relativedelta import relativedelta


def last_day_of_period(first_day: datetime.date, months: int) -> datetime.date:
    """The last day of a period of `months` months starting on `first_day` (01/01/2024 + 60 → 31/12/2028)."""
    return first_day + relativedelta(months=months) - datetime.timedelta(days=1)


def counted_from(start: datetime.date, in_force_on: datetime.date | None) -> datetime.date:
    """A worker posted before the agreement entered into force is counted from that date."""
    return max(start, in_force_on) if in_force_on else start
