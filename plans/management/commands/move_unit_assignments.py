from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import Unit
from plans.services import assignments_move_to_successor


class Command(BaseCommand):
    help = (
        "Move the open task assignments of units that have ended to their successors "
        "(e.g. Hải Dương → Hải Phòng from 01/07/2025). Past reports stay with the old unit."
    )

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="unit codes; default: every ended unit that has a successor")

    def handle(self, *args, codes, **options):
        if codes:
            units = list(Unit.objects.filter(code__in=codes))
            unknown = set(codes) - {u.code for u in units}
            if unknown:
                raise CommandError(f"Unknown unit codes: {', '.join(sorted(unknown))}")
        else:
            units = list(Unit.objects.filter(valid_to__lt=timezone.localdate(), successors__isnull=False).distinct())
        total = 0
        for unit in units:
            try:
                moved = assignments_move_to_successor(unit=unit)
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
            if moved:
                self.stdout.write(f"{unit.code}: {moved} open assignment(s) moved to its successor")
            total += moved
        self.stdout.write(self.style.SUCCESS(f"{total} assignment(s) moved."))
