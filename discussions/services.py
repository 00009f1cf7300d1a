"""Writes to the discussion threads. Every function is one transaction, checks what it needs and
records who acted in the history; nothing is ever deleted."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Unit, User
from core.locking import save_with_lock
from plans.models import Task

from .access import mention_candidates
from .models import Post, PostAttachment, ThreadRead, discussable_tasks
from .signals import post_published

MAX_LENGTH = 10_000
MAX_ATTACHMENTS = 5


def _require_reader(task: Task, by: User) -> None:
    if not discussable_tasks(by).filter(pk=task.pk).exists():
        raise PermissionDenied


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write something before posting.")})
    if len(text) > MAX_LENGTH:
        raise ValidationError({"text": _("A post has at most %(count)s characters.") % {"count": MAX_LENGTH}})
    return text


def _check_mentions(task: Task, units: Iterable[Unit], people: Iterable[User]) -> tuple[list[Unit], list[User]]:
    """Only units and people who read the thread can be mentioned."""
    units, people = list(units), list(people)
    if not units and not people:
        return units, people
    allowed_units, allowed_people = mention_candidates(task)
    unit_ids, person_ids = {u.pk for u in allowed_units}, {p.pk for p in allowed_people}
    if any(u.pk not in unit_ids for u in units) or any(p.pk not in person_ids for p in people):
        raise ValidationError({"mentions": _("Mention only units and people who take part in this task.")})
    return units, people


def _announce(post: Post) -> None:
    transaction.on_commit(lambda: post_published.send(sender=Post, post_id=post.pk))


@transaction.atomic
def post_create(
    *, task: Task, text: str, by: User, units: Iterable[Unit] = (), people: Iterable[User] = (),
    uploads: Iterable[UploadedFile] = (),
) -> Post:
    """Post in the task's thread, with its mentions and files, all or nothing; readers are told after commit."""
    _require_reader(task, by)
    uploads = list(uploads)
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": _("Attach at most %(count)s files.") % {"count": MAX_ATTACHMENTS}})
    units, people = _check_mentions(task, units, people)
    post = Post(task=task, author=by, text=_clean_text(text))
    post._history_user = by
    post.save()
    post.mentioned_units.set(units)
    post.mentioned_users.set(people)
    stored: list[PostAttachment] = []
    try:
        for upload in uploads:
            attachment = PostAttachment(post=post)
            attachment.store(upload, by=by)
            attachment._history_user = by
            attachment.save()
            stored.append(attachment)
    except Exception:
        for attachment in stored:  # the rows roll back; their files would stay behind
            attachment.file.delete(save=False)
        raise
    _announce(post)
    return post


@transaction.atomic
def post_edit(
    *, post: Post, text: str, expected_version: int, by: User,
    units: Iterable[Unit] | None = None, people: Iterable[User] | None = None,
) -> Post:
    """The author corrects a post within the edit window; the history keeps what it said before.
    A newly mentioned unit or person is told; nobody is told twice."""
    post = Post.objects.select_for_update().select_related("task__plan").get(pk=post.pk)
    if not post.is_editable_by(by):
        raise PermissionDenied
    changes = {"text": _clean_text(text), "edited_at": timezone.now()}
    if units is not None or people is not None:
        units, people = _check_mentions(post.task, units or (), people or ())
    post = save_with_lock(post, expected_version=expected_version, changes=changes, history_user=by)
    if units is not None or people is not None:
        post.mentioned_units.set(units)
        post.mentioned_users.set(people)
    _announce(post)
    return post


@transaction.atomic
def post_withdraw(*, post: Post, by: User) -> Post:
    """The author withdraws a post: shown as withdrawn, its text kept only in the history."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if not post.is_withdrawable_by(by):
        raise PermissionDenied
    post.text, post.withdrawn_at = "", timezone.now()
    post._history_user = by
    post.lock_version += 1
    post.save(update_fields=["text", "withdrawn_at", "search_text", "lock_version"])
    PostAttachment.objects.filter(post=post, removed_at__isnull=True).update(removed_at=post.withdrawn_at, removed_by=by)
    return post


def thread_mark_read(*, task: Task, by: User) -> None:
    """The user has read the task's thread up to now (one upsert; a reader's own action)."""
    ThreadRead.objects.update_or_create(user=by, task=task, defaults={"read_at": timezone.now()})
