"""Demo content: the Vietnam–Korea Agreement and the documents around it, its implementation plan,
other partners' MOUs, and fictional certificates of coverage. Idempotent (natural keys).

Facts and dates come from shared/DOMAIN.md. The implementation plan is VSS's own plan 1711/KH-BHXH
(06/2023), the plan that Decision 436/QĐ-TTg called for: its day of issue and its task list were not
found, so the plan carries 01/06/2023 with that caveat in its goal, and every task says "(minh họa)".
Certificates of coverage and their workers are invented; passport numbers start with Z9.
"""

import datetime

from django.utils import timezone

from accounts.models import Unit, User
from plans.models import Assignment, Objective, Plan, Task
from reports import services as reports
from reports.models import ProgressReport, ReportingPeriod

from .models import Agreement, AgreementLink, CoverageCertificate

D = datetime.date
ILLUSTRATIVE = "(minh họa)"

AGREEMENT_TITLE = "Hiệp định giữa Cộng hòa xã hội chủ nghĩa Việt Nam và Đại Hàn Dân Quốc về bảo hiểm xã hội"

# key, fields, parties, liaison institutions
INSTRUMENTS = [
    ("agreement", {
        "number": "", "title": AGREEMENT_TITLE, "kind": Agreement.Kind.AGREEMENT, "status": Agreement.Status.IN_FORCE,
        "counterpart": "KR-MOHW", "place_of_signing": "Seoul, Hàn Quốc", "signed_on": D(2021, 12, 14),
        "in_force_on": D(2024, 1, 1), "duration": "",
        "scope": "Chỉ chế độ hưu trí: phía Việt Nam là chế độ hưu trí và tử tuất theo Luật Bảo hiểm xã hội; "
                 "phía Hàn Quốc là Luật Hưu trí quốc gia. Gồm 5 phần, 24 điều.",
        "signatories": "Bộ Lao động - Thương binh và Xã hội (Việt Nam); Bộ Y tế và Phúc lợi (Hàn Quốc).",
        "contact_persons": "Ban Hợp tác quốc tế, Bảo hiểm xã hội Việt Nam (đầu mối).",
        "max_detachment_months": 60, "max_extension_months": 36,
        "notes": "Hiệp định bảo hiểm xã hội song phương đầu tiên của Việt Nam. Có hiệu lực theo Thông báo "
                 "50/2023/TB-LPQT ngày 22/12/2023 của Bộ Ngoại giao. Người lao động biệt phái tiếp tục áp dụng pháp "
                 "luật nước cử đi tối đa 60 tháng, gia hạn tối đa 36 tháng; người đã được cử đi trước 01/01/2024 "
                 "thì tính từ 01/01/2024. Từ 01/03/2025 quản lý nhà nước về bảo hiểm xã hội chuyển từ Bộ Lao động "
                 "- Thương binh và Xã hội sang Bộ Nội vụ. Vai trò cơ quan liên lạc của BHXH Việt Nam và NPS là "
                 "suy luận, chưa xác minh.",
    }, ["MOLISA", "KR-MOHW"], ["VSS", "NPS"]),
    ("arrangement", {
        "number": "", "title": "Thỏa thuận hành chính về việc thực hiện Hiệp định giữa Việt Nam và Hàn Quốc về bảo hiểm xã hội",
        "kind": Agreement.Kind.ARRANGEMENT, "status": Agreement.Status.IN_FORCE, "counterpart": "KR-MOHW",
        "place_of_signing": "Sejong, Hàn Quốc", "signed_on": D(2023, 12, 8), "in_force_on": D(2024, 1, 1),
        "scope": "Thủ tục thực hiện Hiệp định: cấp giấy chứng nhận, cơ quan liên lạc, trao đổi thông tin.",
    }, ["MOLISA", "KR-MOHW"], ["VSS", "NPS"]),
    ("vss-nps", {
        "number": "", "title": "Thỏa thuận thực hiện giữa Bảo hiểm xã hội Việt Nam và Cơ quan Hưu trí quốc gia Hàn Quốc",
        "kind": Agreement.Kind.OTHER, "status": Agreement.Status.SIGNED, "counterpart": "NPS",
        "place_of_signing": "Ký trực tuyến", "signed_on": D(2024, 1, 23),
        "notes": "Ngày có hiệu lực chưa xác minh.",
    }, ["VSS", "NPS"], ["VSS", "NPS"]),
    ("decision-436", {
        "number": "436/QĐ-TTg",
        "title": "Quyết định của Thủ tướng Chính phủ phê duyệt Kế hoạch thực hiện Hiệp định giữa Việt Nam và Hàn Quốc "
                 "về bảo hiểm xã hội",
        "kind": Agreement.Kind.DECISION, "status": Agreement.Status.SIGNED, "signed_on": D(2023, 4, 25),
        "notes": "Ngày 25/04/2023 theo các cơ sở dữ liệu pháp luật (bài viết gốc ghi 25/04/2024, nhưng Công văn "
                 "862/BHXH-TST ngày 29/03/2024 đã viện dẫn Quyết định này). Danh mục nhiệm vụ, đơn vị chủ trì và "
                 "thời hạn chưa tìm thấy.",
    }, [], []),
    ("plan-1711", {
        "number": "1711/KH-BHXH",
        "title": "Kế hoạch của Bảo hiểm xã hội Việt Nam triển khai thực hiện Hiệp định giữa Việt Nam và Hàn Quốc về "
                 "bảo hiểm xã hội",
        "kind": Agreement.Kind.PLAN, "status": Agreement.Status.SIGNED, "signed_on": D(2023, 6, 1),
        "signed_on_precision": Agreement.DatePrecision.MONTH,
        "notes": "Ban hành tháng 06/2023 (ngày cụ thể chưa xác minh); kèm theo thành lập tổ công tác.",
    }, ["VSS"], []),
    ("guidance-862", {
        "number": "862/BHXH-TST",
        "title": "Công văn hướng dẫn cấp, tiếp nhận giấy chứng nhận và tạm dừng đóng bảo hiểm xã hội bắt buộc đối với "
                 "người lao động Việt Nam làm việc tại Hàn Quốc",
        "kind": Agreement.Kind.GUIDANCE, "status": Agreement.Status.SIGNED, "signed_on": D(2024, 3, 29),
        "scope": "Hướng dẫn BHXH các tỉnh, thành phố cấp và tiếp nhận giấy chứng nhận. Phía Hàn Quốc, người sử dụng "
                 "lao động nộp hồ sơ cho NPS kèm quyết định cử đi làm việc.",
    }, ["VSS"], []),
    ("mou-lsso", {
        "number": "", "title": "Bản ghi nhớ hợp tác giữa Bảo hiểm xã hội Việt Nam và Cơ quan An sinh xã hội Lào",
        "kind": Agreement.Kind.MOU, "status": Agreement.Status.SIGNED, "counterpart": "LSSO", "signed_on": None,
        "notes": "Ngày ký, thời hạn và nội dung chưa xác minh.",
    }, ["VSS", "LSSO"], []),
    ("mou-usaid", {
        "number": "", "title": "Bản ghi nhớ giữa Bảo hiểm xã hội Việt Nam và Cơ quan Phát triển quốc tế Hoa Kỳ",
        "kind": Agreement.Kind.MOU, "status": Agreement.Status.SIGNED, "counterpart": "USAID",
        "signed_on": D(2020, 11, 1), "signed_on_precision": Agreement.DatePrecision.MONTH,
        "notes": "Ký tháng 11/2020; nội dung và thời hạn chưa xác minh.",
    }, ["VSS", "USAID"], []),
]

