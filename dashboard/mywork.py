"""My work (/my/): what waits for the user, from every app, ordered by what is due first.

Each source is one `WorkSource`, registered with `register_work_source()`: its `rows(user, today)` is the
source's guard and filter, written once — a queryset, or None when the user's role has nothing of that
kind. The page shows the first rows in the source's order as `WorkEntry`s and counts the rest with the
same queryset's `.count()`; `my_work_counts(user)` is that count alone, one query a source. Tasks are
ordered by their effective deadline (plans.deadlines), the day they are really due; an explanation
awaited by the day it must be given.

The navigation's badge (`badge_counts`) shows each source's count from the cache for
MY_WORK_COUNT_CACHE_SECONDS, under a key per user and source that carries generation numbers: one for
each app or model the source `reads` and for accounts/auth (who the user is: role, unit, permissions),
moved on by any save or delete (and many-to-many change) there, and the user's own, moved on when one of
their own rows changes (`OWN_ROWS`: reading a thread). So a report submitted, approved or returned, an
assignment handed down, a mention written, an extension or explanation asked, answered or decided shows
in every badge at the next page, and a report saved counts again only the sources that read reports
(none of them a leader's); the time limit covers what changes without a signal (a period beginning as
the days pass, QuerySet.update).
The /my/ page always counts afresh and leaves its figures for the badge. The cache is a help, never a
dependency: when it is unreachable the badge is counted."""

import dataclasses
import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from discussions.models import Post, ThreadRead
from plans.access import may_manage_plans
from plans.models import Assignment, ExplanationReply, ExtensionRequest
from reports.models import ProgressReport, may_review_reports
from reports.worklist import unit_work, work_items

from .figure_cache import move_on

logger = logging.getLogger(__name__)
SHOWN_PER_SOURCE = 50
READ_BY_ALL = ("accounts", "auth")  # who the user is: their role, unit and its lineage, their permissions
OWN_ROWS = {"discussions.ThreadRead": "user_id"}  # model -> the field naming the one user whose figures it moves


@dataclass(frozen=True)
class WorkEntry:
    title: str
    url: str
    due: datetime.date | None  # what orders the page: the earliest first, undated last
    detail: str = ""
    overdue: bool = False
    kind: str = ""  # the source's, filled in by it


@dataclass
class WorkList:
    kind: str
    label: str
    count: int
    entries: list[WorkEntry] = field(default_factory=list)


def _always(user) -> bool:
    return True


@dataclass(frozen=True)
class WorkSource:
    """One kind of work waiting. `rows` is its only guard and filter; the entries are its first rows in
    `order_by` (empty: the queryset's own order), turned by `load` (the rows themselves by default) into
    what `entry` maps to a WorkEntry; the count is `rows(...).count()`."""

    kind: str
    label: str
    rows: Callable[[object, datetime.date], QuerySet | None]
    entry: Callable[[object, datetime.date], WorkEntry]
    order_by: tuple[str, ...] = ()
    select_related: tuple[str, ...] = ()
    load: Callable[[QuerySet, datetime.date], Iterable] | None = None
    shown_empty: Callable[[object], bool] = _always  # whether the user sees the kind when nothing waits
    reads: tuple[str, ...] = ()  # apps ("plans") or models ("plans.Task") whose changes move the count on

    def work_list(self, user, today: datetime.date) -> WorkList | None:
        """The count and the first SHOWN_PER_SOURCE entries: one query for the rows (more if `load` reads
        more), one more to count only when the list is full."""
        rows = self.rows(user, today)
        if rows is None:
            return None
        first = rows.select_related(*self.select_related) if self.select_related else rows
        first = (first.order_by(*self.order_by) if self.order_by else first)[:SHOWN_PER_SOURCE]
        loaded = self.load(first, today) if self.load else first
        entries = [dataclasses.replace(self.entry(row, today), kind=self.kind) for row in loaded]
        count = rows.count() if len(entries) == SHOWN_PER_SOURCE else len(entries)
        return self._listed(user, count, entries)

    def counted(self, user, today: datetime.date) -> WorkList | None:
        """The count alone, in one query."""
        rows = self.rows(user, today)
        return None if rows is None else self._listed(user, rows.count(), [])

    def _listed(self, user, count: int, entries: list[WorkEntry]) -> WorkList | None:
        if not count and not self.shown_empty(user):
            return None
        return WorkList(self.kind, self.label, count, entries)


_sources: dict[str, WorkSource] = {}
_read_labels: set[str] = set()  # the apps and models the sources read, and READ_BY_ALL: checked on every save


def register_work_source(source: WorkSource) -> None:
    """Idempotent: registering a source of the same kind again replaces it."""
    _sources[source.kind] = source
    _read_labels.clear()
    _read_labels.update(READ_BY_ALL, *(source.reads for source in _sources.values()))


def my_work(user, today: datetime.date | None = None) -> tuple[list[WorkList], list[WorkEntry]]:
    """The user's work lists and their entries merged, due first."""
    today = today or timezone.localdate()
    lists = [found for source in _sources.values() if (found := source.work_list(user, today)) is not None]
    entries = [entry for work in lists for entry in work.entries]
    entries.sort(key=lambda entry: (entry.due is None, entry.due or datetime.date.max, entry.kind, entry.title))
    return lists, entries


