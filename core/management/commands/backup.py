from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files to a new folder of BACKUP_DIR, with a SHA256SUMS file; "
        "then keep only the BACKUP_KEEP newest backups."
    )

    def add_arguments(self, parser):
        parser.add_argument("--keep", type=int, help="How many backups to keep (default: BACKUP_KEEP).")

    def handle(self, *args, keep=None, **options):
        try:
            backup, removed = backup_create(keep=keep)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backup {backup.name} written to {backup.path} ({backup.size} bytes):")
        for name, digest in backup.checksums().items():
            self.stdout.write(f"  {name}  sha256 {digest}")
        for old in removed:
            self.stdout.write(f"Removed the old backup {old.name}.")
        self.stdout.write(self.style.SUCCESS("Backup done."))
