"""Celery tasks of the reminders: thin, they take ids and call notifications.services.

All run under the settings' time limits (CELERY_TASK_TIME_LIMIT 600 s), well below the broker's
visibility timeout (3600 s), and are acknowledged late, so a killed worker's task runs again.
Mail-server errors never fail a task: they are recorded on each reminder (services.dispatch_email).
"""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def scan_reminders() -> int:
    """Beat runs this every 30 minutes (CELERY_BEAT_SCHEDULE); it is idempotent."""
    return services.reminders_scan().total


@shared_task(acks_late=True)
def deliver_reminders(dispatch_ids: list[int]) -> None:
    """Deliver a batch of recorded reminders: in the portal, then each e-mail on its own."""
    services.reminders_deliver(dispatch_ids=dispatch_ids)


@shared_task(acks_late=True)
def retry_reminder_emails() -> int:
    """Beat runs this every minute: e-mails whose retry has come due go to the workers again."""
    return len(services.reminder_emails_requeue())


@shared_task(acks_late=True)
def record_thread_post(post_id: int) -> int:
    """A post was published (discussions.signals.post_published): tell whom it concerns."""
    return services.thread_post_record(post_id=post_id)