def _totalled(lists: list[WorkList]) -> dict[str, int]:
    counts = {work.kind: work.count for work in lists}
    counts["total"] = sum(counts.values())
    return counts


def my_work_counts(user, today: datetime.date | None = None) -> dict[str, int]:
    """{kind: count, "total": all}, counted now: one query a source."""
    today = today or timezone.localdate()
    return _totalled([found for source in _sources.values() if (found := source.counted(user, today)) is not None])


# --- The navigation's badge: each source's count kept briefly, dropped when what it reads changes ------

ABSENT = -1  # kept for a source with nothing to show the user (not their role's, or empty and hidden)


def _generation_key(label: str) -> str:
    """The generation of an app ("plans") or a model ("discussions.ThreadRead") a source reads."""
    return f"mywork:generation:{label}"


def _own_generation_key(user_id) -> str:
    return f"mywork:generation:user:{user_id}"


def _source_labels(source: WorkSource) -> tuple[str, ...]:
    return (*READ_BY_ALL, *source.reads)


def _reads_own_rows(source: WorkSource) -> bool:
    """Whether the source reads a model of OWN_ROWS (the mentions read the user's ThreadReads)."""
    return any(label in source.reads or label.split(".")[0] in source.reads for label in OWN_ROWS)


def _count_keys(user, today: datetime.date) -> dict[str, str] | None:
    """{kind: the key of the user's count of that source as things stand now}, or None when the cache is
    unreachable. A count's key carries the generations of what its source reads (and the user's own, if it
    reads their own rows), so a report saved drops the counts of the sources that read reports, and a
    thread read the reader's mentions, and leaves the others kept."""
    own = _own_generation_key(user.pk)
    try:
        generations = cache.get_many([own, *(_generation_key(label) for label in _read_labels)])
    except Exception:  # noqa: BLE001 - a cache outage must not take the page down
        logger.warning("My-work cache unreachable; counting", exc_info=True)
        return None
    stamp = f"{user.pk}:{today.isoformat()}"
    return {
        kind: f"mywork:count:{kind}:{stamp}:{generations.get(own, 0) if _reads_own_rows(source) else '-'}:"
        + ".".join(str(generations.get(_generation_key(label), 0)) for label in _source_labels(source))
        for kind, source in _sources.items()
    }


def _keep(keys: dict[str, str] | None, counts: dict[str, int]) -> None:
    if keys is None:
        return
    try:
        cache.set_many({key: counts.get(kind, ABSENT) for kind, key in keys.items()}, settings.MY_WORK_COUNT_CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("My-work cache unreachable; counts not kept", exc_info=True)


def badge_counts(user) -> dict[str, int]:
    """`my_work_counts` for the navigation on every page: each source's count from the cache while nothing
    it reads changed, for at most MY_WORK_COUNT_CACHE_SECONDS; the others counted, one query each."""
    today = timezone.localdate()
    if not settings.MY_WORK_COUNT_CACHE_SECONDS:
        return my_work_counts(user, today)
    keys = _count_keys(user, today)
    try:
        kept = cache.get_many(list(keys.values())) if keys else {}
    except Exception:  # noqa: BLE001
        logger.warning("My-work cache unreachable; counting", exc_info=True)
        kept = {}
    counts, counted = {}, {}
    for kind, source in _sources.items():
        found = kept.get(keys[kind]) if keys else None
        if found is None:
            work = source.counted(user, today)
            found = counted[kind] = ABSENT if work is None else work.count
        if found != ABSENT:
            counts[kind] = found
    if counted and keys:
        _keep({kind: keys[kind] for kind in counted}, counts)
    counts["total"] = sum(counts.values())
    return counts


def keep_for_badge(user, lists: list[WorkList], today: datetime.date | None = None) -> None:
    """What the /my/ page counted afresh, for the badge on the same page and the next ones."""
    if settings.MY_WORK_COUNT_CACHE_SECONDS:
        _keep(_count_keys(user, today or timezone.localdate()), _totalled(lists))


def _read_by_a_source(meta) -> bool:
    return meta.app_label in _read_labels or meta.label in _read_labels


def counts_changed(sender, instance=None, update_fields=None, action="post", **kwargs) -> None:
    """A row a source reads was saved or deleted: move the generations of its app and model on now (for
    the rest of this transaction) and again at the commit (so counts read before it, and kept meanwhile,
    are not used)."""
    if action.startswith("pre_"):  # a many-to-many change is signalled before and after
        return
    meta = sender._meta
    if meta.label in OWN_ROWS:
        keys = [_own_generation_key(getattr(instance, OWN_ROWS[meta.label]))]
    elif _read_by_a_source(meta) and update_fields != frozenset({"last_login"}):  # signing in changes no work
        keys = [_generation_key(label) for label in (meta.app_label, meta.label) if label in _read_labels]
    else:
        return
    for key in keys:
        move_on(key)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: [move_on(key) for key in keys])


