"""The discussion thread of a task: posts (text, attachments, mentions) and what each reader last read.

Who may read and post is decided once, in `access.py` (central staff, leadership, and the officers
of the task's current lead and coordinating units or of their successors). Posts are never deleted:
an author edits one for EDIT_WINDOW and may withdraw it; the history keeps every text.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Unit
from core.documents import PrivateDocument
from core.text import fold, search_filter
from core.uploads import EVIDENCE
from plans.models import Assignment, Task

EDIT_WINDOW = datetime.timedelta(minutes=15)


def discussable_tasks(user):
    """Tasks whose thread `user` reads and writes, the one rule: every visible task for central staff
    and leadership; for an officer, the visible tasks their unit (or a unit it succeeded) currently
    leads or coordinates. Anyone else gets nothing of the thread: not the page, search or notices."""
    tasks = Task.objects.visible_to(user)
    if user.sees_all_work:
        return tasks
    current = Assignment.objects.current().filter(unit_id__in=user.unit_lineage_ids)
    return tasks.filter(pk__in=current.values("task_id"))


class PostQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(task__in=discussable_tasks(user))

    def published(self):
        return self.filter(withdrawn_at__isnull=True)

    def search(self, query: str):
        return search_filter(self, query)


class Post(models.Model):
    """One message in a task's thread, in plain text."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="posts"
    )
    text = models.TextField(_("text"))
    mentioned_units = models.ManyToManyField(Unit, verbose_name=_("units mentioned"), blank=True, related_name="+")
    mentioned_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("people mentioned"), blank=True, related_name="mentions"
    )
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    search_text = models.TextField(editable=False, default="")

    objects = PostQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text", "lock_version"])

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["task", "created_at", "pk"]
        indexes = [models.Index(fields=["task", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(withdrawn_at__isnull=True) | Q(text=""), name="post_withdrawn_has_no_text"),
        ]

    def __str__(self):
        return f"{self.task} — {self.author} — {self.created_at:%d/%m/%Y %H:%M}"

    def save(self, *args, **kwargs):
        self.search_text = fold(self.text)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{reverse('plans:task_detail', args=[self.task_id])}#post-{self.pk}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def edit_deadline(self) -> datetime.datetime:
        return self.created_at + EDIT_WINDOW

    def is_editable_by(self, user, now: datetime.datetime | None = None) -> bool:
        """Its author, within EDIT_WINDOW of posting, while it is not withdrawn."""
        return self.author_id == user.pk and not self.is_withdrawn and (now or timezone.now()) <= self.edit_deadline()

    def is_withdrawable_by(self, user) -> bool:
        return self.author_id == user.pk and not self.is_withdrawn


class PostAttachmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(post__in=Post.objects.visible_to(user).published(), removed_at__isnull=True)


class PostAttachment(PrivateDocument):
    """A file attached to a post, in the private-document store (checked by its content)."""

    UPLOAD_PREFIX = "discussions"
    ACCEPTED = EVIDENCE

    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="attachments")

    objects = PostAttachmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("post attachment")
        verbose_name_plural = _("post attachments")
        ordering = ["post", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("discussions:attachment_download", args=[self.pk])


class ThreadRead(models.Model):
    """When a user last read a task's thread: what is newer is unread for them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(_("read at"))

    class Meta:
        verbose_name = _("thread read")
        verbose_name_plural = _("threads read")
        constraints = [models.UniqueConstraint(fields=["user", "task"], name="thread_read_once_per_user")]

    def __str__(self):
        return f"{self.user_id} — {self.task_id}"
