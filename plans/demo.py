"""Demo plans: Plan 234/KH-BHXH of 26/01/2024 (seed 003) and a plan for the current year, with its
deadline tracking (reporting states, extensions, explanations, a deadline on a public holiday)."""

import datetime

from django.utils import timezone

from accounts.models import Unit, User

from .models import Assignment, ExplanationReply, ExplanationRequest, ExtensionRequest, Objective, Plan, PlanVersion, Task
from .versions import plan_snapshot

C = Task.Category
S = Task.Status
F = Task.Funding

GOAL_2024 = (
    "Triển khai Quy chế quản lý thống nhất hoạt động đối ngoại và Kế hoạch thông tin đối ngoại giai đoạn 2021–2025 "
    "của Ngành; đổi mới, chủ động, thích ứng để phát huy tối đa tiềm năng, cơ hội và điều kiện thuận lợi của quá "
    "trình hợp tác và hội nhập quốc tế phục vụ sự phát triển của Ngành; tiếp tục khẳng định vị thế, hình ảnh của "
    "BHXH Việt Nam là người bạn tin cậy, thành viên tích cực, có trách nhiệm của cộng đồng an sinh xã hội khu vực "
    "và quốc tế; hướng tới kỷ niệm 30 năm thành lập Ngành."
)

OBJECTIVES_2024 = [
    "Triển khai đầy đủ, nghiêm túc Hiệp định giữa Chính phủ Việt Nam và Chính phủ Hàn Quốc về bảo hiểm xã hội, "
    "Thỏa thuận hành chính và các nhiệm vụ giao BHXH Việt Nam tại Quyết định số 436/QĐ-TTg.",
    "Phân công rõ trách nhiệm của Thủ trưởng các đơn vị, doanh nghiệp trực thuộc và Giám đốc BHXH các tỉnh, thành phố "
    "trong công tác đối ngoại và thông tin đối ngoại.",
    "Bảo đảm hoạt động đối ngoại thiết thực, tiết kiệm, hiệu quả; tăng cường phối hợp giữa Trung ương và địa phương.",
    "Mỗi hoạt động có nội dung cụ thể, kết quả dự kiến, thời hạn, đơn vị chủ trì, đơn vị phối hợp và nguồn lực bảo đảm.",
    "Thực hiện Quy chế quản lý thống nhất hoạt động đối ngoại và Kế hoạch thông tin đối ngoại giai đoạn 2021–2025; "
    "đối ngoại phục vụ các chương trình trọng tâm của Ngành năm 2024.",
    "Đẩy mạnh thông tin đối ngoại hướng tới kỷ niệm 30 năm thành lập Ngành (đoàn ra, đón đối tác quốc tế).",
    "Ký kết và triển khai các thỏa thuận quốc tế với các tổ chức quốc tế và đối tác.",
    "Hợp tác song phương, đa phương; phát huy vai trò tại các diễn đàn an sinh xã hội khu vực và toàn cầu; "
    "huy động, quản lý hiệu quả nguồn lực tài chính, kỹ thuật quốc tế.",
    "Đào tạo, bồi dưỡng quốc tế, nâng cao năng lực cán bộ đầu mối đối ngoại.",
    "Tăng cường thông tin đối ngoại từ Trung ương đến địa phương.",
]

