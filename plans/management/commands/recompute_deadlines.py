from django.core.management.base import BaseCommand
from django.db import transaction

from plans.extensions import tasks_refresh_deadlines


class Command(BaseCommand):
    help = (
        "Recompute every task's effective deadline (approved extension, working-day calendar, the portal's "
        "next-working-day setting), e.g. after the holidays package was upgraded. Idempotent."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            changed = tasks_refresh_deadlines()
        self.stdout.write(self.style.SUCCESS(f"{changed} task(s) had their effective deadline recomputed."))
