"""A central planner sets up monthly and nine-monthly periods with their data windows, and the
completeness table shows the mix, one kind at a time if asked; axe, and no sideways scroll at 390 px."""

import pytest

from accounts.models import Unit, User
from plans.tests.factories import PlanFactory, TaskFactory
from plans.tests.test_browser_deadlines import fits
from reports.models import ReportingPeriod

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_planner_sets_up_monthly_periods_and_reads_the_mixed_table(page, login, make_user, assert_accessible):
    plan = PlanFactory(year=2026, number="16/KH-BHXH")
    TaskFactory(objective__plan=plan, lead=Unit.objects.get(code="P34-HANOI"))
    login(make_user(User.Role.CENTRAL_PLANNER, Unit.objects.get(code="VSS"), username="months-planner"))
    page.goto(f"/reports/plans/{plan.pk}/periods/")
    page.get_by_label("Tháng", exact=True).check()
    page.get_by_label("9 tháng", exact=True).check()
    page.get_by_role("button", name="Tạo các kỳ báo cáo mặc định").click()
    assert page.get_by_text("Đã tạo 19 kỳ báo cáo.").is_visible()
    march = page.get_by_role("row", name="Tháng 3/2026")
    assert "15/02/2026 – 14/03/2026" in march.inner_text()
    fits(page, assert_accessible)

    page.get_by_role("link", name="Sửa Tháng 3/2026").click()
    page.get_by_label("Chốt số liệu – ngày đầu").fill("20/02/2026")
    page.get_by_label("Chốt số liệu – ngày cuối").fill("10/02/2026")
    page.get_by_role("button", name="Lưu").click()
    assert page.get_by_text("Thời gian chốt số liệu không thể kết thúc trước khi bắt đầu.").is_visible()
    assert page.get_by_label("Chốt số liệu – ngày đầu").input_value() == "20/02/2026"
    fits(page, assert_accessible)
    page.get_by_label("Chốt số liệu – ngày cuối").fill("19/03/2026")
    page.get_by_role("button", name="Lưu").click()
    assert page.get_by_text("Đã lưu kỳ báo cáo.").is_visible()
    march = plan.reporting_periods.get(label="Tháng 3/2026")
    assert (march.data_from.isoformat(), march.data_to.isoformat()) == ("2026-02-20", "2026-03-19")

    page.goto(f"/reports/completeness/?plan={plan.pk}")
    assert page.locator("th[data-kind='month']").count() == 12
    assert page.locator("th[data-kind='nine_months']").count() == 1
    fits(page, assert_accessible)
    page.get_by_label("Kỳ báo cáo").select_option(ReportingPeriod.Kind.QUARTER)
    page.get_by_role("button", name="Xem").click()
    assert page.locator("th[data-kind]").count() == 4
    fits(page, assert_accessible)
