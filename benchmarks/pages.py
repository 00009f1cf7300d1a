"""Page-time and query-count benchmark of the key pages at scale 1 and scale 10, on PostgreSQL.

    .venv/bin/python -m benchmarks.pages                      # scales 1 and 10, 20 requests per page
    .venv/bin/python -m benchmarks.pages --scales 1 --requests 10
    .venv/bin/python -m benchmarks.pages --rebuild            # drop and rebuild the benchmark databases

For each scale it uses the throwaway database vss_bench_<scale> on the PostgreSQL server given by
--server (default postgres://postgres@127.0.0.1:5432), building it when missing or incomplete:
migrate, load_demo, generate_bench_data --scale N, VACUUM ANALYZE. Then a child process (production
settings, see benchmarks/settings.py) requests every page with Django's test Client, logged in as
the role that uses it: warm-up requests, then N rounds over all pages in turn (so machine noise
hits every page alike), timing each request in the server and counting its SQL queries once
(CaptureQueriesContext). /healthz, the bare view, runs in the same rounds; each page's median is
also given as a multiple of it, a figure that holds on a noisy machine. The reminder scan
(notifications.services.reminders_scan) is timed in a transaction that is rolled back.

Output: a table on stdout, benchmarks/results/pages.md and benchmarks/results/pages.json.
"""

import argparse
import datetime
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
SERVER = "postgres://postgres@127.0.0.1:5432"
OFFICER = "bench-p34-hanoi-0"  # a provincial office active today, with its share of every bench plan
SEARCH = "hop tac han quoc"
COLD_DASHBOARD = "/dashboard/ (figures recomputed)"  # the cache emptied before each request
EXPORT_ROWS = 2000
TARGET_MEDIAN_MS = 300
TARGET_GROWTH = 2.0
TARGET_SCAN_S = 30


# --- Parent: databases, child runs, report ----------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page (after the warm-up)")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--server", default=SERVER, help="PostgreSQL server URL, without a database name")
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the benchmark databases")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args)
        return
    results = {}
    for scale in args.scales:
        if args.rebuild or not is_prepared(args.server, scale):
            prepare(args.server, scale, args.seed)
        else:
            _manage(database_url(args.server, scale), "migrate", "--noinput")  # indexes added since it was built
        results[scale] = measure(args, scale)
    report = render(results, args)
    print(report)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "pages.md").write_text(report, encoding="utf-8")
    (RESULTS / "pages.json").write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    print(f"Written: {RESULTS / 'pages.md'} and pages.json")


def database_url(server: str, scale: int) -> str:
    return f"{server.rstrip('/')}/vss_bench_{scale}"


def _connect(url: str):
    import psycopg2

    connection = psycopg2.connect(url)
    connection.autocommit = True
    return connection


def is_prepared(server: str, scale: int) -> bool:
    """The database exists and holds one complete generated batch of this scale."""
    import psycopg2

    try:
        connection = _connect(database_url(server, scale))
    except psycopg2.OperationalError:
        return False
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM plans_plan WHERE number LIKE 'BENCH%'")
            plans = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM conferences_conference WHERE title LIKE 'BENCH%'")
            conferences = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM notifications_notification WHERE title LIKE 'BENCH%'")
            notifications = cursor.fetchone()[0]
        return plans == 5 * scale and conferences == 200 * scale and notifications == 100_000 * scale
    except psycopg2.Error:
        return False
    finally:
        connection.close()


def _manage(url: str, *command: str, quiet: bool = True) -> None:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "vss_portal.settings.dev"}
    env.pop("REDIS_URL", None)  # development settings: Celery tasks of load_demo run in-process
    print(f"  manage.py {' '.join(command)}", flush=True)
    output = subprocess.DEVNULL if quiet else None
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=output)


def prepare(server: str, scale: int, seed: int) -> None:
    name = f"vss_bench_{scale}"
    print(f"Building {name} (scale {scale}, seed {seed})", flush=True)
    admin = _connect(f"{server.rstrip('/')}/postgres")
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    url = database_url(server, scale)
    started = time.monotonic()
    _manage(url, "migrate", "--noinput")
    _manage(url, "load_demo")
    generated = time.monotonic()
    _manage(url, "generate_bench_data", "--scale", str(scale), "--seed", str(seed), quiet=False)
    print(f"  generated in {time.monotonic() - generated:.0f} s", flush=True)
    connection = _connect(url)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.close()
    print(f"  {name} ready in {time.monotonic() - started:.0f} s", flush=True)


