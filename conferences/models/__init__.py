"""The conferences app's models: the conference and its speakers (conferences.py), its agenda
(agenda.py), and who comes (attendees.py: invitations, participants, attendance, feedback, awards)."""

from .agenda import AgendaSession, SessionMaterial
from .attendees import (
    Attendance,
    Award,
    Feedback,
    Invitation,
    Participant,
    participant_search_text,
    present_per_day,
)
from .conferences import MANAGE, REGISTER, Conference, OutcomeFileValidator, Speaker, days_between, today

__all__ = [
    "MANAGE", "REGISTER", "AgendaSession", "Attendance", "Award", "Conference", "Feedback", "Invitation",
    "OutcomeFileValidator", "Participant", "SessionMaterial", "Speaker", "days_between", "participant_search_text",
    "present_per_day", "today",
]
