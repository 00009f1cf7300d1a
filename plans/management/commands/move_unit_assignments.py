from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import Unit
from plans.services import assignments_move_to_successor, unit_move_plan


class Command(BaseCommand):
    help = (
        "Rewrite the open task assignments of units that have ended to the unit that carries their work "
        "(the end of the succession chain, e.g. Hải Dương → Hải Phòng from 01/07/2025). Not needed for the "
        "work to follow: work lists, reports and reminders follow the chain by themselves. Past reports stay "
        "with the old unit. Refuses a target unit with no active focal officer unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="unit codes; default: every ended unit that has a successor")
        parser.add_argument("--dry-run", action="store_true", help="print what would move, change nothing")
        parser.add_argument("--force", action="store_true", help="move even into a unit with no active focal officer")

    def handle(self, *args, codes, dry_run, force, **options):
        if codes:
            units = list(Unit.objects.filter(code__in=codes).order_by("code"))
            unknown = set(codes) - {u.code for u in units}
            if unknown:
                raise CommandError(f"Unknown unit codes: {', '.join(sorted(unknown))}")
        else:
            ended = Unit.objects.filter(valid_to__lt=timezone.localdate(), successors__isnull=False)
            units = list(ended.distinct().order_by("code"))
        total, refused = 0, []
        for unit in units:
            move = unit_move_plan(unit=unit)
            if not move.assignments and not codes:
                continue
            target = move.target.code if move.target else "—"
            if move.refusal and not (force and move.forceable):
                refused.append(unit.code)
                self.stderr.write(f"{unit.code} → {target}: {len(move.assignments)} open assignment(s) not moved: {move.refusal}"
                                  + (" (--force moves them anyway)" if move.forceable else ""))
                continue
            verb = "would move" if dry_run else "moved"
            if dry_run:
                count = len(move.assignments)
            else:
                try:
                    count = assignments_move_to_successor(unit=unit, force=force)
                except ValidationError as exc:  # the units changed since the plan above
                    raise CommandError("; ".join(exc.messages)) from exc
            self.stdout.write(f"{unit.code} → {target}: {count} open assignment(s) {verb}")
            for assignment in move.assignments:
                self.stdout.write(f"  - {assignment.task} ({assignment.get_role_display()})")
            total += count
        summary = f"{total} assignment(s) {'would move' if dry_run else 'moved'}."
        if refused:
            raise CommandError(f"{summary} Not moved: {', '.join(refused)}.")
        self.stdout.write(self.style.SUCCESS(summary))
