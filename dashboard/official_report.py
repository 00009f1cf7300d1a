"""The periodic report on a plan's implementation as a Word document in the layout of Decree 30/2020/NĐ-CP.

Its reads go through the guards like every page: the view lets only users who see all work ask
for it, so the report covers every unit."""

import datetime
from io import BytesIO

from django.db.models import Exists, OuterRef
from django.utils import translation
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from core.docnumbers import date_line
from plans.models import Assignment, Plan, Standing, Task, due_between, on_time_rate, standing_counts
from reports.models import ProgressReport, ReportingPeriod

FONT = "Times New Roman"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]


def _style(document) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    for section in document.sections:
        section.page_height, section.page_width = Cm(29.7), Cm(21)
        section.top_margin, section.bottom_margin = Cm(2), Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(2)


def _paragraph(cell_or_document, text="", *, bold=False, italic=False, size=13, align=None, underline=False):
    paragraph = cell_or_document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)
    run.font.name = FONT
    paragraph.paragraph_format.space_after = Pt(3)
    return paragraph


def _heading_block(document, *, issuer: str, number: str, day: datetime.date) -> None:
    """The national heading beside the issuing body, its number, and the place and date line."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left, right = table.rows[0].cells
    for column, cell, width in ((table.columns[0], left, Cm(6.5)), (table.columns[1], right, Cm(9.5))):
        column.width = cell.width = width
    left.paragraphs[0].text = ""
    _paragraph(left, issuer.upper(), bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(left, f"Số: {number}", size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    right.paragraphs[0].text = ""
    _paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(
        right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER, underline=True
    )
    _paragraph(right, date_line(day), italic=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)


def report_data(plan: Plan, period: ReportingPeriod, user) -> list[dict]:
    """Objectives with their tasks and the lead unit's approved report for the period (fixed number of queries)."""
    approved = ProgressReport.objects.visible_to(user).filter(status=ProgressReport.Status.APPROVED, period=period)
    reports = {
        r.assignment.task_id: r
        for r in approved.filter(assignment__task__plan=plan, assignment__role=Assignment.Role.LEAD).select_related(
            "assignment"
        )
    }
    coordinating_notes = {}
    for r in approved.filter(assignment__task__plan=plan, assignment__role=Assignment.Role.COORDINATING).select_related(
        "assignment", "unit"
    ):
        coordinating_notes.setdefault(r.assignment.task_id, []).append(r)
    tasks = (
        Task.objects.visible_to(user).filter(plan=plan)
        .exclude(status=Task.Status.CANCELLED)
        .select_related("objective")
        .with_units()
        .annotate(reported=Exists(approved.filter(assignment__task=OuterRef("pk"))))
        .order_by("objective__position", "position", "pk")
    )
    sections = {}
    for task in tasks:
        section = sections.setdefault(task.objective_id, {"objective": task.objective, "tasks": []})
        section["tasks"].append(
            {"task": task, "report": reports.get(task.pk), "others": coordinating_notes.get(task.pk, [])}
        )
    return list(sections.values())


def summary_counts(plan: Plan, period: ReportingPeriod, day: datetime.date, user) -> tuple[dict, dict]:
    """The four states on `day` of the plan's tasks due in the period's data window, and of all of them."""
    tasks = Task.objects.visible_to(user).filter(plan=plan)
    in_period = due_between(start=period.data_from, end=min(period.data_to, day))
    return (
        tasks.aggregate(**standing_counts(day=day, within=in_period)),
        tasks.aggregate(**standing_counts(day=day)),
    )


