import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _check(env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def test_production_settings_require_secret_key_and_hosts():
    result = _check({"DJANGO_SETTINGS_MODULE": "vss_portal.settings.production"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_pass_deploy_check():
    result = _check({
        "DJANGO_SETTINGS_MODULE": "vss_portal.settings.production",
        "DJANGO_SECRET_KEY": "x" * 30 + "-a-long-random-production-secret-Q9",
        "DJANGO_ALLOWED_HOSTS": "doingoai.vss.gov.vn",
    })
    assert result.returncode == 0, result.stdout + result.stderr
