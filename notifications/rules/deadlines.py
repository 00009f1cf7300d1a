"""Deadline tracking's notifications: extension requests and their decisions, explanation requests,
their answers, and the reminder and escalation of an explanation not given by its date.

The four event rules are recorded when the engine sends its signal (notifications/receivers.py),
in the service's transaction, and go out once it commits; their `collect` finds nothing. The two
scheduled rules are found by the scan, once per step, on working days: the first working day after
the reply date ("overdue"), then N working days later to the unit's heads, the requester and
central planners ("escalation", mandatory like a task's)."""

import datetime
from collections.abc import Iterator

from django.utils.translation import gettext as _

from plans.models import Assignment, ExplanationReply, ExtensionRequest

from ..models import ReminderRule
from .base import Candidate, Message, Rule, Scan, chunks, show_date, unit_name, working_days_text


class EventRule(Rule):
    """Recorded by `candidates(obj, day)` when the event happens, never by the scan."""

    def collect(self, scan, params):
        return iter(())

    def candidates(self, obj, day: datetime.date, scan: Scan) -> list[Candidate]:
        raise NotImplementedError


def _officers(scan: Scan, unit_id: int) -> list[int]:
    """The active officers of the unit that carries `unit_id`'s work (its successor once it ended)."""
    return list(scan.officers_for(unit_id)[1])


def _extension_lines(request: ExtensionRequest) -> list[str]:
    return [
        _("Task: %(task)s") % {"task": request.task.title},
        _("Requested by %(unit)s: from %(before)s to %(proposed)s.") % {
            "unit": request.unit.name, "before": show_date(request.current_deadline),
            "proposed": show_date(request.proposed_deadline)},
        _("Reason: %(reason)s") % {"reason": request.reason},
    ]


class ExtensionRequested(EventRule):
    code = ReminderRule.Code.EXTENSION_REQUESTED
    model = "plans.ExtensionRequest"
    related = ("task", "unit")

    def candidates(self, request, day, scan):
        return [self.dispatch(request.pk, user_id, day) for user_id in scan.planners]

    def still_due(self, request, dispatch, today, params):
        return request.is_pending

    def message(self, request, dispatch, params):
        return Message(
            title=_("Extension asked for: %(task)s") % {"task": request.task.title},
            lines=_extension_lines(request), url=request.get_absolute_url(),
            reason=_("You receive this because you are a central planner: you decide extension requests."),
        )


class ExtensionDecided(EventRule):
    code = ReminderRule.Code.EXTENSION_DECIDED
    model = "plans.ExtensionRequest"
    related = ("task", "unit", "decided_by")

    def candidates(self, request, day, scan):
        officers = _officers(scan, request.unit_id)
        planners = [user_id for user_id in scan.planners if user_id not in officers and user_id != request.decided_by_id]
        return [
            *(self.dispatch(request.pk, user_id, day, audience="unit") for user_id in officers),
            *(self.dispatch(request.pk, user_id, day, audience="planner") for user_id in planners),
        ]

    def still_due(self, request, dispatch, today, params):
        return not request.is_pending

    def message(self, request, dispatch, params):
        if request.status == ExtensionRequest.Status.APPROVED:
            title = _("Extension granted until %(date)s: %(task)s") % {
                "date": show_date(request.granted_deadline), "task": request.task.title}
        else:
            title = _("Extension refused: %(task)s") % {"task": request.task.title}
        lines = [*_extension_lines(request), _("Decided by %(who)s.") % {"who": request.decided_by}]
        if request.decision_comment:
            lines.append(_("Comment: %(comment)s") % {"comment": request.decision_comment})
        if dispatch.context.get("audience") == "unit":
            reason = _("You receive this because your unit, %(unit)s, asked for this extension.") % {"unit": request.unit.name}
        else:
            reason = _("You receive this because you are a central planner.")
        return Message(title=title, lines=lines, url=request.task.get_absolute_url(), reason=reason)


def _explanation_lines(reply: ExplanationReply) -> list[str]:
    request = reply.request
    return [
        _("Task: %(task)s") % {"task": request.task.title},
        _("Asked by %(who)s: %(question)s") % {"who": request.requested_by, "question": request.question},
        _("Reply by: %(date)s") % {"date": show_date(request.reply_by)},
    ]


def _unit_reason(reply: ExplanationReply) -> str:
    role = Assignment.Role(reply.role).label
    return _("You receive this because your unit, %(unit)s, is asked to explain (%(role)s).") % {
        "unit": reply.unit.name, "role": role}


class ExplanationRule(Rule):
    model = "plans.ExplanationReply"
    related = ("request__task", "request__requested_by", "unit")


