"""What every reminder rule is made of: the Candidate a scan records, the Message a delivery sends,
the Scan (its day, calendar and recipients) and the Rule base class, with the helpers rules share.

A rule's `collect(scan, params)` yields batches of Candidates (reminders to record), with a
bounded number of queries per batch; delivery calls `fetch`, `still_due` and `message`. The parameters
(offsets, N, repeat) come from the ReminderRule row (`params`), the dates from the scan's working
calendar. Each reminder's `occurrence` is the day it was due: a missed scan is caught up by the
next one, and the unique (rule, object, recipient, occurrence) key stops any repeat.
"""

import datetime
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Unit, UnitMembership, User
from accounts.succession import Succession
from core.calendar import WorkingCalendar

from ..models import ReminderDispatch, ReminderRule

ONE_DAY = datetime.timedelta(days=1)


class Candidate(NamedTuple):
    """A reminder the scan wants recorded: the fields of a ReminderDispatch, cheap to build by the thousand
    (the content type is the rule's, looked up once per batch written)."""

    rule: str
    object_id: int
    recipient_id: int
    occurrence: datetime.date
    context: dict


@dataclass
class Message:
    """What a reminder says, in the language active when it was built."""

    title: str
    lines: list[str]
    url: str
    reason: str
    table_headers: list[str] = field(default_factory=list)
    table_rows: list[list] = field(default_factory=list)


@dataclass
class Scan:
    """One scan: its day, its calendar, and the possible recipients (each loaded once, on first use).

    A unit's reminders go to the active officers of the unit that carries its open work on the scan
    day (`officers_for`): itself while active, its successor once it has ended (accounts/succession.py)."""

    day: datetime.date
    calendar: WorkingCalendar
    chunk_size: int = 1000

    def __post_init__(self):
        self._before: dict = {}
        self._working_days: dict = {}

    @cached_property
    def succession(self) -> Succession:
        return Unit.objects.succession_on(self.day)

    @cached_property
    def officers_by_unit(self) -> dict[int, list[int]]:
        """Each unit's active focal officers on the scan day (dated memberships: one who left gets nothing)."""
        return _users_by_unit(UnitMembership.objects.officers_on(self.day))

    @cached_property
    def heads_by_unit(self) -> dict[int, list[int]]:
        heads = UnitMembership.objects.active_on(self.day).filter(
            user__is_active=True, user__notification_preference__is_unit_head=True
        )
        return _users_by_unit(heads)

    def carrier(self, unit_id: int) -> int | None:
        """The unit that carries `unit_id`'s open work on the scan day; None when its chain stops at an ended unit."""
        carrier = self.succession.carrier(unit_id)
        return None if self.succession.is_ended(carrier) else carrier

    def officers_for(self, unit_id: int) -> tuple[int | None, list[int]]:
        """(carrier, its active officers) for the work of `unit_id`."""
        carrier = self.carrier(unit_id)
        return carrier, self.officers_by_unit.get(carrier, []) if carrier else []

    def heads_for(self, unit_id: int) -> tuple[int | None, list[int]]:
        carrier = self.carrier(unit_id)
        return carrier, self.heads_by_unit.get(carrier, []) if carrier else []

    @staticmethod
    def units_context(unit_id: int, carrier: int | None) -> dict:
        """The dispatch context naming the receiving unit, and the ended unit whose work it carries."""
        return {"unit": carrier} if carrier == unit_id else {"unit": carrier, "for_unit": unit_id}

    @cached_property
    def planners(self) -> list[int]:
        planners = User.objects.filter(is_active=True, groups__name=User.Role.CENTRAL_PLANNER)
        return list(planners.order_by("pk").values_list("pk", flat=True))

    @cached_property
    def digest_readers(self) -> list[int]:
        return list(
            User.objects.filter(is_active=True, groups__name=User.Role.LEADERSHIP)
            .exclude(notification_preference__digest=False)
            .order_by("pk").values_list("pk", flat=True)
        )

    def before(self, date: datetime.date, offsets: list[int], *, working: bool = True):
        """(occurrence, offset) of the latest "`offset` days before `date`" reminder due by today."""
        key = (date, tuple(offsets), working)
        if key not in self._before:
            self._before[key] = None
            for offset in sorted(offsets):
                anchor = self.calendar.add_working_days(date, -offset) if working else date - offset * ONE_DAY
                if anchor <= self.day:
                    self._before[key] = (anchor, offset)
                    break
        return self._before[key]

    def working_days_to(self, date: datetime.date) -> int:
        """Working days from the scan day to `date` (negative when `date` is past)."""
        if date not in self._working_days:
            self._working_days[date] = self.calendar.working_days_between(self.day, date)
        return self._working_days[date]

    def after(self, start: datetime.date, repeat_days: int) -> datetime.date | None:
        """The latest occurrence of a reminder first due on `start`, then every `repeat_days` days."""
        if start > self.day:
            return None
        if not repeat_days:
            return start
        return start + (self.day - start).days // repeat_days * repeat_days * ONE_DAY

    def after_working_days(self, day: datetime.date, working_days: int, repeat_days: int) -> datetime.date | None:
        """`after`, for a reminder first due `working_days` working days after `day`."""
        return self.after(self.calendar.add_working_days(day, working_days), repeat_days)


