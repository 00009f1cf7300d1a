"""Writes go through the pages' forms and services: the same rules, the same history, 409 on a stale version."""

import datetime

import pytest
from django.test import Client

from plans.models import Assignment, Task
from reports.models import ProgressReport, ReportEvent


def test_officer_writes_and_submits_their_units_report_then_it_is_in_the_review_queue(api_world, as_user):
    api = as_user(api_world.officer)
    created = api.post("/api/v1/reports/", {
        "assignment": api_world.hp_assignment.pk, "period": api_world.q2.pk, "progress": 30, "results": "Đã họp với NPS",
    })
    assert created.status_code == 201, created.json()
    report = ProgressReport.objects.get(pk=created.json()["id"])
    assert report.status == ProgressReport.Status.DRAFT and report.created_by == api_world.officer
    assert report.history.first().history_user == api_world.officer
    submitted = api.post(f"/api/v1/reports/{report.pk}/submit/", {"lock_version": created.json()["lock_version"]})
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted"
    report.refresh_from_db()
    assert report.submitted_by == api_world.officer
    assert list(report.events.values_list("action", flat=True)) == [ReportEvent.Action.SAVED, ReportEvent.Action.SUBMITTED]
    queue = as_user(api_world.planner).get("/api/v1/reports/", {"status": "submitted"}).json()["results"]
    assert report.pk in [row["id"] for row in queue]
    page = Client()
    page.force_login(api_world.planner)
    assert report.assignment.task.title in page.get("/reports/").content.decode()


def test_report_form_rules_hold_on_the_api(api_world, as_user):
    response = as_user(api_world.officer).patch(f"/api/v1/reports/{api_world.hp_draft.pk}/", {
        "lock_version": api_world.hp_draft.lock_version, "work_status": "done", "progress": 50,
    })
    assert response.status_code == 400
    assert {"pointer": "#/progress"}.items() <= response.json()["errors"][0].items()
    api_world.hp_draft.refresh_from_db()
    assert api_world.hp_draft.progress == 40  # nothing half-saved


