"""Task discussions: a notice to the people a post mentions (a person, or a unit's officers) and to
everyone who posted before in the thread, once each; and, for those who chose it, one e-mail a day
listing them instead of one e-mail per message.

Only readers of the thread are ever told (`discussions.access.thread_readers`). A post is recorded
when it is published (and again when an edit adds mentions: the unique key tells nobody twice);
the scan catches up the posts of the last two days in case that was missed."""

import datetime

from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from accounts.models import User
from discussions.access import heir_unit_ids, thread_readers, thread_units
from discussions.models import Post, discussable_tasks

from ..models import NotificationPreference, ReminderDispatch, ReminderRule
from .base import ONE_DAY, Candidate, Message, Rule, show_date

EXCERPT_CHARACTERS = 300
DIGEST_FIRST_WINDOW = datetime.timedelta(days=7)


class ThreadPost(Rule):
    code = ReminderRule.Code.THREAD_POST
    model = "discussions.Post"
    related = ("task__plan", "author")

    def recipients(self, post: Post) -> dict[int, str]:
        """{user id: why} — mentioned ("mentioned") or an earlier poster ("posted") — readers only."""
        units = thread_units(post.task)
        readers = set(thread_readers(post.task, units).values_list("pk", flat=True))
        why: dict[int, str] = {}
        earlier = Post.objects.filter(task_id=post.task_id, created_at__lt=post.created_at).values_list("author_id", flat=True)
        for user_id in earlier:
            why[user_id] = "posted"
        mentioned_units = heir_unit_ids(post.mentioned_units.values_list("pk", flat=True))
        for user_id in User.objects.filter(unit_id__in=mentioned_units).values_list("pk", flat=True):
            why[user_id] = "mentioned"
        for user_id in post.mentioned_users.values_list("pk", flat=True):
            why[user_id] = "mentioned"
        return {user_id: reason for user_id, reason in why.items() if user_id in readers and user_id != post.author_id}

    def candidates(self, post: Post) -> list[Candidate]:
        if post.is_withdrawn:
            return []
        occurrence = timezone.localdate(post.created_at)
        return [
            self.dispatch(post.pk, user_id, occurrence, why=why)
            for user_id, why in sorted(self.recipients(post).items())
        ]

    def collect(self, scan, params):
        since = datetime.datetime.combine(scan.day - ONE_DAY, datetime.time.min, tzinfo=timezone.get_current_timezone())
        posts = Post.objects.published().filter(created_at__gte=since).select_related("task__plan").order_by("pk")
        for post in posts.iterator(chunk_size=200):
            yield self.candidates(post)

    def still_due(self, post, dispatch, today, params):
        return not post.is_withdrawn and discussable_tasks(dispatch.recipient).filter(pk=post.task_id).exists()

    def wants_email(self, preference, dispatch):
        return preference.wants_email(dispatch.family) and not preference.thread_digest

    def message(self, post, dispatch, params):
        values = {"author": post.author, "task": post.task.title}
        if dispatch.context.get("why") == "mentioned":
            title = _("%(author)s mentioned you on: %(task)s") % values
            reason = _("You receive this because you or your unit were mentioned in this discussion.")
        else:
            title = _("%(author)s answered on: %(task)s") % values
            reason = _("You receive this because you took part in this discussion.")
        return Message(
            title=title,
            lines=[_("%(author)s wrote:") % values, Truncator(post.text).chars(EXCERPT_CHARACTERS)],
            url=post.get_absolute_url(), reason=reason,
        )


class ThreadDigest(Rule):
    """Once a day, to those who chose it: the discussion notices recorded since their last digest."""

    code = ReminderRule.Code.THREAD_DIGEST
    model = "accounts.User"
    email_only = True  # every message listed already has its notice in the portal

    def collect(self, scan, params):
        readers = NotificationPreference.objects.filter(thread_digest=True, email_threads=True, user__is_active=True)
        last_digest = ReminderDispatch.objects.filter(
            rule=self.code, recipient_id=OuterRef("recipient_id")
        ).order_by("-created_at").values("created_at")[:1]
        waiting = (
            ReminderDispatch.objects.filter(
                rule=ReminderRule.Code.THREAD_POST, recipient_id__in=readers.values("user_id"),
                outcome=ReminderDispatch.Outcome.IN_APP, created_at__gte=timezone.now() - DIGEST_FIRST_WINDOW,
            )
            .annotate(last_digest=Subquery(last_digest))
            .filter(Q(last_digest__isnull=True) | Q(created_at__gt=F("last_digest")))
        )
        user_ids = sorted(set(waiting.values_list("recipient_id", flat=True)))
        yield [self.dispatch(user_id, user_id, scan.day) for user_id in user_ids]

    def notices(self, dispatch) -> list[ReminderDispatch]:
        """The discussion notices this digest covers: after the reader's previous digest, up to this one."""
        previous = (
            ReminderDispatch.objects.filter(
                rule=self.code, recipient_id=dispatch.recipient_id, created_at__lt=dispatch.created_at,
            ).order_by("-created_at").values_list("created_at", flat=True).first()
        )
        notices = ReminderDispatch.objects.filter(
            rule=ReminderRule.Code.THREAD_POST, recipient_id=dispatch.recipient_id, outcome=ReminderDispatch.Outcome.IN_APP,
            created_at__lte=dispatch.created_at,
            created_at__gt=previous or dispatch.created_at - DIGEST_FIRST_WINDOW,
        )
        return list(notices.order_by("created_at", "pk"))

    def still_due(self, user, dispatch, today, params):
        return bool(self.notices(dispatch))

    def wants_email(self, preference, dispatch):
        return preference.wants_email(dispatch.family) and preference.thread_digest

    def message(self, user, dispatch, params):
        notices = self.notices(dispatch)
        posts = Post.objects.in_bulk([notice.object_id for notice in notices])
        rows = []
        for notice in notices:
            post = posts.get(notice.object_id)
            if post is None or post.is_withdrawn:
                continue
            rows.append([post.task.title, str(post.author), timezone.localtime(post.created_at).strftime("%d/%m/%Y %H:%M"),
                         Truncator(post.text).chars(120)])
        count = len(rows)
        return Message(
            title=ngettext("Discussions: %(count)s new message (%(date)s)", "Discussions: %(count)s new messages (%(date)s)",
                           count) % {"count": count, "date": show_date(dispatch.occurrence)},
            lines=[_("New messages in the discussions you take part in:")],
            url=reverse("notifications:notification_list"),
            reason=_("You receive this because you chose one e-mail a day about task discussions."),
            table_headers=[_("Task"), pgettext("the author of a message", "From"), _("When"), _("Message")], table_rows=rows,
        )
