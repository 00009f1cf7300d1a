"""The official report: one content, as Word and as PDF, in the Decree 30 layout."""

import datetime
from io import BytesIO

import pytest
import time_machine
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from plans.tests.factories import ObjectiveFactory, PlanFactory, TaskFactory
from reports.tests.factories import ProgressReportFactory, ReportingPeriodFactory

pytestmark = pytest.mark.django_db
URL = "/dashboard/official-report/"


@pytest.fixture
def world():
    plan = PlanFactory(year=2024, number="234/KH-BHXH", issue_date=datetime.date(2024, 1, 26))
    objective = ObjectiveFactory(plan=plan, text="Triển khai Hiệp định với Hàn Quốc")
    reported = TaskFactory(objective=objective, title="Phổ biến Hiệp định", deadline=datetime.date(2024, 12, 31))
    silent = [TaskFactory(objective=objective, title=f"Nhiệm vụ chưa báo cáo {n}", deadline=datetime.date(2024, 12, 31))
              for n in range(3)]
    period = ReportingPeriodFactory(
        plan=plan, label="Năm 2024", start=datetime.date(2024, 1, 1), end=datetime.date(2024, 12, 31),
        due_date=datetime.date(2025, 1, 15),
    )
    now = timezone.now()
    ProgressReportFactory(
        assignment=reported.assignments.get(), period=period, status="approved", first_submitted_at=now,
        submitted_at=now, reviewed_at=now, results="Đã tổ chức 3 hội nghị phổ biến.",
    )
    return {"plan": plan, "period": period, "silent": silent}


def _ask(client, period, fmt):
    return client.get(URL, {
        "period": period.pk, "number": "15/BC-BHXH", "date": "05/02/2025", "issuer": "Bảo hiểm xã hội Việt Nam",
        "format": fmt,
    })


def test_word_report_reads_well(client, leader, world):
    client.force_login(leader)
    response = _ask(client, world["period"], "docx")
    assert response["Content-Disposition"].endswith('.docx"')
    document = Document(BytesIO(response.content))
    for cell in document.tables[0].rows[0].cells:
        assert cell.paragraphs[0].text.strip()  # no empty first line in the header cells
    assert document.tables[1].rows[0].cells[0].paragraphs[0].text == "Chỉ tiêu"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "công tác đối ngoại năm 2024" in text and "Năm 2024" not in text
    assert "kỳ năm 2024 (từ ngày 01/01/2024" in text
    assert text.count("chưa có báo cáo được duyệt của đơn vị chủ trì") == 1
    listed = text.split("chưa có báo cáo được duyệt của đơn vị chủ trì")[1].split("II. NHIỆM VỤ CHẬM TIẾN ĐỘ")[0]
    assert all(task.title in listed for task in world["silent"])
    assert "Phổ biến Hiệp định" not in listed
    assert "Đã tổ chức 3 hội nghị phổ biến." in text


def test_pdf_report_has_the_same_content_on_a4(client, planner, world):
    client.force_login(planner)
    response = _ask(client, world["period"], "pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('.pdf"')
    reader = PdfReader(BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Số: 15/BC-BHXH" in text
    assert "công tác đối ngoại năm 2024" in text
    assert "Đã tổ chức 3 hội nghị phổ biến." in text
    assert all(task.title in text for task in world["silent"])
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any(font.endswith(("+TimesNewRomanPSMT", "+Liberation-Serif")) for font in fonts), fonts


def test_officers_get_neither_word_nor_pdf(client, officer, world):
    client.force_login(officer)
    assert _ask(client, world["period"], "pdf").status_code == 403
    assert _ask(client, world["period"], "docx").status_code == 403


def test_form_offers_the_last_ended_and_the_current_period(client, leader):
    plan = PlanFactory(year=2026, issue_date=datetime.date(2026, 1, 10))
    q3 = ReportingPeriodFactory(
        plan=plan, label="Quý III/2026", start=datetime.date(2026, 7, 1), end=datetime.date(2026, 9, 30),
        due_date=datetime.date(2026, 10, 15),
    )
    q4 = ReportingPeriodFactory(
        plan=plan, label="Quý IV/2026", start=datetime.date(2026, 10, 1), end=datetime.date(2026, 12, 31),
        due_date=datetime.date(2027, 1, 15),
    )
    client.force_login(leader)
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC)):
        response = client.get(URL)
        picked = client.get(URL, {"pick": q4.pk})
    assert [period for _label, period in response.context["form"].suggestions] == [q3, q4]
    html = response.content.decode()
    assert "Kỳ vừa kết thúc" in html and "Kỳ hiện tại" in html and f"?pick={q4.pk}" in html
    assert response.context["form"].initial["period"] == q3.pk
    assert picked.context["form"].initial["period"] == q4.pk
    assert not picked.context["form"].is_bound
