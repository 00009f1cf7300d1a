"""The conferences app's guards (conferences.access) and visible_to: invisible is a 404, visible but not
allowed a 403, for each role; one rule for who sees which participants, on every page."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from conferences.access import (
    get_award_for_user,
    get_conference_for_user,
    get_feedback_for_user,
    get_invitation_for_user,
    get_material_for_user,
    get_participant_for_user,
    get_session_for_user,
    get_speaker_for_user,
    may_give_feedback,
    may_manage_conferences,
)
from conferences.models import (
    AgendaSession,
    Attendance,
    Award,
    Conference,
    Feedback,
    Invitation,
    Participant,
    SessionMaterial,
    Speaker,
)

from .factories import (
    AgendaSessionFactory,
    ConferenceFactory,
    HeldConferenceFactory,
    InvitationFactory,
    ParticipantFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(unit, other_unit):
    """A held conference with the officer's unit and another unit invited, a guest, an agenda with a
    material, ratings and an award."""
    conference = HeldConferenceFactory()
    session = AgendaSessionFactory(conference=conference, day=timezone.localdate(), speakers=[SpeakerFactory()])
    own = ParticipantFactory(invitation=InvitationFactory(conference=conference, unit=unit), name="Người của đơn vị")
    theirs = ParticipantFactory(invitation=InvitationFactory(conference=conference, unit=other_unit), name="Người đơn vị khác")
    guest = Participant.objects.create(conference=conference, name="Khách mời", organisation="Ngân hàng Thế giới")
    for participant in (own, theirs):
        Feedback.objects.create(session=session, participant=participant, rating=5)
        Attendance.objects.create(participant=participant, day=session.day)
    material = SessionMaterial.objects.create(session=session, title="Bài trình bày", file=ContentFile(b"%PDF-1.4", name="a.pdf"))
    return {
        "conference": conference, "session": session, "own": own, "theirs": theirs, "guest": guest, "material": material,
        "award": Award.objects.create(conference=conference, honour="Kỷ niệm chương", recipient="Robert J. Palacios"),
        "hidden": ConferenceFactory(status=Conference.Status.PLANNED),
    }


GUARDS = {
    "conference": get_conference_for_user, "session": get_session_for_user, "material": get_material_for_user,
    "award": get_award_for_user,
}


def test_an_officer_of_an_uninvited_unit_gets_404_on_everything(world, make_user):
    stranger = make_user(User.Role.UNIT_OFFICER)
    for name, guard in GUARDS.items():
        with pytest.raises(Http404):
            guard(stranger, world[name].pk)
    for participant in ("own", "theirs", "guest"):
        with pytest.raises(Http404):
            get_participant_for_user(stranger, world[participant].pk)
    with pytest.raises(Http404):
        get_invitation_for_user(stranger, world["own"].invitation_id)
    with pytest.raises(Http404):
        get_feedback_for_user(stranger, Feedback.objects.get(participant=world["own"]).pk)


def test_an_invited_officer_reads_but_may_not_manage(world, officer):
    for name, guard in GUARDS.items():
        assert guard(officer, world[name].pk) == world[name]
        with pytest.raises(PermissionDenied):
            guard(officer, world[name].pk, to_edit=True)
    with pytest.raises(PermissionDenied):
        get_invitation_for_user(officer, world["own"].invitation_id, to_edit=True)
    with pytest.raises(Http404):
        get_conference_for_user(officer, world["hidden"].pk)  # planned: invitations not out yet
    assert not may_manage_conferences(officer) and may_give_feedback(officer)


def test_an_officer_reaches_and_acts_for_their_own_units_participants_only(world, officer):
    assert get_participant_for_user(officer, world["own"].pk, to_edit=True) == world["own"]
    own_feedback = Feedback.objects.get(participant=world["own"])
    assert get_feedback_for_user(officer, own_feedback.pk, to_edit=True) == own_feedback
    for participant in ("theirs", "guest"):
        with pytest.raises(Http404):
            get_participant_for_user(officer, world[participant].pk)
    with pytest.raises(Http404):
        get_invitation_for_user(officer, world["theirs"].invitation_id)


def test_leadership_sees_everything_and_acts_on_nothing(world, leader):
    for name, guard in GUARDS.items():
        assert guard(leader, world[name].pk) == world[name]
        with pytest.raises(PermissionDenied):
            guard(leader, world[name].pk, to_edit=True)
    assert get_conference_for_user(leader, world["hidden"].pk) == world["hidden"]
    for participant in ("own", "theirs", "guest"):
        assert get_participant_for_user(leader, world[participant].pk) == world[participant]
        with pytest.raises(PermissionDenied):
            get_participant_for_user(leader, world[participant].pk, to_edit=True)
    with pytest.raises(PermissionDenied):
        get_speaker_for_user(leader, Speaker.objects.first().pk, to_edit=True)
    assert not may_manage_conferences(leader) and not may_give_feedback(leader)


@pytest.mark.parametrize("role", ["planner", "administrator"])
def test_central_staff_reach_and_act_on_everything(world, role, request):
    user = request.getfixturevalue(role)
    for name, guard in GUARDS.items():
        assert guard(user, world[name].pk, to_edit=True) == world[name]
    for participant in ("own", "theirs", "guest"):
        assert get_participant_for_user(user, world[participant].pk, to_edit=True) == world[participant]
    assert get_speaker_for_user(user, Speaker.objects.first().pk, to_edit=True)


def test_visible_to_of_every_model_follows_the_conference_and_the_unit(world, officer, leader, make_user):
    stranger = make_user(User.Role.UNIT_OFFICER)
    conference = world["conference"]
    expected = {
        officer: {"invitations": 1, "participants": 1, "feedback": 1, "attendance": 1, "sessions": 1, "materials": 1,
                  "awards": 1},
        leader: {"invitations": 2, "participants": 3, "feedback": 2, "attendance": 2, "sessions": 1, "materials": 1,
                 "awards": 1},
        stranger: {"invitations": 0, "participants": 0, "feedback": 0, "attendance": 0, "sessions": 0, "materials": 0,
                   "awards": 0},
    }
    for user, counts in expected.items():
        seen = {
            "invitations": Invitation.objects.visible_to(user).filter(conference=conference).count(),
            "participants": Participant.objects.visible_to(user).filter(conference=conference).count(),
            "feedback": Feedback.objects.visible_to(user).filter(session__conference=conference).count(),
            "attendance": Attendance.objects.visible_to(user).filter(participant__conference=conference).count(),
            "sessions": AgendaSession.objects.visible_to(user).filter(conference=conference).count(),
            "materials": SessionMaterial.objects.visible_to(user).filter(session__conference=conference).count(),
            "awards": Award.objects.visible_to(user).filter(conference=conference).count(),
        }
        assert seen == counts, user
    assert Speaker.objects.visible_to(stranger).count() == Speaker.objects.count()


def test_one_rule_for_participants_on_the_participant_list_and_the_feedback_page(client, world, officer, planner, leader):
    """Whoever may open both pages sees the same participants on both (Participant.visible_to)."""
    list_url = reverse("conferences:participant_list", args=[world["conference"].pk])
    feedback_url = reverse("conferences:feedback", args=[world["conference"].pk])
    for user, names in ((officer, {"Người của đơn vị"}), (planner, {"Người của đơn vị", "Người đơn vị khác", "Khách mời"})):
        client.force_login(user)
        listed = {row["participant"].name for row in client.get(list_url).context["rows"]}
        choices = {p.name for p in client.get(feedback_url).context["form"].fields["participant"].queryset}
        assert listed == choices == names, user
    client.force_login(leader)
    listed = {row["participant"].name for row in client.get(list_url).context["rows"]}
    assert listed == {"Người của đơn vị", "Người đơn vị khác", "Khách mời"}
    assert client.get(feedback_url).status_code == 403
