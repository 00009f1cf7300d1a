from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications and reminders")

    def ready(self):
        from core.health import HealthReport, register_health_check
        from discussions.signals import post_published

        from . import receivers, tasks  # noqa: F401  tasks: registers the Celery tasks that services.py enqueues by name
        from .models import ReminderDispatch

        receivers.connect()
        post_published.connect(_on_post_published, dispatch_uid="notifications.record_thread_post")
        # Counts only: a refused mailbox is a reminder's problem, not the portal's, so /healthz stays 200.
        register_health_check("reminder_emails", lambda: HealthReport(ReminderDispatch.objects.email_counts()))


def _on_post_published(sender, post_id, **kwargs):
    from .tasks import record_thread_post

    record_thread_post.delay(post_id=post_id)
