import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.utils import timezone

from accounts.models import Unit, User
from accounts.tests.factories import UnitFactory
from conferences import services
from conferences.models import Attendance, Conference, Feedback, Invitation, Participant
from plans.models import Task
from plans.tests.factories import TaskFactory
from reports.models import ProgressReport
from reports.services import report_approve
from reports.tests.factories import ReportingPeriodFactory

from .factories import (
    AgendaSessionFactory,
    ConferenceFactory,
    HeldConferenceFactory,
    InvitationFactory,
    ParticipantFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_conference_end_before_start_is_refused(planner):
    with pytest.raises(ValidationError) as error:
        services.conference_create(by=planner, data={
            "title": "Hội nghị", "kind": Conference.Kind.SEMINAR, "venue": "Hà Nội",
            "start_date": datetime.date(2024, 7, 16), "end_date": datetime.date(2024, 7, 15),
            "organiser": Unit.objects.get(code="HTQT"),
        })
    assert "end_date" in error.value.message_dict


def test_conference_end_before_start_is_refused_by_the_database():
    conference = ConferenceFactory()
    with pytest.raises(IntegrityError):
        Conference.objects.filter(pk=conference.pk).update(end_date=conference.start_date - datetime.timedelta(days=1))


def test_conference_initial_from_task_takes_title_dates_and_lead_unit():
    lead = Unit.objects.get(code="HTQT")
    task = TaskFactory(
        title="Tập huấn đối ngoại khu vực phía Bắc", category=Task.Category.TRAINING, lead=lead, budget=500_000_000,
    )
    initial = services.conference_initial_from_task(task=task)
    assert initial["title"] == task.title
    assert initial["start_date"] == task.start_date and initial["end_date"] == task.deadline
    assert initial["organiser"] == lead
    assert initial["kind"] == Conference.Kind.TRAINING
    assert initial["planned_budget"] == 500_000_000


def _session_data(session, **overrides) -> dict:
    fields = ("day", "start_time", "end_time", "topic", "summary")
    return {**{name: getattr(session, name) for name in fields}, "speakers": [], **overrides}


def test_session_outside_the_conference_dates_is_refused(planner):
    conference = ConferenceFactory()
    session = AgendaSessionFactory.build(conference=conference, day=conference.end_date + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        services.session_create(conference=conference, data=_session_data(session), by=planner)
    assert "day" in error.value.message_dict


def test_session_ending_before_it_starts_is_refused(planner):
    session = AgendaSessionFactory.build(conference=ConferenceFactory(), start_time=datetime.time(10), end_time=datetime.time(9))
    with pytest.raises(ValidationError) as error:
        services.session_create(conference=session.conference, data=_session_data(session), by=planner)
    assert "end_time" in error.value.message_dict


def test_speaker_cannot_be_in_two_overlapping_sessions(planner):
    speaker = SpeakerFactory(name="Robert J. Palacios")
    first = AgendaSessionFactory(speakers=[speaker], start_time=datetime.time(9), end_time=datetime.time(10))
    clash = AgendaSessionFactory.build(conference=first.conference, start_time=datetime.time(9, 30), end_time=datetime.time(11))
    with pytest.raises(ValidationError) as error:
        services.session_create(conference=first.conference, data=_session_data(clash, speakers=[speaker]), by=planner)
    assert "Robert J. Palacios" in error.value.message_dict["speakers"][0]


def test_speaker_can_speak_again_right_after_a_session(planner):
    speaker = SpeakerFactory()
    first = AgendaSessionFactory(speakers=[speaker], start_time=datetime.time(9), end_time=datetime.time(10))
    after = AgendaSessionFactory.build(conference=first.conference, start_time=datetime.time(10), end_time=datetime.time(11))
    after = services.session_create(conference=first.conference, data=_session_data(after, speakers=[speaker]), by=planner)
    assert list(after.speakers.all()) == [speaker]


def test_invite_region_takes_northern_offices_existing_on_the_first_day(planner):
    conference = ConferenceFactory(
        status=Conference.Status.PLANNED, start_date=datetime.date(2024, 7, 15), end_date=datetime.date(2024, 7, 16),
        registration_deadline=datetime.date(2024, 7, 5),
    )
    created = services.invitations_add_region(conference=conference, data={"region": Unit.Region.NORTH, "quota": 3}, by=planner)
    codes = {invitation.unit.code for invitation in created}
    assert "P63-HAIDUONG" in codes and "P63-HANOI" in codes
    assert not any(code.startswith("P34-") for code in codes)
    assert "P63-NGHEAN" not in codes
    assert all(invitation.quota == 3 for invitation in created)
    again = services.invitations_add_region(conference=conference, data={"region": Unit.Region.NORTH, "quota": 3}, by=planner)
    assert again == []


def test_invitation_of_a_unit_that_no_longer_exists_is_refused(planner):
    conference = ConferenceFactory(status=Conference.Status.PLANNED)
    with pytest.raises(ValidationError) as error:
        services.invitation_add(
            conference=conference, data={"unit": Unit.objects.get(code="P63-HAIDUONG"), "quota": 2}, by=planner,
        )
    assert "unit" in error.value.message_dict


def test_quota_cannot_drop_below_registered_participants(planner, hanoi_invitation):
    ParticipantFactory.create_batch(2, invitation=hanoi_invitation)
    with pytest.raises(ValidationError):
        services.invitation_set_quota(invitation=hanoi_invitation, data={"quota": 1}, by=planner)


def test_register_up_to_quota_then_refused(hanoi_officer, hanoi_invitation):
    services.participant_register(
        data={"invitation": hanoi_invitation, "name": "Đỗ Quốc Huy", "position": "Phó Giám đốc"}, by=hanoi_officer,
    )
    services.participant_register(data={"invitation": hanoi_invitation, "name": "Lê Thị Mai"}, by=hanoi_officer)
    with pytest.raises(ValidationError) as error:
        services.participant_register(data={"invitation": hanoi_invitation, "name": "Trần Văn Ba"}, by=hanoi_officer)
    assert "2" in error.value.messages[0]
    assert hanoi_invitation.participants.registered().count() == 2


def test_withdrawn_participant_frees_a_place(hanoi_officer, hanoi_invitation):
    first = services.participant_register(data={"invitation": hanoi_invitation, "name": "A"}, by=hanoi_officer)
    services.participant_register(data={"invitation": hanoi_invitation, "name": "B"}, by=hanoi_officer)
    services.participant_withdraw(participant=first, by=hanoi_officer)
    services.participant_register(data={"invitation": hanoi_invitation, "name": "C"}, by=hanoi_officer)
    assert set(hanoi_invitation.participants.registered().values_list("name", flat=True)) == {"B", "C"}
    assert Participant.objects.get(pk=first.pk).status == Participant.Status.WITHDRAWN


def test_register_after_the_deadline_is_refused(hanoi_officer, conference, hanoi_invitation):
    Conference.objects.filter(pk=conference.pk).update(registration_deadline=TODAY() - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        services.participant_register(data={"invitation": hanoi_invitation, "name": "A"}, by=hanoi_officer)
    assert (TODAY() - datetime.timedelta(days=1)).strftime("%d/%m/%Y") in error.value.messages[0]


def test_register_on_the_deadline_day_is_accepted(hanoi_officer, conference, hanoi_invitation):
    Conference.objects.filter(pk=conference.pk).update(registration_deadline=TODAY())
    assert services.participant_register(data={"invitation": hanoi_invitation, "name": "A"}, by=hanoi_officer).pk


def test_register_for_another_unit_is_refused(make_user, hanoi_invitation):
    stranger = make_user(User.Role.UNIT_OFFICER, UnitFactory())
    with pytest.raises(ValidationError):
        services.participant_register(data={"invitation": hanoi_invitation, "name": "A"}, by=stranger)


def test_register_before_invitations_are_sent_is_refused(hanoi_officer, conference, hanoi_invitation):
    Conference.objects.filter(pk=conference.pk).update(status=Conference.Status.PLANNED)
    with pytest.raises(ValidationError):
        services.participant_register(data={"invitation": hanoi_invitation, "name": "A"}, by=hanoi_officer)


def test_same_person_twice_for_one_unit_is_refused(hanoi_officer, hanoi_invitation):
    services.participant_register(data={"invitation": hanoi_invitation, "name": "Đỗ Quốc Huy"}, by=hanoi_officer)
    with pytest.raises(ValidationError):
        services.participant_register(data={"invitation": hanoi_invitation, "name": "Đỗ Quốc Huy"}, by=hanoi_officer)


def test_predecessor_office_officer_registers_for_the_successor_lineage(make_user):
    """A Hải Phòng (2025) officer inherits the Hải Dương office's invitations."""
    conference = ConferenceFactory()
    invitation = InvitationFactory(conference=conference, unit=Unit.objects.get(code="P63-HAIDUONG"))
    officer = make_user(User.Role.UNIT_OFFICER, Unit.objects.get(code="P34-HAIPHONG"))
    assert services.participant_register(data={"invitation": invitation, "name": "A"}, by=officer).pk


@pytest.mark.django_db(transaction=True)
def test_two_officers_registering_the_last_place_at_once_cannot_exceed_the_quota(reference_data):
    if connection.vendor == "sqlite":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers itself")
    from accounts.tests.factories import UserFactory

    hanoi = Unit.objects.get(code="P34-HANOI")
    invitation = InvitationFactory(conference=ConferenceFactory(), unit=hanoi, quota=1)
    officers = [UserFactory(unit=hanoi, role=User.Role.UNIT_OFFICER) for _ in range(2)]
    barrier, outcomes = threading.Barrier(2), []

    def register(officer, name):
        try:
            barrier.wait()
            services.participant_register(data={"invitation": invitation, "name": name}, by=officer)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(officer, f"P{n}")) for n, officer in enumerate(officers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert Participant.objects.filter(invitation=invitation, status="registered").count() == 1


def test_attendance_only_for_held_days(planner):
    conference = HeldConferenceFactory(end_date=TODAY() + datetime.timedelta(days=1))
    participant = ParticipantFactory(invitation=InvitationFactory(conference=conference))
    services.attendance_record(conference=conference, data={"day": TODAY(), "present": [participant.pk]}, by=planner)
    assert Attendance.objects.get(participant=participant, day=TODAY()).present
    with pytest.raises(ValidationError):
        services.attendance_record(
            conference=conference, data={"day": TODAY() + datetime.timedelta(days=1), "present": [participant.pk]}, by=planner,
        )


def test_attendance_only_for_registered_participants(planner):
    conference = HeldConferenceFactory()
    other = ParticipantFactory()  # of another conference
    withdrawn = ParticipantFactory(
        invitation=InvitationFactory(conference=conference), status=Participant.Status.WITHDRAWN, withdrawn_at=timezone.now(),
    )
    for pk in (other.pk, withdrawn.pk):
        with pytest.raises(ValidationError):
            services.attendance_record(conference=conference, data={"day": TODAY(), "present": [pk]}, by=planner)


def test_attendance_unchecked_participant_is_recorded_absent(planner):
    conference = HeldConferenceFactory()
    invitation = InvitationFactory(conference=conference)
    here, away = ParticipantFactory(invitation=invitation), ParticipantFactory(invitation=invitation)
    services.attendance_record(conference=conference, data={"day": TODAY(), "present": [here.pk, away.pk]}, by=planner)
    services.attendance_record(conference=conference, data={"day": TODAY(), "present": [here.pk]}, by=planner)
    recorded = dict(Attendance.objects.filter(day=TODAY()).values_list("participant_id", "present"))
    assert recorded == {here.pk: True, away.pk: False}


def test_feedback_replaces_the_earlier_rating(planner):
    conference = HeldConferenceFactory()
    session = AgendaSessionFactory(conference=conference, day=TODAY())
    participant = ParticipantFactory(invitation=InvitationFactory(conference=conference))
    services.feedback_record(data={"participant": participant, "ratings": {session: (3, "")}}, by=planner)
    services.feedback_record(data={"participant": participant, "ratings": {session: (5, "Rất hữu ích")}}, by=planner)
    feedback = Feedback.objects.get()
    assert (feedback.rating, feedback.comment) == (5, "Rất hữu ích")


def test_feedback_rating_out_of_range_is_refused(planner):
    conference = HeldConferenceFactory()
    session = AgendaSessionFactory(conference=conference, day=TODAY())
    participant = ParticipantFactory(invitation=InvitationFactory(conference=conference))
    with pytest.raises(ValidationError):
        services.feedback_record(data={"participant": participant, "ratings": {session: (6, "")}}, by=planner)
    assert not Feedback.objects.exists()


def test_feedback_for_another_units_participant_is_refused(make_user):
    conference = HeldConferenceFactory()
    session = AgendaSessionFactory(conference=conference, day=TODAY())
    participant = ParticipantFactory(invitation=InvitationFactory(conference=conference))
    stranger = make_user(User.Role.UNIT_OFFICER, UnitFactory())
    with pytest.raises(ValidationError):
        services.feedback_record(data={"participant": participant, "ratings": {session: (4, "")}}, by=stranger)


def test_feedback_before_the_session_is_refused(planner):
    conference = HeldConferenceFactory(end_date=TODAY() + datetime.timedelta(days=1))
    session = AgendaSessionFactory(conference=conference, day=TODAY() + datetime.timedelta(days=1))
    participant = ParticipantFactory(invitation=InvitationFactory(conference=conference))
    with pytest.raises(ValidationError):
        services.feedback_record(data={"participant": participant, "ratings": {session: (4, "")}}, by=planner)


def test_send_invitations_needs_an_invited_unit(planner):
    conference = ConferenceFactory(status=Conference.Status.PLANNED)
    with pytest.raises(ValidationError):
        services.conference_send_invitations(conference=conference, by=planner)
    InvitationFactory(conference=conference)
    services.conference_send_invitations(conference=conference, by=planner)
    conference.refresh_from_db()
    assert conference.status == Conference.Status.INVITATIONS_SENT


def test_mark_held_before_the_start_is_refused(planner, conference):
    with pytest.raises(ValidationError):
        services.conference_mark_held(conference=conference, by=planner)


def test_filing_the_report_completes_the_plan_task_once_its_report_is_approved(planner):
    """Filing submits the lead unit's report for review; the reviewer's approval completes the task."""
    task = TaskFactory(category=Task.Category.TRAINING)
    ReportingPeriodFactory(plan=task.plan)
    conference = HeldConferenceFactory(task=task)
    services.conference_file_report(
        conference=conference, data={"report_text": "Hội nghị thành công.", "actual_budget": 450_000_000}, by=planner,
    )
    conference.refresh_from_db()
    task.refresh_from_db()
    assert conference.status == Conference.Status.REPORT_FILED
    assert conference.report_filed_at and conference.actual_budget == 450_000_000
    assert task.status == Task.Status.NOT_STARTED
    report = ProgressReport.objects.get(assignment__task=task)
    assert report.status == ProgressReport.Status.SUBMITTED
    report_approve(report=report, by=planner, expected_version=report.lock_version)
    task.refresh_from_db()
    assert (task.status, task.progress) == (Task.Status.DONE, 100)


def test_report_of_a_conference_not_held_is_refused(planner, conference):
    with pytest.raises(ValidationError):
        services.conference_file_report(conference=conference, data={"report_text": "x"}, by=planner)


def test_report_without_text_is_refused(planner):
    with pytest.raises(ValidationError) as error:
        services.conference_file_report(conference=HeldConferenceFactory(), data={"report_text": "  "}, by=planner)
    assert "report_text" in error.value.message_dict


def test_cancel_keeps_the_record_with_its_reason(planner, conference):
    services.conference_cancel(conference=conference, data={"reason": "Trùng lịch làm việc của Lãnh đạo"}, by=planner)
    conference.refresh_from_db()
    assert conference.status == Conference.Status.CANCELLED
    assert conference.cancel_reason == "Trùng lịch làm việc của Lãnh đạo"


def test_guest_needs_an_organisation(planner, conference):
    with pytest.raises(ValidationError):
        services.guest_add(conference=conference, data={"name": "Himanshi Jain", "organisation": ""}, by=planner)
    guest = services.guest_add(
        conference=conference, data={"name": "Himanshi Jain", "organisation": "Ngân hàng Thế giới"}, by=planner,
    )
    assert guest.is_guest and guest.affiliation == "Ngân hàng Thế giới"


def test_invitation_quota_zero_is_refused_by_the_database(conference):
    with pytest.raises(IntegrityError):
        Invitation.objects.create(conference=conference, unit=UnitFactory(), quota=0)


def test_organiser_writes_check_the_permission_inside_the_service(officer, leader, conference, hanoi_invitation):
    from django.core.exceptions import PermissionDenied

    session = AgendaSessionFactory(conference=conference)
    calls = [
        (services.conference_create, {"data": {"title": "X"}}),
        (services.conference_update, {"conference": conference, "data": {"title": "X"}, "expected_version": 0}),
        (services.conference_cancel, {"conference": conference, "data": {"reason": "x"}}),
        (services.invitation_set_quota, {"invitation": hanoi_invitation, "data": {"quota": 9}}),
        (services.session_update, {"session": session, "data": {"topic": "X"}}),
        (services.speaker_create, {"data": {"name": "X"}}),
        (services.award_add, {"conference": conference, "data": {"honour": "X", "recipient": "Y"}}),
    ]
    for user in (officer, leader):
        for service, arguments in calls:
            with pytest.raises(PermissionDenied):
                service(**arguments, by=user)
    conference.refresh_from_db()
    assert conference.status == Conference.Status.INVITATIONS_SENT and conference.lock_version == 0


def test_every_conference_write_records_who_made_it(planner, make_user):
    other = make_user(User.Role.CENTRAL_PLANNER)
    conference = services.conference_create(by=planner, data={
        "title": "Tập huấn", "kind": Conference.Kind.TRAINING, "venue": "Hà Nội", "organiser": Unit.objects.get(code="HTQT"),
        "start_date": TODAY() + datetime.timedelta(days=30), "end_date": TODAY() + datetime.timedelta(days=31),
    })
    assert conference.history.first().history_user == planner
    conference = services.conference_update(conference=conference, data={"chair": "Phó Tổng Giám đốc"}, expected_version=0,
                                            by=other)
    assert conference.history.first().history_user == other and conference.lock_version == 1
    speaker = services.speaker_create(data={"name": "Võ Trí Thành"}, by=planner)
    speaker = services.speaker_update(speaker=speaker, data={"name": "Võ Trí Thành", "title": "TS."}, by=other)
    assert speaker.history.first().history_user == other and speaker.title == "TS."
    invitation = services.invitation_add(conference=conference, data={"unit": Unit.objects.get(code="P34-HANOI"), "quota": 2},
                                         by=other)
    assert invitation.history.first().history_user == other
    award = services.award_add(conference=conference, data={"honour": "Kỷ niệm chương", "recipient": "A"}, by=other)
    assert award.history.first().history_user == other
