"""Backups of the database and of the uploaded files (MEDIA_ROOT), and their restore.

A backup is a folder of BACKUP_DIR named by its local time (e.g. 20261123-023000) that holds
`database.dump` (PostgreSQL: pg_dump's custom format, restored with pg_restore; written by
django-dbbackup, which also writes `database.dump.metadata`), `media.tar` (every uploaded file) and
`SHA256SUMS` (the format `sha256sum -c` reads). It is written to a hidden folder and renamed when
complete, so a failed backup never counts as one; after each backup only the BACKUP_KEEP newest
are kept. A restore checks every checksum before it touches anything.

Run by `manage.py backup` / `manage.py restore` and by Celery beat (core.tasks.backup_daily).
"""

import datetime
import hashlib
import logging
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from .models import JobRun

BACKUP_JOB = "backup"  # its JobRun, shown by /healthz
DATABASE_FILE = "database.dump"
MEDIA_FILE = "media.tar"
CHECKSUMS = "SHA256SUMS"
PARTIAL_PREFIX = ".partial-"
NAME = re.compile(r"^\d{8}-\d{6}(-\d+)?$")
ABANDONED_AFTER = datetime.timedelta(days=1)

logger = logging.getLogger(__name__)


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class Backup:
    path: Path

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def size(self) -> int:
        return sum(file.stat().st_size for file in self.path.iterdir() if file.is_file())

    def checksums(self) -> dict[str, str]:
        """File name → SHA-256 as recorded when the backup was made."""
        recorded = {}
        for line in (self.path / CHECKSUMS).read_text().splitlines():
            digest, _, name = line.partition("  ")
            recorded[name] = digest
        return recorded

    def problems(self) -> list[str]:
        """What does not match the recorded checksums (nothing: the backup is intact)."""
        try:
            recorded = self.checksums()
        except OSError as exc:
            return [f"{CHECKSUMS}: {exc.strerror}"]
        found = []
        for name in (DATABASE_FILE, MEDIA_FILE):
            if name not in recorded:
                found.append(f"{name}: not in {CHECKSUMS}")
        for name, digest in recorded.items():
            file = self.path / name
            if Path(name).name != name or not file.is_file():
                found.append(f"{name}: missing")
            elif sha256(file) != digest:
                found.append(f"{name}: checksum mismatch")
        return found


def sha256(file: Path) -> str:
    digest = hashlib.sha256()
    with file.open("rb") as stream:
        for block in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def backup_dir() -> Path:
    return Path(settings.BACKUP_DIR)


def backups() -> list[Backup]:
    """The complete backups in BACKUP_DIR, newest first."""
    root = backup_dir()
    if not root.is_dir():
        return []
    found = [Backup(path) for path in root.iterdir() if path.is_dir() and NAME.match(path.name) and (path / CHECKSUMS).exists()]
    return sorted(found, key=lambda backup: _sort_key(backup.name), reverse=True)


def _sort_key(name: str) -> tuple[str, int]:
    """20261123-023000 before 20261123-023000-2 (a second backup within the same second)."""
    return name[:15], int(name[16:] or 1)


def backup_find(name: str | None = None) -> Backup:
    """The backup of that name, or the newest one."""
    found = backups()
    if name is None:
        if not found:
            raise BackupError(f"There is no backup in {backup_dir()}.")
        return found[0]
    for backup in found:
        if backup.name == name:
            return backup
    raise BackupError(f"There is no backup {name} in {backup_dir()}.")


def backup_create(*, keep: int | None = None) -> tuple[Backup, list[Backup]]:
    """Back up the database and the uploaded files; (the new backup, the old ones removed)."""
    keep = settings.BACKUP_KEEP if keep is None else keep
    if keep < 1:
        raise BackupError("At least one backup must be kept.")
    root = backup_dir()
    root.mkdir(parents=True, exist_ok=True)
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    _remove_abandoned(root)
    name = _new_name(root)
    partial = root / f"{PARTIAL_PREFIX}{name}"
    partial.mkdir()
    try:
        call_command("dbbackup", output_path=str(partial / DATABASE_FILE), quiet=True)
        call_command("mediabackup", output_path=str(partial / MEDIA_FILE), quiet=True)
        files = sorted(file.name for file in partial.iterdir())
        (partial / CHECKSUMS).write_text("".join(f"{sha256(partial / file)}  {file}\n" for file in files))
        partial.rename(root / name)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    backup = Backup(root / name)
    JobRun.objects.update_or_create(name=BACKUP_JOB, defaults={"last_success_at": timezone.now()})
    removed = backup_prune(keep=keep)
    logger.info("Backup %s written (%s bytes); %s old ones removed", backup.path, backup.size, len(removed))
    return backup, removed


def _new_name(root: Path) -> str:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    name, counter = stamp, 1
    while (root / name).exists() or (root / f"{PARTIAL_PREFIX}{name}").exists():
        counter += 1
        name = f"{stamp}-{counter}"
    return name


def _remove_abandoned(root: Path) -> None:
    """Hidden folders of backups that died more than a day ago (a running one is younger)."""
    for path in root.glob(f"{PARTIAL_PREFIX}*"):
        if path.is_dir() and time.time() - path.stat().st_mtime > ABANDONED_AFTER.total_seconds():
            shutil.rmtree(path, ignore_errors=True)


def backup_prune(*, keep: int) -> list[Backup]:
    """Remove all but the `keep` newest backups; the ones removed. Nothing else in BACKUP_DIR is touched."""
    removed = backups()[keep:]
    for backup in removed:
        shutil.rmtree(backup.path)
    return removed


def backup_restore(*, backup: Backup) -> None:
    """Replace the database and the uploaded files with those of an intact backup.

    The database's tables are dropped and recreated from the dump (pg_restore --clean --if-exists, in
    one transaction); every file of the backup is written back to MEDIA_ROOT, replacing a file of the
    same name (files uploaded after the backup stay, unreferenced).
    """
    problems = backup.problems()
    if problems:
        raise BackupError(f"Backup {backup.name} is damaged, nothing was restored: " + "; ".join(problems))
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    call_command("dbrestore", input_path=str(backup.path / DATABASE_FILE), interactive=False, quiet=True)
    call_command("mediarestore", input_path=str(backup.path / MEDIA_FILE), interactive=False, replace=True, quiet=True)
    logger.info("Backup %s restored", backup.path)
