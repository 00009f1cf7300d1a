"""The plan list's Excel: directly when small, a background job (only the owner's plans) when large."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.tests.factories import UnitFactory
from core.tests.exports import direct_rows, job_rows, workbook_rows
from plans.models import Assignment

from .factories import PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans_of_two_units(unit, other_unit):
    own = [TaskFactory(lead=unit, objective__plan=PlanFactory(title=f"Kế hoạch của đơn vị {n}")).plan for n in range(2)]
    TaskFactory(lead=other_unit, objective__plan=PlanFactory(title="Kế hoạch của đơn vị khác"))
    return own


def test_plan_export_below_the_limit_downloads_directly(client, officer, plans_of_two_units):
    client.force_login(officer)
    rows = direct_rows(client, "/plans/")
    assert rows[0][0] == "Số"
    assert {row[4] for row in rows[1:]} == {plan.title for plan in plans_of_two_units}


def test_plan_export_job_holds_only_the_owners_plans_in_vietnamese(client, officer, plans_of_two_units):
    client.force_login(officer)
    job, rows = job_rows(client, "/plans/")
    assert (job.kind, job.rows_total, job.original_name) == ("plans.plans", 2, "ke-hoach.xlsx")
    assert rows[0][0] == "Số" and rows[0][6] == "Trạng thái"
    assert {row[4] for row in rows[1:]} == {plan.title for plan in plans_of_two_units}


def test_task_export_names_current_units_in_name_order_in_the_users_language(client, leader):
    lead = UnitFactory(name_vi="Vụ Hợp tác quốc tế", name_en="International Cooperation Department")
    second, first, removed = (UnitFactory(name_vi=f"{n} Bảo hiểm xã hội", name_en=f"{n} Social Security") for n in "BAC")
    task = TaskFactory(lead=lead, coordinating=[second, first, removed])
    Assignment.objects.filter(task=task, unit=removed).update(removed_at=timezone.now())
    TaskFactory(title="Không có đơn vị phối hợp")
    client.force_login(leader)
    rows = {row[2]: row for row in direct_rows(client, "/tasks/")[1:]}
    assert rows[task.title][6:8] == ("Vụ Hợp tác quốc tế", "A Bảo hiểm xã hội, B Bảo hiểm xã hội")
    assert rows["Không có đơn vị phối hợp"][7] is None
    client.post("/i18n/setlang/", {"language": "en"})
    english = {row[2]: row for row in workbook_rows(client.get("/tasks/", {"format": "xlsx"}).getvalue())[1:]}
    assert english[task.title][6:8] == ("International Cooperation Department", "A Social Security, B Social Security")


@pytest.mark.parametrize("url", ["/tasks/", "/plans/"])
def test_export_queries_do_not_grow_with_the_rows(client, leader, unit, other_unit, url):
    def queries_for_export() -> int:
        with CaptureQueriesContext(connection) as queries:
            direct_rows(client, url)
        return len(queries)

    client.force_login(leader)
    TaskFactory(lead=unit, coordinating=[other_unit])
    one = queries_for_export()
    for _ in range(6):
        TaskFactory(lead=unit, coordinating=[other_unit], objective__plan=PlanFactory())
    assert queries_for_export() == one
