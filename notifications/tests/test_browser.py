"""An officer reads their notifications, marks them read and sets their preferences in the browser."""

import pytest

from accounts.models import User
from notifications.models import Notification, NotificationPreference

from .factories import NotificationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_reads_notifications_and_sets_preferences(page, login, make_user, unit, assert_accessible):
    officer = make_user(User.Role.UNIT_OFFICER, unit, username="focal")
    NotificationFactory(recipient=officer, title="Quá hạn: Dịch Luật Bảo hiểm xã hội", url="/tasks/")
    NotificationFactory(recipient=officer, title="Sắp đến hạn: Bản tin đối ngoại quý IV", url="/tasks/")
    NotificationFactory(recipient=officer, title="Hạn đăng ký ngày 02/12/2026: Tập huấn đối ngoại", url="/conferences/")
    NotificationFactory(recipient=make_user(User.Role.UNIT_OFFICER), title="Thông báo của đơn vị khác")
    login(officer)

    page.get_by_role("link", name="Thông báo 3 chưa đọc").click()
    assert page.get_by_role("heading", name="Thông báo", exact=True).is_visible()
    assert page.get_by_text("3 thông báo chưa đọc").is_visible()
    assert page.get_by_text("Thông báo của đơn vị khác").count() == 0
    assert_accessible(page)

    page.get_by_role("button", name="Đánh dấu đã đọc: Quá hạn: Dịch Luật Bảo hiểm xã hội").click()
    assert page.get_by_text("2 thông báo chưa đọc").is_visible()
    assert page.get_by_role("link", name="Thông báo 2 chưa đọc").is_visible()
    page.get_by_role("link", name="Đã đọc", exact=True).click()
    assert page.get_by_role("link", name="Quá hạn: Dịch Luật Bảo hiểm xã hội").is_visible()
    assert page.get_by_role("link", name="Sắp đến hạn: Bản tin đối ngoại quý IV").count() == 0
    assert_accessible(page)

    page.get_by_role("link", name="Tất cả", exact=True).click()
    page.get_by_role("button", name="Đánh dấu tất cả là đã đọc").click()
    assert page.get_by_text("Đã đánh dấu 2 thông báo là đã đọc.").is_visible()
    assert page.get_by_role("link", name="Thông báo", exact=True).is_visible()  # no unread badge any more
    assert not Notification.objects.visible_to(officer).unread().exists()
    assert_accessible(page)

    page.get_by_role("link", name="Tùy chọn thông báo").click()
    assert page.get_by_role("heading", name="Tùy chọn thông báo").is_visible()
    assert_accessible(page)
    page.get_by_label("Ngôn ngữ của thư điện tử").select_option("en")
    page.get_by_label("Gửi thư về thời hạn nhiệm vụ").uncheck()
    page.get_by_role("button", name="Lưu").click()
    assert page.get_by_text("Đã lưu tùy chọn thông báo của bạn.").is_visible()
    assert not page.get_by_label("Gửi thư về thời hạn nhiệm vụ").is_checked()
    assert_accessible(page)
    preference = NotificationPreference.objects.get(user=officer)
    assert preference.language == "en" and not preference.email_tasks and preference.email_reports
