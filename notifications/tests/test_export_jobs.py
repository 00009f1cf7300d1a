"""Large exports as background jobs (core/exports.py): the switch in the list view, the worker's file
(exactly the user's rows), its progress, the notice, the owner-only pages, the expiry."""

import dataclasses
import datetime
from io import BytesIO
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import User
from core import exports
from core.models import ExportJob
from notifications.models import Notification
from plans.tests.factories import ObjectiveFactory, PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks_of_two_units(unit, other_unit):
    plan = PlanFactory(year=2024)
    objective = ObjectiveFactory(plan=plan)
    own = [TaskFactory(objective=objective, lead=unit, title=f"Của đơn vị {n}") for n in range(3)]
    TaskFactory(objective=objective, lead=other_unit, title="Của đơn vị khác")
    return own


def _start(client, user, settings, django_capture_on_commit_callbacks, query="format=xlsx", limit=1):
    settings.EXPORT_BACKGROUND_ROWS = limit
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(f"/tasks/?{query}")
    return response


def _titles(job):
    job.file.open("rb")
    try:
        sheet = load_workbook(BytesIO(job.file.read())).active
    finally:
        job.file.close()
    return {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}


def test_export_below_the_limit_downloads_directly(client, officer, settings, tasks_of_two_units):
    settings.EXPORT_BACKGROUND_ROWS = 3
    client.force_login(officer)
    response = client.get("/tasks/", {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not ExportJob.objects.exists()


def test_export_above_the_limit_redirects_to_the_job(
    client, officer, settings, tasks_of_two_units, django_capture_on_commit_callbacks,
):
    response = _start(client, officer, settings, django_capture_on_commit_callbacks, query="format=xlsx&page=2&q=don")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/exports/{job.pk}/"
    assert (job.owner, job.kind, job.query, job.rows_total) == (officer, "plans.tasks", "q=don", 3)
    assert "Tệp xuất này có 3 dòng" in client.get(response["Location"]).content.decode()


def test_officer_export_job_holds_only_own_unit_rows(
    client, officer, settings, tasks_of_two_units, django_capture_on_commit_callbacks,
):
    _start(client, officer, settings, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert job.state == ExportJob.State.DONE and job.finished_at is not None
    assert _titles(job) == {task.title for task in tasks_of_two_units}
    assert (job.rows_done, job.original_name, job.uploaded_by) == (3, "nhiem-vu.xlsx", officer)


def test_export_job_keeps_the_filter(client, officer, settings, tasks_of_two_units, django_capture_on_commit_callbacks):
    _start(client, officer, settings, django_capture_on_commit_callbacks, query="format=xlsx&q=don+vi+1", limit=0)
    assert _titles(ExportJob.objects.get()) == {"Của đơn vị 1"}


def test_export_job_records_progress_every_n_rows(officer, settings, tasks_of_two_units):
    settings.EXPORT_PROGRESS_ROWS = 1
    job = ExportJob.objects.create(owner=officer, kind="plans.tasks", title="Nhiệm vụ", rows_total=3)
    with CaptureQueriesContext(connection) as queries:
        assert exports.export_job_build(job_id=job.pk) == ExportJob.State.DONE
    progress = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('UPDATE "core_exportjob" SET "rows_done"')]
    assert len(progress) == 3
    job.refresh_from_db()
    assert (job.rows_done, job.percent) == (3, 100)


def test_export_job_is_built_once(officer, tasks_of_two_units):
    job = ExportJob.objects.create(owner=officer, kind="plans.tasks", title="Nhiệm vụ", rows_total=3)
    assert exports.export_job_build(job_id=job.pk) == ExportJob.State.DONE
    assert exports.export_job_build(job_id=job.pk) is None
    assert Notification.objects.filter(recipient=officer).count() == 1


def test_finished_export_notifies_its_owner_with_the_link(
    client, officer, settings, tasks_of_two_units, django_capture_on_commit_callbacks,
):
    _start(client, officer, settings, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    notice = Notification.objects.get(recipient=officer)
    assert notice.url == f"/exports/{job.pk}/" and notice.target == job
    assert notice.title.startswith("Tệp xuất của bạn đã sẵn sàng")
    assert notice.title in client.get("/notifications/").content.decode()


def test_failed_export_is_recorded_and_notified(officer, monkeypatch):
    job = ExportJob.objects.create(owner=officer, kind="plans.tasks", title="Nhiệm vụ", rows_total=3)

    def broken(book, tasks, progress):
        raise RuntimeError("disk full")

    monkeypatch.setitem(exports.EXPORTS, "plans.tasks", dataclasses.replace(exports.EXPORTS["plans.tasks"], write=broken))
    assert exports.export_job_build(job_id=job.pk) == ExportJob.State.FAILED
    job.refresh_from_db()
    assert not job.file and job.finished_at is not None
    assert Notification.objects.get(recipient=officer).title.startswith("Không tạo được tệp xuất")


def test_export_job_and_download_are_owner_only(
    client, officer, make_user, settings, tasks_of_two_units, django_capture_on_commit_callbacks,
):
    _start(client, officer, settings, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    page = client.get(f"/exports/{job.pk}/")
    assert 'role="progressbar"' in page.content.decode() and 'aria-valuenow="100"' in page.content.decode()
    download = client.get(f"/exports/{job.pk}/download/")
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content)[:2] == b"PK"
    for role in (User.Role.UNIT_OFFICER, User.Role.ADMINISTRATOR, User.Role.LEADERSHIP):
        client.force_login(make_user(role))
        assert client.get(f"/exports/{job.pk}/").status_code == 404
        assert client.get(f"/exports/{job.pk}/download/").status_code == 404
        assert f'id="export-{job.pk}"' not in client.get("/exports/").content.decode()


def test_pending_export_page_refreshes_itself(client, officer):
    job = ExportJob.objects.create(owner=officer, kind="plans.tasks", title="Nhiệm vụ", rows_total=200, rows_done=50)
    client.force_login(officer)
    html = client.get("/exports/").content.decode()
    assert 'data-refresh="/exports/"' in html and 'aria-valuenow="25"' in html
    assert 'href="/exports/" aria-current="page">Tệp xuất của tôi<' in html  # the user menu leads here
    assert client.get(f"/exports/{job.pk}/download/").status_code == 404


def test_old_export_files_expire_and_the_job_stays(officer, tasks_of_two_units, client):
    job = ExportJob.objects.create(owner=officer, kind="plans.tasks", title="Nhiệm vụ", rows_total=3)
    exports.export_job_build(job_id=job.pk)
    job.refresh_from_db()
    stored = job.file.path
    assert exports.export_jobs_expire(now=timezone.now() + datetime.timedelta(days=1)) == 0
    assert exports.export_jobs_expire(now=timezone.now() + datetime.timedelta(days=8)) == 1
    job.refresh_from_db()
    assert job.state == ExportJob.State.EXPIRED and job.removed_at is not None
    assert not Path(stored).exists()
    client.force_login(officer)
    assert client.get(f"/exports/{job.pk}/download/").status_code == 404
    assert "Đã hết hạn" in client.get("/exports/").content.decode()
    assert exports.export_jobs_expire(now=timezone.now() + datetime.timedelta(days=9)) == 0


def test_export_list_queries_are_constant(client, officer):
    client.force_login(officer)

    def queries_with(count):
        ExportJob.objects.bulk_create(
            ExportJob(owner=officer, kind="plans.tasks", title=f"Xuất {n}", rows_total=10) for n in range(count)
        )
        client.get("/exports/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/exports/").status_code == 200
        return len(captured)

    assert queries_with(1) == queries_with(20)


def test_export_that_lost_its_worker_is_marked_failed(officer):
    stuck = ExportJob.objects.create(owner=officer, kind="plans.tasks", title="Nhiệm vụ", state=ExportJob.State.RUNNING)
    fresh = ExportJob.objects.create(owner=officer, kind="plans.tasks", title="Nhiệm vụ")
    ExportJob.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))
    exports.export_jobs_expire()
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert (stuck.state, fresh.state) == (ExportJob.State.FAILED, ExportJob.State.QUEUED)
    assert stuck.finished_at is not None
