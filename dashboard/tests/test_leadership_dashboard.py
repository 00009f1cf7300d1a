"""The leadership dashboard of issue 17: the year's plans in force, headline figures that match their
lists, the trend, the late tasks, the unit ranking, the provinces grid and a constant query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plans.models import Plan, Task
from plans.tests.factories import ObjectiveFactory, PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year


def _tasks(plan, count, **fields):
    objective = ObjectiveFactory(plan=plan)
    return [TaskFactory(objective=objective, **fields) for _ in range(count)]


def _year_of_plans():
    """This year's annual plan, a multi-year agreement plan issued three years ago and still running,
    and plans that are not the year's work: last year's closed plan and a draft."""
    annual = PlanFactory(year=YEAR)
    _tasks(annual, 2, deadline=TODAY + datetime.timedelta(days=20))
    _tasks(annual, 1, deadline=TODAY - datetime.timedelta(days=3))
    _tasks(annual, 1, deadline=TODAY - datetime.timedelta(days=3), status=Task.Status.DONE, progress=100)
    agreement = PlanFactory(year=YEAR - 3, kind=Plan.Kind.AGREEMENT)
    _tasks(agreement, 2, deadline=TODAY + datetime.timedelta(days=40))
    _tasks(PlanFactory(year=YEAR - 1, status=Plan.Status.CLOSED), 3)
    _tasks(PlanFactory(year=YEAR, status=Plan.Status.DRAFT, number="", issue_date=None), 4)
    return annual, agreement


def test_plans_in_force_in_a_year_include_running_multi_year_plans():
    annual, agreement = _year_of_plans()
    assert set(Plan.objects.in_force_in(YEAR)) == {annual, agreement}
    assert set(Plan.objects.in_force_in(YEAR - 1)) == {agreement, Plan.objects.get(year=YEAR - 1, status="closed")}


def test_default_view_counts_the_agreement_plan_and_agrees_with_the_home_page(client, leader, planner):
    annual, agreement = _year_of_plans()
    client.force_login(leader)
    response = client.get("/dashboard/")
    standing = response.context["standing"]["totals"].counts
    assert standing["total"] == 6
    assert {row.query for row in response.context["plans"]} == {f"plan={annual.pk}", f"plan={agreement.pk}"}
    listed = client.get("/tasks/", {"year": YEAR, "plan_status": "in_force"}).context["paginator"].count
    assert listed == 6
    client.force_login(planner)
    home = client.get("/").context
    assert home["open_count"] == standing["in_progress"] + standing["overdue"] == 5
    assert home["overdue_count"] == standing["overdue"] == 1
    for link, count in (("status=open", 5), ("standing=overdue", 1)):
        assert f"?year={YEAR}&amp;plan_status=in_force&amp;{link}" in client.get("/").content.decode()
        query = dict(item.split("=") for item in f"year={YEAR}&plan_status=in_force&{link}".split("&"))
        assert client.get("/tasks/", query).context["paginator"].count == count


def _late_year_with_history(planner):
    """This year's plan: a period that ended a month ago, tasks in every state, an explanation overdue."""
    from plans.models import ExplanationReply, ExplanationRequest
    from reports.tests.factories import ReportingPeriodFactory

    plan = PlanFactory(year=YEAR)
    ended = TODAY - datetime.timedelta(days=30)
    ReportingPeriodFactory(plan=plan, start=ended - datetime.timedelta(days=60), end=ended,
                           due_date=ended + datetime.timedelta(days=5))
    late = _tasks(plan, 3, deadline=TODAY - datetime.timedelta(days=10))
    _tasks(plan, 2, deadline=TODAY + datetime.timedelta(days=30))
    for task in _tasks(plan, 2, deadline=TODAY - datetime.timedelta(days=50)):
        done = {"status": Task.Status.DONE, "progress": 100, "completed_on": TODAY - datetime.timedelta(days=5)}
        Task.objects.filter(pk=task.pk).update(**done)
    request = ExplanationRequest.objects.create(task=late[0], requested_by=planner, question="Vì sao?",
                                                reply_by=TODAY - datetime.timedelta(days=2))
    ExplanationReply.objects.create(request=request, unit=late[0].assignments.get().unit, role="lead")
    return plan


