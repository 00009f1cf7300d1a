"""The conferences app's access guards: invisible is a 404, visible but not allowed is a 403.

Every page, export, download or other app that reaches a conference or one of its parts by id goes
through these (never its own copy). What each user sees is the QuerySets' `visible_to`."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import (
    MANAGE,
    REGISTER,
    AgendaSession,
    Award,
    Conference,
    Feedback,
    Invitation,
    Participant,
    SessionMaterial,
    Speaker,
)

CONFERENCE_RELATED = ("province", "organiser", "task__plan", "report_filed_by")


def may_manage_conferences(user) -> bool:
    """Central planners (and administrators): plan, invite, record attendance, file the outcome."""
    return user.has_perm(MANAGE)


def may_give_feedback(user) -> bool:
    """Organisers for anyone, focal officers for their own unit's participants."""
    return may_manage_conferences(user) or user.has_perm(REGISTER)


def _allowed(thing, user, to_edit: bool):
    if to_edit and not thing.is_editable_by(user):
        raise PermissionDenied
    return thing


def get_conference_for_user(user, pk, *, to_edit=False) -> Conference:
    conference = get_object_or_404(Conference.objects.visible_to(user).select_related(*CONFERENCE_RELATED), pk=pk)
    return _allowed(conference, user, to_edit)


def get_session_for_user(user, pk, *, to_edit=False) -> AgendaSession:
    session = get_object_or_404(
        AgendaSession.objects.visible_to(user).select_related(*(f"conference__{name}" for name in CONFERENCE_RELATED)), pk=pk,
    )
    return _allowed(session, user, to_edit)


def get_material_for_user(user, pk, *, to_edit=False) -> SessionMaterial:
    material = get_object_or_404(SessionMaterial.objects.visible_to(user).select_related("session__conference"), pk=pk)
    return _allowed(material, user, to_edit)


def get_invitation_for_user(user, pk, *, to_edit=False) -> Invitation:
    invitation = get_object_or_404(Invitation.objects.visible_to(user).select_related("conference", "unit"), pk=pk)
    return _allowed(invitation, user, to_edit)


def get_participant_for_user(user, pk, *, to_edit=False) -> Participant:
    """`to_edit`: withdraw or rate them (an organiser, or an officer of the inviting unit)."""
    participant = get_object_or_404(
        Participant.objects.visible_to(user).select_related("conference", "invitation__unit"), pk=pk,
    )
    return _allowed(participant, user, to_edit)


def get_feedback_for_user(user, pk, *, to_edit=False) -> Feedback:
    feedback = get_object_or_404(
        Feedback.objects.visible_to(user).select_related("session", "participant__invitation"), pk=pk,
    )
    return _allowed(feedback, user, to_edit)


def get_award_for_user(user, pk, *, to_edit=False) -> Award:
    award = get_object_or_404(Award.objects.visible_to(user).select_related("conference"), pk=pk)
    return _allowed(award, user, to_edit)


def get_speaker_for_user(user, pk, *, to_edit=False) -> Speaker:
    return _allowed(get_object_or_404(Speaker.objects.visible_to(user), pk=pk), user, to_edit)
