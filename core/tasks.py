"""Celery task of the backups (core/backup.py): thin, it calls the service.

Acknowledged early, unlike the reminders: a backup cut short by a dying worker is not run again by
another one (it could overlap the next); the next day's backup comes as usual, and the hidden
folder it left is removed. Its time limit is its own, a large database takes longer than 600 s.
"""

from celery import shared_task

from . import backup, exports


@shared_task(acks_late=False, time_limit=4 * 3600, soft_time_limit=4 * 3600 - 300)
def backup_daily() -> str:
    """Beat runs this once a day at BACKUP_SCHEDULE (CELERY_BEAT_SCHEDULE["backup"])."""
    made, _removed = backup.backup_create()
    return made.name


@shared_task(acks_late=True, time_limit=3600, soft_time_limit=3540)
def build_export(job_id: int) -> str | None:
    """A large export asked for on a list page (core/exports.py); only a queued job is built."""
    return exports.export_job_build(job_id=job_id)


@shared_task(acks_late=True)
def expire_exports() -> int:
    """Beat runs this daily: files of old exports go, their rows stay, marked expired."""
    return exports.export_jobs_expire()