LINKS = [
    ("arrangement", AgreementLink.Kind.IMPLEMENTS, "agreement"),
    ("vss-nps", AgreementLink.Kind.IMPLEMENTS, "arrangement"),
    ("decision-436", AgreementLink.Kind.IMPLEMENTS, "agreement"),
    ("plan-1711", AgreementLink.Kind.IMPLEMENTS, "decision-436"),
    ("guidance-862", AgreementLink.Kind.GUIDES, "agreement"),
    ("guidance-862", AgreementLink.Kind.IMPLEMENTS, "plan-1711"),
]

OBJECTIVES = [
    "Phổ biến, hướng dẫn thực hiện Hiệp định và Thỏa thuận hành chính trong toàn ngành (minh họa)",
    "Cấp, tiếp nhận giấy chứng nhận và trao đổi thông tin với NPS (minh họa)",
    "Theo dõi, tổng hợp và báo cáo kết quả thực hiện (minh họa)",
]

# objective no., title, lead, coordinating, start, deadline, status, progress, reference
TASKS = [
    (1, "Phổ biến nội dung Hiệp định và Thỏa thuận hành chính tới BHXH các tỉnh, thành phố", "HTQT",
     ["TST", "P63-HANOI", "P63-HAIDUONG", "P63-HAIPHONG"], D(2024, 1, 2), D(2024, 3, 31), "done", 100,
     "Quyết định 436/QĐ-TTg (minh họa)"),
    (1, "Hướng dẫn đối tượng áp dụng của Hiệp định", "TST", ["HTQT", "CSBHXH"], D(2024, 1, 15), D(2024, 3, 29),
     "done", 100, "Hiệp định, phần về pháp luật áp dụng (minh họa)"),
    (1, "Tập huấn về Hiệp định cho BHXH các tỉnh, thành phố khu vực phía Bắc", "HTQT", ["TST", "P63-HAIDUONG"],
     D(2024, 6, 1), D(2024, 7, 16), "done", 100, "Kế hoạch 1711/KH-BHXH (minh họa)"),
    (1, "Hướng dẫn BHXH tỉnh, thành phố mới sau sắp xếp về thủ tục cấp giấy chứng nhận", "TPT-25",
     ["P34-HAIPHONG", "P34-HANOI"], D(2025, 7, 1), D(2025, 8, 31), "done", 100, "Công văn 862/BHXH-TST (minh họa)"),
    (2, "Xây dựng quy trình cấp, tiếp nhận giấy chứng nhận", "TST", ["HTQT", "CSBHXH"], D(2024, 1, 2),
     D(2024, 3, 29), "done", 100, "Thỏa thuận hành chính (minh họa)"),
    (2, "Thiết lập kênh trao đổi thông tin với Cơ quan Hưu trí quốc gia Hàn Quốc (NPS)", "HTQT", ["TTCNTT", "TST"],
     D(2024, 1, 23), D(2024, 9, 30), "done", 100, "Thỏa thuận thực hiện BHXH Việt Nam – NPS (minh họa)"),
    (2, "Rà soát hồ sơ người lao động biệt phái sau hợp nhất BHXH tỉnh Hải Dương vào BHXH thành phố Hải Phòng",
     "P34-HAIPHONG", ["TPT-25"], D(2025, 7, 1), D(2025, 9, 30), "in_progress", 60, "Công văn 862/BHXH-TST (minh họa)"),
    (2, "Rà soát giấy chứng nhận sắp hết hạn và thông báo người sử dụng lao động", "P34-HANOI", ["TPT-25"],
     D(2026, 1, 5), D(2026, 10, 31), "in_progress", 40, "Hiệp định, thời hạn biệt phái 60 tháng (minh họa)"),
    (2, "Đối chiếu dữ liệu giấy chứng nhận năm 2026 với NPS", "TPT-25", ["P34-HANOI", "P34-HAIPHONG", "TTCNTT-25"],
     D(2026, 6, 1), D(2026, 12, 31), "in_progress", 50, "Thỏa thuận hành chính (minh họa)"),
    (3, "Tổng hợp số liệu giấy chứng nhận đã cấp, tiếp nhận năm 2024", "TST", ["P63-HANOI", "P63-HAIPHONG"],
     D(2024, 10, 1), D(2024, 12, 31), "done", 100, "Kế hoạch 1711/KH-BHXH (minh họa)"),
    (3, "Báo cáo Bộ Lao động - Thương binh và Xã hội kết quả thực hiện Hiệp định năm 2024", "HTQT", ["TST"],
     D(2024, 12, 1), D(2025, 1, 15), "done", 100, "Quyết định 436/QĐ-TTg (minh họa)"),
    (3, "Báo cáo Bộ Nội vụ kết quả thực hiện Hiệp định năm 2025", "TPT-25", ["VP-25"], D(2025, 12, 1),
     D(2026, 1, 15), "not_started", 0, "Quyết định 436/QĐ-TTg (minh họa)"),
    (3, "Báo cáo Bộ Nội vụ kết quả thực hiện Hiệp định năm 2026", "TPT-25", ["VP-25"], D(2026, 12, 1),
     D(2027, 1, 15), "not_started", 0, "Quyết định 436/QĐ-TTg (minh họa)"),
    (3, "Đánh giá ba năm thực hiện Hiệp định", "TPT-25", ["P34-HANOI", "P34-HAIPHONG", "CSBHXH-25"], D(2026, 9, 1),
     D(2027, 3, 31), "not_started", 0, "Quyết định 436/QĐ-TTg (minh họa)"),
]

