"""The task's timeline tells the deadline exchanges: extension requests and their decisions, explanation
requests and the units' explanations, in order with the thread, through the deadline guards."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from accounts.tests.factories import UnitFactory
from discussions.tests.factories import PostFactory
from plans import explanations, extensions
from plans.models import ExplanationReply, ExplanationRequest
from plans.tests.factories import PlanFactory, TaskFactory
from plans.timeline import task_timeline
from plans.timeline_deadlines import explanation_entries, extension_entries
from reports.tests.factories import pdf_upload

pytestmark = pytest.mark.django_db
D = datetime.date
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
STORY_KINDS = ("extension_asked", "post", "explanation_asked", "explanation_answered", "extension_decided")


def at(day: int, hour: int):
    """A moment of November 2026, in Hà Nội."""
    return datetime.datetime(2026, 11, day, hour, tzinfo=HANOI)


@pytest.fixture(autouse=True)
def frozen(settings, tmp_path):
    """Read on Wednesday 25/11/2026 at noon (each step of a story travels to its own moment)."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    with time_machine.travel(at(25, 12), tick=False):
        yield


@pytest.fixture
def coordinator(make_user, other_unit):
    return make_user(User.Role.UNIT_OFFICER, other_unit, username="coordinator")


@pytest.fixture
def story(unit, other_unit, officer, coordinator, planner, leader):
    """A task due Friday 20/11/2026: Monday 23/11 the lead unit asks until 15/12 and the planner posts;
    on the 24th leadership asks both units to explain and the lead unit answers; on the 25th the
    planner grants Saturday 12/12, which makes the task due Monday 14/12."""
    with time_machine.travel(at(23, 9), tick=False):
        task = TaskFactory(objective__plan=PlanFactory(year=2026), lead=unit, coordinating=[other_unit],
                           title="Đón đoàn BHXH Lào", deadline=D(2026, 11, 20))
        extension = extensions.extension_request_create(
            task=task, proposed_deadline=D(2026, 12, 15), reason="Đối tác lùi lịch làm việc", uploads=[pdf_upload()],
            by=officer,
        )
    PostFactory(task=task, author=planner, text="Đơn vị gửi lịch mới giúp", created_at=at(23, 10))
    with time_machine.travel(at(24, 9), tick=False):
        explanation = explanations.explanation_request_create(
            task=task, question="Vì sao chậm tiến độ?", reply_by=D(2026, 11, 27), coordinating_units=[other_unit],
            by=leader,
        )
    lead_reply = explanation.replies.get(unit=unit)
    with time_machine.travel(at(24, 15), tick=False):
        explanations.explanation_answer(reply=lead_reply, expected_version=lead_reply.lock_version,
                                        answer="Đối tác đổi lịch sang tháng 12", by=officer)
    with time_machine.travel(at(25, 9), tick=False):
        extensions.extension_request_approve(request=extension, expected_version=extension.lock_version,
                                             granted_deadline=D(2026, 12, 12), comment="Đồng ý, báo cáo trước 12/12",
                                             by=planner)
    return task


def timeline_of(user, task):
    request = RequestFactory().get(task.get_absolute_url())
    request.user = user
    return task_timeline(request, task)


def test_the_exchanges_are_told_in_order_with_the_thread(story, planner):
    entries = timeline_of(planner, story)
    assert tuple(entry.kind for entry in entries) == STORY_KINDS
    assert [entry.at for entry in entries] == sorted(entry.at for entry in entries)


def test_each_entry_says_who_when_and_what(story, planner, officer, leader):
    with translation.override("en"):
        asked, _post, explained, answered, decided = (entry.html for entry in timeline_of(planner, story))
    assert str(officer) in asked and "From 20/11/2026 to 15/12/2026." in asked and "Đối tác lùi lịch làm việc" in asked
    assert "23/11/2026" in asked and ".pdf" in asked
    assert f"{leader} asked for an explanation" in explained and "reply by 27/11/2026" in explained
    assert "Vì sao chậm tiến độ?" in explained and "answered on 24/11/2026" in explained and "Awaiting an answer" in explained
    assert "Explanation from" in answered and "Đối tác đổi lịch sang tháng 12" in answered and str(officer) in answered
    assert "New deadline granted: 12/12/2026" in decided and str(planner) in decided and "25/11/2026" in decided
    assert "Due (effective deadline): 14/12/2026" in decided and "next working day" in decided
    assert "Đồng ý, báo cáo trước 12/12" in decided


def test_a_refusal_says_the_task_keeps_its_deadline(unit, officer, planner):
    with time_machine.travel(at(23, 9), tick=False):
        task = TaskFactory(objective__plan=PlanFactory(year=2026), lead=unit, deadline=D(2026, 11, 30))
        extension = extensions.extension_request_create(task=task, proposed_deadline=D(2026, 12, 15), reason="Bận",
                                                        by=officer)
        extensions.extension_request_refuse(request=extension, expected_version=extension.lock_version,
                                            comment="Không đủ lý do", by=planner)
    with translation.override("en"):
        kinds_and_html = [(entry.kind, entry.html) for entry in timeline_of(officer, task)]
    assert [kind for kind, _html in kinds_and_html] == ["extension_asked", "extension_decided"]
    refused = kinds_and_html[1][1]
    assert "Extension refused" in refused and "The task stays due on 30/11/2026." in refused and "Không đủ lý do" in refused


