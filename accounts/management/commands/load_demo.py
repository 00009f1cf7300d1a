import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from accounts.roles import sync_role_groups


def demo_loaders():
    """Each app's `demo.load`, in INSTALLED_APPS order (which is dependency order)."""
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.demo":
                continue
            raise
        yield config.name, module.load


class Command(BaseCommand):
    help = "Load the units, demo accounts and demo content of every feature (idempotent)."

    def handle(self, *args, **options):
        # Demo workflows (approved and returned reports…) must not e-mail anyone.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
            sync_role_groups()
            for name, load in demo_loaders():
                load(stdout=self.stdout)
                self.stdout.write(f"  {name}: demo data loaded")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
