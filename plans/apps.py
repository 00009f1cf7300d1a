from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Plans")

    def ready(self):
        from core.signals import calendar_changed

        from .extensions import on_calendar_changed

        calendar_changed.connect(on_calendar_changed, dispatch_uid="plans.on_calendar_changed")
