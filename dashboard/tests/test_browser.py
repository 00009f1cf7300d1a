"""Leadership reads the dashboard, drills into a figure, downloads the official report and subscribes to the calendar."""

import datetime
from io import BytesIO
from pathlib import Path

import pytest
from django.utils import timezone
from docx import Document

from accounts.models import Unit, User
from plans.models import Task
from plans.tests.factories import ObjectiveFactory, PlanFactory, TaskFactory
from reports.tests.factories import ReportingPeriodFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _year_plan():
    today = timezone.localdate()
    plan = PlanFactory(year=today.year, number="58/KH-BHXH", issue_date=datetime.date(today.year, 1, 20))
    objective = ObjectiveFactory(plan=plan, text="Triển khai Hiệp định với Hàn Quốc")
    hai_phong, hanoi = Unit.objects.get(code="P34-HAIPHONG"), Unit.objects.get(code="P34-HANOI")
    TaskFactory(
        objective=objective,
        title="Việc trễ của Hải Phòng",
        lead=hai_phong,
        status=Task.Status.IN_PROGRESS,
        start_date=datetime.date(today.year, 1, 20),
        deadline=today - datetime.timedelta(days=5),
        progress=30,
    )
    TaskFactory(
        objective=objective,
        title="Việc trễ của Hà Nội",
        lead=hanoi,
        status=Task.Status.IN_PROGRESS,
        start_date=datetime.date(today.year, 1, 20),
        deadline=today - datetime.timedelta(days=9),
        progress=10,
    )
    TaskFactory(
        objective=objective,
        title="Việc đã xong",
        lead=hanoi,
        status=Task.Status.DONE,
        progress=100,
        start_date=datetime.date(today.year, 1, 20),
        deadline=today - datetime.timedelta(days=30),
    )
    TaskFactory(
        objective=objective,
        title="Việc đúng tiến độ",
        lead=hanoi,
        status=Task.Status.IN_PROGRESS,
        progress=80,
        start_date=datetime.date(today.year, 1, 20),
        deadline=today + datetime.timedelta(days=60),
    )
    ReportingPeriodFactory(plan=plan, label="Quý I")
    return plan


def test_leader_drills_down_downloads_the_report_and_subscribes(page, login, make_user, assert_accessible):
    _year_plan()
    login(make_user(User.Role.LEADERSHIP, Unit.objects.get(code="VSS"), username="pho-tgd"))
    assert page.get_by_role("heading", name="Bảng điều hành", exact=True).is_visible()
    assert page.get_by_test_id("total-late").inner_text() == "2"
    assert_accessible(page)
    page.get_by_test_id("total-late").click()
    rows = page.locator("tbody tr")
    assert rows.count() == 2
    assert {"Việc trễ của Hải Phòng", "Việc trễ của Hà Nội"} == {
        rows.nth(i).get_by_role("link").first.inner_text() for i in range(2)
    }
    assert_accessible(page)

    page.goto("/dashboard/")
    page.get_by_role("link", name="Báo cáo chính thức (Word, PDF)").click()
    assert_accessible(page)
    page.get_by_label("Số báo cáo").fill("15/BC-BHXH")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Tải báo cáo (.docx)").click()
    document = Document(BytesIO(Path(download_info.value.path()).read_bytes()))
    assert "Số: 15/BC-BHXH" in document.tables[0].rows[0].cells[0].text
    assert "Việc trễ của Hà Nội" in "\n".join(p.text for p in document.paragraphs)

    page.goto("/dashboard/calendar/")
    assert_accessible(page)
    feed = page.get_by_label("Địa chỉ lịch (iCalendar)").input_value()
    assert "/dashboard/calendar/" in feed and feed.endswith(".ics")


def test_officer_dashboard_shows_only_their_unit(page, login, make_user, assert_accessible):
    _year_plan()
    login(make_user(User.Role.UNIT_OFFICER, Unit.objects.get(code="P34-HAIPHONG"), username="hp-dash"))
    page.goto("/dashboard/")
    assert page.get_by_test_id("total-late").inner_text() == "1"
    assert "Việc trễ của Hà Nội" not in page.content()
    assert page.get_by_role("link", name="Báo cáo chính thức (Word, PDF)").count() == 0
    assert_accessible(page)
