from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .backup import BACKUP_JOB
from .documents import serve_document
from .health import run_health_checks
from .models import ExportJob, JobRun

REMINDER_SCAN_JOB = "send_reminders"
EXPORT_LIST_SIZE = 50  # the newest exports shown; older ones are expired anyway

def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # noqa: BLE001 - any failure means "down" for a health probe
        return False


def _broker_state() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    try:
        import redis

        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
        return "ok"
    except Exception:  # noqa: BLE001
        return "error"


@login_not_required
@never_cache
@require_GET
def healthz(request):
    database_ok = _database_ok()
    broker = _broker_state()
    last_scan = last_backup = None
    scan_ok = True
    if database_ok:
        runs = {run.name: run.last_success_at for run in JobRun.objects.filter(name__in=[REMINDER_SCAN_JOB, BACKUP_JOB])}
        last_scan, last_backup = runs.get(REMINDER_SCAN_JOB), runs.get(BACKUP_JOB)
        if last_scan:
            scan_ok = timezone.now() - last_scan <= settings.HEALTHZ_MAX_SCAN_AGE
    reports = run_health_checks() if database_ok else {}
    healthy = database_ok and broker != "error" and scan_ok and all(report.healthy for report in reports.values())
    payload = {
        "status": "ok" if healthy else "error",
        "database": "ok" if database_ok else "error",
        "broker": broker,
        "last_reminder_scan": last_scan.isoformat() if last_scan else None,
        "reminder_scan": "ok" if scan_ok else "stale",
        "last_backup": last_backup.isoformat() if last_backup else None,
        **{name: report.details for name, report in reports.items()},
    }
    return JsonResponse(payload, status=200 if healthy else 503)


@login_not_required
@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico on pages without an icon link (the error pages, a PDF): the static SVG."""
    return redirect(static("img/favicon.svg"))


# --- Background exports (core/exports.py) -----------------------------------------------------------


def export_list(request):
    """The user's own exports, newest first, with their progress and download links."""
    jobs = list(ExportJob.objects.visible_to(request.user)[:EXPORT_LIST_SIZE])
    return render(request, "core/export_list.html", {
        "jobs": jobs, "pending": any(job.is_pending for job in jobs), "keep_days": settings.EXPORT_KEEP_DAYS,
    })


def export_detail(request, pk):
    job = get_object_or_404(ExportJob.objects.visible_to(request.user), pk=pk)
    return render(request, "core/export_detail.html", {
        "job": job, "jobs": [job], "pending": job.is_pending, "keep_days": settings.EXPORT_KEEP_DAYS,
    })


def export_download(request, pk):
    job = get_object_or_404(ExportJob.objects.visible_to(request.user), pk=pk)
    if not job.is_downloadable:
        raise Http404
    return serve_document(job)
