"""What deadline tracking shows on the engine's task page: its extension requests and explanation
requests (in order, through their guards) and which actions the user may take there."""

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


def task_extensions(user, task: Task) -> list[ExtensionRequest]:
    """The task's extension requests the user may see, oldest first, with their documents: two queries."""
    return list(
        ExtensionRequest.objects.visible_to(user).filter(task=task)
        .select_related("unit", "requested_by", "decided_by")
        .prefetch_related(Prefetch("documents", queryset=ExtensionDocument.objects.filter(removed_at__isnull=True)))
        .order_by("requested_at", "pk")
    )


def task_explanations(user, task: Task) -> list[ExplanationRequest]:
    """The task's explanation requests the user may see, oldest first, each with `visible_replies` (an
    officer: only their units') and the replies' documents: three queries."""
    replies = ExplanationReply.objects.visible_to(user).select_related("unit", "answered_by").prefetch_related(
        Prefetch("documents", queryset=ExplanationDocument.objects.filter(removed_at__isnull=True))
    )
    return list(
        ExplanationRequest.objects.visible_to(user).filter(task=task).select_related("requested_by")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="visible_replies"))
        .order_by("requested_at", "pk")
    )


def deadline_context(user, task: Task) -> dict:
    """A fixed number of queries: requests, their documents, explanation requests, their replies and documents."""
    extensions = task_extensions(user, task)
    explanations = task_explanations(user, task)
    live = task.is_live
    can_extend = live and may_request_extension(user, task) and not any(e.is_pending for e in extensions)
    return {
        "extensions": extensions,
        "editable_extensions": {e.pk for e in extensions if e.is_editable_by(user)},
        "explanations": explanations,
        "answerable_replies": {r.pk for request in explanations for r in request.visible_replies if r.is_editable_by(user)},
        "can_request_extension": can_extend,
        "can_decide_extensions": may_manage_plans(user),
        "can_request_explanation": live and may_request_explanations(user) and may_be_explained(task),
        "can_complete": live and may_manage_plans(user),
        "can_reopen": task.status == Task.Status.DONE and task.plan.status == task.plan.Status.ISSUED
        and may_manage_plans(user),
    }
