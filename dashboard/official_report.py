"""The periodic report on a plan's implementation in the layout of Decree 30/2020/NĐ-CP, as Word or PDF.

One content builder (`report_content`) says what the report contains; two renderers lay it out:
`render_docx` with python-docx, `render_pdf` with WeasyPrint from an HTML template. Both use A4,
margins 20 mm top and bottom, 30 mm left, 20 mm right, Times New Roman 13 pt (PDF: its metric twin
Liberation Serif where Times New Roman is not installed).

Its reads go through the guards like every page: the view lets only users who see all work ask
for it, so the report covers every unit."""

import datetime
from dataclasses import dataclass, field
from io import BytesIO

from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
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
RECIPIENTS = (
    "- Tổng Giám đốc (để b/c);",
    "- Các Phó Tổng Giám đốc;",
    "- Các đơn vị trực thuộc;",
    "- BHXH các tỉnh, thành phố;",
    "- Lưu: VT.",
)
SIGNATURE = ("KT. TỔNG GIÁM ĐỐC", "PHÓ TỔNG GIÁM ĐỐC")


@dataclass(frozen=True)
class Para:
    """One paragraph of the body."""

    text: str
    bold: bool = False
    italic: bool = False
    center: bool = False
    size: int = 13


@dataclass(frozen=True)
class Table:
    """A grid table: a bold heading row, then rows whose cells after the first are figures."""

    headings: list[str]
    rows: list[list[str]]


@dataclass
class OfficialReport:
    """What the report says, laid out by either renderer."""

    issuer: str
    number: str
    date_line: str
    body: list[Para | Table] = field(default_factory=list)
    recipients: tuple[str, ...] = RECIPIENTS
    signature: tuple[str, ...] = SIGNATURE


def in_sentence(label: str) -> str:
    """A period's label inside a sentence: "Năm 2024" reads "năm 2024", "Quý I/2024" "quý I/2024"."""
    return label[:1].lower() + label[1:]


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


def _summary(plan: Plan, period: ReportingPeriod, day: datetime.date, user) -> Table:
    """The summary in the words of upward reporting (the Government Office's task tracking)."""
    in_period, overall = summary_counts(plan, period, day, user)
    end = min(period.data_to, day)
    with translation.override("vi"):
        rows = [("Tổng số nhiệm vụ", "total"), *((str(s.label), s.value) for s in Standing)]
    rows += [("Số nhiệm vụ đến hạn", "due"), ("Trong đó: hoàn thành đúng hạn", "due_on_time"),
             ("Tỷ lệ hoàn thành đúng hạn (%)", "rate"), ("Có gia hạn được chấp thuận", "extended"),
             ("Trong đó: hoàn thành đúng hạn nhờ gia hạn", "extended_on_time")]
    headings = ["Chỉ tiêu", f"Đến hạn trong kỳ ({period.data_from:%d/%m} – {end:%d/%m/%Y})", f"Lũy kế đến {day:%d/%m/%Y}"]
    cells = []
    for label, key in rows:
        values = [on_time_rate(counts) if key == "rate" else counts[key] for counts in (in_period, overall)]
        cells.append([label, *("—" if value is None else str(value) for value in values)])
    return Table(headings=headings, rows=cells)


