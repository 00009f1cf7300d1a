from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Plans")

    def ready(self):
        from core.exports import register_export
        from core.signals import calendar_changed

        from .exports import PLANS_EXPORT, TASKS_EXPORT
        from .extensions import on_calendar_changed
        from .timeline import register_timeline_source
        from .timeline_deadlines import explanation_entries, extension_entries

        calendar_changed.connect(on_calendar_changed, dispatch_uid="plans.on_calendar_changed")
        register_timeline_source(extension_entries)
        register_timeline_source(explanation_entries)
        register_export(TASKS_EXPORT)
        register_export(PLANS_EXPORT)
