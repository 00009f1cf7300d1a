from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("Dashboard")

    def ready(self):
        from core.context_processors import register_nav_count

        from . import figure_cache, mywork

        figure_cache.connect()
        mywork.connect()
        register_nav_count("my_work", lambda user: mywork.badge_counts(user)["total"])
