"""The reminder rules: who is reminded of what, on which day, and what the message says.

One module per domain (tasks, deadline extensions and explanations, reports, conferences, coverage,
the leadership digest, discussions), all built on
`base` (Candidate, Message, Scan, Rule). `RULES` maps each ReminderRule code to its rule; the scan
and the delivery in notifications/services.py look rules up there.
"""

from .base import Candidate, Message, Rule, Scan
from .conferences import ConferenceRegistration
from .coverage import CoverageEnding
from .deadlines import (
    EventRule,
    ExplanationAnswered,
    ExplanationEscalation,
    ExplanationOverdue,
    ExplanationRequested,
    ExtensionDecided,
    ExtensionRequested,
)
from .digest import LeadershipDigest
from .reports import ReportDue, ReportReturned, ReportReview
from .tasks import TaskDueSoon, TaskDueToday, TaskEscalation, TaskOverdue
from .threads import ThreadDigest, ThreadPost

RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        TaskDueSoon(), TaskDueToday(), TaskOverdue(), TaskEscalation(), ReportDue(), ReportReturned(), ReportReview(),
        LeadershipDigest(), ConferenceRegistration(), CoverageEnding(), ExtensionRequested(), ExtensionDecided(),
        ExplanationRequested(), ExplanationAnswered(), ExplanationOverdue(), ExplanationEscalation(),
        ThreadPost(), ThreadDigest(),
    )
}

__all__ = ["RULES", "Candidate", "EventRule", "Message", "Rule", "Scan"]
