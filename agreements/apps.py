from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements")

    def ready(self):
        from core.exports import register_export

        from .exports import AGREEMENTS_EXPORT, CERTIFICATES_EXPORT

        register_export(AGREEMENTS_EXPORT)
        register_export(CERTIFICATES_EXPORT)
