from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users and organisation units")

    def ready(self):
        from . import signals  # noqa: F401
        from .roles import sync_role_groups_after_migrate

        post_migrate.connect(sync_role_groups_after_migrate)
