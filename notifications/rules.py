"""The reminder rules: who is reminded of what, on which day, and what the message says.

A rule's `collect(scan, params)` yields batches of Candidates (reminders to record), with a
bounded number of queries per batch; delivery calls `fetch`, `still_due` and `message`. The parameters
(offsets, N, repeat) come from the ReminderRule row (`params`), the dates from the scan's working
calendar. Each reminder's `occurrence` is the day it was due: a missed scan is caught up by the
next one, and the unique (rule, object, recipient, occurrence) key stops any repeat.

Rules on other apps' models (reports, conferences, agreements) import them inside their methods.
"""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from accounts.models import Unit, User

from .models import NotificationPreference, ReminderDispatch, ReminderRule
from .workdays import WorkingCalendar

ONE_DAY = datetime.timedelta(days=1)
DIGEST_MAX_ROWS = 40


class Candidate(NamedTuple):
    """A reminder the scan wants recorded: the fields of a ReminderDispatch, cheap to build by the thousand."""

    rule: str
    content_type_id: int
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
    """One scan: its day, its calendar, and the possible recipients (each loaded once, on first use)."""

    day: datetime.date
    calendar: WorkingCalendar
    chunk_size: int = 1000

    def __post_init__(self):
        self._before: dict = {}
        self._working_days: dict = {}

    @cached_property
    def officers_by_unit(self) -> dict[int, list[int]]:
        return _users_by_unit(User.objects.filter(groups__name=User.Role.UNIT_OFFICER))

    @cached_property
    def heads_by_unit(self) -> dict[int, list[int]]:
        return _users_by_unit(User.objects.filter(notification_preference__is_unit_head=True))

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


def _users_by_unit(users) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for unit_id, user_id in users.filter(is_active=True, unit__isnull=False).order_by("pk").values_list("unit_id", "pk"):
        found.setdefault(unit_id, []).append(user_id)
    return found


def chunks(queryset, fields: Iterable[str], size: int) -> Iterator[list[dict]]:
    """Rows of `queryset` as dicts, `size` at a time, in primary-key order (keyset pagination)."""
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk").values("pk", *fields)[:size])
        if not rows:
            return
        yield rows
        last = rows[-1]["pk"]


def show_date(day: datetime.date | str) -> str:
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def working_days_text(count: int) -> str:
    return ngettext("%(count)s working day", "%(count)s working days", count) % {"count": count}


def unit_name(unit_id: int | None) -> str:
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    return unit.name if unit else ""


class Rule:
    """One reminder rule. Subclasses set `code` and `model` ("app_label.ModelName") and implement
    `collect`, `still_due` and `message`."""

    code = ""
    model = ""
    related = ()

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
        return Candidate(self.code, self.content_type_id, object_id, recipient_id, occurrence, context)

    def fetch(self, dispatch: ReminderDispatch):
        """The object reminded about, fresh from the database (None when it is gone)."""
        objects = self.model_class._default_manager.filter(pk=dispatch.object_id)
        return (objects.select_related(*self.related) if self.related else objects).first()


# --- Tasks -----------------------------------------------------------------------------------


def open_assignments():
    """Current unit assignments of open tasks of issued plans."""
    from plans.models import Assignment, Plan, Task

    return Assignment.objects.current().filter(task__plan__status=Plan.Status.ISSUED).exclude(
        task__status__in=(Task.Status.DONE, Task.Status.CANCELLED)
    )


def task_is_open(task) -> bool:
    from plans.models import Plan, Task

    return task.plan.status == Plan.Status.ISSUED and task.status not in (Task.Status.DONE, Task.Status.CANCELLED)


ASSIGNMENT_FIELDS = ("task_id", "unit_id", "role", "task__deadline")


