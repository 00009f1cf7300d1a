"""Settings read from the environment, checked in a fresh process as a server would start."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_with(env: dict, code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT, env={**os.environ, "DJANGO_SETTINGS_MODULE": "vss_portal.settings.dev", **env},
        capture_output=True, text=True, timeout=60, check=True,
    )
    return result.stdout


def test_filemail_url_writes_to_its_path_under_the_default_settings(tmp_path):
    mail_dir = tmp_path / "mail"
    run_with({"EMAIL_URL": f"filemail://{mail_dir}"},
             "from django.core.mail import send_mail; send_mail('Nhắc việc', 'Nội dung', None, ['hanoi@baohiem.test'])")
    (written,) = mail_dir.iterdir()
    assert "hanoi@baohiem.test" in written.read_text()


def test_filemail_url_without_a_path_writes_to_var_mail():
    out = run_with({"EMAIL_URL": "filemail://"}, "from django.conf import settings; print(settings.EMAIL_FILE_PATH)")
    assert out.strip() == str(ROOT / "var" / "mail")


def test_backup_schedule_off_leaves_it_to_cron():
    out = run_with({"BACKUP_SCHEDULE": "off"}, "from django.conf import settings; print(sorted(settings.CELERY_BEAT_SCHEDULE))")
    assert "backup" not in out and "scan-reminders" in out


def test_trusted_proxies_are_networks():
    out = run_with({"DJANGO_TRUSTED_PROXIES": "10.0.0.5,172.16.0.0/12"},
                   "from django.conf import settings; print([str(n) for n in settings.TRUSTED_PROXIES])")
    assert out.strip() == "['10.0.0.5/32', '172.16.0.0/12']"
