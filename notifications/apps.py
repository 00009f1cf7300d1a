from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications and reminders")

    def ready(self):
        from . import receivers, tasks  # noqa: F401  tasks: registers the Celery tasks that services.py enqueues by name

        receivers.connect()