def connect() -> None:
    post_save.connect(counts_changed, dispatch_uid="mywork-counts-save")
    post_delete.connect(counts_changed, dispatch_uid="mywork-counts-delete")
    m2m_changed.connect(counts_changed, dispatch_uid="mywork-counts-m2m")


# --- The sources ----------------------------------------------------------------------------


def _handed(user, today):
    """Live assignments handed down to the user."""
    return Assignment.objects.live().filter(executing_officer=user)


def _handed_entry(assignment, today):
    task = assignment.task
    return WorkEntry(task.title, task.get_absolute_url(), task.deadline,
                     detail=f"{assignment.unit} · {assignment.get_role_display()}", overdue=task.deadline < today)


def _owed(user, today):
    """Reports the user's unit still has to write or correct, for periods that have begun."""
    if not user.unit_id or user.sees_all_work:
        return None
    return unit_work(user, today=today).filter(Q(report_status__isnull=True) | Q(report_status__in=ProgressReport.EDITABLE))


def _owed_entry(item, today):
    return WorkEntry(item.assignment.task.title, item.url, item.period.due_date,
                     detail=_("Report for %(period)s") % {"period": item.period.label}, overdue=item.is_overdue)


def _waiting(user, today):
    """Submitted reports waiting for the user's review (central planners)."""
    return ProgressReport.objects.visible_to(user).awaiting_review() if may_review_reports(user) else None


def _waiting_entry(report, today):
    return WorkEntry(report.assignment.task.title, report.get_absolute_url(), timezone.localdate(report.submitted_at),
                     detail=_("%(unit)s · %(period)s · submitted") % {"unit": report.unit, "period": report.period.label})


def _mentions(user, today):
    """Posts that mention the user or their unit, in threads they read, newer than their last reading."""
    read_at = ThreadRead.objects.filter(user=user, task=OuterRef("task_id")).values("read_at")[:1]
    return (
        Post.objects.visible_to(user).published().exclude(author=user)
        .filter(Q(mentioned_users=user) | Q(mentioned_units__in=user.unit_lineage_ids))
        .annotate(last_read=Subquery(read_at))
        .filter(Q(last_read__isnull=True) | Q(created_at__gt=F("last_read")))
        .distinct()
    )


def _mention_entry(post, today):
    return WorkEntry(post.task.title, post.get_absolute_url(), post.task.deadline,
                     detail=_("%(author)s mentioned you") % {"author": post.author})


def _awaited(user, today):
    """Explanation requests addressed to the user's unit (or a unit it succeeded) not answered yet."""
    if not user.unit_id or user.sees_all_work:
        return None
    return ExplanationReply.objects.visible_to(user).awaited()


def _awaited_entry(reply, today):
    asked = reply.request
    return WorkEntry(asked.task.title, reply.get_absolute_url(), asked.reply_by,
                     detail=_("%(who)s asks %(unit)s to explain") % {"who": asked.requested_by, "unit": reply.unit},
                     overdue=asked.reply_by < today)


def _pending_extensions(user, today):
    """Pending extension requests, for the central planners who grant or refuse them."""
    return ExtensionRequest.objects.visible_to(user).pending() if may_manage_plans(user) else None


def _extension_entry(extension, today):
    due = extension.task.effective_deadline
    return WorkEntry(extension.task.title, extension.get_absolute_url(), due,
                     detail=_("%(unit)s asks to move it to %(date)s") % {
                         "unit": extension.unit, "date": formats.date_format(extension.proposed_deadline, "SHORT_DATE_FORMAT")},
                     overdue=due < today)


for _source in (
    WorkSource("handed", gettext_lazy("Handed to me"), _handed, _handed_entry,
               order_by=("task__effective_deadline", "pk"), select_related=("task", "unit"),
               shown_empty=lambda user: user.is_unit_officer, reads=("plans",)),
    WorkSource("reports", gettext_lazy("Reports I owe"), _owed, _owed_entry,
               load=lambda pairs, today: work_items(pairs, today=today), reads=("plans", "reports")),
    WorkSource("reviews", gettext_lazy("Reviews waiting"), _waiting, _waiting_entry,
               order_by=("submitted_at", "pk"), select_related=("assignment__task", "period", "unit"),
               reads=("plans", "reports")),
    WorkSource("mentions", gettext_lazy("Mentions"), _mentions, _mention_entry,
               order_by=("task__effective_deadline", "created_at", "pk"), select_related=("task", "author"),
               reads=("plans", "discussions")),
    WorkSource("explanations", gettext_lazy("Explanations awaited"), _awaited, _awaited_entry,
               order_by=("request__reply_by", "request__task__effective_deadline", "pk"),
               select_related=("request__task", "request__requested_by", "unit"), reads=("plans",)),
    WorkSource("extensions", gettext_lazy("Extensions to decide"), _pending_extensions, _extension_entry,
               order_by=("task__effective_deadline", "requested_at", "pk"), select_related=("task", "unit"),
               reads=("plans",)),
):
    register_work_source(_source)