class TaskRule(Rule):
    model = "plans.Task"
    related = ("plan",)

    def officer_dispatches(self, scan: Scan, row: dict, occurrence: datetime.date, **context) -> list[Candidate]:
        return [
            self.dispatch(row["task_id"], user_id, occurrence, unit=row["unit_id"], role=row["role"],
                          deadline=row["task__deadline"].isoformat(), **context)
            for user_id in scan.officers_by_unit.get(row["unit_id"], ())
        ]

    def reason(self, dispatch: ReminderDispatch) -> str:
        from plans.models import Assignment

        role = Assignment.Role(dispatch.context.get("role", Assignment.Role.LEAD)).label
        return _("You receive this because your unit, %(unit)s, is assigned to this task (%(role)s).") % {
            "unit": unit_name(dispatch.context.get("unit")), "role": role}

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
        rows = open_assignments().filter(task__deadline__gt=scan.day, task__deadline__lte=last)
        for chunk in chunks(rows, ASSIGNMENT_FIELDS, scan.chunk_size):
            batch = []
            for row in chunk:
                hit = scan.before(row["task__deadline"], offsets)
                if hit:
                    days = scan.working_days_to(row["task__deadline"])
                    batch += self.officer_dispatches(scan, row, hit[0], days=days)
            yield batch

    def still_due(self, task, dispatch, today, params):
        return task_is_open(task) and task.deadline.isoformat() == dispatch.context["deadline"] and task.deadline >= today

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
        rows = open_assignments().filter(task__deadline=scan.day)
        for chunk in chunks(rows, ASSIGNMENT_FIELDS, scan.chunk_size):
            yield [dispatch for row in chunk for dispatch in self.officer_dispatches(scan, row, scan.day)]

    def still_due(self, task, dispatch, today, params):
        return task_is_open(task) and task.deadline == today

    def message(self, task, dispatch, params):
        return Message(
            title=_("Due today: %(task)s") % {"task": task.title},
            lines=[_("This task is due today and is not marked done."), *self.task_lines(task)],
            url=task.get_absolute_url(), reason=self.reason(dispatch),
        )


class TaskOverdue(TaskRule):
    code = ReminderRule.Code.TASK_OVERDUE

    def collect(self, scan, params):
        rows = open_assignments().filter(task__deadline__lt=scan.day)
        for chunk in chunks(rows, ASSIGNMENT_FIELDS, scan.chunk_size):
            batch = []
            for row in chunk:
                occurrence = scan.after(row["task__deadline"] + ONE_DAY, params.repeat_days)
                batch += self.officer_dispatches(scan, row, occurrence)
            yield batch

    def still_due(self, task, dispatch, today, params):
        return task_is_open(task) and task.deadline < today

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
        from plans.models import Assignment

        threshold = params.threshold or 0
        rows = open_assignments().filter(
            role=Assignment.Role.LEAD, task__deadline__lte=scan.day - (threshold + 1) * ONE_DAY
        )
        for chunk in chunks(rows, ASSIGNMENT_FIELDS, scan.chunk_size):
            batch = []
            for row in chunk:
                deadline = row["task__deadline"]
                occurrence = scan.after(scan.calendar.add_working_days(deadline, threshold + 1), params.repeat_days)
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
        return task_is_open(task) and task.deadline.isoformat() == dispatch.context["deadline"]

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


# --- Progress reports ------------------------------------------------------------------------


def owed_reports(period_id: int, unit_id: int | None = None):
    """Current assignments owing a report for the period that is not submitted yet (none or a draft)."""
    from plans.models import Assignment
    from reports.models import ProgressReport, expected_reports

    assignments = Assignment.objects.current()
    if unit_id is not None:
        assignments = assignments.filter(unit_id=unit_id)
    submitted = ProgressReport.objects.filter(assignment=OuterRef("pk"), period=OuterRef("period_id")).exclude(
        status=ProgressReport.Status.DRAFT
    )
    return expected_reports(assignments, id=period_id).filter(~Exists(submitted))