# (objective no., title, category, lead, coordinating, start, deadline, budget VND, funding, status, progress, partners)
TASKS_2024 = [
    (1, "Phổ biến Hiệp định Việt Nam – Hàn Quốc về BHXH tới BHXH các tỉnh, thành phố", C.IMPLEMENTATION, "HTQT",
     ["TST", "P63-HANOI", "P63-HAIDUONG"], "15/02", "31/03", 150_000_000, F.STATE, S.DONE, 100, ["NPS"]),
    (1, "Hướng dẫn đối tượng thuộc phạm vi điều chỉnh của Hiệp định (cấp giấy chứng nhận áp dụng pháp luật)",
     C.IMPLEMENTATION, "TST", ["HTQT", "PC"], "01/02", "29/03", 0, F.STATE, S.DONE, 100, []),
    (1, "Trao đổi thông tin định kỳ với Cơ quan Hưu trí quốc gia Hàn Quốc (NPS) về người lao động biệt phái",
     C.IMPLEMENTATION, "HTQT", ["TST", "TTCNTT"], "01/03", "20/12", 80_000_000, F.STATE, S.IN_PROGRESS, 80, ["NPS"]),
    (1, "Báo cáo Bộ Lao động – Thương binh và Xã hội kết quả triển khai Hiệp định năm 2024", C.IMPLEMENTATION,
     "HTQT", ["TST"], "01/11", "31/12", 0, F.STATE, S.DONE, 100, ["MOLISA"]),
    (1, "Tập huấn nghiệp vụ cấp giấy chứng nhận áp dụng pháp luật cho BHXH các tỉnh phía Bắc", C.TRAINING, "TST",
     ["HTQT", "P63-HAIDUONG", "P63-HANOI"], "01/05", "31/07", 200_000_000, F.STATE, S.DONE, 100, []),
    (2, "Rà soát, cập nhật danh sách cán bộ đầu mối đối ngoại của các đơn vị và BHXH các tỉnh", C.OTHER, "HTQT",
     ["TCCB"], "15/01", "29/02", 0, F.STATE, S.DONE, 100, []),
    (2, "Giao chỉ tiêu thông tin đối ngoại cho BHXH các tỉnh, thành phố năm 2024", C.INFORMATION, "HTQT",
     ["TTTT", "P63-HOCHIMINH"], "01/02", "15/03", 0, F.STATE, S.DONE, 100, []),
    (3, "Thẩm định kế hoạch đoàn ra, đoàn vào của các đơn vị bảo đảm tiết kiệm, hiệu quả", C.OTHER, "HTQT",
     ["TCKT"], "01/02", "15/12", 0, F.STATE, S.DONE, 100, []),
    (3, "Phối hợp với BHXH Hà Nội đón và làm việc với đoàn BHXH Lào tại địa phương", C.INBOUND, "P63-HANOI",
     ["HTQT"], "01/04", "30/06", 120_000_000, F.STATE, S.DONE, 100, ["LSSO"]),
    (4, "Ban hành mẫu kế hoạch hoạt động đối ngoại có đủ nội dung, kết quả, thời hạn, đơn vị chủ trì, phối hợp",
     C.OTHER, "HTQT", ["VP"], "15/01", "31/01", 0, F.STATE, S.DONE, 100, []),
    (5, "Sơ kết 3 năm thực hiện Quy chế quản lý thống nhất hoạt động đối ngoại của Ngành", C.OTHER, "HTQT",
     ["VP", "P63-DANANG"], "01/06", "30/09", 100_000_000, F.STATE, S.DONE, 100, []),
    (5, "Hỗ trợ kỹ thuật quốc tế phục vụ sửa đổi Luật Bảo hiểm xã hội và Luật Bảo hiểm y tế", C.RESOURCES, "PC",
     ["HTQT", "CSBHXH", "CSYT"], "01/02", "30/06", 0, F.PARTNER, S.DONE, 100, ["ILO", "WB"]),
    (6, "Đoàn công tác tham dự Hội nghị Ban Chấp hành ASSA lần thứ 41", C.OUTBOUND, "HTQT",
     ["VP"], "01/03", "31/05", 450_000_000, F.STATE, S.DONE, 100, ["ASSA"]),
    (6, "Tổ chức Hội thảo quốc tế kỷ niệm 30 năm thành lập Ngành BHXH Việt Nam", C.CONFERENCE, "VP",
     ["HTQT", "TTTT"], "01/06", "30/11", 900_000_000, F.STATE, S.CANCELLED, 0, ["ISSA", "ASSA"]),
    (6, "Đón đoàn Cơ quan Hưu trí quốc gia Hàn Quốc thăm và làm việc tại BHXH Việt Nam", C.INBOUND, "HTQT",
     ["TST", "VP"], "01/08", "31/10", 180_000_000, F.STATE, S.DONE, 100, ["NPS"]),
    (6, "Sản xuất phim tư liệu đối ngoại 30 năm BHXH Việt Nam bằng tiếng Anh", C.INFORMATION, "TTTT",
     ["HTQT"], "01/03", "30/09", 350_000_000, F.STATE, S.DONE, 100, []),
    (7, "Gia hạn Bản ghi nhớ hợp tác với Cơ quan An sinh xã hội Lào giai đoạn 2024–2028", C.AGREEMENT, "HTQT",
     ["PC"], "01/02", "30/09", 50_000_000, F.STATE, S.DONE, 100, ["LSSO"]),
    (7, "Đàm phán Bản ghi nhớ hợp tác với Cơ quan Hưu trí quốc gia Hàn Quốc về trao đổi dữ liệu", C.AGREEMENT, "HTQT",
     ["PC", "TTCNTT"], "01/03", "15/12", 0, F.STATE, S.IN_PROGRESS, 60, ["NPS"]),
    (8, "Tham dự Diễn đàn An sinh xã hội thế giới của ISSA", C.FORUM, "HTQT", ["CSBHXH"], "01/04", "31/10",
     600_000_000, F.STATE, S.DONE, 100, ["ISSA"]),
    (8, "Tham gia chương trình hợp tác kỹ thuật với Ngân hàng Thế giới về bao phủ khu vực phi chính thức",
     C.RESOURCES, "CSBHXH", ["HTQT", "TST"], "01/03", "30/11", 0, F.PARTNER, S.DONE, 100, ["WB"]),
    (8, "Hợp tác với ILO về chuyển đổi số trong quản lý thu và cấp sổ, thẻ", C.RESOURCES, "TTCNTT",
     ["TST", "HTQT"], "01/04", "15/12", 0, F.PARTNER, S.IN_PROGRESS, 70, ["ILO"]),
    (8, "Tham dự Hội nghị Ban Chấp hành ASSA và chuyển giao chức Chủ tịch", C.FORUM, "HTQT", ["VP"], "01/09",
     "30/11", 300_000_000, F.STATE, S.DONE, 100, ["ASSA"]),
    (9, "Hội nghị tập huấn công tác đối ngoại và hội nhập quốc tế cho BHXH các tỉnh khu vực phía Bắc (Hải Dương)",
     C.TRAINING, "HTQT", ["P63-HAIDUONG", "TST"], "01/05", "31/07", 400_000_000, F.STATE, S.DONE, 100, ["WB"]),
    (9, "Cử cán bộ tham dự khóa đào tạo của ISSA về quản trị an sinh xã hội", C.TRAINING, "TCCB", ["HTQT"],
     "01/03", "30/10", 150_000_000, F.PARTNER, S.DONE, 100, ["ISSA"]),
    (9, "Bồi dưỡng tiếng Anh chuyên ngành cho cán bộ đầu mối đối ngoại BHXH tỉnh Hải Dương", C.TRAINING,
     "P63-HAIDUONG", ["HTQT"], "01/03", "30/11", 60_000_000, F.STATE, S.DONE, 100, []),
    (9, "Tập huấn kỹ năng lễ tân đối ngoại cho BHXH thành phố Hà Nội", C.TRAINING, "P63-HANOI", ["HTQT"],
     "01/05", "30/09", 40_000_000, F.STATE, S.DONE, 100, []),
    (10, "Cập nhật chuyên mục tiếng Anh trên Cổng thông tin điện tử BHXH Việt Nam", C.INFORMATION, "TTTT",
     ["HTQT"], "15/01", "15/12", 120_000_000, F.STATE, S.DONE, 100, []),
    (10, "Xây dựng thương hiệu địa phương trong thông tin đối ngoại tại BHXH tỉnh Hải Dương", C.INFORMATION,
     "P63-HAIDUONG", ["TTTT", "HTQT"], "01/03", "20/12", 50_000_000, F.STATE, S.IN_PROGRESS, 75, []),
    (10, "Báo cáo kết quả thông tin đối ngoại 6 tháng và năm 2024 của BHXH thành phố Hà Nội", C.INFORMATION,
     "P63-HANOI", ["HTQT"], "01/06", "20/12", 0, F.STATE, S.DONE, 100, []),
]

