"""My work (/my/): what waits for the user, from every app, ordered by what is due first.

Each source is one function `source(user, today) -> WorkList` (a count and the first items) in a
fixed number of queries; `my_work_counts(user)` is what the navigation shows on every page, so a
source may register a `count` with the same signature that returns its WorkList without entries in
one query. An app adds a source with `register_work_source()`. Tasks are ordered by their effective
deadline (plans.deadlines), the day they are really due; an explanation awaited by the day it must be
given."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import F, OuterRef, Q, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from discussions.models import Post, ThreadRead
from plans.access import may_manage_plans
from plans.models import Assignment, ExplanationReply, ExtensionRequest
from reports.models import ProgressReport, may_review_reports
from reports.worklist import unit_work, work_items

SHOWN_PER_SOURCE = 50


@dataclass(frozen=True)
class WorkEntry:
    kind: str
    title: str
    url: str
    due: datetime.date | None  # what orders the page: the earliest first, undated last
    detail: str = ""
    overdue: bool = False


@dataclass
class WorkList:
    kind: str
    label: str
    count: int
    entries: list[WorkEntry] = field(default_factory=list)


WorkSource = Callable[[object, datetime.date], WorkList | None]
_sources: dict[str, WorkSource] = {}
_counts: dict[str, WorkSource] = {}


def register_work_source(source: WorkSource, *, count: WorkSource | None = None) -> None:
    """Idempotent: registering the same function again replaces it. A source returns None when the
    user's role has nothing of that kind; `count`, when given, answers the same without the entries."""
    key = f"{source.__module__}.{source.__qualname__}"
    _sources[key] = source
    if count is None:
        _counts.pop(key, None)
    else:
        _counts[key] = count


def my_work(user, today: datetime.date | None = None) -> tuple[list[WorkList], list[WorkEntry]]:
    """The user's work lists and their entries merged, due first."""
    today = today or timezone.localdate()
    lists = [found for source in _sources.values() if (found := source(user, today)) is not None]
    entries = [entry for work in lists for entry in work.entries]
    entries.sort(key=lambda entry: (entry.due is None, entry.due or datetime.date.max, entry.kind, entry.title))
    return lists, entries


def my_work_counts(user, today: datetime.date | None = None) -> dict[str, int]:
    """{kind: count, "total": all}: the numbers the navigation shows beside "My work" (one query a
    source that registered a count)."""
    today = today or timezone.localdate()
    lists = [found for key, source in _sources.items() if (found := _counts.get(key, source)(user, today)) is not None]
    counts = {work.kind: work.count for work in lists}
    counts["total"] = sum(counts.values())
    return counts


# --- The sources ----------------------------------------------------------------------------


def _handed(user):
    return Assignment.objects.live().filter(executing_officer=user)


def handed_to_me(user, today):
    """Live assignments handed down to the user."""
    assignments = _handed(user)
    rows = assignments.select_related("task", "unit").order_by("task__effective_deadline", "pk")[:SHOWN_PER_SOURCE]
    entries = [
        WorkEntry("handed", a.task.title, a.task.get_absolute_url(), a.task.deadline,
                  detail=f"{a.unit} · {a.get_role_display()}", overdue=a.task.deadline < today)
        for a in rows
    ]
    count = assignments.count() if len(entries) == SHOWN_PER_SOURCE else len(entries)
    if not count and not user.is_unit_officer:
        return None
    return WorkList("handed", gettext_lazy("Handed to me"), count, entries)


def handed_to_me_count(user, today):
    count = _handed(user).count()
    if not count and not user.is_unit_officer:
        return None
    return WorkList("handed", gettext_lazy("Handed to me"), count)


def _owed(user, today):
    if not user.unit_id or user.sees_all_work:
        return None
    return unit_work(user, today=today).filter(Q(report_status__isnull=True) | Q(report_status__in=ProgressReport.EDITABLE))


def reports_owed(user, today):
    """Reports the user's unit still has to write or correct, for periods that have begun."""
    owed = _owed(user, today)
    if owed is None:
        return None
    items = work_items(owed[:SHOWN_PER_SOURCE], today=today)
    entries = [
        WorkEntry("reports", item.assignment.task.title, item.url, item.period.due_date,
                  detail=_("Report for %(period)s") % {"period": item.period.label}, overdue=item.is_overdue)
        for item in items
    ]
    count = owed.count() if len(entries) == SHOWN_PER_SOURCE else len(entries)
    return WorkList("reports", gettext_lazy("Reports I owe"), count, entries)


def reports_owed_count(user, today):
    owed = _owed(user, today)
    return None if owed is None else WorkList("reports", gettext_lazy("Reports I owe"), owed.count())


def _waiting(user):
    return ProgressReport.objects.visible_to(user).awaiting_review() if may_review_reports(user) else None


