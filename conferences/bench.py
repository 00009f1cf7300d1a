"""Benchmark data: 200 conferences × scale over the current year, each inviting 25 provincial
offices that register 2 participants apiece (10,000 participants at scale 1), with a 4-session
agenda, and attendance and feedback once the conference has been held.

Titles and participant names start with BENCH; a second run adds another batch with the next numbers.
"""

import datetime

from django.utils import timezone

from accounts.models import Unit
from core.text import fold

from .models import AgendaSession, Attendance, Conference, Feedback, Invitation, Participant, Speaker, participant_search_text

CONFERENCES_PER_SCALE = 200
INVITATIONS_PER_CONFERENCE = 25
PARTICIPANTS_PER_INVITATION = 2
SPEAKERS = 20
BATCH_SIZE = 5000
SLOTS = [
    (datetime.time(8, 0), datetime.time(9, 30)),
    (datetime.time(9, 45), datetime.time(11, 15)),
    (datetime.time(13, 30), datetime.time(15, 0)),
    (datetime.time(15, 15), datetime.time(16, 30)),
]
TOPICS = [
    "Triển khai Hiệp định bảo hiểm xã hội Việt Nam – Hàn Quốc",
    "Kinh nghiệm quốc tế về mở rộng diện bao phủ",
    "Thông tin đối ngoại của ngành",
    "Hợp tác với ASSA và ISSA",
    "Chuyển đổi số trong bảo hiểm xã hội",
    "Già hóa dân số và lao động khu vực phi chính thức",
]
VENUES = ["Trụ sở Bảo hiểm xã hội Việt Nam, Hà Nội", "Khách sạn Kim Liên, Hà Nội", "Trung tâm Hội nghị tỉnh"]
POSITIONS = ["Phó Giám đốc", "Trưởng phòng", "Chuyên viên", "Chuyên viên chính"]


def generate(*, scale: int, rng, stdout) -> None:
    today = timezone.localdate()
    year = today.year
    speakers = _speakers()
    offices = list(Unit.objects.filter(kind=Unit.Kind.PROVINCIAL).order_by("code"))
    organisers = list(Unit.objects.filter(kind__in=(Unit.Kind.VSS, Unit.Kind.CENTRAL)).active_on(today).order_by("code"))
    start = Conference.objects.filter(title__startswith="BENCH").count()
    conferences = [
        _conference(start + n + 1, year, offices, organisers, rng=rng, today=today)
        for n in range(CONFERENCES_PER_SCALE * scale)
    ]
    conferences = Conference.objects.bulk_create(conferences, batch_size=BATCH_SIZE)
    sessions = AgendaSession.objects.bulk_create(
        [
            AgendaSession(
                conference=conference, day=conference.start_date, start_time=slot[0], end_time=slot[1],
                topic=rng.choice(TOPICS),
            )
            for conference in conferences
            for slot in SLOTS
        ],
        batch_size=BATCH_SIZE,
    )
    AgendaSession.speakers.through.objects.bulk_create(
        [AgendaSession.speakers.through(agendasession_id=s.pk, speaker_id=rng.choice(speakers).pk) for s in sessions],
        batch_size=BATCH_SIZE,
    )
    invitations = Invitation.objects.bulk_create(
        [
            Invitation(
                conference=conference, unit=unit, quota=rng.randint(PARTICIPANTS_PER_INVITATION, 4),
                invited_at=_at(conference.start_date - datetime.timedelta(days=30)),
            )
            for conference in conferences
            for unit in rng.sample(_active(offices, conference.start_date), INVITATIONS_PER_CONFERENCE)
        ],
        batch_size=BATCH_SIZE,
    )
    participants = Participant.objects.bulk_create(
        [_participant(invitation, k, rng) for invitation in invitations for k in range(PARTICIPANTS_PER_INVITATION)],
        batch_size=BATCH_SIZE,
    )
    stdout.write(f"    {len(conferences)} conferences, {len(invitations)} invitations, {len(participants)} participants")
    _held(conferences, sessions, participants, rng=rng, today=today, stdout=stdout)