def report_content(
    *, plan: Plan, period: ReportingPeriod, number: str, day: datetime.date, issuer: str, user
) -> OfficialReport:
    """The report's content: summary, results by objective (the tasks without an approved report of
    their lead unit listed once), late tasks, proposals."""
    label = in_sentence(period.label)
    report = OfficialReport(issuer=issuer, number=number, date_line=date_line(day))
    body = report.body
    body += [
        Para("BÁO CÁO", bold=True, center=True, size=14),
        Para(f"Kết quả thực hiện kế hoạch công tác đối ngoại {label}", bold=True, center=True, size=14),
        Para(f"(theo Kế hoạch số {plan.number} ngày {plan.issue_date:%d/%m/%Y})", italic=True, center=True),
        Para(
            f"Thực hiện Kế hoạch số {plan.number}, {issuer} báo cáo kết quả thực hiện nhiệm vụ đối ngoại kỳ "
            f"{label} (từ ngày {period.start:%d/%m/%Y} đến ngày {period.end:%d/%m/%Y}; số liệu tính từ ngày "
            f"{period.data_from:%d/%m/%Y} đến ngày {period.data_to:%d/%m/%Y}) như sau:"
        ),
        Para("TỔNG HỢP TÌNH HÌNH THỰC HIỆN NHIỆM VỤ", bold=True),
        _summary(plan, period, day, user),
        Para("I. KẾT QUẢ THỰC HIỆN THEO MỤC TIÊU", bold=True),
    ]
    late, proposals, unreported = [], [], []
    for index, section in enumerate(report_data(plan, period, user), start=1):
        body.append(Para(f"{index}. {section['objective'].text}", bold=True))
        for entry in section["tasks"]:
            task, approved = entry["task"], entry["report"]
            lead = task.lead_unit.name_vi if task.lead_unit else ""
            shifted = f", theo kế hoạch {task.deadline:%d/%m/%Y}" if task.is_shifted else ""
            body.append(Para(
                f"- {task.title} (chủ trì: {lead}; thời hạn {task.effective_deadline:%d/%m/%Y}{shifted}; "
                f"tiến độ {task.progress}%)."
            ))
            if approved is None:
                unreported.append(f"- {task.title} ({lead})." if lead else f"- {task.title}.")
            elif approved.results:
                body.append(Para(f"Kết quả: {approved.results}"))
            for other in entry["others"]:
                if other.results:
                    body.append(Para(f"{other.unit.name_vi} (phối hợp): {other.results}"))
            if task.is_overdue:
                late.append(task)
            for source in [approved, *entry["others"]]:
                if source and source.difficulties_and_proposals:
                    proposals.append((source.unit.name_vi if source.unit_id else lead, source.difficulties_and_proposals))
    if unreported:
        body.append(Para("Các nhiệm vụ chưa có báo cáo được duyệt của đơn vị chủ trì trong kỳ:", italic=True))
        body += [Para(line, italic=True) for line in unreported]
    body.append(Para("II. NHIỆM VỤ CHẬM TIẾN ĐỘ", bold=True))
    for task in late:
        lead = task.lead_unit.name_vi if task.lead_unit else ""
        body.append(Para(f"- {task.title} ({lead}): quá hạn {task.days_late} ngày, tiến độ {task.progress}%."))
    if not late:
        body.append(Para("Không có nhiệm vụ chậm tiến độ."))
    body.append(Para("III. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ", bold=True))
    body += [Para(f"- {unit}: {text}") for unit, text in proposals]
    if not proposals:
        body.append(Para("Không có đề xuất, kiến nghị."))
    return report


# --- Word ------------------------------------------------------------------------------------------


def _style(document) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    for section in document.sections:
        section.page_height, section.page_width = Cm(29.7), Cm(21)
        section.top_margin, section.bottom_margin = Cm(2), Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(2)


def _paragraph(container, text="", *, bold=False, italic=False, size=13, align=None, underline=False):
    """A paragraph at the end of a document or cell; a cell's first line fills its empty first paragraph."""
    paragraphs = getattr(container, "paragraphs", [])
    reuse = hasattr(container, "vertical_alignment") and len(paragraphs) == 1 and not paragraphs[0].text
    paragraph = paragraphs[0] if reuse else container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)
    run.font.name = FONT
    paragraph.paragraph_format.space_after = Pt(3)
    return paragraph


def _heading_block(document, report: OfficialReport) -> None:
    """The national heading beside the issuing body, its number, and the place and date line."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left, right = table.rows[0].cells
    for column, cell, width in ((table.columns[0], left, Cm(6.5)), (table.columns[1], right, Cm(9.5))):
        column.width = cell.width = width
    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(left, report.issuer.upper(), bold=True, size=12, align=center)
    _paragraph(left, f"Số: {report.number}", size=13, align=center)
    _paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12, align=center)
    _paragraph(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13, align=center, underline=True)
    _paragraph(right, report.date_line, italic=True, size=13, align=center)


def _table(document, table: Table) -> None:
    grid = document.add_table(rows=1, cols=len(table.headings))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, table.headings, strict=True):
        _paragraph(cell, text, bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    for row in table.rows:
        cells = grid.add_row().cells
        cells[0].paragraphs[0].text = row[0]
        for cell, text in zip(cells[1:], row[1:], strict=True):
            cell.paragraphs[0].text = text
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph()


def render_docx(report: OfficialReport) -> bytes:
    document = Document()
    _style(document)
    _heading_block(document, report)
    document.add_paragraph()
    for block in report.body:
        if isinstance(block, Table):
            _table(document, block)
            continue
        align = WD_ALIGN_PARAGRAPH.CENTER if block.center else WD_ALIGN_PARAGRAPH.JUSTIFY
        _paragraph(document, block.text, bold=block.bold, italic=block.italic, size=block.size, align=align)
    signature = document.add_table(rows=1, cols=2)
    left, right = signature.rows[0].cells
    _paragraph(left, "Nơi nhận:", bold=True, italic=True, size=12)
    for line in report.recipients:
        _paragraph(left, line, size=11)
    for line in report.signature:
        _paragraph(right, line, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- PDF -------------------------------------------------------------------------------------------


def render_pdf(report: OfficialReport) -> bytes:
    from weasyprint import HTML  # loads Pango: only when a PDF is asked for

    html = render_to_string("dashboard/official_report_pdf.html", {"report": report})
    return HTML(string=html).write_pdf()