OBJECTIVES_CURRENT = [
    "Tiếp tục triển khai Hiệp định Việt Nam – Hàn Quốc về bảo hiểm xã hội và các thỏa thuận quốc tế đã ký.",
    "Hoạt động đối ngoại phục vụ triển khai Luật Bảo hiểm xã hội năm 2024 và chuyển đổi số của Ngành.",
    "Hợp tác đa phương, phát huy vai trò tại ASSA, ISSA và huy động nguồn lực quốc tế.",
    "Đào tạo, bồi dưỡng và thông tin đối ngoại sau sắp xếp tổ chức bộ máy.",
]

# (objective no., title, category, lead, coordinating, start offset, deadline offset (days from today), budget,
#  funding, status, progress, partners)
TASKS_CURRENT = [
    (1, "Hướng dẫn BHXH 34 tỉnh, thành phố cấp giấy chứng nhận áp dụng pháp luật sau sắp xếp", C.IMPLEMENTATION,
     "TPT-25", ["P34-HANOI", "P34-HAIPHONG"], -300, -200, 0, F.STATE, S.DONE, 100, ["NPS"]),
    (1, "Trao đổi dữ liệu người lao động biệt phái với NPS quý III", C.IMPLEMENTATION, "TPT-25",
     ["TTCNTT-25"], -150, -30, 0, F.STATE, S.IN_PROGRESS, 60, ["NPS"]),
    (1, "Rà soát giấy chứng nhận sắp hết hạn tại BHXH thành phố Hải Phòng", C.IMPLEMENTATION, "P34-HAIPHONG",
     ["TPT-25"], -60, 3, 0, F.STATE, S.IN_PROGRESS, 50, []),
    (1, "Báo cáo Bộ Nội vụ kết quả thực hiện Hiệp định năm nay", C.IMPLEMENTATION, "VP-25", ["TPT-25"], -20, 35,
     0, F.STATE, S.NOT_STARTED, 0, ["MOHA"]),
    (2, "Hội thảo với ILO về triển khai Luật Bảo hiểm xã hội năm 2024", C.CONFERENCE, "CSBHXH-25", ["PC-25"],
     -200, -120, 250_000_000, F.PARTNER, S.DONE, 100, ["ILO"]),
    (2, "Học tập kinh nghiệm chuyển đổi số của NPS Hàn Quốc", C.OUTBOUND, "TTCNTT-25", ["VP-25"], -120, -10,
     500_000_000, F.STATE, S.IN_PROGRESS, 40, ["NPS"]),
    (2, "Dịch và giới thiệu Luật Bảo hiểm xã hội năm 2024 bằng tiếng Anh", C.INFORMATION, "PC-25", ["TTHT-25"],
     -90, 5, 80_000_000, F.STATE, S.IN_PROGRESS, 70, []),
    (3, "Tham dự Hội nghị Ban Chấp hành ASSA", C.FORUM, "VP-25", ["CSBHXH-25"], -100, -40, 400_000_000, F.STATE,
     S.DONE, 100, ["ASSA"]),
    (3, "Đề xuất dự án hỗ trợ kỹ thuật của Ngân hàng Thế giới về khu vực phi chính thức", C.RESOURCES,
     "CSBHXH-25", ["TPT-25", "TCKT-25"], -60, 25, 0, F.PARTNER, S.IN_PROGRESS, 30, ["WB"]),
    (3, "Gia hạn Bản ghi nhớ hợp tác với Cơ quan An sinh xã hội Lào", C.AGREEMENT, "VP-25", ["PC-25"], -30, 45,
     20_000_000, F.STATE, S.NOT_STARTED, 0, ["LSSO"]),
    (4, "Hội nghị tập huấn công tác đối ngoại cho BHXH các tỉnh phía Bắc", C.TRAINING, "VP-25",
     ["P34-HANOI", "P34-HAIPHONG"], -30, 30, 350_000_000, F.STATE, S.IN_PROGRESS, 20, []),
    (4, "Kiện toàn đội ngũ cán bộ đầu mối đối ngoại sau sắp xếp 34 tỉnh", C.OTHER, "TCCB-25",
     ["P34-HANOI", "P34-HAIPHONG"], -120, -20, 0, F.STATE, S.IN_PROGRESS, 80, []),
    (4, "Bản tin đối ngoại tiếng Anh hằng quý của BHXH thành phố Hà Nội", C.INFORMATION, "P34-HANOI",
     ["TTHT-25"], -200, 2, 30_000_000, F.STATE, S.IN_PROGRESS, 75, []),
    (4, "Giới thiệu hình ảnh BHXH Hải Phòng với đối tác Hàn Quốc tại địa phương", C.INFORMATION, "P34-HAIPHONG",
     ["TTHT-25"], -150, -5, 25_000_000, F.STATE, S.IN_PROGRESS, 45, ["EMB-KR"]),
    (4, "Báo cáo tổng kết công tác đối ngoại năm", C.OTHER, "VP-25", ["P34-HANOI", "P34-HAIPHONG", "TPT-25"],
     0, 38, 0, F.STATE, S.NOT_STARTED, 0, []),
]