VIETNAMESE_WORKERS = [
    "Nguyễn Văn An", "Trần Thị Bích", "Lê Hoàng Cường", "Phạm Thị Dung", "Hoàng Văn Đức", "Vũ Thị Giang",
    "Đặng Minh Hải", "Bùi Thị Hạnh", "Đỗ Quang Huy", "Ngô Thị Lan", "Dương Văn Long", "Lý Thị Mai",
    "Phan Văn Nam", "Trịnh Thị Oanh", "Đinh Công Phúc", "Mai Thị Quyên", "Tạ Văn Sơn", "Hồ Thị Tâm",
    "Chu Văn Thắng", "Lương Thị Uyên", "Cao Văn Vinh", "Kiều Thị Xuân", "Tô Văn Yên", "Lâm Thị Hoa",
    "Quách Văn Khoa", "Nghiêm Thị Loan", "Võ Văn Mạnh",
]
KOREAN_WORKERS = [
    "Kim Min-jun", "Lee Seo-yeon", "Park Ji-hoon", "Choi Yu-na", "Jung Hyun-woo", "Kang Ji-min", "Cho Sung-min",
    "Yoon Ha-eun", "Jang Dong-hyun", "Lim Soo-ah", "Han Jae-won", "Oh Eun-ji", "Seo Jin-ho",
]
VN_EMPLOYERS = ["Công ty TNHH Kỹ thuật Sông Hồng (minh họa)", "Công ty Cổ phần Xây lắp Bạch Đằng (minh họa)",
                "Tổng công ty Cơ khí Đồng Nai (minh họa)"]
