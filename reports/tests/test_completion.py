"""The lead unit's approved report at 100 % completes the task on the day of the approval."""

import datetime
import zoneinfo

import pytest
import time_machine

from plans.models import Task
from reports import services

from .factories import submitted_report

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.django_db
def test_approving_the_lead_report_at_100_percent_dates_the_completion(officer, planner, lead_assignment, q1):
    report = submitted_report(lead_assignment, q1, by=officer, progress=100, work_status=Task.Status.DONE)
    with time_machine.travel(datetime.datetime(2026, 11, 27, 10, tzinfo=HANOI), tick=False):
        services.report_approve(report=report, by=planner, expected_version=report.lock_version)
    task = Task.objects.get(pk=lead_assignment.task_id)
    assert (task.status, task.completed_on, task.completed_by) == (Task.Status.DONE, datetime.date(2026, 11, 27), planner)
    assert report.unit.code in task.completion_note
