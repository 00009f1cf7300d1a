"""Central planners write, issue and amend a plan in the browser; tasks are filtered, imported, exported."""

import datetime
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from accounts.models import Unit, User
from plans.models import Plan, PlanVersion, Task
from plans.tests.factories import ObjectiveFactory, PlanFactory, TaskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_planner_writes_issues_and_amends_a_plan(page, login, make_user, assert_accessible):
    planner = make_user(User.Role.CENTRAL_PLANNER, Unit.objects.get(code="VSS"), username="writer")
    login(planner)
    page.get_by_role("button", name="Kế hoạch, nhiệm vụ").click()  # the menu group
    page.get_by_role("link", name="Kế hoạch", exact=True).first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Kế hoạch mới").click()
    page.get_by_label("Năm").fill("2026")
    page.get_by_label("Số văn bản").fill("12/KH-BHXH")
    page.get_by_label("Ngày ban hành").fill("05/02/2026")
    page.get_by_label("Tiêu đề").fill("Kế hoạch đối ngoại năm 2026")
    assert_accessible(page)
    page.get_by_role("button", name="Lưu").click()
    assert page.get_by_role("heading", name="Kế hoạch đối ngoại năm 2026").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Thêm mục tiêu").click()
    page.get_by_label("Mục tiêu").fill("Triển khai Hiệp định với Hàn Quốc")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("link", name="Thêm nhiệm vụ").click()
    page.get_by_label("Tiêu đề").fill("Trao đổi dữ liệu với NPS Hàn Quốc")
    page.get_by_label("Ngày bắt đầu").fill("01/03/2026")
    page.get_by_label("Thời hạn").fill("30/06/2026")
    search = page.locator("#id_lead_unit_search")
    search.fill("ha noi")
    hanoi = Unit.objects.get(code="P34-HANOI")
    assert page.locator(f"#id_lead_unit option[value='{hanoi.pk}']").get_attribute("hidden") is None
    assert page.locator(f"#id_lead_unit option[value='{Unit.objects.get(code='P34-HAIPHONG').pk}']").get_attribute("hidden") == ""
    assert page.locator("#id_lead_unit option:not([hidden])").count() < 5
    page.locator("#id_lead_unit").select_option(str(hanoi.pk))
    page.locator("#id_coordinating_units").select_option(str(Unit.objects.get(code="P34-HAIPHONG").pk))
    assert_accessible(page)
    page.get_by_role("button", name="Lưu").click()
    assert page.get_by_role("heading", name="Trao đổi dữ liệu với NPS Hàn Quốc").is_visible()
    assert "Bảo hiểm xã hội thành phố Hà Nội" in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="12/KH-BHXH").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Ban hành kế hoạch").click()
    assert page.get_by_text("Đã ban hành kế hoạch").is_visible()
    plan = Plan.objects.get(number="12/KH-BHXH")
    assert plan.status == Plan.Status.ISSUED

    page.get_by_role("button", name="Điều chỉnh kế hoạch").click()
    page.get_by_role("link", name="Trao đổi dữ liệu với NPS Hàn Quốc").click()
    page.get_by_role("link", name="Sửa nhiệm vụ").click()
    page.get_by_label("Thời hạn").fill("30/09/2026")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("link", name="12/KH-BHXH").click()
    page.get_by_role("link", name="Ban hành điều chỉnh").click()
    assert "30/06/2026" in page.content() and "30/09/2026" in page.content()
    assert_accessible(page)
    page.get_by_label("Nội dung và lý do điều chỉnh").fill("Lùi thời hạn theo đề nghị của NPS")
    page.get_by_role("button", name="Ban hành điều chỉnh").click()
    assert PlanVersion.objects.filter(plan=plan).count() == 2

    page.get_by_role("link", name="Thay đổi giữa các phiên bản").click()
    change = page.locator(".list-group-item", has_text="Trao đổi dữ liệu với NPS Hàn Quốc")
    assert "30/06/2026" in change.inner_text() and "30/09/2026" in change.inner_text()
    assert "Lùi thời hạn theo đề nghị của NPS" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="12/KH-BHXH").click()
    page.get_by_role("link", name="Lịch sử thay đổi").click()
    assert "writer" in page.content() or str(planner) in page.content()
    assert_accessible(page)