def test_submit_without_results_is_refused(api_world, as_user):
    response = as_user(api_world.officer).post(
        f"/api/v1/reports/{api_world.hp_draft.pk}/submit/", {"lock_version": api_world.hp_draft.lock_version},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["pointer"] == "#/results"


def test_stale_version_is_a_409_with_the_current_report(api_world, as_user):
    api = as_user(api_world.officer)
    stale = api_world.hp_draft.lock_version
    assert api.patch(f"/api/v1/reports/{api_world.hp_draft.pk}/", {"lock_version": stale, "results": "Bản 1"}).status_code == 200
    conflict = api.patch(f"/api/v1/reports/{api_world.hp_draft.pk}/", {"lock_version": stale, "results": "Bản 2"})
    assert conflict.status_code == 409
    assert conflict["Content-Type"] == "application/problem+json"
    assert conflict.json()["current"]["results"] == "Bản 1"
    assert conflict.json()["current"]["lock_version"] == stale + 1


def test_officer_cannot_write_another_units_report(api_world, as_user):
    api = as_user(api_world.officer)
    assert api.patch(f"/api/v1/reports/{api_world.hn_submitted.pk}/", {"lock_version": 0}).status_code == 404
    assert api.post("/api/v1/reports/", {"assignment": api_world.hn_assignment.pk, "period": api_world.q2.pk}).status_code == 404


def test_officer_cannot_review(api_world, as_user):
    report = api_world.hp_draft
    report.results = "Đủ"
    report.save()
    api = as_user(api_world.officer)
    api.post(f"/api/v1/reports/{report.pk}/submit/", {"lock_version": report.lock_version})
    report.refresh_from_db()
    response = api.post(f"/api/v1/reports/{report.pk}/approve/", {"lock_version": report.lock_version})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED


@pytest.mark.parametrize("user", ["planner", "leader"])
def test_central_staff_cannot_write_a_units_report(api_world, as_user, user):
    response = as_user(getattr(api_world, user)).patch(
        f"/api/v1/reports/{api_world.hp_draft.pk}/", {"lock_version": 0, "results": "x"},
    )
    assert response.status_code == 403


def test_planner_approves_and_returns(api_world, as_user):
    api = as_user(api_world.planner)
    report = api_world.hn_submitted
    returned = api.post(f"/api/v1/reports/{report.pk}/return/", {"lock_version": report.lock_version})
    assert returned.status_code == 400 and returned.json()["errors"][0]["pointer"] == "#/comment"
    returned = api.post(f"/api/v1/reports/{report.pk}/return/", {"lock_version": report.lock_version, "comment": "Bổ sung"})
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    report.refresh_from_db()
    assert report.reviewed_by == api_world.planner and report.review_comment == "Bổ sung"
    stale = api.post(f"/api/v1/reports/{report.pk}/approve/", {"lock_version": 0})
    assert stale.status_code == 409


def test_leader_cannot_review(api_world, as_user):
    report = api_world.hn_submitted
    assert as_user(api_world.leader).post(
        f"/api/v1/reports/{report.pk}/approve/", {"lock_version": report.lock_version},
    ).status_code == 403


def _new_task(world, **changes):
    return {
        "plan": world.draft.pk, "objective": world.draft_objective.pk, "title": "Tham dự Diễn đàn ASSA",
        "deadline": "2025-10-31", "lead_unit": world.haiphong.pk, "coordinating_units": [world.hanoi.pk], **changes,
    }


def test_planner_creates_and_edits_a_task_of_a_draft_plan(api_world, as_user):
    api = as_user(api_world.planner)
    created = api.post("/api/v1/tasks/", _new_task(api_world))
    assert created.status_code == 201, created.json()
    task = Task.objects.get(pk=created.json()["id"])
    assert task.plan == api_world.draft and task.history.first().history_user == api_world.planner
    assert created.json()["lead_unit"] == api_world.haiphong.pk
    assert created.json()["coordinating_units"] == [api_world.hanoi.pk]
    changed = api.patch(f"/api/v1/tasks/{task.pk}/", {
        "lock_version": task.lock_version, "title": "Tham dự Diễn đàn ASSA 2025", "coordinating_units": [],
    })
    assert changed.status_code == 200, changed.json()
    task.refresh_from_db()
    assert task.title == "Tham dự Diễn đàn ASSA 2025" and task.deadline == datetime.date(2025, 10, 31)
    assert list(task.assignments.current().values_list("unit", "role")) == [(api_world.haiphong.pk, Assignment.Role.LEAD)]
    assert task.assignments.filter(removed_at__isnull=False).count() == 1  # closed, not deleted
    conflict = api.patch(f"/api/v1/tasks/{task.pk}/", {"lock_version": 0, "title": "Cũ"})
    assert conflict.status_code == 409 and conflict.json()["current"]["title"] == "Tham dự Diễn đàn ASSA 2025"


def test_task_form_rules_hold_on_the_api(api_world, as_user):
    api = as_user(api_world.planner)
    same_unit = api.post("/api/v1/tasks/", _new_task(api_world, coordinating_units=[api_world.haiphong.pk]))
    assert same_unit.status_code == 400
    assert same_unit.json()["errors"][0]["pointer"] == "#/coordinating_units"
    early = api.post("/api/v1/tasks/", _new_task(api_world, start_date="2024-01-01"))
    assert early.status_code == 400 and early.json()["errors"][0]["pointer"] == "#/start_date"
    assert not Task.objects.filter(plan=api_world.draft).exists()


def test_tasks_of_an_issued_plan_are_locked(api_world, as_user):
    api = as_user(api_world.planner)
    issued = api.post("/api/v1/tasks/", _new_task(api_world, plan=api_world.plan.pk, objective=api_world.task_hp.objective_id))
    assert issued.status_code == 400
    edit = api.patch(f"/api/v1/tasks/{api_world.task_hp.pk}/", {"lock_version": 0, "title": "x"})
    assert edit.status_code == 400
    assert "điều chỉnh" in edit.json()["errors"][0]["detail"]  # Vietnamese: no Accept-Language sent


@pytest.mark.parametrize("user,status", [("officer", 404), ("leader", 403)])
def test_only_planners_write_tasks(api_world, as_user, user, status):
    api = as_user(getattr(api_world, user))
    assert api.post("/api/v1/tasks/", _new_task(api_world)).status_code == status
    assert api.patch(f"/api/v1/tasks/{api_world.task_hp.pk}/", {"lock_version": 0}).status_code == 403
    assert not Task.objects.filter(plan=api_world.draft).exists()
