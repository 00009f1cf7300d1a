"""Demo conferences: the training conference of 15–16/07/2024 in Hải Dương (seed 000, shared/DOMAIN.md)
and an upcoming training with open registration. Idempotent: natural keys with update_or_create.

Session times, participants' names, attendance and ratings are illustrative: the seed article gives the
agenda's topics and speakers but not the times, and no list of delegates."""

import datetime

from django.utils import timezone

from accounts.models import Unit, User
from plans.models import Plan, Task
from plans.services import task_record_progress

from .models import AgendaSession, Attendance, Award, Conference, Feedback, Invitation, Participant, Speaker

HAI_DUONG_TITLE = (
    "Hội nghị tập huấn công tác đối ngoại và bồi dưỡng kiến thức hội nhập quốc tế ngành Bảo hiểm xã hội Việt Nam "
    "năm 2024 cho Bảo hiểm xã hội các tỉnh, thành phố khu vực phía Bắc"
)
MEDAL = "Kỷ niệm chương “Vì sự nghiệp Bảo hiểm xã hội Việt Nam”"
WORLD_BANK = "Ngân hàng Thế giới"

# name, academic title, position, organisation, kind
SPEAKERS = {
    "dao_viet_anh": ("Đào Việt Anh", "", "Phó Tổng Giám đốc", "Bảo hiểm xã hội Việt Nam", Speaker.Kind.INTERNAL),
    "nguyen_hai_luu": (
        "Nguyễn Hải Lưu", "TS.", "Phó Vụ trưởng Vụ Chính sách đối ngoại", "Bộ Ngoại giao", Speaker.Kind.EXTERNAL,
    ),
    "vo_tri_thanh": (
        "Võ Trí Thành", "TS.", "Viện trưởng", "Viện Nghiên cứu Chiến lược thương hiệu và Cạnh tranh", Speaker.Kind.EXTERNAL,
    ),
    "nguyen_tien_thanh": (
        "Nguyễn Tiến Thành", "", "Trưởng Ban Hợp tác quốc tế", "Bảo hiểm xã hội Việt Nam", Speaker.Kind.INTERNAL,
    ),
    "tst": (
        "Đại diện Ban Quản lý Thu – Sổ, Thẻ", "", "", "Bảo hiểm xã hội Việt Nam", Speaker.Kind.INTERNAL,
    ),
    "tran_thu_thuy": (
        "Trần Thu Thủy", "ThS.", "Giảng viên Khoa Truyền thông và Văn hóa đối ngoại", "Học viện Ngoại giao",
        Speaker.Kind.EXTERNAL,
    ),
    "palacios": (
        "Robert J. Palacios", "", "Chuyên gia kinh tế cao cấp, khu vực Đông Á – Thái Bình Dương", WORLD_BANK,
        Speaker.Kind.EXTERNAL,
    ),
}

# day offset, start, end, topic, speaker keys
HAI_DUONG_AGENDA = [
    (0, "08:00", "08:30", "Khai mạc Hội nghị", ["dao_viet_anh"]),
    (0, "08:30", "10:00", "Ngoại giao “cây tre Việt Nam” trong công tác đối ngoại thời kỳ mới", ["nguyen_hai_luu"]),
    (0, "10:15", "11:30", "Tình hình kinh tế khu vực và thế giới tác động đến Việt Nam và hàm ý đối với ngành BHXH Việt Nam",
     ["vo_tri_thanh"]),
    (0, "13:30", "15:00", "Kế hoạch triển khai Hiệp định giữa Chính phủ Việt Nam và Chính phủ Hàn Quốc về bảo hiểm xã hội",
     ["nguyen_tien_thanh"]),
    (0, "15:15", "16:30", "Hướng dẫn nghiệp vụ về đối tượng áp dụng của Hiệp định", ["tst"]),
    (1, "08:00", "09:30", "Xây dựng thương hiệu địa phương trong hoạt động đối ngoại", ["tran_thu_thuy"]),
    (1, "09:45", "11:15", "Già hóa dân số và lao động khu vực phi chính thức ở các nước châu Á: tác động đến hệ thống "
     "an sinh xã hội và kinh nghiệm cho Việt Nam", ["palacios"]),
    (1, "11:15", "11:45", "Trao Kỷ niệm chương và bế mạc Hội nghị", ["dao_viet_anh"]),
]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]
GIVEN = ["Văn Hùng", "Thị Lan", "Minh Tuấn", "Thu Hương", "Quang Huy", "Thị Hà", "Đức Anh", "Ngọc Mai", "Hoàng Nam",
         "Thanh Tâm", "Văn Long", "Thị Hạnh", "Mạnh Cường"]
