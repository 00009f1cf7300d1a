"""The weekly leadership digest: late and due-soon live tasks, counted by unit and objective."""

import datetime

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.calendar import WorkingCalendar
from plans.models import Assignment, Task, late_tasks

from ..models import NotificationPreference, ReminderRule
from .base import ONE_DAY, Message, Rule, working_days_text

DIGEST_MAX_ROWS = 40


def digest_rows(day: datetime.date, calendar: WorkingCalendar, window: int) -> tuple[dict, list[dict]]:
    """Late and due-soon live tasks: their totals, and their counts by unit and objective (in SQL)."""
    soon = calendar.add_working_days(day, window)

    def due_soon(prefix: str = "") -> Q:
        return Q(**{f"{prefix}effective_deadline__gte": day, f"{prefix}effective_deadline__lte": soon})

    totals = Task.objects.live().aggregate(
        overdue=Count("pk", filter=late_tasks(day=day)), due_soon=Count("pk", filter=due_soon())
    )
    rows = (
        Assignment.objects.live()
        .values("unit_id", "unit__name_vi", "unit__name_en", "task__objective_id", "task__objective__text",
                "task__plan__number")
        .annotate(
            overdue=Count("task_id", filter=late_tasks("task__", day)),
            due_soon=Count("task_id", filter=due_soon("task__")),
        )
        .filter(Q(overdue__gt=0) | Q(due_soon__gt=0))
        .order_by("-overdue", "-due_soon", "unit__name_vi", "task__objective_id")
    )
    return totals, list(rows)


class LeadershipDigest(Rule):
    """Weekly, on the first working day the scan runs: to leadership, unless empty or switched off."""

    code = ReminderRule.Code.LEADERSHIP_DIGEST
    model = "accounts.User"  # the digest is about the reader's whole portal, so its object is the reader

    def collect(self, scan, params):
        readers = scan.digest_readers
        if not readers or not digest_rows(scan.day, scan.calendar, params.threshold or 0)[1]:
            return
        week = scan.day - scan.day.weekday() * ONE_DAY
        for start in range(0, len(readers), scan.chunk_size):
            yield [self.dispatch(user_id, user_id, week) for user_id in readers[start:start + scan.chunk_size]]

    def summary(self, params) -> tuple[dict, list[dict]]:
        return digest_rows(timezone.localdate(), WorkingCalendar.load(), params.threshold or 0)

    def still_due(self, reader, dispatch, today, params):
        return NotificationPreference.for_user(reader).digest and bool(self.summary(params)[1])

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
