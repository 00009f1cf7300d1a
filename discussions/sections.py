"""What the discussions add to the engine's pages: the task page's timeline with its thread, the
thread's posts as timeline entries, and the unread marker on the task list."""

from django.core.paginator import Paginator
from django.db.models import F, OuterRef, Prefetch, Q, Subquery
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from accounts.models import User
from plans.timeline import TimelineEntry, task_timeline

from .access import mention_candidates
from .forms import PostForm
from .models import Post, PostAttachment, ThreadRead, discussable_tasks
from .services import thread_mark_read

PAGE_SIZE = 20
PAGE_PARAMETER = "timeline"


def _is_reader(request, task) -> bool:
    if not hasattr(request, "_discussable"):
        request._discussable = {}
    if task.pk not in request._discussable:
        request._discussable[task.pk] = discussable_tasks(request.user).filter(pk=task.pk).exists()
    return request._discussable[task.pk]


def thread_posts(task):
    """The task's posts, oldest first, with what each shows: four queries however many there are."""
    return (
        Post.objects.filter(task=task)
        .select_related("author__unit")
        .prefetch_related(
            "mentioned_units",
            Prefetch("mentioned_users", queryset=User.objects.order_by("pk")),
            Prefetch("attachments", queryset=PostAttachment.objects.filter(removed_at__isnull=True), to_attr="files"),
        )
        .order_by("created_at", "pk")
    )


def thread_entries(request, task) -> list[TimelineEntry]:
    """The thread's posts as timeline entries, for its readers only."""
    if not _is_reader(request, task):
        return []
    last_read = getattr(request, "_thread_last_read", None)

    def entry(post):
        def render():
            return render_to_string("discussions/includes/post.html", {
                "post": post, "user": request.user, "is_new": _is_new(post, request.user, last_read),
                "can_edit": post.is_editable_by(request.user), "can_withdraw": post.is_withdrawable_by(request.user),
            }, request=request)
        return TimelineEntry(at=post.created_at, kind="post", key=f"post-{post.pk}", render=render)

    return [entry(post) for post in thread_posts(task)]


def _is_new(post, user, last_read) -> bool:
    return post.author_id != user.pk and not post.is_withdrawn and (last_read is None or post.created_at > last_read)


def thread_section(request, task) -> str:
    """The timeline (the thread and what other apps contribute), paged, newest page first shown, and
    the form to post; reading the page marks the thread read."""
    reader = _is_reader(request, task)
    if reader:
        read = ThreadRead.objects.filter(user=request.user, task=task).values_list("read_at", flat=True).first()
        request._thread_last_read = read
    entries = task_timeline(request, task)
    if not entries and not reader:
        return ""
    paginator = Paginator(entries, PAGE_SIZE)
    number = request.GET.get(PAGE_PARAMETER) or paginator.num_pages
    page = paginator.get_page(number)
    form = None
    if reader:
        units, people = mention_candidates(task)
        form = PostForm(units=units, people=[p for p in people if p.pk != request.user.pk])
        thread_mark_read(task=task, by=request.user)
    return render_to_string("discussions/includes/thread_section.html", {
        "task": task, "page": page, "form": form, "reader": reader, "page_parameter": PAGE_PARAMETER,
    }, request=request)


def unread_markers(request, tasks) -> dict[int, str]:
    """An "unread" badge for the tasks of the page whose thread has posts by others since the user
    last read it: one query for the page."""
    user = request.user
    read_at = ThreadRead.objects.filter(user=user, task=OuterRef("task_id")).values("read_at")[:1]
    unread = (
        Post.objects.visible_to(user).published()
        .filter(task_id__in=[task.pk for task in tasks])
        .exclude(author=user)
        .annotate(last_read=Subquery(read_at))
        .filter(Q(last_read__isnull=True) | Q(created_at__gt=F("last_read")))
        .order_by().values_list("task_id", flat=True).distinct()
    )
    badge = render_to_string("discussions/includes/unread_badge.html", {"label": _("New posts")})
    return dict.fromkeys(unread, badge)