def reviews_waiting(user, today):
    """Submitted reports waiting for the user's review (central planners)."""
    waiting = _waiting(user)
    if waiting is None:
        return None
    rows = waiting.select_related("assignment__task", "period", "unit").order_by("submitted_at", "pk")[:SHOWN_PER_SOURCE]
    entries = [
        WorkEntry("reviews", report.assignment.task.title, report.get_absolute_url(), timezone.localdate(report.submitted_at),
                  detail=_("%(unit)s · %(period)s · submitted") % {"unit": report.unit, "period": report.period.label})
        for report in rows
    ]
    count = waiting.count() if len(entries) == SHOWN_PER_SOURCE else len(entries)
    return WorkList("reviews", gettext_lazy("Reviews waiting"), count, entries)


def reviews_waiting_count(user, today):
    waiting = _waiting(user)
    return None if waiting is None else WorkList("reviews", gettext_lazy("Reviews waiting"), waiting.count())


def _mentions(user):
    read_at = ThreadRead.objects.filter(user=user, task=OuterRef("task_id")).values("read_at")[:1]
    return (
        Post.objects.visible_to(user).published().exclude(author=user)
        .filter(Q(mentioned_users=user) | Q(mentioned_units__in=user.unit_lineage_ids))
        .annotate(last_read=Subquery(read_at))
        .filter(Q(last_read__isnull=True) | Q(created_at__gt=F("last_read")))
        .distinct()
    )


def mentions_unread(user, today):
    """Posts that mention the user or their unit, in threads they read, newer than their last reading."""
    mentions = _mentions(user)
    rows = mentions.select_related("task", "author").order_by("task__effective_deadline", "created_at", "pk")[:SHOWN_PER_SOURCE]
    entries = [
        WorkEntry("mentions", post.task.title, post.get_absolute_url(), post.task.deadline,
                  detail=_("%(author)s mentioned you") % {"author": post.author})
        for post in rows
    ]
    count = mentions.count() if len(entries) == SHOWN_PER_SOURCE else len(entries)
    return WorkList("mentions", gettext_lazy("Mentions"), count, entries)


def mentions_unread_count(user, today):
    return WorkList("mentions", gettext_lazy("Mentions"), _mentions(user).count())


def _awaited(user):
    if not user.unit_id or user.sees_all_work:
        return None
    return ExplanationReply.objects.visible_to(user).awaited()


def explanations_awaited(user, today):
    """Explanation requests addressed to the user's unit (or a unit it succeeded) not answered yet, the
    reply date first."""
    awaited = _awaited(user)
    if awaited is None:
        return None
    rows = awaited.select_related("request__task", "request__requested_by", "unit").order_by(
        "request__reply_by", "request__task__effective_deadline", "pk")[:SHOWN_PER_SOURCE]
    entries = [
        WorkEntry("explanations", reply.request.task.title, reply.get_absolute_url(), reply.request.reply_by,
                  detail=_("%(who)s asks %(unit)s to explain") % {"who": reply.request.requested_by, "unit": reply.unit},
                  overdue=reply.request.reply_by < today)
        for reply in rows
    ]
    count = awaited.count() if len(entries) == SHOWN_PER_SOURCE else len(entries)
    return WorkList("explanations", gettext_lazy("Explanations awaited"), count, entries)


def explanations_awaited_count(user, today):
    awaited = _awaited(user)
    return None if awaited is None else WorkList("explanations", gettext_lazy("Explanations awaited"), awaited.count())


def _pending_extensions(user):
    return ExtensionRequest.objects.visible_to(user).pending() if may_manage_plans(user) else None


def extensions_to_decide(user, today):
    """Pending extension requests, for the central planners who grant or refuse them; the task due first."""
    pending = _pending_extensions(user)
    if pending is None:
        return None
    rows = pending.select_related("task", "unit").order_by("task__effective_deadline", "requested_at", "pk")[:SHOWN_PER_SOURCE]
    entries = [
        WorkEntry("extensions", extension.task.title, extension.get_absolute_url(), extension.task.effective_deadline,
                  detail=_("%(unit)s asks to move it to %(date)s") % {
                      "unit": extension.unit, "date": formats.date_format(extension.proposed_deadline, "SHORT_DATE_FORMAT")},
                  overdue=extension.task.effective_deadline < today)
        for extension in rows
    ]
    count = pending.count() if len(entries) == SHOWN_PER_SOURCE else len(entries)
    return WorkList("extensions", gettext_lazy("Extensions to decide"), count, entries)


def extensions_to_decide_count(user, today):
    pending = _pending_extensions(user)
    return None if pending is None else WorkList("extensions", gettext_lazy("Extensions to decide"), pending.count())


for _source, _count in (
    (handed_to_me, handed_to_me_count),
    (reports_owed, reports_owed_count),
    (reviews_waiting, reviews_waiting_count),
    (mentions_unread, mentions_unread_count),
    (explanations_awaited, explanations_awaited_count),
    (extensions_to_decide, extensions_to_decide_count),
):
    register_work_source(_source, count=_count)
