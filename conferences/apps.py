from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "conferences"
    verbose_name = _("Conferences")

    def ready(self):
        from core.exports import register_export
        from plans.sections import register_task_section

        from .exports import CONFERENCES_EXPORT
        from .sections import task_conferences_section

        register_task_section(task_conferences_section, order=20)
        register_export(CONFERENCES_EXPORT)