def measure(args, scale: int) -> dict:
    out = RESULTS / f"pages-{scale}.tmp"
    RESULTS.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": database_url(args.server, scale),
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DJANGO_SECRET_KEY": "benchmark-only-not-a-secret-" + "x" * 30,
        "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")
    # The production settings serve hashed static names from the manifest that collectstatic writes.
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    print(f"Measuring scale {scale}: {args.requests} requests per page after {args.warmup} warm-up", flush=True)
    command = [
        sys.executable, "-m", "benchmarks.pages", "--child", str(scale), "--out", str(out),
        "--requests", str(args.requests), "--warmup", str(args.warmup),
    ]
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    result = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return result


# --- Child: measure one database in-process ---------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def run_child(args) -> None:
    import django

    django.setup()
    result = {
        "scale": args.child,
        "when": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "requests": args.requests,
        "counts": data_counts(),
        "pages": measure_pages(args.requests, args.warmup),
        "reminder_scan": measure_reminder_scan(),
    }
    Path(args.out).write_text(json.dumps(result, default=str), encoding="utf-8")


def data_counts() -> dict:
    from agreements.models import CoverageCertificate
    from conferences.models import Conference, Participant
    from plans.models import Assignment, Plan, Task
    from reports.models import ProgressReport

    counts = {
        "plans": Plan.objects.count(),
        "tasks": Task.objects.count(),
        "assignments": Assignment.objects.count(),
        "reports": ProgressReport.objects.count(),
        "conferences": Conference.objects.count(),
        "participants": Participant.objects.count(),
        "certificates": CoverageCertificate.objects.count(),
    }
    try:
        from notifications.models import Notification
    except ImportError:
        return counts
    counts["notifications"] = Notification.objects.count()
    return counts


def pages_to_measure() -> list[tuple[str, str, str]]:
    """(page, role, path): the key pages, each as the role that uses it."""
    from django.utils import timezone

    from accounts.models import Unit, User
    from plans.models import Plan, Task

    central = User.objects.get(username="central")
    plan = Plan.objects.get(number="BENCH1/KH-BHXH", year=timezone.localdate().year)
    unit = Unit.objects.get(code="P34-HANOI")
    # The deadline that puts about EXPORT_ROWS tasks in the export, whatever the scale.
    deadlines = Task.objects.visible_to(central).order_by("deadline").values_list("deadline", flat=True)
    last_day = f"{deadlines[EXPORT_ROWS - 1]:%d/%m/%Y}"
    return [
        ("/healthz (bare view)", "anonymous", "/healthz"),
        ("/tasks/", "central", "/tasks/"),
        ("/tasks/ with filters", "central", f"/tasks/?status=in_progress&unit={unit.pk}&sort=-deadline"),
        ("/tasks/?q= search", "central", f"/tasks/?q={SEARCH.replace(' ', '+')}"),
        ("plan page (400 tasks)", "central", plan.get_absolute_url()),
        ("/reports/ review queue", "central", "/reports/"),
        ("completeness table", "central", f"/reports/completeness/?plan={plan.pk}"),
        ("/dashboard/", "leader", "/dashboard/"),
        (COLD_DASHBOARD, "leader", "/dashboard/"),
        ("officer home /", "officer", "/"),
        ("officer /reports/", "officer", "/reports/"),
        (f"Excel export (~{EXPORT_ROWS:,} tasks)", "central", f"/tasks/?format=xlsx&deadline_to={last_day}"),
        ("/conferences/", "central", "/conferences/"),
    ]