class ReportDue(Rule):
    """A period's report is due (offsets before the due date, then every `repeat_days` after it):
    to the officers of each unit that has not submitted; it stops once they submit."""

    code = ReminderRule.Code.REPORT_DUE
    model = "reports.ReportingPeriod"
    related = ("plan",)

    def occurrence(self, scan: Scan, due: datetime.date, params) -> datetime.date | None:
        if due >= scan.day:
            hit = scan.before(due, params.offset_list)
            return hit[0] if hit else None
        return scan.after(due + ONE_DAY, params.repeat_days) if params.repeat_days else None

    def collect(self, scan, params):
        from plans.models import Plan
        from reports.models import ReportingPeriod

        latest = scan.calendar.add_working_days(scan.day, max(params.offset_list, default=0))
        periods = ReportingPeriod.objects.filter(plan__status=Plan.Status.ISSUED, due_date__lte=latest)
        if not params.repeat_days:
            periods = periods.filter(due_date__gte=scan.day)
        for period in periods.order_by("pk").only("pk", "due_date"):
            occurrence = self.occurrence(scan, period.due_date, params)
            if occurrence is None:
                continue
            unit_ids = owed_reports(period.pk).values_list("unit_id", flat=True).distinct()
            yield [
                self.dispatch(period.pk, user_id, occurrence, unit=unit_id, due=period.due_date.isoformat())
                for unit_id in unit_ids
                for user_id in scan.officers_by_unit.get(unit_id, ())
            ]

    def owed_tasks(self, period, dispatch) -> list[str]:
        rows = owed_reports(period.pk, dispatch.context.get("unit")).order_by("task__position", "task_id")
        return list(rows.values_list("task__title", flat=True).distinct())

    def still_due(self, period, dispatch, today, params):
        return period.due_date.isoformat() == dispatch.context.get("due") and bool(self.owed_tasks(period, dispatch))

    def message(self, period, dispatch, params):
        tasks = self.owed_tasks(period, dispatch)
        values = {"period": period.label, "date": show_date(period.due_date), "plan": period.plan}
        if period.due_date >= timezone.localdate():
            title = _("Progress report due %(date)s: %(period)s") % values
        else:
            title = _("Progress report overdue since %(date)s: %(period)s") % values
        lines = [
            _("Your unit has not submitted its progress report for %(period)s of %(plan)s, due %(date)s.") % values,
            ngettext("It is still owed for %(count)s task:", "It is still owed for %(count)s tasks:", len(tasks))
            % {"count": len(tasks)},
            *(f"• {name}" for name in tasks),
        ]
        return Message(
            title=title, lines=lines, url=reverse("reports:report_list"),
            reason=_("You receive this because you are a focal officer of %(unit)s, which reports on these tasks. "
                     "The reminders stop as soon as the report is submitted.") % {
                "unit": unit_name(dispatch.context.get("unit"))},
        )


class ReportReturned(Rule):
    """A report returned for changes and not resubmitted after N working days: to the unit's officers."""

    code = ReminderRule.Code.REPORT_RETURNED
    model = "reports.ProgressReport"
    related = ("assignment__task", "period", "unit")

    def collect(self, scan, params):
        from reports.models import ProgressReport

        threshold = params.threshold or 0
        reports = ProgressReport.objects.filter(
            status=ProgressReport.Status.RETURNED, reviewed_at__date__lte=scan.day - threshold * ONE_DAY
        )
        for chunk in chunks(reports, ("assignment__unit", "reviewed_at"), scan.chunk_size):
            batch = []
            for row in chunk:
                returned_on = timezone.localdate(row["reviewed_at"])
                occurrence = scan.after(scan.calendar.add_working_days(returned_on, threshold), params.repeat_days)
                if occurrence is None:
                    continue
                unit_id = row["assignment__unit"]
                batch += [
                    self.dispatch(row["pk"], user_id, occurrence, unit=unit_id, returned=returned_on.isoformat())
                    for user_id in scan.officers_by_unit.get(unit_id, ())
                ]
            yield batch

    def still_due(self, report, dispatch, today, params):
        return (report.status == report.Status.RETURNED
                and timezone.localdate(report.reviewed_at).isoformat() == dispatch.context.get("returned"))

    def message(self, report, dispatch, params):
        values = {"task": report.assignment.task.title, "period": report.period.label,
                  "date": show_date(dispatch.context["returned"])}
        return Message(
            title=_("Returned report not yet resubmitted: %(task)s") % values,
            lines=[
                _("Your progress report for %(period)s was returned for changes on %(date)s and has not been "
                  "resubmitted.") % values,
                _("Reviewer's comment: %(comment)s") % {"comment": report.review_comment},
            ],
            url=report.get_absolute_url(),
            reason=_("You receive this because you are a focal officer of %(unit)s, which wrote this report.") % {
                "unit": unit_name(dispatch.context.get("unit"))},
        )


