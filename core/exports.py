"""Large Excel exports as background jobs: one builder, two ways out.

An app registers each export once (`register_export`): how to get the user's filtered rows back from a
query string (through the model's `visible_to`, so a worker sees exactly what the user would), and how to
write them into a `core.excel.Book`. `export_response` is what a list view returns for `?format=xlsx`: the
workbook straight away when the rows are at most EXPORT_BACKGROUND_ROWS (counted with the same queryset),
otherwise an `ExportJob` the worker builds (`export_job_build`, Celery task `core.tasks.build_export`,
enqueued by name) with the same writer, recording its progress every EXPORT_PROGRESS_ROWS rows. An export of personal data
also registers `shown`, called on both ways out for the user the file is made for (the access log). When the job
ends, `export_finished` is sent: the notifications app tells the user (core never knows it). Files older
than EXPORT_KEEP_DAYS are dropped by `export_jobs_expire`; the job rows stay, marked expired.
"""

import datetime
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from celery import current_app
from django.conf import settings
from django.contrib import messages
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import Signal
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .excel import XLSX, Book
from .models import ExportJob

logger = logging.getLogger(__name__)
BUILD_TASK = "core.tasks.build_export"
IGNORED_PARAMETERS = ("format", "page")

export_finished = Signal()  # sender=ExportJob, job=ExportJob (done or failed); sent after its row is saved

Progress = Callable[[Iterable], Iterator]


@dataclass(frozen=True)
class Export:
    kind: str
    filename: str
    title: Callable[[], str]
    rows: Callable[..., QuerySet]  # rows(user, params: QueryDict) -> the user's filtered, visible queryset
    write: Callable[..., None]  # write(book, queryset, progress): adds the sheets, each row iterable wrapped in progress
    # shown(user, queryset, query): called once the workbook is made, directly or by the job, for the user it is
    # made for — where an export of personal data records who was shown it (the same for both ways out).
    shown: Callable[..., None] | None = None


EXPORTS: dict[str, Export] = {}


def register_export(export: Export) -> None:
    """Called from an app's AppConfig.ready(); the kind is stored on the job, so keep it stable."""
    EXPORTS[export.kind] = export


def _unchanged(rows: Iterable) -> Iterator:
    return iter(rows)


def export_query(params: QueryDict) -> str:
    """The filter of a list as a query string, without the export switch and the page."""
    query = params.copy()
    for name in IGNORED_PARAMETERS:
        query.pop(name, None)
    return query.urlencode()


def export_response(request, kind: str, queryset: QuerySet) -> HttpResponse:
    """The workbook of `queryset` (already the user's visible, filtered rows), or a background job when large."""
    export = EXPORTS[kind]
    total = queryset.count()
    if total <= settings.EXPORT_BACKGROUND_ROWS:
        book = Book()
        export.write(book, queryset, _unchanged)
        _shown(export, request.user, queryset, export_query(request.GET))
        return book.response(export.filename)
    job = export_job_start(by=request.user, kind=kind, query=export_query(request.GET), total=total)
    messages.info(request, _(
        "This export has %(count)s rows: it is being prepared in the background. You will be notified when it "
        "is ready to download."
    ) % {"count": number_format(total, force_grouping=True)})
    return redirect(job)


def _shown(export: Export, user, queryset: QuerySet, query: str) -> None:
    if export.shown is not None:
        export.shown(user, queryset, query)


@transaction.atomic
def export_job_start(*, by, kind: str, query: str, total: int) -> ExportJob:
    export = EXPORTS[kind]
    job = ExportJob.objects.create(
        owner=by, kind=kind, title=str(export.title()), query=query, rows_total=total,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    current_app.tasks[BUILD_TASK].delay_on_commit(job_id=job.pk)
    return job


def _progress(job_id: int, every: int) -> Progress:
    written = [0]

    def counted(rows: Iterable) -> Iterator:
        for row in rows:
            yield row
            written[0] += 1
            if written[0] % every == 0:
                ExportJob.objects.filter(pk=job_id).update(rows_done=written[0])

    counted.written = written
    return counted


def export_job_build(*, job_id: int) -> str | None:
    """Build a queued job's workbook for its owner and store it. Returns the final state, or None when
    the job is gone or another run claimed it (only a queued job is claimed, by a conditional UPDATE)."""
    if not ExportJob.objects.filter(pk=job_id, state=ExportJob.State.QUEUED).update(state=ExportJob.State.RUNNING):
        return None
    job = ExportJob.objects.select_related("owner").get(pk=job_id)
    progress = _progress(job.pk, settings.EXPORT_PROGRESS_ROWS)
    try:
        export = EXPORTS[job.kind]
        with translation.override(job.language):
            book, rows = Book(), export.rows(job.owner, QueryDict(job.query))
            export.write(book, rows, progress)
            _shown(export, job.owner, rows, job.query)
            handle = book.save()
        try:
            job.file.save(f"{uuid.uuid4().hex}.xlsx", File(handle), save=False)
        finally:
            handle.close()
        job.original_name, job.content_type, job.size = export.filename, XLSX, job.file.size
        job.uploaded_by, job.uploaded_at = job.owner, timezone.now()
        job.state = ExportJob.State.DONE
    except Exception:
        logger.exception("Export job %s (%s) failed", job.pk, job.kind)
        job.state = ExportJob.State.FAILED
    job.rows_done, job.finished_at = progress.written[0], timezone.now()
    job.save()
    export_finished.send(sender=ExportJob, job=job)
    return job.state


def export_jobs_expire(*, now: datetime.datetime | None = None) -> int:
    """Drop the files of exports finished more than EXPORT_KEEP_DAYS ago; the rows stay, marked expired.
    A job still queued or running a day after it was asked for lost its worker: it is marked failed."""
    now = now or timezone.now()
    ExportJob.objects.filter(
        state__in=(ExportJob.State.QUEUED, ExportJob.State.RUNNING), created_at__lt=now - datetime.timedelta(days=1),
    ).update(state=ExportJob.State.FAILED, finished_at=now)
    cutoff = now - datetime.timedelta(days=settings.EXPORT_KEEP_DAYS)
    expired = 0
    for job in ExportJob.objects.filter(state=ExportJob.State.DONE, finished_at__lt=cutoff).iterator():
        claimed = ExportJob.objects.filter(pk=job.pk, state=ExportJob.State.DONE)
        if claimed.update(state=ExportJob.State.EXPIRED, removed_at=timezone.now()):
            if job.file:
                job.file.delete(save=False)
            expired += 1
    return expired