POSITIONS = ["Phó Giám đốc", "Cán bộ đầu mối công tác đối ngoại"]
COMMENTS = {0: "Chuyên đề thiết thực, cập nhật.", 3: "Đề nghị gửi tài liệu trình bày cho các đơn vị."}


def _time(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


def _speakers() -> dict[str, Speaker]:
    found = {}
    for key, (name, title, position, organisation, kind) in SPEAKERS.items():
        speaker, _ = Speaker.objects.get_or_create(name=name, organisation=organisation)
        speaker.title, speaker.position, speaker.kind = title, position, kind
        speaker.full_clean()
        speaker.save()
        found[key] = speaker
    return found


def _conference(title: str, **fields) -> Conference:
    conference = Conference.objects.filter(title=title).first() or Conference(title=title)
    for name, value in fields.items():
        setattr(conference, name, value)
    conference.full_clean()
    conference.save()
    return conference


def _agenda(conference: Conference, agenda, speakers: dict[str, Speaker]) -> list[AgendaSession]:
    sessions = []
    for offset, start, end, topic, keys in agenda:
        session, _ = AgendaSession.objects.update_or_create(
            conference=conference, day=conference.start_date + datetime.timedelta(days=offset), start_time=_time(start),
            defaults={"end_time": _time(end), "topic": topic},
        )
        session.full_clean()
        session.speakers.set([speakers[key] for key in keys])
        sessions.append(session)
    return sessions


def _invite(conference: Conference, units, quota: int, by) -> list[Invitation]:
    invitations = []
    for unit in units:
        invitation, _ = Invitation.objects.get_or_create(
            conference=conference, unit=unit, defaults={"quota": quota, "invited_by": by},
        )
        invitations.append(invitation)
    return invitations


def _participants(invitation: Invitation, count: int, seed: int, by) -> list[Participant]:
    people = []
    for n in range(count):
        name = f"{FAMILY[(seed + n) % len(FAMILY)]} {GIVEN[(seed * 3 + n * 5) % len(GIVEN)]}"
        participant, _ = Participant.objects.get_or_create(
            conference=invitation.conference, invitation=invitation, name=name,
            defaults={"position": POSITIONS[n % len(POSITIONS)], "registered_by": by},
        )
        people.append(participant)
    return people


def _plan_training_task() -> Task | None:
    plan = Plan.objects.filter(number="234/KH-BHXH", year=2024).first()
    if plan is None:
        return None
    training = plan.tasks.filter(category=Task.Category.TRAINING).order_by("position", "pk")
    return training.search("hai duong hoi nghi").first() or training.first()


def load_hai_duong(speakers: dict[str, Speaker], central: User | None) -> Conference:
    start = datetime.date(2024, 7, 15)
    conference = _conference(
        HAI_DUONG_TITLE,
        kind=Conference.Kind.TRAINING,
        description=(
            "Tập huấn kiến thức, kỹ năng đối ngoại, thông tin đối ngoại và hội nhập quốc tế; quán triệt Kế hoạch "
            "triển khai Hiệp định Việt Nam – Hàn Quốc về bảo hiểm xã hội. Giờ của từng chuyên đề và danh sách đại biểu "
            "là dữ liệu minh họa."
        ),
        start_date=start, end_date=datetime.date(2024, 7, 16),
        venue="Thành phố Hải Dương, tỉnh Hải Dương", province=Unit.objects.get(code="P63-HAIDUONG"),
        organiser=Unit.objects.get(code="HTQT"), chair="Phó Tổng Giám đốc Đào Việt Anh",
        registration_deadline=datetime.date(2024, 7, 5), task=_plan_training_task(), created_by=central,
        status=Conference.Status.REPORT_FILED,
        report_text=(
            "Trong hai ngày 15–16/07/2024, tại Hải Dương, BHXH Việt Nam tổ chức Hội nghị tập huấn công tác đối ngoại và "
            "bồi dưỡng kiến thức hội nhập quốc tế năm 2024 cho BHXH các tỉnh, thành phố khu vực phía Bắc, do Phó Tổng "
            "Giám đốc Đào Việt Anh chủ trì. Đại biểu được cập nhật về ngoại giao “cây tre Việt Nam”, tình hình kinh tế "
            "khu vực và thế giới, được quán "
            "triệt Kế hoạch triển khai Hiệp định Việt Nam – Hàn Quốc về bảo hiểm xã hội và hướng dẫn nghiệp vụ về đối tượng áp "
            "dụng. Nhân dịp này, Kỷ niệm chương “Vì sự nghiệp Bảo hiểm xã hội Việt Nam” được trao tặng ông Robert J. Palacios và "
            "bà Himanshi Jain (Ngân hàng Thế giới)."
        ),
        report_filed_at=datetime.datetime(2024, 7, 19, 16, 0, tzinfo=timezone.get_current_timezone()),
        report_filed_by=central,
    )
    sessions = _agenda(conference, HAI_DUONG_AGENDA, speakers)
    offices = Unit.objects.filter(kind=Unit.Kind.PROVINCIAL, region=Unit.Region.NORTH).active_on(start).order_by("name_vi")
    rated = [s for s in sessions if s.speakers.filter(kind=Speaker.Kind.EXTERNAL).exists() or "Hiệp định" in s.topic]
    for index, invitation in enumerate(_invite(conference, offices, quota=3, by=central)):
        for number, participant in enumerate(_participants(invitation, 2, index, central)):
            serial = index * 2 + number
            for day_index, day in enumerate(conference.days):
                Attendance.objects.update_or_create(
                    participant=participant, day=day,
                    defaults={"present": not (day_index == 1 and serial % 9 == 4), "recorded_by": central},
                )
            for session_index, session in enumerate(rated):
                Feedback.objects.update_or_create(
                    session=session, participant=participant,
                    defaults={"rating": 5 if (serial + session_index) % 3 else 4,
                              "comment": COMMENTS.get((serial + session_index) % 11, ""), "entered_by": central},
                )
    for recipient, position in (
        ("Robert J. Palacios", "Chuyên gia kinh tế cao cấp"),
        ("Himanshi Jain", "Chuyên gia cao cấp về an sinh xã hội"),
    ):
        Award.objects.update_or_create(
            conference=conference, honour=MEDAL, recipient=recipient,
            defaults={"recipient_position": position, "organisation": WORLD_BANK, "created_by": central},
        )
    task = conference.task
    if task and task.status not in Task.CLOSED:
        task_record_progress(task=task, progress=100, status=Task.Status.DONE, by=central)
    return conference


def _upcoming_start() -> datetime.date:
    start = timezone.localdate() + datetime.timedelta(days=28)
    while start.weekday() >= 5:  # a working day
        start += datetime.timedelta(days=1)
    return start


def load_upcoming(speakers: dict[str, Speaker], central: User | None) -> Conference:
    start = _upcoming_start()
    conference = _conference(
        "Hội nghị tập huấn nghiệp vụ đối ngoại và triển khai Hiệp định bảo hiểm xã hội Việt Nam – Hàn Quốc "
        "cho Bảo hiểm xã hội các tỉnh, thành phố khu vực phía Bắc",
        kind=Conference.Kind.TRAINING,
        description="Hội nghị minh họa: đăng ký đại biểu đang mở.",
        start_date=start, end_date=start + datetime.timedelta(days=1),
        venue="Trụ sở Bảo hiểm xã hội Việt Nam, Hà Nội", province=Unit.objects.get(code="P34-HANOI"),
        organiser=Unit.objects.get(code="VSS"), chair="Phó Tổng Giám đốc Bảo hiểm xã hội Việt Nam",
        registration_deadline=start - datetime.timedelta(days=7), created_by=central,
        status=Conference.Status.INVITATIONS_SENT, planned_budget=350_000_000,
    )
    _agenda(conference, [
        (0, "08:00", "08:30", "Khai mạc Hội nghị", ["dao_viet_anh"]),
        (0, "08:30", "10:30", "Cấp giấy chứng nhận đối tượng áp dụng theo Hiệp định bảo hiểm xã hội Việt Nam – Hàn Quốc",
         ["tst"]),
        (0, "13:30", "15:30", "Xây dựng thương hiệu địa phương trong hoạt động đối ngoại", ["tran_thu_thuy"]),
        (1, "08:00", "10:00", "Kinh nghiệm quốc tế về mở rộng diện bao phủ bảo hiểm xã hội", ["palacios"]),
    ], speakers)
    offices = Unit.objects.filter(kind=Unit.Kind.PROVINCIAL, region=Unit.Region.NORTH).active_on(start).order_by("name_vi")
    for index, invitation in enumerate(_invite(conference, offices, quota=3, by=central)):
        if invitation.unit.code in ("P34-HAIPHONG", "P34-QUANGNINH"):
            _participants(invitation, 2, index, central)
    return conference


def load(stdout=None) -> None:
    central = User.objects.filter(username="central").first()
    speakers = _speakers()
    load_hai_duong(speakers, central)
    load_upcoming(speakers, central)