def test_the_task_page_shows_the_timeline_in_vietnamese(client, story, planner, leader, unit):
    client.force_login(planner)
    html = client.get(story.get_absolute_url()).content.decode()
    assert 'id="timeline-extension-' in html and 'id="timeline-explanation-' in html
    assert f"{unit} đề nghị gia hạn" in html and f"{leader} yêu cầu giải trình" in html
    assert "Thời hạn được chấp thuận: 12/12/2026" in html and "Hạn thực tế: 14/12/2026" in html


def test_an_officer_reads_only_their_own_units_explanation(story, coordinator, officer):
    """Both units were asked; each officer sees the request, their own unit's part and not the other's."""
    with translation.override("en"):
        coordinator_entries = {entry.kind: entry.html for entry in timeline_of(coordinator, story)}
    assert "explanation_answered" not in coordinator_entries  # the lead unit's explanation is not theirs
    assert "Đối tác đổi lịch" not in coordinator_entries["explanation_asked"]
    assert "Awaiting an answer" in coordinator_entries["explanation_asked"]
    assert "answered on" not in coordinator_entries["explanation_asked"]
    officer_kinds = [entry.kind for entry in timeline_of(officer, story)]
    assert officer_kinds.count("explanation_answered") == 1


def test_an_explanation_asked_of_the_lead_unit_only_is_not_shown_to_a_coordinating_unit(unit, other_unit, officer,
                                                                                         coordinator, leader):
    with time_machine.travel(at(24, 9), tick=False):
        task = TaskFactory(objective__plan=PlanFactory(year=2026), lead=unit, coordinating=[other_unit],
                           deadline=D(2026, 11, 20))
        explanations.explanation_request_create(task=task, question="Vì sao?", reply_by=D(2026, 11, 27), by=leader)
        assert [entry.kind for entry in timeline_of(officer, task)] == ["explanation_asked"]
        assert timeline_of(coordinator, task) == []


def test_another_units_officer_gets_nothing(client, story, make_user):
    stranger = make_user(User.Role.UNIT_OFFICER, UnitFactory(), username="stranger")
    request = RequestFactory().get("/")
    request.user = stranger
    assert extension_entries(request, story) == [] and explanation_entries(request, story) == []
    client.force_login(stranger)
    assert client.get(story.get_absolute_url()).status_code == 404


def test_the_task_page_queries_do_not_grow_with_decided_exchanges(client, unit, officer, planner, leader):
    today = timezone.localdate()
    task = TaskFactory(objective__plan=PlanFactory(year=today.year), lead=unit, start_date=today - datetime.timedelta(days=40),
                       deadline=today - datetime.timedelta(days=3))

    def exchange(days):
        extension = extensions.extension_request_create(task=task, proposed_deadline=today + datetime.timedelta(days=days),
                                                        reason="Lùi lịch", uploads=[pdf_upload()], by=officer)
        extensions.extension_request_approve(request=extension, expected_version=extension.lock_version, by=planner)
        task.refresh_from_db()

    def explain():
        """Asked and answered (straight in the database once the extended task is no longer late)."""
        asked = ExplanationRequest.objects.create(task=task, requested_by=leader, question="Vì sao?",
                                                  reply_by=today + datetime.timedelta(days=5))
        reply = ExplanationReply.objects.create(request=asked, unit=unit, role="lead")
        explanations.explanation_answer(reply=reply, expected_version=reply.lock_version, answer="Vì đối tác",
                                        uploads=[pdf_upload()], by=officer)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(task.get_absolute_url()).status_code == 200
        return len(captured)

    explain()
    exchange(10)
    client.force_login(planner)
    client.get(task.get_absolute_url())
    one = queries()
    for number in range(6):
        exchange(10 + 7 * (number + 1))  # a week later each time: always after the last effective deadline
        explain()
    assert queries() == one


def test_the_task_page_tells_each_exchange_once_in_the_timeline(client, story, planner, coordinator):
    client.force_login(planner)
    html = client.get(story.get_absolute_url()).content.decode()
    assert html.count("Đối tác lùi lịch làm việc") == 1 and html.count("Vì sao chậm tiến độ?") == 1
    assert 'id="extensions-heading"' not in html and 'id="explanations-heading"' not in html  # nothing to act on
    client.force_login(coordinator)
    html = client.get(story.get_absolute_url()).content.decode()
    reply = ExplanationReply.objects.get(request__task=story, unit=coordinator.unit)
    assert html.count("Vì sao chậm tiến độ?") == 1
    assert 'id="explanations-heading"' in html and f'data-reply="{reply.pk}"' in html
    assert f'class="btn btn-sm btn-primary" href="{reply.get_absolute_url()}">Giải trình</a>' in html  # the answer, kept


def test_the_task_page_keeps_the_decision_and_the_change_of_a_pending_request(client, unit, officer, planner):
    with time_machine.travel(at(23, 9), tick=False):
        task = TaskFactory(objective__plan=PlanFactory(year=2026), lead=unit, deadline=D(2026, 11, 30))
        extension = extensions.extension_request_create(task=task, proposed_deadline=D(2026, 12, 15),
                                                        reason="Đối tác lùi lịch làm việc", by=officer)
    client.force_login(planner)
    html = client.get(task.get_absolute_url()).content.decode()
    assert html.count("Đối tác lùi lịch làm việc") == 1 and f'id="extension-{extension.pk}"' in html
    assert f'class="btn btn-sm btn-primary" href="{extension.get_absolute_url()}">Quyết định</a>' in html
    client.force_login(officer)
    html = client.get(task.get_absolute_url()).content.decode()
    assert reverse("plans:extension_edit", args=[extension.pk]) in html and ">Quyết định</a>" not in html
