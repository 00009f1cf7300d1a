from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications and reminders")

    def ready(self):
        from core.health import HealthReport, register_health_check

        from . import tasks  # noqa: F401  registers the Celery tasks that services.py enqueues by name
        from .models import ReminderDispatch

        # Counts only: a refused mailbox is a reminder's problem, not the portal's, so /healthz stays 200.
        register_health_check("reminder_emails", lambda: HealthReport(ReminderDispatch.objects.email_counts()))