KR_ENTERPRISES = ["Hanbit Engineering Co., Ltd. (fictional)", "Daeyang Shipbuilding Co. (fictional)",
                  "Seorim Electronics Inc. (fictional)"]
OFFICES = ["P34-HANOI", "P34-HAIPHONG", "P34-HOCHIMINH", "P34-BACNINH", "P34-DONGNAI", "P34-NGHEAN"]


def _certificate_specs(today: datetime.date) -> list[dict]:
    """About 40 certificates over offices, both directions and every status; a few end in 30–60 days."""
    statuses = ["issued"] * 18 + ["applied"] * 6 + ["extended"] * 4 + ["ended"] * 6 + ["refused"] * 3 + ["withdrawn"] * 3
    ending_soon = {0: 35, 3: 48, 7: 57}  # issued certificates whose coverage ends that many days from today
    specs, vn, kr = [], 0, 0
    for index, status in enumerate(statuses):
        inbound = index % 3 == 2
        if inbound:
            name, nationality = KOREAN_WORKERS[kr % len(KOREAN_WORKERS)], "KR"
            kr += 1
        else:
            name, nationality = VIETNAMESE_WORKERS[vn % len(VIETNAMESE_WORKERS)], "VN"
            vn += 1
        start = D(2024, 1 + index % 12, 1)
        end = D(start.year + 4, start.month, 1) - datetime.timedelta(days=1)
        extension = (None, None)
        if index in ending_soon:
            end = today + datetime.timedelta(days=ending_soon[index])
            start = D(end.year - 2, end.month, 1)
        elif status == "applied":
            start = today + datetime.timedelta(days=20 + index)
            end = D(start.year + 3, start.month, 1)
        elif status == "extended":
            end = D(start.year + 1, start.month, 1) - datetime.timedelta(days=1)  # a one-year first period
            extension = (end + datetime.timedelta(days=1), D(end.year + 2, end.month, 28))
        elif status == "ended":
            start, end = D(2022, 1 + index % 12, 1), D(2025, 1 + index % 6, 28)  # posted before 2024
        office = "P63-HAIDUONG" if status == "ended" and index % 2 else OFFICES[index % len(OFFICES)]
        specs.append({
            "identity_number": f"Z9{index + 1:06d}", "nationality": nationality, "worker_name": name,
            "direction": "inbound" if inbound else "outbound", "status": status, "office": office,
            "date_of_birth": D(1975 + index % 20, 1 + index % 12, 1 + index % 27),
            "home_employer": (KR_ENTERPRISES if inbound else VN_EMPLOYERS)[index % 3],
            "host_enterprise": (VN_EMPLOYERS if inbound else KR_ENTERPRISES)[(index + 1) % 3],
            "detachment_start": start, "detachment_end": end,
            "extension_start": extension[0], "extension_end": extension[1],
            "number": "" if status in ("applied", "refused", "withdrawn")
            else f"{'KR-VN' if inbound else 'VN-KR'}-{start.year}-{index + 1:04d}",
        })
    return specs


