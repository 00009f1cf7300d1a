"""Who gets what on every conference URL (walked by tests/test_authorization_matrix.py)."""

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import Unit
from conferences.models import Conference, SessionMaterial
from plans.tests.factories import ObjectiveFactory, PlanFactory, TaskFactory
from tests.authz import Rule, everyone, planners_only, unit_scoped

from .factories import (
    AgendaSessionFactory,
    ConferenceFactory,
    HeldConferenceFactory,
    InvitationFactory,
    ParticipantFactory,
    SpeakerFactory,
)


def managers(status=200) -> dict:
    """Central planners and administrators act; the invited officer is refused; others cannot see it."""
    return everyone(403, other_officer=404, planner=status, admin=status)


def build(world):
    world.conference = ConferenceFactory()
    world.invitation = InvitationFactory(conference=world.conference, unit=world.unit, quota=5)
    world.participant = ParticipantFactory(invitation=world.invitation)
    world.session = AgendaSessionFactory(conference=world.conference)
    world.material = SessionMaterial.objects.create(
        session=world.session, title="Bài trình bày", file=ContentFile(b"%PDF-1.4 slides", name="slides.pdf"),
    )
    world.held = HeldConferenceFactory(report_file=ContentFile(b"%PDF-1.4 report", name="report.pdf"))
    InvitationFactory(conference=world.held, unit=world.unit)
    AgendaSessionFactory(conference=world.held, day=timezone.localdate())
    # An explicit number: other apps' rules create plans too, and numbers are unique per year.
    plan = PlanFactory(number="990/KH-BHXH", year=2024)
    world.conference_task = TaskFactory(objective=ObjectiveFactory(plan=plan), lead=Unit.objects.get(code="HTQT"))
    world.speaker = SpeakerFactory()
    assert world.conference.status == Conference.Status.INVITATIONS_SENT


def conference(world):
    return {"pk": world.conference.pk}


def held(world):
    return {"pk": world.held.pk}


RULES = {
    "conferences:conference_list": Rule(expect=everyone(200)),
    "conferences:conference_calendar": Rule(expect=everyone(200), query="year=2024&month=7"),
    "conferences:conference_create": Rule(expect=planners_only(200)),
    "conferences:conference_create_from_task": Rule(
        kwargs=lambda w: {"task_pk": w.conference_task.pk}, expect=planners_only(200)
    ),
    "conferences:conference_detail": Rule(kwargs=conference, expect=unit_scoped(200)),
    "conferences:conference_update": Rule(kwargs=conference, expect=managers(200)),
    "conferences:conference_send_invitations": Rule(kwargs=conference, method="post", expect=managers(302)),
    "conferences:conference_mark_held": Rule(kwargs=conference, method="post", expect=managers(302)),
    "conferences:conference_cancel": Rule(
        kwargs=conference, method="post", data=lambda w: {"reason": "Hoãn"}, expect=managers(302),
    ),
    "conferences:conference_report": Rule(kwargs=held, expect=managers(200)),
    "conferences:report_file_download": Rule(kwargs=held, expect=unit_scoped(200)),
    "conferences:conference_ics": Rule(kwargs=conference, expect=unit_scoped(200)),
    "conferences:agenda_print": Rule(kwargs=conference, expect=unit_scoped(200)),
    "conferences:session_create": Rule(kwargs=conference, expect=managers(200)),
    "conferences:session_update": Rule(kwargs=lambda w: {"pk": w.session.pk}, expect=managers(200)),
    "conferences:material_upload": Rule(kwargs=lambda w: {"pk": w.session.pk}, expect=managers(200)),
    "conferences:material_download": Rule(kwargs=lambda w: {"pk": w.material.pk}, expect=unit_scoped(200)),
    "conferences:invitation_manage": Rule(kwargs=conference, expect=managers(200)),
    "conferences:invitation_invite_region": Rule(
        kwargs=conference, method="post", data=lambda w: {"region": "north", "quota": 2}, expect=managers(302),
    ),
    "conferences:invitation_set_quota": Rule(
        kwargs=lambda w: {"pk": w.invitation.pk}, method="post", data=lambda w: {"quota": 4}, expect=managers(302),
    ),
    "conferences:participant_list": Rule(kwargs=conference, expect=unit_scoped(200)),
    "conferences:participant_register": Rule(
        kwargs=conference, method="post", data=lambda w: {"invitation": w.invitation.pk, "name": "Đỗ Văn Mới"},
        expect=unit_scoped(302, leader=403),
    ),
    "conferences:guest_add": Rule(kwargs=conference, expect=managers(200)),
    "conferences:participant_withdraw": Rule(
        kwargs=lambda w: {"pk": w.participant.pk}, method="post", expect=unit_scoped(302, leader=403),
    ),
    "conferences:attendance": Rule(kwargs=held, expect=managers(200)),
    "conferences:feedback": Rule(kwargs=held, expect=unit_scoped(200, leader=403)),
    "conferences:award_create": Rule(kwargs=held, expect=managers(200)),
    "conferences:speaker_list": Rule(expect=everyone(200)),
    "conferences:speaker_create": Rule(expect=planners_only(200)),
    "conferences:speaker_update": Rule(kwargs=lambda w: {"pk": w.speaker.pk}, expect=planners_only(200)),
}