def test_every_headline_figure_equals_the_count_of_the_list_behind_it(client, leader, planner):
    plan = _late_year_with_history(planner)
    client.force_login(leader)
    response = client.get("/dashboard/", {"plan": plan.pk})
    headline = {item["key"]: item for item in response.context["summary"]["headline"]}
    html = response.content.decode()
    for key in ("done_on_time", "done_late", "in_progress", "overdue"):
        item = headline[key]
        link = f"/tasks/?plan={plan.pk}&amp;{item['query']}"
        assert link in html, key
        query = dict(part.split("=") for part in f"plan={plan.pk}&{item['query']}".split("&"))
        assert client.get("/tasks/", query).context["paginator"].count == item["value"], key
    assert (headline["overdue"]["value"], headline["done_late"]["value"], headline["in_progress"]["value"]) == (3, 2, 2)
    explanations = client.get("/explanations/", {"show": "overdue"})
    assert explanations.context["paginator"].count == headline["explanations_overdue"]["value"] == 1
    assert 'href="/explanations/?show=overdue"' in html


def test_change_since_the_last_period_counts_tasks_as_they_stood_then(client, leader, planner):
    plan = _late_year_with_history(planner)
    client.force_login(leader)
    headline = {i["key"]: i for i in client.get("/dashboard/", {"plan": plan.pk}).context["summary"]["headline"]}
    # A month ago the three late tasks and the two done five days ago were all open within their deadline...
    # ...except the two due 50 days ago: they were overdue then, completed late since.
    assert headline["overdue"]["change"] == 3 - 2
    assert headline["done_late"]["change"] == 2
    assert headline["in_progress"]["change"] == 2 - 5
    assert headline["explanations_overdue"]["change"] == 1


def test_provinces_grid_shows_the_34_offices_with_their_figures(client, leader):
    from accounts.models import Unit

    hanoi = Unit.objects.get(code="P34-HANOI")
    plan = PlanFactory(year=YEAR)
    _tasks(plan, 2, lead=hanoi, deadline=TODAY - datetime.timedelta(days=1))
    client.force_login(leader)
    response = client.get("/dashboard/", {"plan": plan.pk})
    cells = response.context["summary"]["provinces"]
    codes = {cell["unit"].code for cell in cells}
    assert len({code for code in codes if code.startswith("P34-")}) == 34  # (the test users' own units are offices too)
    assert not {code for code in codes if code.startswith("P63-")}  # the 63 offices ended on 30/06/2025
    hanoi_cell = next(cell for cell in cells if cell["unit"] == hanoi)
    assert (hanoi_cell["state"], hanoi_cell["short"]) == ("overdue", "Hà Nội")
    assert {cell["state"] for cell in cells if cell["unit"] != hanoi} == {"none"}
    listed = client.get("/tasks/", {"plan": plan.pk, "unit": hanoi.pk}).context["paginator"].count
    assert listed == hanoi_cell["row"].counts["total"] == 2
    assert "2 trễ hạn / 2" in response.content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_default_view_queries_do_not_grow_with_rows(client, leader, planner):
    from accounts.tests.factories import UnitFactory
    from reports.tests.factories import ReportingPeriodFactory

    plan = _late_year_with_history(planner)
    client.force_login(leader)
    client.get("/dashboard/")
    few = _queries(client, "/dashboard/")
    units = [UnitFactory() for _ in range(5)]
    for unit in units:
        _tasks(plan, 4, lead=unit, deadline=TODAY - datetime.timedelta(days=3))
    agreement = PlanFactory(year=YEAR - 2, kind=Plan.Kind.AGREEMENT)
    _tasks(agreement, 6)
    ReportingPeriodFactory(plan=plan, start=datetime.date(YEAR, 1, 1), end=datetime.date(YEAR, 1, 31),
                           due_date=datetime.date(YEAR, 2, 10))
    assert _queries(client, "/dashboard/") == few