def _speakers() -> list[Speaker]:
    wanted = [f"BENCH Diễn giả {n + 1}" for n in range(SPEAKERS)]
    existing = set(Speaker.objects.filter(name__in=wanted).values_list("name", flat=True))
    Speaker.objects.bulk_create([
        Speaker(name=name, organisation="BENCH", search_text=fold(f"{name} BENCH")) for name in wanted if name not in existing
    ])
    return list(Speaker.objects.filter(name__in=wanted).order_by("name"))


def _active(units, day: datetime.date) -> list[Unit]:
    return [unit for unit in units if unit.is_active_on(day)]


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _conference(n: int, year: int, offices, organisers, *, rng, today) -> Conference:
    start = datetime.date(year, 1, 5) + datetime.timedelta(days=rng.randint(0, 350))
    end = start + datetime.timedelta(days=rng.randint(0, 2))
    kind = rng.choice(Conference.Kind.values)
    title = f"BENCH Hội nghị {n}: {rng.choice(TOPICS)}"
    venue, chair = rng.choice(VENUES), "BENCH Phó Tổng Giám đốc"
    if rng.random() < 0.05:
        status = Conference.Status.CANCELLED
    elif end < today:
        status = Conference.Status.REPORT_FILED if rng.random() < 0.6 else Conference.Status.HELD
    else:
        status = Conference.Status.INVITATIONS_SENT
    conference = Conference(
        title=title, kind=kind, start_date=start, end_date=end, venue=venue,
        province=rng.choice(_active(offices, start)), organiser=rng.choice(organisers),
        chair=chair, registration_deadline=start - datetime.timedelta(days=7),
        planned_budget=rng.randint(5, 80) * 10_000_000, status=status, search_text=fold(f"{title} {venue} {chair}"),
    )
    if status == Conference.Status.CANCELLED:
        conference.cancel_reason = "BENCH Thay đổi kế hoạch"
    if status == Conference.Status.REPORT_FILED:
        conference.actual_budget = conference.planned_budget
        conference.report_text = "BENCH Hội nghị đã diễn ra theo đúng chương trình."
        conference.report_filed_at = min(_at(end + datetime.timedelta(days=rng.randint(1, 10)), 16), _at(today, 0))
    return conference


def _participant(invitation: Invitation, k: int, rng) -> Participant:
    withdrawn = rng.random() < 0.05
    registered = invitation.invited_at + datetime.timedelta(days=rng.randint(1, 20))
    name, position = f"BENCH Đại biểu {k + 1} {invitation.unit.code}", rng.choice(POSITIONS)
    return Participant(
        conference_id=invitation.conference_id, invitation=invitation, name=name, position=position,
        search_text=participant_search_text(name, position),
        status=Participant.Status.WITHDRAWN if withdrawn else Participant.Status.REGISTERED,
        registered_at=registered, withdrawn_at=registered + datetime.timedelta(days=2) if withdrawn else None,
    )


def _held(conferences, sessions, participants, *, rng, today, stdout) -> None:
    """Attendance for every day held, and ratings of two sessions by most registered participants."""
    held = {c.pk: c for c in conferences if c.has_taken_place}
    sessions_of: dict[int, list[AgendaSession]] = {}
    for session in sessions:
        sessions_of.setdefault(session.conference_id, []).append(session)
    attendance, feedback = [], []
    for participant in participants:
        conference = held.get(participant.conference_id)
        if conference is None or participant.status != Participant.Status.REGISTERED:
            continue
        attendance.extend(
            Attendance(participant=participant, day=day, present=rng.random() < 0.92, recorded_at=_at(day, 17))
            for day in conference.days
        )
        if rng.random() < 0.8:
            feedback.extend(
                Feedback(session=session, participant=participant, rating=rng.choice([3, 4, 4, 5, 5]),
                         entered_at=_at(conference.end_date, 17))
                for session in rng.sample(sessions_of[conference.pk], 2)
            )
    Attendance.objects.bulk_create(attendance, batch_size=BATCH_SIZE)
    Feedback.objects.bulk_create(feedback, batch_size=BATCH_SIZE)
    stdout.write(f"    {len(attendance)} attendance records, {len(feedback)} ratings")
