"""Helpers for the export tests of every app: a list's Excel taken directly, or as a background job built here."""

from io import BytesIO

from django.test import override_settings
from openpyxl import load_workbook

from core.exports import export_job_build
from core.models import ExportJob


def workbook_rows(content: bytes, sheet: int = 0) -> list[tuple]:
    """The rows of one sheet, the header first."""
    book = load_workbook(BytesIO(content))
    return list(book.worksheets[sheet].iter_rows(values_only=True))


def direct_rows(client, url: str, params: dict | None = None, sheet: int = 0) -> list[tuple]:
    """The list's Excel as a direct download (no job made)."""
    response = client.get(url, {**(params or {}), "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats"), response.status_code
    assert not ExportJob.objects.exists()
    return workbook_rows(b"".join(response.streaming_content), sheet)


def job_rows(
    client, url: str, params: dict | None = None, sheet: int = 0, limit: int = 1,
) -> tuple[ExportJob, list[tuple]]:
    """Ask for the list's Excel over the background limit, build the job as the worker would, read its file."""
    with override_settings(EXPORT_BACKGROUND_ROWS=limit):
        response = client.get(url, {**(params or {}), "format": "xlsx"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert export_job_build(job_id=job.pk) == ExportJob.State.DONE
    job.refresh_from_db()
    with job.file.open("rb") as handle:
        return job, workbook_rows(handle.read(), sheet)
