from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Portal")

    def ready(self):
        from . import tasks  # noqa: F401  registers the Celery tasks that exports.py enqueues by name