def test_tasks_are_filtered_searched_and_exported(page, login, make_user, assert_accessible):
    plan = PlanFactory(year=2024, number="234/KH-BHXH")
    objective = ObjectiveFactory(plan=plan)
    TaskFactory(
        objective=objective,
        title="Triển khai Hiệp định với Hàn Quốc",
        deadline=datetime.date(2024, 3, 1),
        status=Task.Status.IN_PROGRESS,
        lead=Unit.objects.get(code="HTQT"),
    )
    TaskFactory(objective=objective, title="Đón đoàn Lào", status=Task.Status.DONE, progress=100)
    login(make_user(User.Role.LEADERSHIP, username="boss"))
    page.goto("/tasks/")
    page.get_by_label("Tìm kiếm").fill("han quoc")
    page.get_by_role("button", name="Lọc", exact=True).click()
    rows = page.locator("tbody tr")
    assert rows.count() == 1 and "Hàn Quốc" in rows.inner_text()
    assert "quá hạn" in rows.inner_text()
    assert_accessible(page)
    page.get_by_label("Tìm kiếm").fill("")
    page.get_by_label("Chỉ nhiệm vụ quá hạn").check()
    page.get_by_role("button", name="Lọc", exact=True).click()
    assert page.locator("tbody tr").count() == 1
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Xuất Excel").click()
    assert download_info.value.suggested_filename == "nhiem-vu.xlsx"
    sheet = load_workbook(BytesIO(Path(download_info.value.path()).read_bytes())).active
    assert [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Triển khai Hiệp định với Hàn Quốc"]


def test_planner_imports_tasks_and_sees_row_errors(page, login, make_user, assert_accessible, tmp_path):
    planner = make_user(User.Role.CENTRAL_PLANNER, username="importer")
    plan = Plan.objects.create(year=2026, title="Dự thảo nhập", issuing_unit=Unit.objects.get(code="VSS"), created_by=planner)
    ObjectiveFactory(plan=plan, position=1, text="Mục tiêu một")
    login(planner)
    page.goto(plan.get_absolute_url())
    page.get_by_role("link", name="Nhập nhiệm vụ từ Excel").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải tệp mẫu").click()
    template = load_workbook(BytesIO(Path(download_info.value.path()).read_bytes()))
    assert template.active.cell(1, 2).value == "Tên nhiệm vụ"
    assert_accessible(page)

    def upload(rows):
        book = Workbook()
        book.active.append([c.value for c in template.active[1]])
        for row in rows:
            book.active.append(row)
        path = tmp_path / f"import-{len(rows)}.xlsx"
        book.save(path)
        page.get_by_label("Tệp Excel (.xlsx) điền theo mẫu").set_input_files(str(path))
        page.get_by_role("button", name="Nhập", exact=True).click()

    upload(
        [
            [1, "Đoàn ra ISSA", "Đoàn ra", "", "", "P34-HANOI", "", "01/03/2026", "30/06/2026", 0, ""],
            [1, "Dòng lỗi", "Đoàn ra", "", "", "KHONGCO", "", "01/03/2026", "30/06/2026", 0, ""],
        ]
    )
    assert "Dòng 3" in page.content() and "KHONGCO" in page.content()
    assert not plan.tasks.exists()
    assert_accessible(page)
    upload([[1, "Đoàn ra ISSA", "Đoàn ra", "", "", "P34-HANOI", "", "01/03/2026", "30/06/2026", 0, ""]])
    assert page.get_by_text("Đã nhập 1 nhiệm vụ.").is_visible()
    assert plan.tasks.get().title == "Đoàn ra ISSA"


def test_unit_officer_reads_their_tasks_only(page, login, make_user, assert_accessible):
    plan = PlanFactory(year=2024)
    objective = ObjectiveFactory(plan=plan)
    mine = TaskFactory(objective=objective, title="Việc của Hải Dương", lead=Unit.objects.get(code="P63-HAIDUONG"))
    other = TaskFactory(objective=objective, title="Việc của Hà Nội", lead=Unit.objects.get(code="P63-HANOI"))
    login(make_user(User.Role.UNIT_OFFICER, Unit.objects.get(code="P63-HAIDUONG"), username="hd"))
    page.goto("/tasks/")
    assert page.locator("tbody tr").count() == 1 and "Việc của Hải Dương" in page.locator("tbody").inner_text()
    page.get_by_role("link", name="Việc của Hải Dương").click()
    assert page.get_by_role("link", name="Sửa nhiệm vụ").count() == 0
    assert_accessible(page)
    response = page.goto(other.get_absolute_url())
    assert response.status == 404
    assert mine.pk != other.pk


def test_large_plan_reads_a_few_objectives_at_a_time_on_a_phone_and_a_desktop(
    page, login, make_user, assert_accessible, settings,
):
    settings.PLAN_PAGE_TASKS = 3
    plan = PlanFactory(year=2026, number="88/KH-BHXH")
    for position, title in enumerate(("Hợp tác với Hàn Quốc", "Hội nhập ASEAN", "Đào tạo cán bộ"), 1):
        objective = ObjectiveFactory(plan=plan, position=position, text=title)
        for n in range(2):
            TaskFactory(objective=objective, title=f"{title} — nhiệm vụ {n + 1}")
    login(make_user(User.Role.LEADERSHIP, username="reader"))
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(plan.get_absolute_url())
        contents = page.get_by_test_id("plan-contents")
        assert contents.get_by_role("link").filter(has_text="Hội nhập ASEAN").is_visible()
        assert page.get_by_role("heading", name="1. Hợp tác với Hàn Quốc").is_visible()
        assert page.get_by_role("heading", name="2. Hội nhập ASEAN").count() == 0
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert_accessible(page)
        contents.get_by_role("link", name="Đào tạo cán bộ").click()
        page.wait_for_url("**page=3**")
        assert page.get_by_role("heading", name="3. Đào tạo cán bộ").is_visible()
        assert page.get_by_role("link", name="Đào tạo cán bộ — nhiệm vụ 2").is_visible()
        assert_accessible(page)
