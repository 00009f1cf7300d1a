"""The navigation: grouped links for each role, and the count of what waits beside "My work"."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboard.mywork import badge_counts, my_work, my_work_counts
from discussions.services import thread_mark_read
from discussions.tests.factories import PostFactory
from plans.models import Assignment
from plans.tests.factories import PlanFactory, TaskFactory
from reports.models import ProgressReport
from reports.services import report_return
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


# --- The badge's cache: kept between pages, dropped when what waits changes ------------------------------


def _badge_queries(client, url=None):
    """The My-work count queries of a page (the password page counts only the unread notifications) and its HTML."""
    with CaptureQueriesContext(connection) as captured:
        html = client.get(url or reverse("password_change")).content.decode()
    counts = [query["sql"] for query in captured if "COUNT(" in query["sql"].upper()]
    return sum("notifications_notification" not in sql for sql in counts), html


def _badge(count):
    return f'{count}<span class="visually-hidden"> việc đang chờ bạn</span>'


def test_badge_on_the_next_page_costs_no_count_query(client, settings, planner, unit, officer):
    settings.MY_WORK_COUNT_CACHE_SECONDS = 60
    _submitted(2, unit, officer)
    client.force_login(planner)
    first, html = _badge_queries(client)
    again, html_again = _badge_queries(client)
    assert first >= 3 and _badge(2) in html  # reviews, mentions, extensions
    assert again == 0 and _badge(2) in html_again


def test_badge_shows_at_once_what_a_review_changed(client, settings, planner, unit, officer):
    settings.MY_WORK_COUNT_CACHE_SECONDS = 60
    _submitted(2, unit, officer)
    client.force_login(planner)
    assert _badge(2) in _badge_queries(client)[1]
    report = ProgressReport.objects.awaiting_review().first()
    report_return(report=report, by=planner, comment="Bổ sung số liệu", expected_version=report.lock_version)
    counted, html = _badge_queries(client)
    assert counted == 1 and _badge(1) in html  # the reviews counted again; mentions and extensions kept


def test_a_saved_report_leaves_the_badges_that_read_no_report(client, settings, planner, leader, unit, officer):
    settings.MY_WORK_COUNT_CACHE_SECONDS = 60
    _submitted(1, unit, officer)
    client.force_login(leader)
    first, _html = _badge_queries(client)
    report = ProgressReport.objects.awaiting_review().first()
    report_return(report=report, by=planner, comment="Bổ sung số liệu", expected_version=report.lock_version)
    assert first >= 1  # the leader's mentions
    assert _badge_queries(client)[0] == 0  # a leader owes and reviews no report: nothing to count again
    PostFactory(task=report.assignment.task, author=planner).mentioned_users.add(leader)
    counted, html = _badge_queries(client)
    assert counted == 1 and _badge(1) in html  # a mention: the mentions counted again, at once


def test_reading_a_thread_renews_only_the_readers_badge(client, settings, planner, unit, officer):
    settings.MY_WORK_COUNT_CACHE_SECONDS = 60
    _submitted(1, unit, officer)
    task = TaskFactory(objective__plan=PlanFactory(year=TODAY.year), lead=unit)
    PostFactory(task=task, author=planner).mentioned_users.add(officer)
    client.force_login(planner)
    _badge_queries(client)
    client.force_login(officer)
    assert badge_counts(officer)["mentions"] == 1
    client.get(task.get_absolute_url())  # reads the thread
    assert badge_counts(officer)["mentions"] == 0
    thread_mark_read(task=task, by=officer)  # reads it again
    with CaptureQueriesContext(connection) as captured:
        assert badge_counts(officer)["mentions"] == 0
    assert sum("COUNT(" in query["sql"].upper() for query in captured) == 1  # the mentions alone, not the reports owed
    client.force_login(planner)
    assert _badge_queries(client)[0] == 0  # the planner's figures stayed kept


def test_my_work_page_counts_afresh_and_leaves_its_figures_for_the_badge(client, settings, planner, unit, officer):
    settings.MY_WORK_COUNT_CACHE_SECONDS = 60
    _submitted(1, unit, officer)
    client.force_login(planner)
    assert _badge(1) in _badge_queries(client)[1]
    ProgressReport.objects.update(status=ProgressReport.Status.DRAFT)  # sends no signal: the badge keeps its 1
    assert _badge(1) in _badge_queries(client)[1]
    html = client.get(reverse("my_work")).content.decode()
    assert 'data-kind="reviews">Báo cáo chờ duyệt: <strong>0</strong>' in html and _badge(1) not in html
    assert _badge_queries(client)[0] == 0  # the page's fresh figures kept for the next ones