def load(stdout=None) -> None:
    units = {unit.code: unit for unit in Unit.objects.all()}
    central = User.objects.get(username="central")
    instruments = {}
    for key, fields, parties, liaisons in INSTRUMENTS:
        defaults = {**fields, "counterpart": units.get(fields.get("counterpart")), "created_by": central}
        agreement = Agreement.objects.filter(title=fields["title"]).first() or Agreement(title=fields["title"])
        for name, value in defaults.items():
            setattr(agreement, name, value)
        agreement.full_clean()
        agreement.save()
        agreement.parties.set([units[code] for code in parties])
        agreement.liaison_institutions.set([units[code] for code in liaisons])
        instruments[key] = agreement
    for source, kind, target in LINKS:
        AgreementLink.objects.get_or_create(source=instruments[source], kind=kind, target=instruments[target])

    plan = _implementation_plan(units, central)
    instruments["agreement"].implementation_plans.add(plan)
    instruments["plan-1711"].implementation_plans.add(plan)
    _reports(plan, central)
    _certificates(instruments["agreement"], units, central)


def _implementation_plan(units, central) -> Plan:
    plan, _created = Plan.objects.update_or_create(
        number="1711/KH-BHXH", year=2023,
        defaults={
            "kind": Plan.Kind.AGREEMENT, "issue_date": D(2023, 6, 1), "issuing_unit": units["VSS"],
            "title": "Kế hoạch triển khai thực hiện Hiệp định giữa Việt Nam và Hàn Quốc về bảo hiểm xã hội",
            "general_goal": "Thực hiện đầy đủ Hiệp định, Thỏa thuận hành chính và các nhiệm vụ giao cho BHXH Việt "
                            "Nam tại Quyết định 436/QĐ-TTg. Kế hoạch ban hành tháng 06/2023 (ngày chưa xác minh, "
                            "ghi 01/06/2023); các nhiệm vụ dưới đây là minh họa vì chưa tìm thấy danh mục chính thức.",
            "status": Plan.Status.ISSUED, "created_by": central,
            "issued_at": datetime.datetime(2023, 6, 1, 9, 0, tzinfo=timezone.get_current_timezone()),
        },
    )
    objectives = []
    for position, text in enumerate(OBJECTIVES, start=1):
        objective, _created = Objective.objects.update_or_create(plan=plan, position=position, defaults={"text": text})
        objectives.append(objective)
    for position, (objective_no, title, lead, coordinating, start, deadline, status, progress, reference) in enumerate(
        TASKS, start=1
    ):
        task, _created = Task.objects.update_or_create(
            plan=plan, title=title,
            defaults={
                "objective": objectives[objective_no - 1], "position": position,
                "content": f"{ILLUSTRATIVE} Nhiệm vụ minh họa: danh mục nhiệm vụ chính thức của Quyết định "
                           "436/QĐ-TTg và Kế hoạch 1711/KH-BHXH chưa được tìm thấy.",
                "category": Task.Category.IMPLEMENTATION, "reference": reference,
                "expected_result": f"{ILLUSTRATIVE} Hoàn thành đúng thời hạn, có báo cáo kết quả.",
                "start_date": start, "deadline": deadline, "status": status, "progress": progress,
            },
        )
        _assign(task, units[lead], Assignment.Role.LEAD)
        for code in coordinating:
            _assign(task, units[code], Assignment.Role.COORDINATING)
    return plan