class ExplanationRequested(ExplanationRule, EventRule):
    code = ReminderRule.Code.EXPLANATION_REQUESTED

    def candidates(self, request, day, scan):
        return [
            self.dispatch(reply.pk, user_id, day)
            for reply in request.replies.all()
            for user_id in _officers(scan, reply.unit_id)
        ]

    def still_due(self, reply, dispatch, today, params):
        return not reply.is_answered

    def message(self, reply, dispatch, params):
        return Message(
            title=_("Explanation asked for: %(task)s") % {"task": reply.request.task.title},
            lines=_explanation_lines(reply), url=reply.get_absolute_url(), reason=_unit_reason(reply),
        )


class ExplanationAnswered(ExplanationRule, EventRule):
    code = ReminderRule.Code.EXPLANATION_ANSWERED

    def candidates(self, reply, day, scan):
        readers = [reply.request.requested_by_id, *(p for p in scan.planners if p != reply.request.requested_by_id)]
        return [self.dispatch(reply.pk, user_id, day) for user_id in readers if user_id != reply.answered_by_id]

    def still_due(self, reply, dispatch, today, params):
        return reply.is_answered

    def message(self, reply, dispatch, params):
        return Message(
            title=_("Explanation from %(unit)s: %(task)s") % {"unit": reply.unit.name, "task": reply.request.task.title},
            lines=[*_explanation_lines(reply), _("Explanation: %(answer)s") % {"answer": reply.answer}],
            url=reply.get_absolute_url(),
            reason=_("You receive this because you asked for this explanation, or you are a central planner."),
        )


class ExplanationOverdue(ExplanationRule):
    """The first working day after the reply date, once: to the asked unit's officers."""

    code = ReminderRule.Code.EXPLANATION_OVERDUE

    def rows(self, scan: Scan) -> Iterator[list[dict]]:
        awaited = ExplanationReply.objects.awaited().filter(request__reply_by__lt=scan.day)
        yield from chunks(awaited, ("unit_id", "request__reply_by", "request__requested_by_id"), scan.chunk_size)

    def collect(self, scan, params):
        for chunk in self.rows(scan):
            batch = []
            for row in chunk:
                occurrence = scan.after_working_days(row["request__reply_by"], 1, 0)
                if occurrence is not None:
                    batch += [self.dispatch(row["pk"], user_id, occurrence) for user_id in _officers(scan, row["unit_id"])]
            yield batch

    def still_due(self, reply, dispatch, today, params):
        return not reply.is_answered

    def message(self, reply, dispatch, params):
        return Message(
            title=_("Explanation overdue: %(task)s") % {"task": reply.request.task.title},
            lines=[_("Your unit has not answered by %(date)s.") % {"date": show_date(reply.request.reply_by)},
                   *_explanation_lines(reply)],
            url=reply.get_absolute_url(), reason=_unit_reason(reply),
        )


class ExplanationEscalation(ExplanationOverdue):
    """N working days after the reply date, once: to the unit's heads, the requester and central planners."""

    code = ReminderRule.Code.EXPLANATION_ESCALATION

    def collect(self, scan, params):
        threshold = params.threshold or 0
        for chunk in self.rows(scan):
            batch = []
            for row in chunk:
                occurrence = scan.after_working_days(row["request__reply_by"], threshold + 1, 0)
                if occurrence is None:
                    continue
                heads = scan.heads_by_unit.get(row["unit_id"], [])
                readers = dict.fromkeys([*heads, row["request__requested_by_id"], *scan.planners])
                late = -scan.working_days_to(row["request__reply_by"])
                batch += [
                    self.dispatch(row["pk"], user_id, occurrence, unit=row["unit_id"], late=late,
                                  audience="head" if user_id in heads else "reader")
                    for user_id in readers
                ]
            yield batch

    def message(self, reply, dispatch, params):
        if dispatch.context.get("audience") == "head":
            reason = _("You receive this because you are the head of %(unit)s. Escalations cannot be switched off.") % {
                "unit": unit_name(dispatch.context.get("unit"))}
        else:
            reason = _("You receive this because you asked for this explanation or you are a central planner. "
                       "Escalations cannot be switched off.")
        return Message(
            title=_("Escalation — explanation not given: %(task)s") % {"task": reply.request.task.title},
            lines=[_("%(unit)s has not answered, %(late)s after the reply date.") % {
                "unit": reply.unit.name, "late": working_days_text(dispatch.context.get("late", 0))},
                *_explanation_lines(reply)],
            url=reply.get_absolute_url(), reason=reason,
        )