def _day(text: str, year: int) -> datetime.date:
    day, month = (int(part) for part in text.split("/"))
    return datetime.date(year, month, day)


def _ensure_plan(number: str, year: int, defaults: dict) -> tuple[Plan, bool]:
    plan, created = Plan.objects.get_or_create(number=number, year=year, defaults=defaults)
    return plan, created


def _ensure_tasks(plan: Plan, objectives: list[str], rows, dates) -> None:
    units = {u.code: u for u in Unit.objects.all()}
    objective_rows = []
    for position, text in enumerate(objectives, start=1):
        objective, _ = Objective.objects.get_or_create(plan=plan, position=position, defaults={"text": text})
        objective_rows.append(objective)
    for position, (number, title, category, lead, coordinating, start, deadline, budget, funding, status, progress,
                   partners) in enumerate(rows, start=1):
        start_date, deadline_date = dates(start, deadline)
        task, created = Task.objects.get_or_create(
            plan=plan, title=title,
            defaults={
                "objective": objective_rows[number - 1], "position": position, "category": category,
                "content": title + ".", "expected_result": "Hoàn thành đúng thời hạn, có báo cáo kết quả.",
                "start_date": start_date, "deadline": deadline_date, "budget": budget, "funding_source": funding,
                "status": status, "progress": progress,
            },
        )
        if created:
            task.partners.set([units[code] for code in partners])
            Assignment.objects.create(task=task, unit=units[lead], role=Assignment.Role.LEAD)
            for code in coordinating:
                Assignment.objects.create(task=task, unit=units[code], role=Assignment.Role.COORDINATING)


