"""/my/: what is handed to me, what I owe, reviews waiting and mentions — due first, counted."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.tests.factories import UserFactory
from dashboard.mywork import my_work, my_work_counts
from discussions.tests.factories import PostFactory
from plans import services
from plans.models import Assignment
from plans.tests.factories import PlanFactory, TaskFactory
from reports.tests.factories import ReportingPeriodFactory, submitted_report

TODAY = timezone.localdate()


@pytest.fixture
def desk(unit, officer, planner):
    plan = PlanFactory(year=TODAY.year)
    period = ReportingPeriodFactory(plan=plan, start=TODAY - datetime.timedelta(days=30), end=TODAY,
                                    due_date=TODAY + datetime.timedelta(days=5))
    soon = TaskFactory(objective__plan=plan, lead=unit, title="Đón đoàn NPS", deadline=TODAY + datetime.timedelta(days=3))
    later = TaskFactory(objective__plan=plan, lead=unit, title="Hội thảo ASSA", deadline=TODAY + datetime.timedelta(days=60))
    colleague = UserFactory(username="desk-colleague", unit=unit, role=User.Role.UNIT_OFFICER)
    services.assignment_hand_down(assignment=later.assignments.get(role=Assignment.Role.LEAD), officer=colleague, by=officer)
    return plan, period, soon, later, colleague


def test_officer_sees_reports_owed_and_mentions_due_first(client, desk, officer, planner, unit):
    _plan, _period, soon, later, _colleague = desk
    post = PostFactory(task=soon, author=planner, text="Hải Phòng gửi lịch giúp")
    post.mentioned_units.add(unit)
    lists, entries = my_work(officer)
    counts = {work.kind: work.count for work in lists}
    assert counts == {"handed": 0, "reports": 2, "mentions": 1}
    assert [entry.kind for entry in entries] == ["mentions", "reports", "reports"]  # due 3 days, then 5 days
    client.force_login(officer)
    html = client.get(reverse("my_work")).content.decode()
    assert "Đón đoàn NPS" in html and "Hội thảo ASSA" in html
    assert my_work_counts(officer)["total"] == 3


def test_executing_officer_sees_what_was_handed_to_them(desk):
    _plan, _period, _soon, later, colleague = desk
    lists, entries = my_work(colleague)
    handed = next(work for work in lists if work.kind == "handed")
    assert handed.count == 1 and handed.entries[0].title == "Hội thảo ASSA"


def test_planner_sees_reviews_waiting_and_no_unit_work(desk, planner, officer):
    plan, period, soon, _later, _colleague = desk
    submitted_report(soon.assignments.get(role=Assignment.Role.LEAD), period, by=officer)
    lists, _entries = my_work(planner)
    assert {work.kind: work.count for work in lists} == {"reviews": 1, "mentions": 0}


def test_leader_gets_the_page_with_mentions(client, desk, leader):
    _plan, _period, soon, _later, _colleague = desk
    post = PostFactory(task=soon, author=UserFactory(username="cp-x", role=User.Role.CENTRAL_PLANNER))
    post.mentioned_users.add(leader)
    client.force_login(leader)
    response = client.get(reverse("my_work"))
    assert response.status_code == 200 and "Đón đoàn NPS" in response.content.decode()


def test_a_mention_read_is_no_longer_waiting(client, desk, officer, planner, unit):
    _plan, _period, soon, _later, _colleague = desk
    post = PostFactory(task=soon, author=planner)
    post.mentioned_users.add(officer)
    client.force_login(officer)
    client.get(soon.get_absolute_url())
    assert my_work_counts(officer)["mentions"] == 0


def test_my_work_queries_do_not_grow(client, desk, officer, planner, unit):
    plan, _period, soon, _later, _colleague = desk
    client.force_login(officer)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("my_work")).status_code == 200
        return len(captured)

    client.get(reverse("my_work"))
    one = queries()
    for number in range(30):
        task = TaskFactory(objective__plan=plan, lead=unit, deadline=TODAY + datetime.timedelta(days=10 + number))
        PostFactory(task=task, author=planner).mentioned_units.add(unit)
    assert queries() == one
