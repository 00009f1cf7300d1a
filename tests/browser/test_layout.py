"""Every role's main pages fit a phone (390 × 844) and a desktop (1280 × 800), in Vietnamese and English:
no sideways page scroll, the navigation on one line at 1280 px, no serious or critical axe violation.

The demo data (long Vietnamese titles, many rows) is loaded once per test; each page is loaded once
and checked at both widths (axe runs at 390 px in Vietnamese and at 1280 px in English, so each layout
and each language is audited)."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from agreements.models import Agreement, CoverageCertificate
from conferences.models import Conference
from conftest import PASSWORD
from dashboard.mywork import my_work_counts
from discussions.models import Post
from plans.models import Plan, Task
from reports.models import ProgressReport
from reports.worklist import unit_work, work_items

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
LONG_NAME = ("Nguyễn Thị Phương Thảo Hoàng", "Minh Khuê Trần Lê Bảo Ngọc")

# What the page reports about its own layout: page width, the navigation's height, and whether every
# top-level item of the navigation sits on the first row.
MEASURE = """() => {
  const nav = document.querySelector("nav.navbar");
  const items = [...document.querySelectorAll("#main-nav > .navbar-nav > .nav-item, #main-nav > .navbar-tools > *")];
  const tops = items.filter(e => e.offsetParent !== null).map(e => Math.round(e.getBoundingClientRect().top));
  return {
    scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
    navHeight: nav ? nav.getBoundingClientRect().height : 0,
    rows: new Set(tops.map(t => Math.round(t / 12))).size,
  };
}"""


def _demo_pages():
    """(username, [urls]) for each role's main pages, from the demo data."""
    today = timezone.localdate()
    hanoi = User.objects.get(username="hanoi")
    central = User.objects.get(username="central")
    owed = work_items(unit_work(hanoi, today=today)[:1], today=today)
    post = Post.objects.visible_to(hanoi).select_related("task").first()
    officer_task = post.task if post else Task.objects.visible_to(hanoi).order_by("pk").first()
    plan = Plan.objects.visible_to(central).order_by("-year").first()
    report = ProgressReport.objects.visible_to(central).order_by("pk").first()
    conference = Conference.objects.order_by("pk").first()
    common = ["/", "/my/", "/tasks/", "/reports/", "/dashboard/", "/notifications/", "/agreements/",
              "/agreements/coverage/", "/conferences/", "/extensions/", "/explanations/", "/accounts/tokens/"]
    return [
        ("hanoi", [*common, plan.get_absolute_url(), officer_task.get_absolute_url(), *(item.url for item in owed),
                   conference.get_absolute_url()]),
        ("central", [*common, plan.get_absolute_url(), Post.objects.first().task.get_absolute_url(),
                     report.get_absolute_url(), "/reports/completeness/", "/tasks/orphaned/",
                     Agreement.objects.order_by("pk").first().get_absolute_url(),
                     CoverageCertificate.objects.order_by("pk").first().get_absolute_url(),
                     conference.get_absolute_url(), "/units/"]),
        ("leader", ["/", "/dashboard/", "/tasks/", "/reports/", "/my/"]),
        ("admin", ["/", "/tasks/orphaned/", "/units/"]),
    ]


@pytest.fixture
def demo(reference_data):
    call_command("load_demo", stdout=io.StringIO())
    central = User.objects.get(username="central")
    central.first_name, central.last_name = LONG_NAME  # the navigation must hold a long name too
    central.save(update_fields=["first_name", "last_name"])
    for user in User.objects.filter(username__in=["hanoi", "central", "leader", "admin"]):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return _demo_pages()


def _sign_in(browser, live_server, username, language):
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    if language == "en":
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
    page.mouse.move(0, 400)  # away from the navigation, so no item is read mid-hover
    return context, page


def test_main_pages_fit_phone_and_desktop(browser, live_server, demo, assert_accessible):
    """Both languages in one test: the demo data is loaded once."""
    problems = []
    for language in ("vi", "en"):
        for username, urls in demo:
            context, page = _sign_in(browser, live_server, username, language)
            for url in urls:
                problems += _check_page(page, f"{language} {username} {url}", url, language, assert_accessible)
            context.close()
    assert not problems, "\n".join(problems)


def _check_page(page, name, url, language, assert_accessible):
    problems = []
    page.set_viewport_size(DESKTOP)
    response = page.goto(url)
    assert response.status == 200, f"{name}: {response.status}"
    assert page.locator("html").get_attribute("lang") == language
    desktop = page.evaluate(MEASURE)
    if desktop["scrollWidth"] > desktop["innerWidth"]:
        problems.append(f"{name} 1280: page is {desktop['scrollWidth']} px wide")
    if desktop["rows"] != 1 or desktop["navHeight"] > 64:
        problems.append(f"{name} 1280: navigation on {desktop['rows']} rows, {desktop['navHeight']} px")
    if language == "en":
        assert_accessible(page)
    page.set_viewport_size(PHONE)
    phone = page.evaluate(MEASURE)
    if phone["scrollWidth"] > phone["innerWidth"]:
        problems.append(f"{name} 390: page is {phone['scrollWidth']} px wide")
    if language == "vi":
        assert_accessible(page)
    return problems


def test_navigation_holds_a_long_name_opens_with_the_keyboard_and_collapses_on_a_phone(browser, live_server, demo):
    """One demo load for the navigation's behaviour: ellipsis, counts, keyboard, hamburger."""
    context, page = _sign_in(browser, live_server, "central", "vi")
    page.set_viewport_size(DESKTOP)
    page.goto("/tasks/")
    menu = page.locator("#user-menu")
    assert " ".join(LONG_NAME) in menu.get_attribute("title")
    assert menu.locator(".user-menu-label").evaluate("e => e.scrollWidth > e.clientWidth")  # cut, not wrapped
    box = menu.bounding_box()
    assert box["x"] + box["width"] <= DESKTOP["width"]

    waiting = my_work_counts(User.objects.get(username="central"))["total"]
    assert waiting >= ProgressReport.objects.awaiting_review().count() > 0  # reviews, and the requests to decide
    assert page.get_by_role("link", name=f"Việc của tôi {waiting} việc đang chờ bạn").is_visible()
    toggle = page.get_by_role("button", name="Kế hoạch, nhiệm vụ")
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Kế hoạch"
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    page.get_by_role("link", name="Việc không có người nhận").click()
    assert page.get_by_role("heading", name="Việc không có người nhận").is_visible()

    page.set_viewport_size(PHONE)
    navigation = page.locator("#main-nav")
    assert not navigation.get_by_role("link", name="Báo cáo", exact=True).is_visible()
    page.locator(".navbar-toggler").click()
    navigation.get_by_role("button", name="Thỏa thuận, chứng nhận").click()
    navigation.get_by_role("link", name="Giấy chứng nhận áp dụng pháp luật", exact=True).click()
    assert page.url.endswith("/agreements/coverage/")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert page.locator("main table tbody tr").first.locator("td[data-label]").count() > 0  # stacked, labelled
    context.close()