def load(stdout=None) -> None:
    central = User.objects.get(username="central")
    vss = Unit.objects.get(code="VSS")
    today = timezone.localdate()

    plan_2024, created = _ensure_plan("234/KH-BHXH", 2024, {
        "issue_date": datetime.date(2024, 1, 26), "kind": Plan.Kind.ANNUAL,
        "title": "Kế hoạch hoạt động đối ngoại của Bảo hiểm xã hội Việt Nam năm 2024", "issuing_unit": vss,
        "general_goal": GOAL_2024, "status": Plan.Status.ISSUED, "created_by": central,
        "issued_at": datetime.datetime(2024, 1, 26, 9, 0, tzinfo=timezone.get_current_timezone()),
    })
    _ensure_tasks(plan_2024, OBJECTIVES_2024, TASKS_2024, lambda s, d: (_day(s, 2024), _day(d, 2024)))
    _complete_2024(plan_2024)
    if not plan_2024.versions.exists():
        PlanVersion.objects.create(
            plan=plan_2024, number=1, snapshot=plan_snapshot(plan_2024), issued_by=central,
            issued_at=plan_2024.issued_at, note="Ban hành kèm theo văn bản số 234/KH-BHXH",
        )

    year = today.year
    current, created = _ensure_plan("58/KH-BHXH", year, {
        "issue_date": datetime.date(year, 1, 20), "kind": Plan.Kind.ANNUAL,
        "title": f"Kế hoạch hoạt động đối ngoại của Bảo hiểm xã hội Việt Nam năm {year}", "issuing_unit": vss,
        "general_goal": "Triển khai hiệu quả công tác đối ngoại sau sắp xếp tổ chức bộ máy, phục vụ thực hiện "
        "Luật Bảo hiểm xã hội năm 2024 và các điều ước quốc tế về bảo hiểm xã hội.",
        "status": Plan.Status.ISSUED, "created_by": central,
        "issued_at": datetime.datetime(year, 1, 20, 9, 0, tzinfo=timezone.get_current_timezone()),
    })

    def around_today(start_offset: int, deadline_offset: int):
        start = max(today + datetime.timedelta(days=start_offset), datetime.date(year, 1, 20))
        deadline = today + datetime.timedelta(days=deadline_offset)
        return start, max(deadline, start)

    _ensure_tasks(current, OBJECTIVES_CURRENT, [*TASKS_CURRENT, *DEADLINE_TASKS], around_today)
    if not current.versions.exists():
        PlanVersion.objects.create(
            plan=current, number=1, snapshot=plan_snapshot(current), issued_by=central, issued_at=current.issued_at,
        )
    load_deadlines(current, today)


