"""The issue's "Done when", tried in a real browser in Vietnamese, with axe checks on every page visited."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from accounts.models import Unit, User
from accounts.tests.factories import UserFactory
from agreements.models import Agreement, CoverageCertificate
from agreements.tests.factories import SocialInsuranceAgreementFactory
from plans.models import Plan, Task
from plans.tests.factories import ObjectiveFactory, PlanFactory, TaskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _implementation_plan() -> Plan:
    """An agreement implementation plan with three tasks: one done, one in progress, one late."""
    plan = PlanFactory(kind=Plan.Kind.AGREEMENT, year=2024, number="77/KH-BHXH",
                       title="Kế hoạch triển khai Bản ghi nhớ với Lào")
    objective = ObjectiveFactory(plan=plan, text="Triển khai Bản ghi nhớ")
    htqt, hanoi = Unit.objects.get(code="HTQT"), Unit.objects.get(code="P34-HANOI")
    TaskFactory(objective=objective, title="Trao đổi đoàn công tác", lead=htqt, status=Task.Status.DONE, progress=100)
    TaskFactory(objective=objective, title="Hội thảo chia sẻ kinh nghiệm", lead=htqt, coordinating=[hanoi],
                status=Task.Status.IN_PROGRESS, progress=50, deadline=datetime.date(2099, 12, 31))
    TaskFactory(objective=objective, title="Dịch tài liệu hướng dẫn", lead=hanoi, deadline=datetime.date(2024, 6, 30))
    return plan


def test_central_staff_record_an_mou_link_its_plan_and_follow_progress(page, login, tmp_path, assert_accessible):
    planner = UserFactory(username="cp-mou", role=User.Role.CENTRAL_PLANNER, unit=Unit.objects.get(code="HTQT"))
    plan = _implementation_plan()
    pdf = tmp_path / "ban-ghi-nho.pdf"
    pdf.write_bytes(PDF)

    login(planner)
    page.get_by_role("button", name="Thỏa thuận, chứng nhận").click()  # the menu group
    page.get_by_role("link", name="Điều ước, thỏa thuận").click()
    expect(page.get_by_role("heading", name="Điều ước, thỏa thuận quốc tế và văn bản triển khai")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Ghi nhận văn bản").click()
    page.get_by_label("Loại").select_option(label="Bản ghi nhớ")
    page.get_by_label("Tiêu đề").fill("Bản ghi nhớ hợp tác với Cơ quan An sinh xã hội Lào giai đoạn 2024–2028")
    page.get_by_label("Trạng thái").select_option(label="Đã ký")
    page.get_by_label("Cơ quan đối tác").select_option(label="Cơ quan An sinh xã hội Lào")
    page.locator("#div_id_parties").get_by_label("Bảo hiểm xã hội Việt Nam", exact=True).check()
    page.locator("#div_id_parties").get_by_label("Cơ quan An sinh xã hội Lào").check()
    page.get_by_label("Nơi ký").fill("Viêng Chăn")
    page.get_by_label("Ngày ký hoặc ban hành").fill("15/03/2024")
    page.get_by_label("Phạm vi").fill("Trao đổi kinh nghiệm quản lý quỹ hưu trí")
    page.get_by_label("Thêm văn bản đính kèm (PDF)").set_input_files(str(pdf))
    page.get_by_label("Tên văn bản đính kèm").fill("Bản ký chính thức")
    assert_accessible(page)
    page.get_by_role("button", name="Lưu").click()

    expect(page.get_by_text("Đã ghi nhận văn bản.")).to_be_visible()
    mou = Agreement.objects.get(kind=Agreement.Kind.MOU)
    assert mou.counterpart.code == "LSSO" and mou.signed_on == datetime.date(2024, 3, 15)
    expect(page.get_by_role("link", name="Bản ký chính thức")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Bản ký chính thức").click()
    assert open(download.value.path(), "rb").read() == PDF

    page.get_by_role("link", name="Sửa").click()
    page.locator("#div_id_implementation_plans").get_by_label(str(plan)).check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu văn bản.")).to_be_visible()

    expect(page.get_by_role("heading", name="Tình hình triển khai")).to_be_visible()
    by_status = page.get_by_test_id("tasks-by-status")
    expect(by_status.locator("[data-status=done]")).to_have_text("1")
    expect(by_status.locator("[data-status=in_progress]")).to_have_text("1")
    expect(by_status.locator("[data-status=late]")).to_have_text("1")
    late = page.get_by_role("row", name=re.compile("Dịch tài liệu hướng dẫn"))
    expect(late).to_contain_text("Bảo hiểm xã hội thành phố Hà Nội")
    expect(late).to_contain_text("30/06/2024")
    expect(page.get_by_role("row", name=re.compile("Ban Hợp tác quốc tế"))).to_be_visible()
    assert_accessible(page)


def _fill_certificate(page, *, end: str, extension: tuple[str, str] | None = None):
    page.get_by_label("Chiều").select_option(label="Việt Nam → nước ngoài")
    page.get_by_label("Họ và tên người lao động").fill("Phạm Văn Kiên")
    page.get_by_label("Quốc tịch").select_option(label="Việt Nam")
    page.get_by_label("Ngày sinh").fill("20/10/1990")
    page.get_by_label("Số hộ chiếu hoặc giấy tờ tùy thân").fill("Z9876543")
    page.get_by_label("Người sử dụng lao động ở nước cử đi").fill("Công ty TNHH Cơ khí Thử Nghiệm")
    page.get_by_label("Doanh nghiệp ở nước tiếp nhận").fill("Test Heavy Industries Co.")
    page.get_by_label("Ngày bắt đầu biệt phái").fill("01/03/2025")
    page.get_by_label("Ngày kết thúc biệt phái").fill(end)
    if extension:
        page.get_by_label("Trạng thái").select_option(label="Đã gia hạn")
        page.get_by_label("Số giấy chứng nhận").fill("VN-KR-2025-0099")
        page.get_by_label("Ngày bắt đầu gia hạn").fill(extension[0])
        page.get_by_label("Ngày kết thúc gia hạn").fill(extension[1])
    page.get_by_role("button", name="Lưu").click()


def test_provincial_officer_records_a_certificate_and_the_rules_stop_bad_ones(page, login, assert_accessible):
    SocialInsuranceAgreementFactory(title="Hiệp định giữa Việt Nam và Hàn Quốc về bảo hiểm xã hội")
    officer = UserFactory(username="hp-officer", role=User.Role.UNIT_OFFICER, unit=Unit.objects.get(code="P34-HAIPHONG"))
    stranger = UserFactory(username="hn-officer", role=User.Role.UNIT_OFFICER, unit=Unit.objects.get(code="P34-HANOI"))

    login(officer)
    page.get_by_role("button", name="Thỏa thuận, chứng nhận").click()  # the menu group
    page.get_by_role("link", name="Giấy chứng nhận áp dụng pháp luật").first.click()
    expect(page.get_by_role("heading", name="Giấy chứng nhận áp dụng pháp luật", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ghi nhận giấy chứng nhận").click()
    expect(page.get_by_text("Cơ quan BHXH phụ trách: Bảo hiểm xã hội thành phố Hải Phòng.")).to_be_visible()
    assert_accessible(page)

    _fill_certificate(page, end="01/03/2030")
    sixty_months = "Thời gian biệt phái lần đầu tối đa 60 tháng: phải kết thúc chậm nhất ngày 28/02/2030."
    expect(page.get_by_text(sixty_months)).to_be_visible()
    expect(page.get_by_label("Họ và tên người lao động")).to_have_value("Phạm Văn Kiên")
    assert_accessible(page)

    _fill_certificate(page, end="28/02/2026", extension=("01/03/2026", "15/03/2029"))
    thirty_six_months = "Thời gian gia hạn tối đa thêm 36 tháng: phải kết thúc chậm nhất ngày 28/02/2029."
    expect(page.get_by_text(thirty_six_months)).to_be_visible()
    assert not CoverageCertificate.objects.exists()

    page.get_by_label("Ngày kết thúc gia hạn").fill("28/02/2029")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã ghi nhận giấy chứng nhận.")).to_be_visible()
    expect(page.get_by_role("heading", name="Giấy chứng nhận áp dụng pháp luật VN-KR-2025-0099")).to_be_visible()
    assert_accessible(page)
    certificate = CoverageCertificate.objects.get()
    assert certificate.office.code == "P34-HAIPHONG" and certificate.covered_until == datetime.date(2029, 2, 28)

    page.context.clear_cookies()
    login(stranger)
    response = page.goto(certificate.get_absolute_url())
    assert response.status == 404
    assert not certificate.access_log.filter(user=stranger).exists()
