"""The dashboard counts open work under the unit that leads it now (after an ended unit's succession);
done work stays with the unit that did it; the breakdown's links list the same tasks."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Unit, UnitSuccession
from accounts.tests.factories import UnitFactory, officer_of
from dashboard import figures
from plans.models import Task
from plans.tests.factories import ObjectiveFactory, PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db

ENDED = datetime.date(2025, 6, 30)


def _tasks(*leads, status=Task.Status.IN_PROGRESS):
    plan = PlanFactory(year=2026)
    objective = ObjectiveFactory(plan=plan)
    progress = 100 if status == Task.Status.DONE else 30
    return [TaskFactory(objective=objective, lead=lead, status=status, progress=progress) for lead in leads]


def _by_unit():
    return {row.label: row for row in figures.by_lead_unit(Task.objects.all(), "vi")}


def test_open_work_counts_for_the_successor_and_done_work_for_the_ended_unit():
    hai_duong, hai_phong = Unit.objects.get(code="P63-HAIDUONG"), Unit.objects.get(code="P34-HAIPHONG")
    _tasks(hai_duong, hai_duong)
    _tasks(hai_duong, status=Task.Status.DONE)
    rows = _by_unit()
    assert rows[hai_phong.name_vi].total == 2 and rows[hai_phong.name_vi].counts["done"] == 0
    assert rows[hai_duong.name_vi].total == 1 and rows[hai_duong.name_vi].counts["done"] == 1
    assert rows[hai_phong.name_vi].query == f"lead={hai_phong.pk}"


def test_chain_of_two_successions_and_merge_then_split_on_the_dashboard():
    a, b = UnitFactory(valid_to=ENDED), UnitFactory(valid_to=datetime.date(2025, 12, 31))
    c, d = UnitFactory(name_vi="Đơn vị C"), UnitFactory(name_vi="Đơn vị D")
    UnitSuccession.objects.create(from_unit=a, to_unit=b)
    UnitSuccession.objects.create(from_unit=b, to_unit=c, takes_open_work=True)
    UnitSuccession.objects.create(from_unit=b, to_unit=d)
    alone = UnitFactory(valid_to=ENDED, name_vi="Đơn vị không kế thừa")
    _tasks(a, b, alone)
    rows = _by_unit()
    assert rows["Đơn vị C"].total == 2
    assert "Đơn vị D" not in rows
    assert rows["Đơn vị không kế thừa"].total == 1  # no successor: stays where the chain stops


def test_dashboard_link_lists_the_tasks_the_row_counts(client, planner):
    hai_duong, hai_phong = Unit.objects.get(code="P63-HAIDUONG"), Unit.objects.get(code="P34-HAIPHONG")
    open_tasks = _tasks(hai_duong, hai_phong)
    _tasks(hai_duong, status=Task.Status.DONE)
    row = _by_unit()[hai_phong.name_vi]
    client.force_login(planner)
    listed = {t.pk for t in client.get(f"/tasks/?{row.query}").context["page_obj"]}
    assert listed == {t.pk for t in open_tasks} and len(listed) == row.total


def test_officer_dashboard_of_the_successor_shows_the_ended_units_open_work(client):
    hai_duong, hai_phong = Unit.objects.get(code="P63-HAIDUONG"), Unit.objects.get(code="P34-HAIPHONG")
    (task,) = _tasks(hai_duong)
    client.force_login(officer_of(hai_phong))
    response = client.get("/dashboard/", {"year": 2026})
    assert response.status_code == 200
    labels = [row.label for row in response.context["units"]]
    assert labels == [hai_phong.name_vi]
    assert task in Task.objects.visible_to(response.wsgi_request.user)


def test_lead_unit_breakdown_queries_do_not_grow_with_successions():
    heir = UnitFactory()
    ended = [UnitFactory(valid_to=ENDED) for _ in range(8)]
    for unit in ended:
        UnitSuccession.objects.create(from_unit=unit, to_unit=heir)
    _tasks(ended[0])
    with CaptureQueriesContext(connection) as one:
        figures.by_lead_unit(Task.objects.all(), "vi")
    _tasks(*ended, *ended)
    with CaptureQueriesContext(connection) as many:
        rows = figures.by_lead_unit(Task.objects.all(), "vi")
    assert [row.total for row in rows] == [17]
    assert len(one) == len(many)


def test_ended_unit_officer_home_says_who_owes_its_work(client):
    client.force_login(officer_of(Unit.objects.get(code="P63-HAIDUONG")))
    html = client.get("/").content.decode()
    assert "30/06/2025" in html and "Bảo hiểm xã hội thành phố Hải Phòng" in html



def test_planner_home_counts_orphaned_work(client, planner, leader):
    _tasks(UnitFactory(valid_to=ENDED))
    client.force_login(planner)
    assert client.get("/").context["orphaned_count"] == 1
    client.force_login(leader)
    assert "orphaned_count" not in (client.get("/", follow=True).context or {})
