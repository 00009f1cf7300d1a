"""Deadline tracking's pages: constant query counts on the lists and the task page (1 and many rows),
form values kept on errors, bad query strings as form errors, documents served through their guard."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.tests.factories import UnitFactory
from plans import explanations, extensions
from plans.models import ExtensionRequest, Task
from plans.tests.factories import PlanFactory, TaskFactory
from reports.tests.factories import pdf_upload

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def _late_tasks(count, make_user, leader):
    """`count` late tasks, each with a pending extension (and a document) and an explanation request."""
    today = timezone.localdate()
    plan = PlanFactory(year=today.year)
    for _n in range(count):
        unit = UnitFactory()
        officer = make_user(User.Role.UNIT_OFFICER, unit)
        task = TaskFactory(objective__plan=plan, lead=unit, coordinating=[UnitFactory()], start_date=today - 30 * DAY,
                           deadline=today - 3 * DAY)
        extensions.extension_request_create(task=task, proposed_deadline=today + 20 * DAY, reason="Lùi lịch",
                                            uploads=[pdf_upload()], by=officer)
        explanations.explanation_request_create(task=task, question="Vì sao?", reply_by=today + 5 * DAY, by=leader)
    return plan


@pytest.mark.parametrize("url", ["/extensions/", "/extensions/?status=all", "/explanations/", "/explanations/?show=all"])
def test_deadline_lists_keep_a_constant_query_count(client, planner, leader, make_user, url):
    _late_tasks(1, make_user, leader)
    client.force_login(planner)
    client.get(url)
    one = _queries(client, url)
    _late_tasks(12, make_user, leader)
    assert _queries(client, url) == one


def test_task_page_queries_do_not_grow_with_requests(client, planner, leader, make_user):
    plan = _late_tasks(1, make_user, leader)
    task = plan.tasks.get()
    client.force_login(planner)
    client.get(task.get_absolute_url())  # the first visit also records that the planner read the thread
    one = _queries(client, task.get_absolute_url())
    officer = User.objects.filter(unit=task.assignments.get(role="lead").unit).get()
    for _n in range(5):
        request = task.extension_requests.get(status="pending")
        extensions.extension_request_refuse(request=request, expected_version=request.lock_version, comment="Không", by=planner)
        extensions.extension_request_create(task=task, proposed_deadline=timezone.localdate() + 30 * DAY, reason="Lại",
                                            uploads=[pdf_upload()], by=officer)
        explanations.explanation_request_create(task=task, question="?", reply_by=timezone.localdate() + 5 * DAY, by=leader)
    assert _queries(client, task.get_absolute_url()) == one


def test_task_page_reads_its_extension_and_explanation_requests_once(client, planner, leader, make_user):
    """The deadline sections and the timeline show the same requests: one read of each table."""
    task = _late_tasks(1, make_user, leader).tasks.get()
    client.force_login(planner)
    with CaptureQueriesContext(connection) as page:
        assert "Lùi lịch" in client.get(task.get_absolute_url()).content.decode()

    def reads_of(table):  # the task's own requests (the navigation counts pending ones of every task)
        return sum(q["sql"].startswith(f'SELECT "{table}".') and f'"{table}"."task_id" =' in q["sql"]
                   for q in page.captured_queries)

    assert reads_of("plans_extensionrequest") == 1 and reads_of("plans_explanationrequest") == 1


@pytest.mark.parametrize("query", ["?status=%00", "?plan=abc", "?status=nonsense", "?q=%00", "?show=%00"])
def test_bad_query_strings_are_form_errors_not_500(client, planner, query):
    client.force_login(planner)
    for url in ("/extensions/", "/explanations/"):
        response = client.get(url + query)
        assert response.status_code == 200


def test_the_extension_form_keeps_its_values_on_error(client, officer, unit):
    task = TaskFactory(objective__plan=PlanFactory(year=timezone.localdate().year), lead=unit,
                       start_date=timezone.localdate() - 30 * DAY, deadline=timezone.localdate() - 3 * DAY)
    client.force_login(officer)
    response = client.post(reverse("plans:extension_create", args=[task.pk]), {
        "proposed_deadline": (timezone.localdate() - 10 * DAY).strftime("%d/%m/%Y"), "reason": "Đối tác lùi lịch",
    })
    html = response.content.decode()
    assert response.status_code == 200 and "Thời hạn mới phải sau thời hạn hiện tại" in html
    assert "Đối tác lùi lịch" in html
    assert not ExtensionRequest.objects.exists()


def test_a_refusal_without_comment_is_a_form_error(client, planner, leader, make_user):
    task = _late_tasks(1, make_user, leader).tasks.get()
    request = task.extension_requests.get()
    client.force_login(planner)
    response = client.post(request.get_absolute_url(), {"lock_version": 0, "decision": "refuse", "comment": ""})
    assert response.status_code == 200 and "Nêu lý do không chấp thuận." in response.content.decode()
    assert ExtensionRequest.objects.get().is_pending


def test_documents_are_served_only_through_the_guard(client, planner, leader, make_user, other_unit):
    task = _late_tasks(1, make_user, leader).tasks.get()
    document = task.extension_requests.get().documents.get()
    client.force_login(planner)
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    client.force_login(make_user(User.Role.UNIT_OFFICER, other_unit))
    assert client.get(document.get_absolute_url()).status_code == 404


def test_every_dashboard_figure_equals_its_task_list(client, leader, planner, make_user):
    """Each figure of the four states, the rate, extensions and every breakdown (data-figure links)."""
    today = timezone.localdate()
    plan = _late_tasks(3, make_user, leader)
    request = plan.tasks.first().extension_requests.get()
    extensions.extension_request_approve(request=request, expected_version=0, by=planner)
    province = UnitFactory(kind="provincial_office")
    for offset, status in ((-40, Task.Status.DONE), (-2, Task.Status.DONE), (20, Task.Status.IN_PROGRESS),
                           (-10, Task.Status.CANCELLED)):
        task = TaskFactory(objective__plan=plan, lead=province, start_date=today - 60 * DAY, deadline=today + offset * DAY,
                           status=status, progress=100 if status == Task.Status.DONE else 10)
        if status == Task.Status.DONE:
            Task.objects.filter(pk=task.pk).update(completed_on=today - 5 * DAY)
    from reports.services import periods_create_defaults

    periods_create_defaults(plan=plan, kinds=["month", "quarter"])
    client.force_login(leader)
    html = client.get(f"/dashboard/?plan={plan.pk}").content.decode()
    figures = re.findall(r'<a[^>]*data-figure="([^"]+)"[^>]*href="([^"]+)"[^>]*>(\d+)</a>|'
                         r'<a[^>]*href="([^"]+)"[^>]*data-figure="([^"]+)"[^>]*>(\d+)</a>', html)
    checked = 0
    for name, href, count, href2, name2, count2 in figures:
        name, href, count = name or name2, (href or href2).replace("&amp;", "&"), int(count or count2)
        listed = client.get(href).context["paginator"].count
        assert listed == count, f"{name}: the dashboard says {count}, its list {href} has {listed}"
        checked += 1
    assert checked > 30
