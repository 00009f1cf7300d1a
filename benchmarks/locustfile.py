"""Load test of the portal: users in the proportion of a ministry's day — 35 unit focal officers to
10 central staff to 5 leaders (100 users by default) — each logging in through the login form, then
reading pages with a pause between them. Run by benchmarks/loadtest.sh (gunicorn on 127.0.0.1 only),
which passes:

    BENCH_OFFICERS   comma-separated usernames of bench officers (password "bench-password")
    BENCH_PLAN_ID    id of the plan BENCH1/KH-BHXH (plan page and completeness table)
    BENCH_EXPORT_TO  last deadline (dd/mm/yyyy) of the ~2,000-task Excel export
    DEMO_PASSWORD    password of the demo accounts `central` and `leader`
    LOCUST_WAIT_MIN, LOCUST_WAIT_MAX   think time between pages, in seconds (default 5 and 15)

Every request is a failure unless it answers 200 on the page asked for (a redirect to the login
page counts as a failure). Secure cookies are kept over plain HTTP: the production settings mark
the session and CSRF cookies Secure, and the test talks to gunicorn without the TLS proxy.
"""

import itertools
import os
import re

from locust import HttpUser, between, task
from requests.cookies import RequestsCookieJar

OFFICERS = [name for name in os.environ.get("BENCH_OFFICERS", "").split(",") if name]
PLAN_ID = os.environ.get("BENCH_PLAN_ID", "")
EXPORT_TO = os.environ.get("BENCH_EXPORT_TO", "")
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "VssDemo@2024")
OFFICER_PASSWORD = "bench-password"
WAIT = between(float(os.environ.get("LOCUST_WAIT_MIN", 5)), float(os.environ.get("LOCUST_WAIT_MAX", 15)))
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_officer_accounts = itertools.cycle(OFFICERS or ["bench-p34-hanoi-0"])


class PlainHttpCookieJar(RequestsCookieJar):
    """Keeps the Secure session and CSRF cookies for plain HTTP to 127.0.0.1 (no TLS proxy in the test)."""

    def set_cookie(self, cookie, *args, **kwargs):
        cookie.secure = False
        return super().set_cookie(cookie, *args, **kwargs)


class PortalUser(HttpUser):
    abstract = True
    wait_time = WAIT
    username = ""
    password = DEMO_PASSWORD

    def on_start(self):
        self.client.cookies = PlainHttpCookieJar()
        form = self.client.get("/accounts/login/", name="login form")
        token = CSRF_INPUT.search(form.text)
        with self.client.post(
            "/accounts/login/",
            data={"username": self.username, "password": self.password, "csrfmiddlewaretoken": token.group(1) if token else ""},
            name="login (POST)",
            catch_response=True,
        ) as response:
            if "/accounts/login/" in response.url:
                response.failure(f"login failed for {self.username}")

    def page(self, path: str, name: str | None = None):
        with self.client.get(path, name=name or path, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif "/accounts/login/" in response.url:
                response.failure("sent back to the login page")


class Officer(PortalUser):
    """A provincial or central unit's focal officer: their work list, their unit's tasks."""

    weight = 35

    def on_start(self):
        self.username = next(_officer_accounts)
        self.password = OFFICER_PASSWORD
        super().on_start()

    @task(4)
    def home(self):
        self.page("/", "officer home /")

    @task(4)
    def reports(self):
        self.page("/reports/", "officer /reports/")

    @task(2)
    def task_list(self):
        self.page("/tasks/")

    @task(1)
    def conferences(self):
        self.page("/conferences/")


class CentralStaff(PortalUser):
    """A central planner: tasks, the review queue, completeness, plans, conferences, an export now and then."""

    weight = 10
    username = "central"

    @task(3)
    def task_list(self):
        self.page("/tasks/")

    @task(2)
    def tasks_filtered(self):
        self.page("/tasks/?status=in_progress&sort=-deadline", "/tasks/ with filters")

    @task(1)
    def tasks_search(self):
        self.page("/tasks/?q=hop+tac+han+quoc", "/tasks/?q= search")

    @task(3)
    def review_queue(self):
        self.page("/reports/", "/reports/ review queue")

    @task(1)
    def completeness(self):
        self.page(f"/reports/completeness/?plan={PLAN_ID}", "completeness table")

    @task(1)
    def plan(self):
        self.page(f"/plans/{PLAN_ID}/", "plan page (400 tasks)")

    @task(1)
    def conferences(self):
        self.page("/conferences/")

    @task(1)
    def export(self):
        self.page(f"/tasks/?format=xlsx&deadline_to={EXPORT_TO}", "Excel export (~2,000 tasks)")


class Leader(PortalUser):
    """Leadership: the dashboard, and a look at a plan's reporting."""

    weight = 5
    username = "leader"

    @task(4)
    def dashboard(self):
        self.page("/dashboard/")

    @task(1)
    def completeness(self):
        self.page(f"/reports/completeness/?plan={PLAN_ID}", "completeness table")

    @task(1)
    def task_list(self):
        self.page("/tasks/")