class ReportReview(Rule):
    """A submitted report waiting for review more than N working days: to central planners."""

    code = ReminderRule.Code.REPORT_REVIEW
    model = "reports.ProgressReport"
    related = ("assignment__task", "period", "unit")

    def collect(self, scan, params):
        from reports.models import ProgressReport

        threshold = params.threshold or 0
        if not scan.planners:
            return
        reports = ProgressReport.objects.filter(
            status=ProgressReport.Status.SUBMITTED, submitted_at__date__lt=scan.day - threshold * ONE_DAY
        )
        for chunk in chunks(reports, ("submitted_at",), scan.chunk_size):
            batch = []
            for row in chunk:
                submitted_on = timezone.localdate(row["submitted_at"])
                start = scan.calendar.add_working_days(submitted_on, threshold + 1)
                occurrence = scan.after(start, params.repeat_days)
                if occurrence is None:
                    continue
                batch += [
                    self.dispatch(row["pk"], user_id, occurrence, submitted=submitted_on.isoformat())
                    for user_id in scan.planners
                ]
            yield batch

    def still_due(self, report, dispatch, today, params):
        return (report.status == report.Status.SUBMITTED
                and timezone.localdate(report.submitted_at).isoformat() == dispatch.context.get("submitted"))

    def message(self, report, dispatch, params):
        values = {"task": report.assignment.task.title, "unit": report.unit.name, "period": report.period.label,
                  "date": show_date(dispatch.context["submitted"])}
        return Message(
            title=_("Report waiting for review: %(task)s") % values,
            lines=[_("%(unit)s submitted its progress report for %(period)s on %(date)s; it has not been reviewed "
                     "yet.") % values],
            url=report.get_absolute_url(),
            reason=_("You receive this because you are a central planner who reviews progress reports."),
        )


# --- Leadership digest -----------------------------------------------------------------------


