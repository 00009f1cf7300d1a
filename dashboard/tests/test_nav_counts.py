"""The navigation: grouped links for each role, and the count of what waits beside "My work"."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboard.mywork import my_work, my_work_counts
from plans.models import Assignment
from plans.tests.factories import PlanFactory, TaskFactory
from reports.tests.factories import ReportingPeriodFactory, submitted_report

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _submitted(count, unit, officer):
    plan = PlanFactory(year=TODAY.year)
    period = ReportingPeriodFactory(plan=plan, start=TODAY - datetime.timedelta(days=30), end=TODAY,
                                    due_date=TODAY + datetime.timedelta(days=5))
    for _n in range(count):
        task = TaskFactory(objective__plan=plan, lead=unit)
        submitted_report(task.assignments.get(role=Assignment.Role.LEAD), period, by=officer)


def _count_queries(user):
    with CaptureQueriesContext(connection) as captured:
        counts = my_work_counts(user)
    return counts, len(captured)


def test_counts_agree_with_the_lists_in_the_same_queries_for_1_and_many(planner, unit, officer):
    _submitted(1, unit, officer)
    my_work_counts(planner)  # permissions and lineage cached, as by the page around the navigation
    one, one_queries = _count_queries(planner)
    _submitted(60, unit, officer)  # beyond the 50 entries a list shows
    many, many_queries = _count_queries(planner)
    lists, _entries = my_work(planner)
    assert many == {**{work.kind: work.count for work in lists}, "total": 61}
    assert one["reviews"] == 1 and many["reviews"] == 61
    assert one_queries == many_queries <= 4  # one per source


def test_navigation_groups_links_and_shows_what_waits(client, planner, unit, officer):
    _submitted(2, unit, officer)
    client.force_login(planner)
    html = client.get(reverse("plans:task_list")).content.decode()
    assert "Kế hoạch, nhiệm vụ" in html and "Thỏa thuận, chứng nhận" in html
    assert '2<span class="visually-hidden"> việc đang chờ bạn</span>' in html
    assert reverse("plans:orphaned_work") in html  # a planner's own link


def test_officer_navigation_has_no_planner_links(client, officer):
    client.force_login(officer)
    html = client.get(reverse("plans:task_list")).content.decode()
    assert reverse("plans:orphaned_work") not in html
    assert reverse("plans:explanation_list") in html and reverse("api:token_list") in html
    assert 'class="user-menu-label"' in html and f'title="{officer} · ' in html
