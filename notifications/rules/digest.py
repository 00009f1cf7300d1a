"""The weekly leadership digest: late and due-soon live tasks, counted by the unit that owes them now
(after an ended unit's succession) and objective, and the open work that reaches no officer."""

import datetime

from django.conf import settings
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from accounts.models import Unit
from core.calendar import WorkingCalendar
from plans.models import Assignment, Task, late_tasks

from ..models import NotificationPreference, ReminderRule
from .base import ONE_DAY, Message, Rule, working_days_text

DIGEST_MAX_ROWS = 40
DIGEST_MAX_ORPHAN_UNITS = 10


def digest_rows(day: datetime.date, calendar: WorkingCalendar, window: int) -> tuple[dict, list[dict]]:
    """Late and due-soon live tasks: their totals, and their counts by owing unit and objective (in SQL)."""
    soon = calendar.add_working_days(day, window)

    def due_soon(prefix: str = "") -> Q:
        return Q(**{f"{prefix}effective_deadline__gte": day, f"{prefix}effective_deadline__lte": soon})

    totals = Task.objects.live().aggregate(
        overdue=Count("pk", filter=late_tasks(day=day)), due_soon=Count("pk", filter=due_soon())
    )
    rows = list(
        Assignment.objects.live().with_carrier(Unit.objects.succession_on(day))
        .values("carrier_id", "task__objective_id", "task__objective__text", "task__plan__number")
        .annotate(
            overdue=Count("task_id", filter=late_tasks("task__", day)),
            due_soon=Count("task_id", filter=due_soon("task__")),
        )
        .filter(Q(overdue__gt=0) | Q(due_soon__gt=0))
        .order_by()
    )
    units = Unit.objects.in_bulk({row["carrier_id"] for row in rows})
    for row in rows:
        row["unit__name_vi"], row["unit__name_en"] = units[row["carrier_id"]].name_vi, units[row["carrier_id"]].name_en
    rows.sort(key=lambda r: (-r["overdue"], -r["due_soon"], r["unit__name_vi"], r["task__objective_id"]))
    return totals, rows


def orphaned_summary(day: datetime.date) -> tuple[int, list[tuple[Unit, int]]]:
    """Open assignments that reach no officer (`Assignment.objects.orphaned`): how many, and how many
    per unit that owes them now, largest first."""
    counts = (
        Assignment.objects.orphaned(on=day).with_carrier(Unit.objects.succession_on(day))
        .values("carrier_id").annotate(n=Count("pk")).order_by()
    )
    counts = {row["carrier_id"]: row["n"] for row in counts}
    units = Unit.objects.in_bulk(counts)
    by_unit = sorted(((units[pk], n) for pk, n in counts.items()), key=lambda item: (-item[1], item[0].name_vi))
    return sum(counts.values()), by_unit


def orphaned_lines(day: datetime.date) -> list[str]:
    """The digest's lines naming the orphaned work (none when there is none)."""
    total, by_unit = orphaned_summary(day)
    if not total:
        return []
    named = "; ".join(f"{unit.name}: {count}" for unit, count in by_unit[:DIGEST_MAX_ORPHAN_UNITS])
    if len(by_unit) > DIGEST_MAX_ORPHAN_UNITS:
        named += "; …"
    page = settings.PORTAL_BASE_URL.rstrip("/") + reverse("plans:orphaned_work")
    return [
        ngettext(
            "Orphaned work: %(count)s open assignment reaches no officer (its unit has ended with no successor to "
            "take it, or has no active focal officer).",
            "Orphaned work: %(count)s open assignments reach no officer (their unit has ended with no successor to "
            "take them, or has no active focal officer).", total) % {"count": total},
        _("Owed by: %(units)s.") % {"units": named},
        _("The list: %(url)s") % {"url": page},
    ]


class LeadershipDigest(Rule):
    """Weekly, on the first working day the scan runs: to leadership, unless empty or switched off."""

    code = ReminderRule.Code.LEADERSHIP_DIGEST
    model = "accounts.User"  # the digest is about the reader's whole portal, so its object is the reader

    def collect(self, scan, params):
        readers = scan.digest_readers
        if not readers or not self.has_news(scan.day, scan.calendar, params):
            return
        week = scan.day - scan.day.weekday() * ONE_DAY
        for start in range(0, len(readers), scan.chunk_size):
            yield [self.dispatch(user_id, user_id, week) for user_id in readers[start:start + scan.chunk_size]]

    def has_news(self, day: datetime.date, calendar: WorkingCalendar, params) -> bool:
        """Something to say: late or due-soon tasks, or orphaned work."""
        return bool(digest_rows(day, calendar, params.threshold or 0)[1]) or Assignment.objects.orphaned(on=day).exists()

    def summary(self, params) -> tuple[dict, list[dict]]:
        return digest_rows(timezone.localdate(), WorkingCalendar.load(), params.threshold or 0)

    def still_due(self, reader, dispatch, today, params):
        return NotificationPreference.for_user(reader).digest and self.has_news(today, WorkingCalendar.load(), params)

    def message(self, reader, dispatch, params):
        totals, rows = self.summary(params)
        english = (get_language() or "vi").startswith("en")
        overdue, soon = totals["overdue"], totals["due_soon"]
        lines = [
            _("Open tasks of issued plans: %(overdue)s overdue and %(soon)s due within %(window)s.") % {
                "overdue": overdue, "soon": soon, "window": working_days_text(params.threshold or 0)},
        ]
        if len(rows) > DIGEST_MAX_ROWS:
            lines.append(_("The %(shown)s busiest rows of %(total)s are shown; the task list has them all.") % {
                "shown": DIGEST_MAX_ROWS, "total": len(rows)})
        lines += orphaned_lines(timezone.localdate())
        try:
            url = reverse("dashboard:dashboard")
        except NoReverseMatch:
            url = reverse("plans:task_list") + "?overdue=on"
        return Message(
            title=_("Weekly digest: %(overdue)s overdue, %(soon)s due soon") % {"overdue": overdue, "soon": soon},
            lines=lines, url=url,
            reason=_("You receive this weekly digest as a member of the leadership; you can switch it off in your "
                     "notification preferences."),
            table_headers=[_("Unit"), _("Objective"), _("Overdue"), _("Due soon")],
            table_rows=[
                [r["unit__name_en"] if english else r["unit__name_vi"],
                 f"{r['task__plan__number']} · {Truncator(r['task__objective__text']).chars(120)}", r["overdue"],
                 r["due_soon"]]
                for r in rows[:DIGEST_MAX_ROWS]
            ],
        )
