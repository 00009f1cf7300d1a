"""Backups (core/backup.py, `manage.py backup` / `restore`): the round trip on the real PostgreSQL,
retention, checksums, and the daily schedule."""

import hashlib
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from accounts.models import User
from conftest import unavailable
from core import backup as backups_module
from core.backup import CHECKSUMS, DATABASE_FILE, MEDIA_FILE, backup_prune, backups
from core.tasks import backup_daily

UPLOADS = {
    "reports/2026/11/Báo cáo tiến độ quý IV.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 40,
    "agreements/Hiệp định BHXH Việt Nam – Hàn Quốc.docx": b"PK\x03\x04" + b"\x00\xff" * 3000,
    "conferences/2024/anh-hoi-nghi.png": b"\x89PNG\r\n\x1a\n" + b"\x10" * 5000,
}


@pytest.fixture
def folders(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from the database itself
            counts[table] = cursor.fetchone()[0]
    return counts


def file_checksums(root: Path) -> dict[str, str]:
    files = (path for path in root.rglob("*") if path.is_file())
    return {str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest() for path in files}


def empty_database_and_media(media_root: Path) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    shutil.rmtree(media_root)


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_on_postgresql(folders, client):
    if connection.vendor != "postgresql":
        unavailable("the backup round trip runs on PostgreSQL (pg_dump/pg_restore): set DATABASE_URL")
    call_command("load_demo", stdout=StringIO())
    for name, content in UPLOADS.items():
        default_storage.save(name, ContentFile(content))
    assert backup_daily.delay().get() == backups()[0].name  # as beat runs it (in-process here)
    rows, files = row_counts(), file_checksums(folders.MEDIA_ROOT)
    assert rows["plans_task"] > 0 and rows["accounts_user"] > 0 and len(files) == len(UPLOADS)

    out = StringIO()
    call_command("backup", "--keep", "1", stdout=out)  # the newest only
    (kept,) = backups()
    assert f"Backup {kept.name} written" in out.getvalue() and "Removed the old backup" in out.getvalue()
    assert sorted(kept.checksums()) == sorted([DATABASE_FILE, f"{DATABASE_FILE}.metadata", MEDIA_FILE])
    assert client.get("/healthz").json()["last_backup"] is not None

    try:
        empty_database_and_media(folders.MEDIA_ROOT)
        assert row_counts() == {}
        out = StringIO()
        call_command("restore", "--noinput", stdout=out)
        assert f"Backup {kept.name} restored" in out.getvalue()
        restored = row_counts()
    finally:
        if "django_migrations" not in connection.introspection.table_names():
            call_command("migrate", verbosity=0)  # never leave the test database without its tables
    rows.pop("core_jobrun"), restored.pop("core_jobrun")  # the second backup's run is recorded after its dump
    assert restored == rows
    assert file_checksums(folders.MEDIA_ROOT) == files


def fake_backup(root: Path, name: str, *, complete: bool = True) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / DATABASE_FILE).write_bytes(b"dump of " + name.encode())
    (folder / MEDIA_FILE).write_bytes(b"tar of " + name.encode())
    if complete:
        (folder / CHECKSUMS).write_text("".join(
            f"{hashlib.sha256((folder / file).read_bytes()).hexdigest()}  {file}\n" for file in (DATABASE_FILE, MEDIA_FILE)
        ))
    return folder


def test_prune_keeps_the_newest_and_touches_nothing_else(folders):
    root = folders.BACKUP_DIR
    for name in ["20261120-023000", "20261121-023000", "20261122-023000", "20261122-023000-2"]:
        fake_backup(root, name)
    unfinished = fake_backup(root, "20261123-023000", complete=False)
    (root / "notes").mkdir()
    removed = backup_prune(keep=2)
    assert [backup.name for backup in removed] == ["20261121-023000", "20261120-023000"]
    assert [backup.name for backup in backups()] == ["20261122-023000-2", "20261122-023000"]
    assert unfinished.exists() and (root / "notes").exists()


def test_backup_keep_must_be_at_least_one(folders):
    with pytest.raises(CommandError, match="At least one backup must be kept"):
        call_command("backup", "--keep", "0")


@pytest.mark.django_db
def test_restore_refuses_a_damaged_backup_and_changes_nothing(folders, officer, monkeypatch):
    folder = fake_backup(folders.BACKUP_DIR, "20261122-023000")
    (folder / MEDIA_FILE).write_bytes(b"changed after the backup")
    called = []
    monkeypatch.setattr(backups_module, "call_command", lambda *args, **kwargs: called.append(args))
    with pytest.raises(CommandError, match="damaged, nothing was restored: media.tar: checksum mismatch"):
        call_command("restore", "--noinput")
    assert called == [] and User.objects.filter(pk=officer.pk).exists()
    out = StringIO()
    call_command("restore", "--list", stdout=out)
    assert "20261122-023000" in out.getvalue() and "DAMAGED: media.tar: checksum mismatch" in out.getvalue()


def test_restore_asks_before_replacing_anything(folders, monkeypatch):
    fake_backup(folders.BACKUP_DIR, "20261122-023000")
    called = []
    monkeypatch.setattr(backups_module, "call_command", lambda *args, **kwargs: called.append(args))
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore")
    assert called == []
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    call_command("restore", "20261122-023000", stdout=StringIO())
    assert [args[0] for args in called] == ["dbrestore", "mediarestore"]


def test_restore_of_an_unknown_backup_says_so(folders):
    with pytest.raises(CommandError, match="There is no backup"):
        call_command("restore", "--noinput")
    fake_backup(folders.BACKUP_DIR, "20261122-023000")
    with pytest.raises(CommandError, match="There is no backup 20261101-023000"):
        call_command("restore", "20261101-023000", "--noinput")


def test_backup_runs_daily_from_beat(settings):
    from vss_portal.celery import app

    app.loader.import_default_modules()  # what a worker does when it starts: autodiscovers <app>.tasks
    entry = settings.CELERY_BEAT_SCHEDULE["backup"]
    assert entry["task"] == "core.tasks.backup_daily" and entry["task"] in app.tasks
    assert entry["schedule"].hour == {2} and entry["schedule"].minute == {30}
