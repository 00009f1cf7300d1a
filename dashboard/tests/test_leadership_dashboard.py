"""The leadership dashboard of issue 17: the year's plans in force, headline figures that match their
lists, the trend, the late tasks, the unit ranking, the provinces grid and a constant query count."""

import datetime

import pytest
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