# --- Deadline tracking in the current-year plan ------------------------------------------------------
# Every reporting state, an extension waiting (from Hải Phòng), a refused one, one that made a task on
# time, a late completion, explanations asked of Hà Nội (one open, one answered) and a task due on the
# National Day holiday. Written straight to the tables with dates around today; idempotent.

EXTENDED_TASK = "Chuẩn bị hồ sơ làm việc với Đại sứ quán Hàn Quốc về người lao động biệt phái"
HOLIDAY_TASK = "Gửi thư chúc mừng Quốc khánh tới các đối tác quốc tế (hạn đúng ngày nghỉ lễ 2/9)"
HANOI_LATE_TASK = "Báo cáo kết quả tiếp đoàn BHXH Lào của BHXH thành phố Hà Nội"
# (objective no., title, category, lead, coordinating, start offset, deadline offset, budget, funding, status,
#  progress, partners), like TASKS_CURRENT
DEADLINE_TASKS = [
    (1, EXTENDED_TASK, C.IMPLEMENTATION, "TPT-25", ["P34-HAIPHONG"], -150, -60, 0, F.STATE, S.DONE, 100, ["EMB-KR"]),
    (3, HANOI_LATE_TASK, C.INBOUND, "P34-HANOI", ["VP-25"], -90, -15, 15_000_000, F.STATE, S.IN_PROGRESS, 40, ["LSSO"]),
]
# Days after the deadline each done task of the current plan was completed (negative: before it).
COMPLETED_AFTER_DEADLINE = {
    "Hướng dẫn BHXH 34 tỉnh, thành phố cấp giấy chứng nhận áp dụng pháp luật sau sắp xếp": -6,
    "Hội thảo với ILO về triển khai Luật Bảo hiểm xã hội năm 2024": 12,  # completed late
    "Tham dự Hội nghị Ban Chấp hành ASSA": -2,
    EXTENDED_TASK: 25,  # after its deadline, before the approved extension: on time thanks to it
}
DAY = datetime.timedelta(days=1)


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _complete_2024(plan: Plan) -> None:
    """The 2024 plan was worked through: most tasks done a few days early, one in seven a week late."""
    for task in plan.tasks.filter(status=S.DONE):
        offset = 9 if task.position % 7 == 3 else -(task.position % 5)
        Task.objects.filter(pk=task.pk).update(completed_on=task.deadline + offset * DAY)


def _holiday_task(plan: Plan, objective: Objective, units: dict, today: datetime.date) -> Task:
    """Due on 02/09, the National Day holiday: due at the end of the next working day instead."""
    deadline = datetime.date(plan.year, 9, 2)
    done = deadline < today
    task, created = Task.objects.get_or_create(plan=plan, title=HOLIDAY_TASK, defaults={
        "objective": objective, "position": 90, "category": C.INFORMATION, "content": HOLIDAY_TASK + ".",
        "expected_result": "Thư chúc mừng được gửi đúng thời hạn.", "start_date": max(deadline - 20 * DAY, plan.issue_date),
        "deadline": deadline, "status": S.DONE if done else S.IN_PROGRESS, "progress": 100 if done else 30,
    })
    if created:
        Assignment.objects.create(task=task, unit=units["VP-25"], role=Assignment.Role.LEAD)
    if task.status == S.DONE:
        Task.objects.filter(pk=task.pk).update(completed_on=task.effective_deadline)  # the shifted day: on time
    return task