def _clients() -> dict:
    from django.test import Client

    from accounts.models import User

    clients = {"anonymous": Client()}
    for role, username in (("central", "central"), ("leader", "leader"), ("officer", OFFICER)):
        client = Client()
        client.force_login(User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend")
        clients[role] = client
    return clients


def _clear_cache() -> None:
    from django.core.cache import cache

    cache.clear()


def _get(client, path: str, *, cold: bool = False):
    if cold:
        _clear_cache()
    response = client.get(path)
    if response.streaming:
        response.content = b"".join(response.streaming_content)
    return response


def measure_pages(requests: int, warmup: int) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pages = pages_to_measure()
    clients = _clients()
    timings = {name: [] for name, _role, _path in pages}
    sizes, statuses = {}, {}
    for _ in range(warmup):
        for name, role, path in pages:
            response = _get(clients[role], path, cold=name == COLD_DASHBOARD)
            statuses[name], sizes[name] = response.status_code, len(response.content)
    for _ in range(requests):
        for name, role, path in pages:
            if name == COLD_DASHBOARD:
                _clear_cache()  # outside the timed part
            started = time.perf_counter()
            _get(clients[role], path)
            timings[name].append((time.perf_counter() - started) * 1000)
    results = []
    for name, role, path in pages:
        with CaptureQueriesContext(connection) as queries:
            _get(clients[role], path, cold=name == COLD_DASHBOARD)
        results.append({
            "page": name, "role": role, "path": path, "status": statuses[name], "bytes": sizes[name],
            "median_ms": statistics.median(timings[name]), "p95_ms": percentile(timings[name], 0.95),
            "queries": len(queries),
        })
    return results


class QueryCounter:
    """Counts queries without keeping their SQL (a scan runs thousands of bulk inserts)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure_reminder_scan() -> dict:
    """Two scans in one transaction, rolled back: the first of the day (records every due reminder)
    and a repeat (finds them recorded). Queued deliveries are on_commit, so none is sent."""
    try:
        from notifications.services import reminders_scan
    except ImportError:
        return {"measured": False, "note": "not measured: notifications app not landed"}
    from django.db import connection, transaction

    runs = []
    with transaction.atomic():
        for _ in range(2):
            counter = QueryCounter()
            with connection.execute_wrapper(counter):
                started = time.perf_counter()
                result = reminders_scan()
                seconds = time.perf_counter() - started
            runs.append({"seconds": seconds, "queries": counter.count, "recorded": result.total, "day": str(result.day),
                         "working_day": result.working_day})
        transaction.set_rollback(True)
    return {"measured": True, "first": runs[0], "repeat": runs[1]}


# --- Report -----------------------------------------------------------------------------------


def _ratio(page: dict, healthz: dict) -> float:
    return page["median_ms"] / healthz["median_ms"]


def render(results: dict, args) -> str:
    scales = sorted(results)
    lines = [
        "# Page benchmark",
        "",
        f"{datetime.date.today():%d/%m/%Y}, {os.cpu_count()} cores, Python {platform.python_version()}, PostgreSQL, "
        f"production settings, Django test Client in-process; {args.requests} timed requests per page after "
        f"{args.warmup} warm-up. Times are server times in ms; ×hz is the median as a multiple of /healthz in the same run.",
        "",
    ]
    counts = " · ".join(
        f"scale {s}: " + ", ".join(f"{n:,} {k}" for k, n in results[s]["counts"].items()) for s in scales
    )
    lines += [f"Data: {counts}", ""]
    header = ["page", "role"]
    for s in scales:
        header += [f"queries s{s}", f"median s{s}", f"p95 s{s}", f"×hz s{s}"]
    if len(scales) == 2:
        header += ["growth", "verdict"]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    by_page = {s: {p["page"]: p for p in results[s]["pages"]} for s in scales}
    healthz = {s: results[s]["pages"][0] for s in scales}
    for page in results[scales[0]]["pages"]:
        name = page["page"]
        row = [name, page["role"]]
        for s in scales:
            measured = by_page[s][name]
            status = "" if measured["status"] == 200 or name.startswith("/healthz") else f" (HTTP {measured['status']})"
            row += [str(measured["queries"]), f"{measured['median_ms']:.1f}{status}", f"{measured['p95_ms']:.1f}",
                    f"{_ratio(measured, healthz[s]):.1f}"]
        if len(scales) == 2:
            low, high = (by_page[s][name] for s in scales)
            growth = _ratio(high, healthz[scales[1]]) / _ratio(low, healthz[scales[0]])
            row += [f"{growth:.2f}×", verdict(low, high, growth) if not name.startswith("/healthz") else "—"]
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", "Growth: the ×hz figure at the larger scale over the one at the smaller. Verdict against the "
              f"targets: same query count, median ≤ {TARGET_MEDIAN_MS} ms, growth ≤ {TARGET_GROWTH:g}×.", ""]
    lines += ["## Reminder scan", "", "| scale | first scan of the day | queries | reminders recorded | repeat scan | queries |",
              "|---|---|---|---|---|---|"]
    for s in scales:
        scan = results[s]["reminder_scan"]
        if not scan["measured"]:
            lines.append(f"| {s} | {scan['note']} | | | | |")
            continue
        first, repeat = scan["first"], scan["repeat"]
        lines.append(f"| {s} | {first['seconds']:.2f} s | {first['queries']} | {first['recorded']:,} | "
                     f"{repeat['seconds']:.2f} s | {repeat['queries']} |")
    lines += ["", f"Target: a scan at scale 10 in ≤ {TARGET_SCAN_S} s. Timed inside a rolled-back transaction "
              "(deliveries are queued on commit, so the broker publish is not included).", ""]
    return "\n".join(lines)


def verdict(low: dict, high: dict, growth: float) -> str:
    problems = []
    if low["queries"] != high["queries"]:
        problems.append(f"queries {low['queries']}→{high['queries']}")
    if high["median_ms"] > TARGET_MEDIAN_MS:
        problems.append(f"median > {TARGET_MEDIAN_MS} ms")
    if growth > TARGET_GROWTH:
        problems.append(f"growth > {TARGET_GROWTH:g}×")
    if high["status"] != 200:
        problems.append(f"HTTP {high['status']}")
    return "ok" if not problems else "MISSED: " + ", ".join(problems)


if __name__ == "__main__":
    main()
