"""Conference registration, certificates of coverage ending, and the weekly leadership digest."""

import datetime

import pytest

from accounts.models import User
from agreements.models import CoverageCertificate
from agreements.tests.factories import CoverageCertificateFactory
from conferences.models import Conference
from conferences.tests.factories import ConferenceFactory, InvitationFactory, ParticipantFactory
from notifications.models import NotificationPreference, ReminderDispatch, ReminderRule
from plans.models import Task
from plans.tests.factories import PlanFactory, TaskFactory

from .conftest import at

pytestmark = pytest.mark.django_db

D = datetime.date
R = ReminderRule.Code


def recorded(rule):
    return sorted(ReminderDispatch.objects.filter(rule=rule).values_list("recipient__username", "occurrence"))


# --- Conference registration -----------------------------------------------------------------


@pytest.fixture
def conference():
    """Registration closes Wednesday 02/12/2026: 5 working days before is 25/11, 1 is 01/12."""
    return ConferenceFactory(title="Tập huấn đối ngoại phía Bắc", start_date=D(2026, 12, 10), end_date=D(2026, 12, 11),
                             registration_deadline=D(2026, 12, 2), venue="Hải Phòng")


def test_conference_registration_reminds_invited_units_that_registered_nobody(
    conference, unit, other_unit, officer, coordinating_officer, scan, mailoutbox
):
    InvitationFactory(conference=conference, unit=unit, quota=3)
    registered = InvitationFactory(conference=conference, unit=other_unit)
    ParticipantFactory(invitation=registered, name="Phạm Văn Nam")
    for day in (D(2026, 11, 24), D(2026, 11, 25), D(2026, 11, 26), D(2026, 12, 1), D(2026, 12, 3)):
        with at(day):
            scan()
    assert recorded(R.CONFERENCE_REGISTRATION) == [("officer", D(2026, 11, 25)), ("officer", D(2026, 12, 1))]
    mail = mailoutbox[0]
    assert "Tập huấn đối ngoại phía Bắc" in mail.subject and "02/12/2026" in mail.subject
    assert "tối đa 3 người" in mail.body and f"/conferences/{conference.pk}/" in mail.body


def test_conference_registration_not_before_invitations_are_sent(conference, unit, officer, scan):
    Conference.objects.filter(pk=conference.pk).update(status=Conference.Status.PLANNED)
    InvitationFactory(conference=conference, unit=unit)
    with at(D(2026, 11, 25)):
        scan()
    assert recorded(R.CONFERENCE_REGISTRATION) == []


# --- Certificates of coverage ----------------------------------------------------------------


def test_coverage_ending_in_60_and_30_days_to_the_responsible_office(unit, officer, coordinating_officer, scan, mailoutbox):
    certificate = CoverageCertificateFactory(office=unit, detachment_end=D(2027, 1, 22), number="VN-KR-2026-0042")
    for day in (D(2026, 11, 22), D(2026, 11, 23), D(2026, 11, 25), D(2026, 12, 22), D(2026, 12, 23), D(2026, 12, 24)):
        with at(day):
            scan()
    assert recorded(R.COVERAGE_ENDING) == [("officer", D(2026, 11, 23)), ("officer", D(2026, 12, 23))]
    assert "VN-KR-2026-0042" in mailoutbox[0].subject and "22/01/2027" in mailoutbox[0].subject
    assert certificate.worker_name not in mailoutbox[0].body  # personal data stays in the portal


def test_coverage_ending_on_a_holiday_is_sent_the_next_working_day(unit, officer, scan):
    CoverageCertificateFactory(office=unit, detachment_end=D(2027, 1, 23))  # 60 days before: 24/11, Culture Day
    with at(D(2026, 11, 24)):
        scan()
    with at(D(2026, 11, 25)):
        scan()
    assert recorded(R.COVERAGE_ENDING) == [("officer", D(2026, 11, 24))]


@pytest.mark.parametrize("status", [CoverageCertificate.Status.ENDED, CoverageCertificate.Status.WITHDRAWN])
def test_coverage_ending_not_for_certificates_that_do_not_cover(unit, officer, scan, status):
    CoverageCertificateFactory(office=unit, detachment_end=D(2027, 1, 22), status=status)
    with at(D(2026, 11, 23)):
        scan()
    assert recorded(R.COVERAGE_ENDING) == []


# --- Weekly digest -----------------------------------------------------------------------------


@pytest.fixture
def late_work(unit, other_unit):
    plan = PlanFactory(year=2026)
    TaskFactory(objective__plan=plan, lead=unit, coordinating=[other_unit], deadline=D(2026, 11, 10), title="Trễ hạn")
    TaskFactory(objective__plan=plan, lead=unit, deadline=D(2026, 11, 27), title="Sắp đến hạn")
    TaskFactory(objective__plan=plan, lead=unit, deadline=D(2026, 11, 2), status=Task.Status.DONE, progress=100)
    return plan


def test_leadership_digest_weekly_with_counts_by_unit_and_objective(late_work, leader, unit, scan, mailoutbox):
    for day in (D(2026, 11, 23), D(2026, 11, 25), D(2026, 11, 30)):
        with at(day):
            scan()
    assert recorded(R.LEADERSHIP_DIGEST) == [("leader", D(2026, 11, 23)), ("leader", D(2026, 11, 30))]
    (mail, _next_week) = [m for m in mailoutbox if m.to == [leader.email]]
    assert mail.subject.endswith("Tổng hợp tuần: 1 quá hạn, 1 sắp đến hạn")
    html = mail.alternatives[0][0]
    assert '<th scope="col" align="left">Đơn vị</th>' in html and unit.name_vi in html


def test_leadership_digest_sent_on_the_first_working_day_of_the_week(late_work, leader, scan):
    with at(D(2026, 11, 22)):  # Sunday
        scan()
    with at(D(2026, 11, 23)):
        scan()
    assert recorded(R.LEADERSHIP_DIGEST) == [("leader", D(2026, 11, 23))]


def test_leadership_digest_not_sent_when_empty(leader, scan):
    with at(D(2026, 11, 23)):
        scan()
    assert recorded(R.LEADERSHIP_DIGEST) == []


def test_leadership_digest_switched_off(late_work, leader, scan):
    NotificationPreference.objects.create(user=leader, digest=False)
    with at(D(2026, 11, 23)):
        scan()
    assert recorded(R.LEADERSHIP_DIGEST) == []


def test_leadership_digest_only_for_leadership(late_work, planner, officer, make_user, scan):
    make_user(User.Role.LEADERSHIP, username="retired", is_active=False)
    with at(D(2026, 11, 23)):
        scan()
    assert recorded(R.LEADERSHIP_DIGEST) == []