def _extensions(tasks: dict, users: dict, today: datetime.date) -> None:
    hai_phong = Unit.objects.get(code="P34-HAIPHONG")
    officer, central = users["haiphong"], users["central"]
    extended = tasks[EXTENDED_TASK]
    if not extended.extension_requests.exists():
        granted = extended.deadline + 30 * DAY
        ExtensionRequest.objects.create(
            task=extended, unit=extended.assignments.get(role=Assignment.Role.LEAD).unit, requested_by=users["central"],
            requested_at=_at(extended.deadline - 5 * DAY), current_deadline=extended.deadline, proposed_deadline=granted,
            reason="Phía Đại sứ quán đề nghị lùi lịch làm việc sang tháng sau.", status=ExtensionRequest.Status.APPROVED,
            granted_deadline=granted, decided_by=central, decided_at=_at(extended.deadline - 3 * DAY, 15),
            decision_comment="Đồng ý gia hạn theo đề nghị.",
        )
        extended.extended_deadline = granted
        extended.save(update_fields=["extended_deadline"])
    refused = tasks["Rà soát giấy chứng nhận sắp hết hạn tại BHXH thành phố Hải Phòng"]
    if not refused.extension_requests.exists():
        ExtensionRequest.objects.create(
            task=refused, unit=hai_phong, requested_by=officer, requested_at=_at(today - 12 * DAY),
            current_deadline=refused.effective_deadline, proposed_deadline=refused.effective_deadline + 30 * DAY,
            reason="Số lượng giấy chứng nhận cần rà soát lớn hơn dự kiến.", status=ExtensionRequest.Status.REFUSED,
            decided_by=central, decided_at=_at(today - 10 * DAY, 15),
            decision_comment="Đề nghị tập trung nhân lực để hoàn thành đúng hạn; báo cáo vướng mắc nếu có.",
        )
    pending = tasks["Giới thiệu hình ảnh BHXH Hải Phòng với đối tác Hàn Quốc tại địa phương"]
    if pending.is_live and not pending.extension_requests.exists():
        ExtensionRequest.objects.create(
            task=pending, unit=hai_phong, requested_by=officer, requested_at=_at(today - DAY),
            current_deadline=pending.effective_deadline, proposed_deadline=max(pending.effective_deadline, today) + 25 * DAY,
            reason="Đối tác Hàn Quốc đề nghị dời buổi làm việc do thay đổi nhân sự lãnh đạo.",
        )


def _explanations(tasks: dict, users: dict, today: datetime.date) -> None:
    hanoi, leader, central = Unit.objects.get(code="P34-HANOI"), users["leader"], users["central"]
    late = tasks[HANOI_LATE_TASK]
    if not late.explanation_requests.exists():
        request = ExplanationRequest.objects.create(
            task=late, requested_by=leader, requested_at=_at(today - 2 * DAY), reply_by=today + 5 * DAY,
            question="Đề nghị BHXH thành phố Hà Nội giải trình lý do chậm báo cáo và nêu thời điểm hoàn thành.",
        )
        ExplanationReply.objects.create(request=request, unit=hanoi, role=Assignment.Role.LEAD)
    answered = tasks["Kiện toàn đội ngũ cán bộ đầu mối đối ngoại sau sắp xếp 34 tỉnh"]
    if not answered.explanation_requests.exists():
        request = ExplanationRequest.objects.create(
            task=answered, requested_by=central, requested_at=_at(today - 9 * DAY), reply_by=today - 4 * DAY,
            question="Đề nghị giải trình việc chưa hoàn thành kiện toàn đội ngũ đầu mối đúng thời hạn.",
        )
        ExplanationReply.objects.create(
            request=request, unit=hanoi, role=Assignment.Role.COORDINATING, answered_by=users["hanoi"],
            answered_at=_at(today - 5 * DAY, 16),
            answer="BHXH thành phố Hà Nội đã cử cán bộ đầu mối mới từ ngày 01 tháng này; đang chờ quyết định của đơn vị chủ trì.",
        )


def load_deadlines(current: Plan, today: datetime.date) -> None:
    users = {u.username: u for u in User.objects.filter(username__in=["central", "leader", "haiphong", "hanoi"])}
    if len(users) < 4:
        return
    units = {u.code: u for u in Unit.objects.all()}
    objective = current.objectives.order_by("position").last()
    _holiday_task(current, objective, units, today)
    tasks = {t.title: t for t in current.tasks.all()}
    for title, offset in COMPLETED_AFTER_DEADLINE.items():
        task = tasks.get(title)
        if task is not None and task.status == S.DONE:
            Task.objects.filter(pk=task.pk).update(completed_on=min(task.deadline + offset * DAY, today))
    _extensions(tasks, users, today)
    _explanations(tasks, users, today)
