"""Celery tasks of the reminders: thin, they take ids and call notifications.services.

Both run under the settings' time limits (CELERY_TASK_TIME_LIMIT 600 s), well below the broker's
visibility timeout (3600 s), and are acknowledged late, so a killed worker's task runs again.
"""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def scan_reminders() -> int:
    """Beat runs this every 30 minutes (CELERY_BEAT_SCHEDULE); it is idempotent."""
    return services.reminders_scan().total


@shared_task(bind=True, acks_late=True, max_retries=5, retry_backoff=True, retry_backoff_max=600, retry_jitter=True)
def deliver_reminders(self, dispatch_ids: list[int]) -> None:
    """Deliver a batch of recorded reminders; after a mail-server error, retry the rest with backoff."""
    for index, dispatch_id in enumerate(dispatch_ids):
        try:
            services.dispatch_deliver(dispatch_id=dispatch_id)
        except OSError as exc:  # SMTPException or a refused connection; the claim was released
            raise self.retry(exc=exc, kwargs={"dispatch_ids": dispatch_ids[index:]}) from exc
