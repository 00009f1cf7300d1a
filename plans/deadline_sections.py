"""What deadline tracking shows on the engine's task page: its extension requests and explanation
requests (in order, through their guards) and which actions the user may take there. The page lists
only what waits for the user's action (a request to decide or change, an explanation to give); the
history of every request is in the task's timeline (timeline_deadlines.py)."""

from django.db.models import Prefetch

from .access import may_manage_plans, may_request_explanations, may_request_extension
from .explanations import may_be_explained
from .models import (
    ExplanationDocument,
    ExplanationReply,
    ExplanationRequest,
    ExtensionDocument,
    ExtensionRequest,
    Task,
)


def _read_once(task: Task, what: str, user, read) -> list:
    """One read per task instance and user: the page's deadline sections and its timeline show the same
    requests, so the task page loads them once."""
    reads = task.__dict__.setdefault("_deadline_reads", {})
    key = (what, user.pk)
    if key not in reads:
        reads[key] = read()
    return reads[key]


def task_extensions(user, task: Task) -> list[ExtensionRequest]:
    """The task's extension requests the user may see, oldest first, with their documents: two queries
    (none more for the same task instance)."""
    return _read_once(task, "extensions", user, lambda: list(
        ExtensionRequest.objects.visible_to(user).filter(task=task)
        .select_related("unit", "requested_by", "decided_by")
        .prefetch_related(Prefetch("documents", queryset=ExtensionDocument.objects.filter(removed_at__isnull=True)))
        .order_by("requested_at", "pk")
    ))


def task_explanations(user, task: Task) -> list[ExplanationRequest]:
    """The task's explanation requests the user may see, oldest first, each with `visible_replies` (an
    officer: only their units') and the replies' documents: three queries (none more for the same task
    instance)."""
    replies = ExplanationReply.objects.visible_to(user).select_related("unit", "answered_by").prefetch_related(
        Prefetch("documents", queryset=ExplanationDocument.objects.filter(removed_at__isnull=True))
    )
    return _read_once(task, "explanations", user, lambda: list(
        ExplanationRequest.objects.visible_to(user).filter(task=task).select_related("requested_by")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="visible_replies"))
        .order_by("requested_at", "pk")
    ))


def deadline_context(user, task: Task) -> dict:
    """A fixed number of queries: requests, their documents, explanation requests, their replies and documents."""
    extensions = task_extensions(user, task)
    explanations = task_explanations(user, task)
    live = task.is_live
    can_extend = live and may_request_extension(user, task) and not any(e.is_pending for e in extensions)
    editable = {e.pk for e in extensions if e.is_editable_by(user)}
    can_decide = may_manage_plans(user)
    return {
        "extensions_to_act": [e for e in extensions if e.is_pending and (can_decide or e.pk in editable)],
        "editable_extensions": editable,
        "replies_to_answer": [(asked, r) for asked in explanations for r in asked.visible_replies if r.is_editable_by(user)],
        "can_request_extension": can_extend,
        "can_decide_extensions": can_decide,
        "can_request_explanation": live and may_request_explanations(user) and may_be_explained(task),
        "can_complete": live and may_manage_plans(user),
        "can_reopen": task.status == Task.Status.DONE and task.plan.status == task.plan.Status.ISSUED
        and may_manage_plans(user),
    }
