"""/my/: what is handed to me, what I owe, reviews waiting, mentions, explanations awaited and extensions
to decide — due first, counted."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.tests.factories import UnitFactory, UserFactory
from dashboard.mywork import my_work, my_work_counts
from discussions.tests.factories import PostFactory
from plans import explanations, extensions, services
from plans.models import Assignment, ExplanationReply, ExplanationRequest
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
    assert counts == {"handed": 0, "reports": 2, "mentions": 1, "explanations": 0}
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
    assert {work.kind: work.count for work in lists} == {"reviews": 1, "mentions": 0, "extensions": 0}


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


# --- The deadline exchanges: explanations awaited (officers), extensions to decide (central planners) ---


def ask_to_explain(task, leader, reply_by, coordinating=()):
    """Asked straight in the database: any task, late or not (the service's rules are tested in plans)."""
    request = ExplanationRequest.objects.create(task=task, requested_by=leader, question="Vì sao chậm?", reply_by=reply_by)
    for assignment in task.assignments.filter(removed_at__isnull=True):
        if assignment.role == Assignment.Role.LEAD or assignment.unit in coordinating:
            ExplanationReply.objects.create(request=request, unit=assignment.unit, role=assignment.role)
    return request


def test_officer_sees_the_explanations_their_unit_owes_the_reply_date_first(client, desk, officer, leader, unit,
                                                                            other_unit):
    plan, _period, soon, later, _colleague = desk
    ask_to_explain(later, leader, TODAY + datetime.timedelta(days=1))
    overdue = ask_to_explain(soon, leader, TODAY - datetime.timedelta(days=2))
    answered = ask_to_explain(TaskFactory(objective__plan=plan, lead=unit, title="Đã giải trình"), leader, TODAY)
    reply = answered.replies.get()
    explanations.explanation_answer(reply=reply, expected_version=reply.lock_version, answer="Đối tác lùi lịch", by=officer)
    elsewhere = ask_to_explain(TaskFactory(objective__plan=plan, lead=other_unit, title="Việc của đơn vị khác"), leader, TODAY)
    lists, entries = my_work(officer)
    awaited = next(work for work in lists if work.kind == "explanations")
    assert awaited.count == 2 and [entry.title for entry in awaited.entries] == ["Đón đoàn NPS", "Hội thảo ASSA"]
    assert [entry.overdue for entry in awaited.entries] == [True, False]
    assert awaited.entries[0].url == overdue.replies.get().get_absolute_url()
    assert [entry.kind for entry in entries][:2] == ["explanations", "explanations"]  # due before the reports
    assert my_work_counts(officer)["explanations"] == 2
    client.force_login(officer)
    html = client.get(reverse("my_work")).content.decode()
    assert "Giải trình đang chờ: <strong>2</strong>" in html and "hạn trả lời" in html
    assert "Việc của đơn vị khác" not in html and elsewhere.replies.get().get_absolute_url() not in html
    assert reply.get_absolute_url() not in html  # answered: no longer awaited
    assert awaited.entries[0].url in html


def test_a_coordinating_unit_owes_only_what_it_was_asked(desk, leader, make_user, other_unit):
    plan, *_rest = desk
    task = TaskFactory(objective__plan=plan, lead=UnitFactory(), coordinating=[other_unit])
    coordinator = make_user(User.Role.UNIT_OFFICER, other_unit, username="desk-coordinator")
    ask_to_explain(task, leader, TODAY)
    assert my_work_counts(coordinator)["explanations"] == 0
    ask_to_explain(task, leader, TODAY, coordinating=[other_unit])
    assert my_work_counts(coordinator)["explanations"] == 1


def test_planner_sees_the_extensions_to_decide_the_task_due_first(client, desk, officer, planner, leader):
    _plan, _period, soon, later, _colleague = desk
    for task in (later, soon):
        extensions.extension_request_create(task=task, proposed_deadline=task.effective_deadline + datetime.timedelta(days=30),
                                            reason="Đối tác lùi lịch", by=officer)
    decided = later.extension_requests.get()
    extensions.extension_request_refuse(request=decided, expected_version=decided.lock_version, comment="Không", by=planner)
    extensions.extension_request_create(task=later, proposed_deadline=later.effective_deadline + datetime.timedelta(days=9),
                                        reason="Lần hai", by=officer)
    lists, entries = my_work(planner)
    to_decide = next(work for work in lists if work.kind == "extensions")
    assert to_decide.count == 2 and [entry.title for entry in to_decide.entries] == ["Đón đoàn NPS", "Hội thảo ASSA"]
    assert [entry.due for entry in to_decide.entries] == [soon.effective_deadline, later.effective_deadline]
    assert my_work_counts(planner)["extensions"] == 2 and my_work_counts(planner)["total"] == 2
    assert "extensions" not in my_work_counts(leader) and "extensions" not in my_work_counts(officer)
    assert "explanations" not in my_work_counts(planner) and "explanations" not in my_work_counts(leader)
    client.force_login(planner)
    html = client.get(reverse("my_work")).content.decode()
    assert "Đề nghị gia hạn chờ quyết định: <strong>2</strong>" in html
    assert soon.extension_requests.get().get_absolute_url() in html


def test_the_deadline_sources_ask_the_same_queries_for_1_and_many(client, desk, officer, planner, leader, unit):
    plan, *_rest = desk

    def add(count):
        for _n in range(count):
            task = TaskFactory(objective__plan=plan, lead=unit, deadline=TODAY + datetime.timedelta(days=20))
            ask_to_explain(task, leader, TODAY + datetime.timedelta(days=3))
            extensions.extension_request_create(task=task, proposed_deadline=TODAY + datetime.timedelta(days=40),
                                                reason="Lùi lịch", by=officer)

    def queries(user):
        client.force_login(user)
        with CaptureQueriesContext(connection) as page:
            assert client.get(reverse("my_work")).status_code == 200
        with CaptureQueriesContext(connection) as counts:
            my_work_counts(user)
        return len(page), len(counts)

    add(1)
    queries(officer)
    queries(planner)  # the first visits record what each read
    one = queries(officer), queries(planner)
    add(30)
    assert (queries(officer), queries(planner)) == one
