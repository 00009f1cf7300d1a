"""What deadline tracking adds to the task's timeline (registered in PlansConfig.ready): each extension
request when it was asked and when it was decided, each explanation request when it was asked and each
unit's explanation when it came, through the same guards as the task page's deadline sections."""

from django.template.loader import render_to_string

from .deadline_sections import task_explanations, task_extensions
from .deadlines import DeadlineRules
from .timeline import TimelineEntry

EXTENSION_TEMPLATE = "plans/includes/timeline_extension.html"
EXPLANATION_TEMPLATE = "plans/includes/timeline_explanation.html"


def _entry(request, *, at, kind: str, key: str, template: str, context: dict) -> TimelineEntry:
    def render():
        return render_to_string(template, {**context, "key": key}, request=request)

    return TimelineEntry(at=at, kind=kind, key=key, render=render)


def extension_entries(request, task) -> list[TimelineEntry]:
    """An entry for each request the user may see, another for its decision: two queries, two more for the
    working calendar when a request was granted (the deadline it gave, moved off a day off as the task's is)."""
    extensions = task_extensions(request.user, task)
    rules = DeadlineRules.load() if any(e.granted_deadline for e in extensions) else None
    entries = []
    for extension in extensions:
        entries.append(_entry(
            request, at=extension.requested_at, kind="extension_asked", key=f"timeline-extension-{extension.pk}",
            template=EXTENSION_TEMPLATE, context={"extension": extension, "step": "asked"},
        ))
        if extension.decided_at:
            effective = rules.effective(task.deadline, extension.granted_deadline) if extension.granted_deadline else None
            entries.append(_entry(
                request, at=extension.decided_at, kind="extension_decided",
                key=f"timeline-extension-{extension.pk}-decision", template=EXTENSION_TEMPLATE,
                context={"extension": extension, "step": "decided", "effective_deadline": effective},
            ))
    return entries


def explanation_entries(request, task) -> list[TimelineEntry]:
    """An entry for each explanation request the user may see, another for each explanation they may read
    (an officer: their own units'): three queries."""
    entries = []
    for asked in task_explanations(request.user, task):
        answerable = {reply.pk for reply in asked.visible_replies if reply.is_editable_by(request.user)}
        entries.append(_entry(
            request, at=asked.requested_at, kind="explanation_asked", key=f"timeline-explanation-{asked.pk}",
            template=EXPLANATION_TEMPLATE, context={"explanation": asked, "step": "asked", "answerable": answerable},
        ))
        entries.extend(
            _entry(
                request, at=reply.answered_at, kind="explanation_answered", key=f"timeline-explanation-reply-{reply.pk}",
                template=EXPLANATION_TEMPLATE, context={"explanation": asked, "reply": reply, "step": "answered"},
            )
            for reply in asked.visible_replies if reply.is_answered
        )
    return entries
