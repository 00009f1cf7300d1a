from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup_find, backup_restore, backups


class Command(BaseCommand):
    help = (
        "Restore the database and the uploaded files from a backup of BACKUP_DIR (the newest unless named), "
        "after checking its checksums. Stop the web, worker and beat processes first."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="The backup's folder name, e.g. 20261123-023000 (default: the newest).")
        parser.add_argument("--list", action="store_true", help="List the backups and check them; restore nothing.")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="Do not ask for confirmation.")

    def handle(self, *args, name=None, list=False, interactive=True, **options):
        if list:
            return self._list()
        try:
            backup = backup_find(name)
            if interactive and not self._confirmed(backup):
                raise CommandError("Nothing was restored.")
            backup_restore(backup=backup)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup {backup.name} restored: database and uploaded files."))

    def _list(self) -> None:
        found = backups()
        if not found:
            self.stdout.write(f"There is no backup in {settings.BACKUP_DIR}.")
        for backup in found:
            problems = backup.problems()
            state = "intact" if not problems else "DAMAGED: " + "; ".join(problems)
            self.stdout.write(f"{backup.name}  {backup.size:>14} bytes  {state}")

    def _confirmed(self, backup) -> bool:
        database = settings.DATABASES["default"]["NAME"]
        answer = input(
            f"This replaces the database {database} and the files of {settings.MEDIA_ROOT} with the backup "
            f"{backup.name}. Type 'yes' to continue: "
        )
        return answer.strip().lower() == "yes"