def _users_by_unit(memberships) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for unit_id, user_id in memberships.order_by("user_id").values_list("unit_id", "user_id").distinct():
        found.setdefault(unit_id, []).append(user_id)
    return found


def chunks(queryset, fields: Iterable[str], size: int) -> Iterator[list[dict]]:
    """Rows of `queryset` as dicts, `size` at a time, in primary-key order: one query whatever the number
    of rows, read through a server-side cursor on PostgreSQL, so memory stays flat."""
    rows = queryset.order_by("pk").values("pk", *fields).iterator(chunk_size=size)
    while batch := list(itertools.islice(rows, size)):
        yield batch


def show_date(day: datetime.date | str) -> str:
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def working_days_text(count: int) -> str:
    return ngettext("%(count)s working day", "%(count)s working days", count) % {"count": count}


def unit_name(unit_id: int | None) -> str:
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    return unit.name if unit else ""


def carried_note(dispatch: ReminderDispatch) -> str:
    """A sentence naming the ended unit whose open work the reader's unit carries (empty when none)."""
    ended = dispatch.context.get("for_unit")
    if not ended:
        return ""
    return " " + _("Your unit carries the open work of %(ended)s, which has ended.") % {"ended": unit_name(ended)}


class Rule:
    """One reminder rule. Subclasses set `code` and `model` ("app_label.ModelName") and implement
    `collect`, `still_due` and `message`."""

    code = ""
    model = ""
    related = ()
    email_only = False  # True: a summary of notices the portal already showed (no second in-app notice)

    def collect(self, scan: Scan, params: ReminderRule) -> Iterator[list[Candidate]]:
        raise NotImplementedError

    def still_due(self, obj, dispatch: ReminderDispatch, today: datetime.date, params: ReminderRule) -> bool:
        raise NotImplementedError

    def message(self, obj, dispatch: ReminderDispatch, params: ReminderRule) -> Message:
        raise NotImplementedError

    @property
    def model_class(self):
        return apps.get_model(self.model)

    @property
    def content_type_id(self) -> int:
        return ContentType.objects.get_for_model(self.model_class).pk  # cached by Django, cleared on flush

    def dispatch(self, object_id: int, recipient_id: int, occurrence: datetime.date, **context) -> Candidate:
        return Candidate(self.code, object_id, recipient_id, occurrence, context)

    def wants_email(self, preference, dispatch: ReminderDispatch) -> bool:
        return preference.wants_email(dispatch.family)

    def fetch(self, dispatch: ReminderDispatch):
        """The object reminded about, fresh from the database (None when it is gone)."""
        objects = self.model_class._default_manager.filter(pk=dispatch.object_id)
        return (objects.select_related(*self.related) if self.related else objects).first()