def digest_rows(day: datetime.date, calendar: WorkingCalendar, window: int) -> tuple[dict, list[dict]]:
    """Overdue and due-soon open tasks: their totals, and their counts by unit and objective (in SQL)."""
    from plans.models import Plan, Task

    soon = calendar.add_working_days(day, window)
    overdue, due_soon = Q(deadline__lt=day), Q(deadline__gte=day, deadline__lte=soon)
    totals = Task.objects.open().filter(plan__status=Plan.Status.ISSUED).aggregate(
        overdue=Count("pk", filter=overdue), due_soon=Count("pk", filter=due_soon)
    )
    rows = (
        open_assignments()
        .values("unit_id", "unit__name_vi", "unit__name_en", "task__objective_id", "task__objective__text",
                "task__plan__number")
        .annotate(
            overdue=Count("task_id", filter=Q(task__deadline__lt=day)),
            due_soon=Count("task_id", filter=Q(task__deadline__gte=day, task__deadline__lte=soon)),
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


# --- Conferences -----------------------------------------------------------------------------


def registered_participants(invitation_ref):
    from conferences.models import Participant

    return Participant.objects.filter(invitation=invitation_ref, status=Participant.Status.REGISTERED)


class ConferenceRegistration(Rule):
    """Registration closing (offsets in working days before the deadline): to the officers of each
    invited unit that has registered nobody."""

    code = ReminderRule.Code.CONFERENCE_REGISTRATION
    model = "conferences.Invitation"
    related = ("conference", "unit")

    def collect(self, scan, params):
        from conferences.models import Conference, Invitation

        offsets = params.offset_list
        if not offsets:
            return
        invitations = Invitation.objects.filter(
            conference__status=Conference.Status.INVITATIONS_SENT,
            conference__registration_deadline__gte=scan.day,
            conference__registration_deadline__lte=scan.calendar.add_working_days(scan.day, max(offsets)),
        ).filter(~Exists(registered_participants(OuterRef("pk"))))
        for chunk in chunks(invitations, ("unit_id", "conference__registration_deadline"), scan.chunk_size):
            batch = []
            for row in chunk:
                deadline = row["conference__registration_deadline"]
                hit = scan.before(deadline, offsets)
                if hit:
                    batch += [
                        self.dispatch(row["pk"], user_id, hit[0], unit=row["unit_id"], deadline=deadline.isoformat())
                        for user_id in scan.officers_by_unit.get(row["unit_id"], ())
                    ]
            yield batch

    def still_due(self, invitation, dispatch, today, params):
        conference = invitation.conference
        return (
            conference.status == conference.Status.INVITATIONS_SENT
            and conference.registration_deadline is not None
            and conference.registration_deadline >= today
            and conference.registration_deadline.isoformat() == dispatch.context.get("deadline")
            and not registered_participants(invitation).exists()
        )

    def message(self, invitation, dispatch, params):
        conference = invitation.conference
        values = {"conference": conference.title, "date": show_date(conference.registration_deadline),
                  "unit": invitation.unit.name, "quota": invitation.quota,
                  "start": show_date(conference.start_date), "venue": conference.venue}
        return Message(
            title=_("Registration closes %(date)s: %(conference)s") % values,
            lines=[
                _("%(unit)s is invited to %(conference)s (%(start)s, %(venue)s) and has registered nobody yet.") % values,
                _("Register up to %(quota)s participants by %(date)s.") % values,
            ],
            url=conference.get_absolute_url(),
            reason=_("You receive this because you are a focal officer of %(unit)s, an invited unit.") % values,
        )


# --- Certificates of coverage ----------------------------------------------------------------


class CoverageEnding(Rule):
    """A certificate of coverage ending in 60 and 30 (calendar) days: to the responsible office."""

    code = ReminderRule.Code.COVERAGE_ENDING
    model = "agreements.CoverageCertificate"
    related = ("office",)

    def collect(self, scan, params):
        from agreements.models import CoverageCertificate

        offsets = params.offset_list
        if not offsets:
            return
        certificates = CoverageCertificate.objects.ending_within(max(offsets), on=scan.day)
        for chunk in chunks(certificates, ("office_id", "covered_until"), scan.chunk_size):
            batch = []
            for row in chunk:
                hit = scan.before(row["covered_until"], offsets, working=False)
                if hit:
                    batch += [
                        self.dispatch(row["pk"], user_id, hit[0], unit=row["office_id"], offset=hit[1],
                                      until=row["covered_until"].isoformat())
                        for user_id in scan.officers_by_unit.get(row["office_id"], ())
                    ]
            yield batch

    def still_due(self, certificate, dispatch, today, params):
        return (
            certificate.status in (certificate.Status.ISSUED, certificate.Status.EXTENDED)
            and certificate.covered_until >= today
            and certificate.covered_until.isoformat() == dispatch.context.get("until")
        )

    def message(self, certificate, dispatch, params):
        days = (certificate.covered_until - timezone.localdate()).days
        values = {"number": certificate.number, "date": show_date(certificate.covered_until), "office": certificate.office.name}
        return Message(
            title=_("Certificate of coverage %(number)s ends on %(date)s") % values,
            lines=[
                ngettext("The coverage of certificate %(number)s ends in %(count)s day, on %(date)s.",
                         "The coverage of certificate %(number)s ends in %(count)s days, on %(date)s.", days)
                % {**values, "count": days},
                _("Check whether the worker's detachment is extended or ends, and record it in the portal."),
            ],
            url=certificate.get_absolute_url(),
            reason=_("You receive this because you are a focal officer of %(office)s, the office responsible for "
                     "this certificate.") % values,
        )


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        TaskDueSoon(), TaskDueToday(), TaskOverdue(), TaskEscalation(), ReportDue(), ReportReturned(), ReportReview(),
        LeadershipDigest(), ConferenceRegistration(), CoverageEnding(),
    )
}
