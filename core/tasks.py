"""Celery task of the backups (core/backup.py): thin, it calls the service.

Acknowledged early, unlike the reminders: a backup cut short by a dying worker is not run again by
another one (it could overlap the next); the next day's backup comes as usual, and the hidden
folder it left is removed. Its time limit is its own, a large database takes longer than 600 s.
"""

from celery import shared_task

from . import backup


@shared_task(acks_late=False, time_limit=4 * 3600, soft_time_limit=4 * 3600 - 300)
def backup_daily() -> str:
    """Beat runs this once a day at BACKUP_SCHEDULE (CELERY_BEAT_SCHEDULE["backup"])."""
    made, _removed = backup.backup_create()
    return made.name
