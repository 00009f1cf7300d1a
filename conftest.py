"""Shared fixtures: users of every role, and the browser harness (Playwright + axe-core)."""

import os
import shutil

import pytest

from accounts.models import Unit, User
from accounts.tests.factories import UnitFactory, UserFactory

# CI sets this so a missing PostgreSQL, Redis or Chromium fails the run instead of skipping.
REQUIRE_SERVICES = os.environ.get("VSS_REQUIRE_SERVICES") == "1"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "pass-1234-word"


def unavailable(reason: str):
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (VSS_REQUIRE_SERVICES=1 makes this a failure)", pytrace=False)
    pytest.skip(reason)


def pytest_sessionstart(session):
    if REQUIRE_SERVICES:
        from django.conf import settings

        engine = settings.DATABASES["default"]["ENGINE"]
        if "postgresql" not in engine:
            raise pytest.UsageError("VSS_REQUIRE_SERVICES=1 but DATABASE_URL is not PostgreSQL")
        if not settings.REDIS_URL:
            raise pytest.UsageError("VSS_REQUIRE_SERVICES=1 but REDIS_URL is not set")
        if not shutil.which(CHROMIUM):
            raise pytest.UsageError(f"VSS_REQUIRE_SERVICES=1 but Chromium is missing at {CHROMIUM}")


@pytest.fixture
def unit(db):
    return UnitFactory()


@pytest.fixture
def other_unit(db):
    return UnitFactory()


@pytest.fixture
def make_user(db):
    def make(role: str, unit: Unit | None = None, **kwargs) -> User:
        return UserFactory(role=role, unit=unit or UnitFactory(), **kwargs)

    return make


@pytest.fixture
def officer(make_user, unit):
    return make_user(User.Role.UNIT_OFFICER, unit, username="officer")


@pytest.fixture
def planner(make_user):
    return make_user(User.Role.CENTRAL_PLANNER, username="planner")


@pytest.fixture
def leader(make_user):
    return make_user(User.Role.LEADERSHIP, username="leader")


@pytest.fixture
def administrator(make_user):
    return make_user(User.Role.ADMINISTRATOR, username="administrator")


# --- Units that end (accounts/succession.py) ----------------------------------------------------


@pytest.fixture
def hai_duong(db):
    """Ended on 30/06/2025; Hải Phòng carries its open work from 01/07/2025."""
    return Unit.objects.get(code="P63-HAIDUONG")


@pytest.fixture
def hai_phong(db):
    return Unit.objects.get(code="P34-HAIPHONG")


@pytest.fixture
def merge_then_split(db):
    """(A, B, C, D): A merged into B on 30/06/2025; B split on 31/12/2025 into C, named to take its
    open work, and D."""
    import datetime

    from accounts.models import UnitSuccession

    a = UnitFactory(code="MS-A", valid_to=datetime.date(2025, 6, 30))
    b = UnitFactory(code="MS-B", valid_from=datetime.date(2025, 7, 1), valid_to=datetime.date(2025, 12, 31))
    c, d = UnitFactory(code="MS-C"), UnitFactory(code="MS-D")
    UnitSuccession.objects.create(from_unit=a, to_unit=b)
    UnitSuccession.objects.create(from_unit=b, to_unit=c, takes_open_work=True)
    UnitSuccession.objects.create(from_unit=b, to_unit=d)
    return a, b, c, d


# --- Browser tests -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        unavailable(f"Chromium not found at {CHROMIUM}")
    # Playwright's sync API runs an event loop in this thread; Django's ORM is still used
    # synchronously by the test and the live server, which is safe here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def reference_data(transactional_db):
    """Transactional tests flush the database, migrations' reference data included: reload it."""
    from accounts.roles import sync_role_groups
    from accounts.unit_data import load_units

    if not Unit.objects.exists():
        load_units(Unit)
    sync_role_groups()


@pytest.fixture
def page(browser, live_server, reference_data):
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def login(page):
    """Log in through the real login form; returns the page on the home page."""

    def do_login(user: User, password: str = PASSWORD):
        page.goto("/accounts/login/")
        page.get_by_label("Tên đăng nhập").or_(page.get_by_label("Username")).fill(user.username)
        page.get_by_label("Mật khẩu").or_(page.get_by_label("Password")).fill(password)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        return page

    return do_login


@pytest.fixture
def assert_accessible():
    """Run axe-core on the current page; fail on any serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        results = axe.run(page)
        bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
        details = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in bad
        )
        assert not bad, f"axe-core found serious/critical violations on {page.url}:\n{details}"
        return results

    return check


@pytest.fixture
def migrator(transactional_db):
    """A MigrationExecutor for tests that take an app back to an old migration; afterwards every app is
    migrated forward to its latest migration again, so no later test meets a table without its columns."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    yield lambda: MigrationExecutor(connection)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
