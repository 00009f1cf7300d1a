"""The work list's and the review queue's Excel: directly when small, a background job when large, holding
only what the owner's list shows."""

import pytest
from django.urls import reverse

from core.tests.exports import direct_rows, job_rows
from reports.tests.factories import submitted_report

pytestmark = pytest.mark.django_db


def test_work_list_export_below_the_limit_downloads_directly(client, officer, lead_assignment, coordinating_assignment):
    client.force_login(officer)
    rows = direct_rows(client, reverse("reports:report_list"))
    assert len(rows) == 1 + 6 and {row[2] for row in rows[1:]} == {officer.unit.name}


def test_work_list_export_job_holds_only_the_owners_unit_work(client, officer, lead_assignment, coordinating_assignment):
    client.force_login(officer)
    job, rows = job_rows(client, reverse("reports:report_list"))
    assert (job.kind, job.rows_total) == ("reports.work", 6)
    assert rows[0][:3] == ("Kế hoạch", "Nhiệm vụ", "Đơn vị") and rows[1][5] == "Chưa viết"
    assert len(rows) == 1 + 6 and {row[2] for row in rows[1:]} == {officer.unit.name}


def test_review_queue_export_job_keeps_the_filter(
    client, planner, officer, other_officer, lead_assignment, coordinating_assignment, q1,
):
    mine = submitted_report(lead_assignment, q1, by=officer)
    submitted_report(coordinating_assignment, q1, by=other_officer)
    client.force_login(planner)
    assert len(direct_rows(client, reverse("reports:report_list"))) == 1 + 2
    job, rows = job_rows(client, reverse("reports:report_list"), {"unit": officer.unit_id}, limit=0)
    assert (job.kind, job.query, job.rows_total) == ("reports.review", f"unit={officer.unit_id}", 1)
    assert rows[0][2] == "Đơn vị" and rows[1][6] == mine.get_status_display() == "Đã gửi"
    assert [row[2] for row in rows[1:]] == [officer.unit.name]
