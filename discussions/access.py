"""Access guards of the discussion threads: invisible is a 404, visible but not allowed is a 403.

The rule itself is `models.discussable_tasks`; pages, search, markers, notifications and downloads
all go through it (and `thread_readers`, its mirror: who reads one task's thread)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from accounts.models import SEES_ALL_WORK, Unit, User
from plans.models import Plan, Task

from .models import Post, PostAttachment, discussable_tasks


def get_thread_for_user(user, task_pk) -> Task:
    """The task whose thread the user reads and posts in (every reader may post)."""
    return get_object_or_404(discussable_tasks(user).select_related("plan"), pk=task_pk)


def get_post_for_user(user, pk, *, to_edit=False, to_withdraw=False) -> Post:
    """`to_edit`: its author, within the edit window; `to_withdraw`: its author, not withdrawn yet."""
    post = get_object_or_404(Post.objects.visible_to(user).select_related("task__plan", "author"), pk=pk)
    if to_edit and not post.is_editable_by(user):
        raise PermissionDenied
    if to_withdraw and not post.is_withdrawable_by(user):
        raise PermissionDenied
    return post


def get_post_attachment_for_user(user, pk) -> PostAttachment:
    return get_object_or_404(PostAttachment.objects.visible_to(user), pk=pk)


def heir_unit_ids(unit_ids) -> set[int]:
    """These units and every unit that succeeded them, transitively: whose officers carry their work."""
    found, frontier = set(unit_ids), set(unit_ids)
    while frontier:
        frontier = set(
            Unit.successors.through.objects.filter(from_unit_id__in=frontier).values_list("to_unit_id", flat=True)
        ) - found
        found |= frontier
    return found


def thread_units(task: Task) -> set[int]:
    """The units whose officers read the task's thread: its current units and their successors
    (none while the plan is not in force: officers do not see it)."""
    if task.plan.status not in Plan.IN_FORCE:
        return set()
    return heir_unit_ids(task.assignments.current().values_list("unit_id", flat=True))


def thread_readers(task: Task, unit_ids: set[int] | None = None):
    """Active users who read the task's thread (the mirror of `discussable_tasks` for one task)."""
    unit_ids = thread_units(task) if unit_ids is None else unit_ids
    return User.objects.filter(is_active=True).filter(Q(pk__in=_holding(SEES_ALL_WORK)) | Q(unit_id__in=unit_ids))


def _holding(permission: str):
    """The ids of the users who hold `permission` ("app_label.codename") through ModelBackend (by a group,
    by a grant of their own, as superusers), as `User.objects.with_perm` would find them: a UNION ALL of
    three indexed lookups instead of its EXISTS probe for every user."""
    app_label, codename = permission.split(".")
    via = {"codename": codename, "content_type__app_label": app_label}
    by_group = User.objects.filter(**{f"groups__permissions__{k}": v for k, v in via.items()}).values("pk")
    granted = User.objects.filter(**{f"user_permissions__{k}": v for k, v in via.items()}).values("pk")
    return by_group.union(granted, User.objects.filter(is_superuser=True).values("pk"), all=True)


def mention_candidates(task: Task) -> tuple[list[Unit], list[User]]:
    """Units and people a post on `task` may mention: only those who read its thread."""
    unit_ids = thread_units(task)
    units = list(Unit.objects.filter(pk__in=unit_ids).order_by("kind", "name_vi"))
    people = list(thread_readers(task, unit_ids).select_related("unit").order_by("last_name", "first_name", "username"))
    return units, people
