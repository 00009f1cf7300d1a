from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from core.roles import sync_role_groups

# Each app's demo content, in dependency order; each loader is idempotent.
DEMO_LOADERS = [
    "accounts.demo.load",
]


class Command(BaseCommand):
    help = "Load the units, demo accounts and demo content of every feature (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            sync_role_groups()
            for path in DEMO_LOADERS:
                import_string(path)(stdout=self.stdout)
                self.stdout.write(f"  loaded {path.rsplit('.', 2)[0]}")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