PERIODS = [
    # label, start, end, due date
    ("6 tháng đầu năm 2026", D(2026, 1, 1), D(2026, 6, 30), D(2026, 7, 10)),
    ("Quý III năm 2026", D(2026, 7, 1), D(2026, 9, 30), D(2026, 10, 10)),
]
# reporter, task title, period label, work status, progress, results, approved by central staff
REPORTS = [
    ("hanoi", "Rà soát giấy chứng nhận sắp hết hạn và thông báo người sử dụng lao động", "6 tháng đầu năm 2026",
     "in_progress", 40, "(minh họa) Đã rà soát 7 giấy chứng nhận, gửi thông báo cho 3 người sử dụng lao động.", True),
    ("haiphong", "Rà soát hồ sơ người lao động biệt phái sau hợp nhất BHXH tỉnh Hải Dương vào BHXH thành phố Hải Phòng",
     "Quý III năm 2026", "in_progress", 60, "(minh họa) Đã tiếp nhận hồ sơ của BHXH tỉnh Hải Dương cũ; còn đối chiếu "
     "3 trường hợp.", False),
    ("hanoi", "Đối chiếu dữ liệu giấy chứng nhận năm 2026 với NPS", "Quý III năm 2026", "in_progress", 50,
     "(minh họa) Đã chuyển danh sách giấy chứng nhận của BHXH thành phố Hà Nội cho đơn vị chủ trì.", False),
]


def _reports(plan: Plan, central: User) -> None:
    """A few progress reports on the implementation plan, through the reporting engine's own services."""
    periods = {}
    for label, start, end, due_date in PERIODS:
        periods[label] = ReportingPeriod.objects.filter(plan=plan, label=label).first() or reports.period_create(
            plan=plan, by=central, label=label, kind=ReportingPeriod.Kind.OTHER, start=start, end=end, due_date=due_date,
        )
    for username, title, label, work_status, progress, results, approved in REPORTS:
        reporter = User.objects.get(username=username)
        assignment = Assignment.objects.current().get(task__plan=plan, task__title=title, unit_id__in=reporter.unit_lineage_ids)
        if ProgressReport.objects.filter(assignment=assignment, period=periods[label]).exists():
            continue
        report = reports.report_save_draft(
            by=reporter, assignment=assignment, period=periods[label],
            changes={"work_status": work_status, "progress": progress, "results": results},
        )
        report = reports.report_submit(report=report, by=reporter, expected_version=report.lock_version)
        if approved:
            reports.report_approve(report=report, by=central, expected_version=report.lock_version)


def _assign(task: Task, unit: Unit, role: str) -> None:
    """Give `unit` its role on `task`, keeping exactly one current lead."""
    if role == Assignment.Role.LEAD:
        task.assignments.current().filter(role=role).exclude(unit=unit).update(removed_at=timezone.now())
    Assignment.objects.update_or_create(task=task, unit=unit, removed_at=None, defaults={"role": role})


def _certificates(agreement: Agreement, units, central) -> None:
    for spec in _certificate_specs(timezone.localdate()):
        certificate = (
            CoverageCertificate.objects.filter(identity_number=spec["identity_number"], nationality=spec["nationality"]).first()
            or CoverageCertificate(created_by=central)
        )
        for name, value in {**spec, "office": units[spec["office"]], "agreement": agreement}.items():
            setattr(certificate, name, value)
        certificate.notes = "Dữ liệu minh họa: người lao động và doanh nghiệp là giả định."
        certificate.full_clean()
        certificate.save()
