"""README screenshots from the demo data: `make screenshots` (or `python tools/screenshots.py`).

Loads the demo into a scratch SQLite database under var/, serves it on a free local port, and writes
desktop (1280 × 800) and phone (390 × 844) JPEG screenshots of the pages the README shows into
docs/screenshots/. Nothing outside var/ and docs/screenshots/ is touched; needs Chromium
(CHROMIUM_PATH, default /usr/bin/chromium)."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PASSWORD = "Screenshots@2024"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def report_form_url(python, env):
    """The first report the Hà Nội officer owes, found by the portal's own work list."""
    code = (
        "from django.utils import timezone;"
        "from accounts.models import User;"
        "from reports.worklist import unit_work, work_items;"
        "today = timezone.localdate();"
        "user = User.objects.get(username='hanoi');"
        "print(work_items(unit_work(user, today=today)[:1], today=today)[0].url)"
    )
    result = subprocess.run([python, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True,
                            capture_output=True, text=True)
    return result.stdout.strip().splitlines()[-1]


# (file name, user, url or a function giving it)
SHOTS = [
    ("officer-home", "hanoi", "/"),
    ("report-form", "hanoi", report_form_url),
    ("review-queue", "central", "/reports/"),
    ("dashboard", "leader", "/dashboard/"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    from playwright.sync_api import sync_playwright

    python = sys.executable
    scratch = Path(tempfile.mkdtemp(prefix="screenshots-", dir=ROOT / "var"))
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL", "VSS_REQUIRE_SERVICES")}
    env.update(DATABASE_URL=f"sqlite:///{scratch / 'db.sqlite3'}", DEMO_PASSWORD=PASSWORD,
               DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost")
    for command in (["migrate", "--noinput", "-v0"], ["compilemessages", "--ignore=.venv", "-v0"], ["load_demo"]):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen([python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(60):
            try:
                urllib.request.urlopen(f"{base}/accounts/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
                                                 args=["--no-sandbox"])
            for name, username, url in SHOTS:
                target = url(python, env) if callable(url) else url
                for kind, viewport in VIEWPORTS.items():
                    context = browser.new_context(base_url=base, viewport=viewport, device_scale_factor=1)
                    page = context.new_page()
                    page.goto("/accounts/login/")
                    page.fill("#id_username", username)
                    page.fill("#id_password", PASSWORD)
                    page.locator("main form button[type=submit]").click()
                    page.wait_for_load_state()
                    page.goto(target)
                    page.mouse.move(0, viewport["height"] - 1)
                    path = OUT / f"{name}-{kind}.jpg"
                    page.screenshot(path=path, type="jpeg", quality=80)
                    print(f"  {path.relative_to(ROOT)}")
                    context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        for leftover in scratch.iterdir():
            leftover.unlink()
        scratch.rmdir()


if __name__ == "__main__":
    main()