def _summary_table(document, plan: Plan, period: ReportingPeriod, day: datetime.date, user) -> None:
    """The summary in the words of upward reporting (the Government Office's task tracking)."""
    in_period, overall = summary_counts(plan, period, day, user)
    end = min(period.data_to, day)
    with translation.override("vi"):
        rows = [("Tổng số nhiệm vụ", "total"), *((str(s.label), s.value) for s in Standing)]
    rows += [("Số nhiệm vụ đến hạn", "due"), ("Trong đó: hoàn thành đúng hạn", "due_on_time"),
             ("Tỷ lệ hoàn thành đúng hạn (%)", "rate"), ("Có gia hạn được chấp thuận", "extended"),
             ("Trong đó: hoàn thành đúng hạn nhờ gia hạn", "extended_on_time")]
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    headings = ["Chỉ tiêu", f"Đến hạn trong kỳ ({period.data_from:%d/%m} – {end:%d/%m/%Y})", f"Lũy kế đến {day:%d/%m/%Y}"]
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        cell.paragraphs[0].text = ""
        _paragraph(cell, text, bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    for label, key in rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].text = label
        for cell, counts in zip(cells[1:], (in_period, overall), strict=True):
            value = on_time_rate(counts) if key == "rate" else counts[key]
            cell.paragraphs[0].text = "—" if value is None else str(value)
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def build_report(*, plan: Plan, period: ReportingPeriod, number: str, day: datetime.date, issuer: str, user) -> bytes:
    document = Document()
    _style(document)
    _heading_block(document, issuer=issuer, number=number, day=day)
    _paragraph(document)
    _paragraph(document, "BÁO CÁO", bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(
        document,
        f"Kết quả thực hiện kế hoạch công tác đối ngoại {period.label}",
        bold=True,
        size=14,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _paragraph(
        document,
        f"(theo Kế hoạch số {plan.number} ngày {plan.issue_date:%d/%m/%Y})",
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _paragraph(
        document,
        f"Thực hiện Kế hoạch số {plan.number}, {issuer} báo cáo kết quả thực hiện nhiệm vụ đối ngoại kỳ "
        f"{period.label} (từ ngày {period.start:%d/%m/%Y} đến ngày {period.end:%d/%m/%Y}; số liệu tính từ ngày "
        f"{period.data_from:%d/%m/%Y} đến ngày {period.data_to:%d/%m/%Y}) như sau:",
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    )
    sections = report_data(plan, period, user)
    _paragraph(document, "TỔNG HỢP TÌNH HÌNH THỰC HIỆN NHIỆM VỤ", bold=True)
    _summary_table(document, plan, period, day, user)
    _paragraph(document)
    _paragraph(document, "I. KẾT QUẢ THỰC HIỆN THEO MỤC TIÊU", bold=True)
    late, proposals = [], []
    for index, section in enumerate(sections, start=1):
        _paragraph(document, f"{index}. {section['objective'].text}", bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        for entry in section["tasks"]:
            task, report = entry["task"], entry["report"]
            lead = task.lead_unit.name_vi if task.lead_unit else ""
            _paragraph(
                document,
                f"- {task.title} (chủ trì: {lead}; thời hạn {task.effective_deadline:%d/%m/%Y}"
                f"{f', theo kế hoạch {task.deadline:%d/%m/%Y}' if task.is_shifted else ''}; tiến độ {task.progress}%).",
                align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            )
            if report and report.results:
                _paragraph(document, f"Kết quả: {report.results}", italic=False, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            elif not report:
                _paragraph(document, "Chưa có báo cáo được duyệt của đơn vị chủ trì trong kỳ.", italic=True)
            for other in entry["others"]:
                if other.results:
                    _paragraph(
                        document, f"{other.unit.name_vi} (phối hợp): {other.results}", align=WD_ALIGN_PARAGRAPH.JUSTIFY
                    )
            if task.is_overdue:
                late.append(task)
            for source in [report, *entry["others"]]:
                if source and source.difficulties_and_proposals:
                    proposals.append(
                        (source.unit.name_vi if source.unit_id else lead, source.difficulties_and_proposals)
                    )
    _paragraph(document, "II. NHIỆM VỤ CHẬM TIẾN ĐỘ", bold=True)
    if late:
        for task in late:
            lead = task.lead_unit.name_vi if task.lead_unit else ""
            _paragraph(
                document,
                f"- {task.title} ({lead}): quá hạn {task.days_late} ngày, tiến độ {task.progress}%.",
                align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            )
    else:
        _paragraph(document, "Không có nhiệm vụ chậm tiến độ.")
    _paragraph(document, "III. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ", bold=True)
    if proposals:
        for unit, text in proposals:
            _paragraph(document, f"- {unit}: {text}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    else:
        _paragraph(document, "Không có đề xuất, kiến nghị.")
    signature = document.add_table(rows=1, cols=2)
    left, right = signature.rows[0].cells
    left.paragraphs[0].text = ""
    _paragraph(left, "Nơi nhận:", bold=True, italic=True, size=12)
    for line in (
        "- Tổng Giám đốc (để b/c);",
        "- Các Phó Tổng Giám đốc;",
        "- Các đơn vị trực thuộc;",
        "- BHXH các tỉnh, thành phố;",
        "- Lưu: VT.",
    ):
        _paragraph(left, line, size=11)
    right.paragraphs[0].text = ""
    _paragraph(right, "KT. TỔNG GIÁM ĐỐC", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(right, "PHÓ TỔNG GIÁM ĐỐC", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
