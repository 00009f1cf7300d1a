"""Helpers of benchmarks/loadtest.sh: build the database, say who logs in, write the reports.

    python -m benchmarks.loadtest prepare --scale 1      # vss_bench_1, when missing (benchmarks/databases.py)
    python -m benchmarks.loadtest env                    # export lines for the locustfile
    python -m benchmarks.loadtest wrk-targets            # label, session cookie and path of each page wrk drives
    python -m benchmarks.loadtest report locust_stats.csv --load load.json --scale 1 --users 100 --run-time 120
    python -m benchmarks.loadtest wrk-report STATS_DIR --load load.json --scale 1 --connections 10 --duration 30s

Django settings come from the environment loadtest.sh sets (benchmarks.settings, the benchmark database).
"""

import argparse
import csv
import datetime
import json
import os
import re
from pathlib import Path

from benchmarks import databases
from benchmarks.machine import Run
from benchmarks.rows import PAGES, WRK_PAGES

TARGET_P95_MS = 300
TARGET_HEAVY_RPS = 40  # at scale 10, the heaviest pages under wrk -c10
LATENCY_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def prepare(args) -> None:
    databases.ensure(args.server, args.db_prefix, args.scale, args.seed)


def _setup():
    import django

    django.setup()


def env(_args) -> None:
    _setup()
    from django.utils import timezone

    from accounts.models import Unit, User
    from benchmarks.measure import page_values

    offices = Unit.objects.filter(kind=Unit.Kind.PROVINCIAL).active_on(timezone.localdate())
    officers = User.objects.filter(username__startswith="bench-", username__endswith="-0", unit__in=offices)
    names = ",".join(officers.order_by("username").values_list("username", flat=True))
    values = page_values()
    print(f"export BENCH_OFFICERS={names} BENCH_PLAN_ID={values['plan']} BENCH_EXPORT_TO={values['export_to']}")


def wrk_targets(_args) -> None:
    """One line per page of WRK_PAGES: label, the Cookie header of a session of its role, path (tab-separated)."""
    _setup()
    from django.conf import settings

    from benchmarks.measure import clients, pages_to_measure

    signed_in = clients()
    paths = {label: (role, path) for label, role, path in pages_to_measure()}
    for label in WRK_PAGES:
        role, path = paths[label]
        session = signed_in[role].cookies[settings.SESSION_COOKIE_NAME].value
        print(f"{label}\t{settings.SESSION_COOKIE_NAME}={session}\t{path}")


def _suffix(scale: int) -> str:
    return "" if scale == 1 else f"-scale{scale}"


def _database() -> str:
    return os.environ.get("DATABASE_URL", "").rsplit("/", 1)[-1]


def _head(title: str, run: Run, description: str) -> list[str]:
    return [f"# {title}", "", f"{datetime.date.today():%d/%m/%Y}, {os.cpu_count()} cores: {description}", "",
            run.describe(), ""]


def _write(run: Run, stem: str, text: str, summary: dict) -> None:
    print(text)
    path = run.write(f"{stem}.md", text)
    run.write(f"{stem}.json", json.dumps({**summary, "machine": run.summary()}, indent=2))
    print(f"Written: {path}")


def _p95(row: dict) -> float:
    return float(row["95%"]) if row["95%"] != "N/A" else 0.0


def report(args) -> None:
    run = Run.load(args.load)
    run.finish(judged=False)  # the load test itself loads the machine
    with open(args.stats, newline="", encoding="utf-8") as stats:
        rows = list(csv.DictReader(stats))
    pages_rows = [row for row in rows if row["Name"] != "Aggregated"]
    total = next(row for row in rows if row["Name"] == "Aggregated")
    requests, failures = int(total["Request Count"]), int(total["Failure Count"])
    error_rate = failures / requests if requests else 0.0
    think = f"{os.environ.get('LOCUST_WAIT_MIN', 5)}–{os.environ.get('LOCUST_WAIT_MAX', 15)} s"
    lines = _head("Load test", run, (
        f"gunicorn ({args.workers} workers, benchmarks.settings: production settings, PostgreSQL "
        f"{_database()}, Redis) on 127.0.0.1; locust headless, {args.users} users (officers, central staff and "
        f"leaders in the proportion 35 : 10 : 5), think time {think}, {args.run_time} s with every user on "
        "(statistics reset once all are spawned; logins still under way then are counted but not judged). "
        "Times in ms, measured by the client."))
    pages_only = [row for row in pages_rows if not row["Name"].startswith("login")]
    worst = max(pages_only, key=lambda row: _p95(row), default=None)
    lines += [
        f"**{requests:,} requests, {failures} failed — error rate {error_rate:.2%}; "
        f"{float(total['Requests/s']):.1f} requests/s; p50 {total['50%']} ms, p95 {total['95%']} ms overall"
        + (f"; highest p95 of a page {_p95(worst):.0f} ms ({worst['Name']})" if worst else "") + ".**",
        "",
        f"| page | requests | failures | p50 | p95 | max | target p95 ≤ {TARGET_P95_MS} ms, 0 errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in sorted(pages_rows, key=lambda r: r["Name"]):
        if row["Name"].startswith("login"):
            verdict = "— (password hashing)"
        else:
            verdict = "ok" if _p95(row) <= TARGET_P95_MS and row["Failure Count"] == "0" else "MISSED"
        lines.append(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | {row['95%']} | "
            f"{float(row['Max Response Time']):.0f} | {verdict} |"
        )
    summary = {"scale": args.scale, "users": args.users, "requests": requests, "failures": failures, "rows": rows}
    _write(run, f"loadtest{_suffix(args.scale)}", "\n".join(lines) + "\n", summary)


def _milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * LATENCY_UNITS[unit]


def parse_wrk(output: str) -> dict:
    """requests/s, latency percentiles (ms), non-2xx/3xx responses and socket errors of one wrk --latency run."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    latency = dict(re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+(?:us|ms|s|m))\s*$", output, re.MULTILINE))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "requests_per_s": float(rps.group(1)) if rps else None,
        "latency_ms": {f"p{k}": _milliseconds(v) for k, v in latency.items()},
        "non_2xx_3xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(map(int, errors.groups())) if errors else 0,
    }


def wrk_report(args) -> None:
    run = Run.load(args.load)
    run.finish(judged=False)  # wrk and gunicorn fill both cores by design
    measured = []
    for path in sorted(Path(args.stats).glob("wrk-*.txt"), key=lambda p: int(p.stem.split("-")[1])):
        label, url, output = path.read_text(encoding="utf-8").split("\n", 2)
        measured.append({"page": label, "path": url, **parse_wrk(output)})
    roles = {label: role for label, role, _url in PAGES}
    bare = next((m["requests_per_s"] for m in measured if m["page"] == WRK_PAGES[0]), None)
    lines = _head("wrk", run, (
        f"gunicorn ({args.workers} workers, benchmarks.settings: production settings, PostgreSQL "
        f"{_database()}, Redis) on 127.0.0.1; wrk -c{args.connections} for {args.duration} per page, "
        "signed in as the page's role, on the same machine."))
    lines += [f"| page | role | requests/s | share of the bare page | p50 ms | p99 ms | errors (non-2xx/3xx, socket) | target ≥ "
              f"{TARGET_HEAVY_RPS} requests/s (set for scale 10) |", "|---|---|---|---|---|---|---|---|"]
    for m in measured:
        rps, errors = m["requests_per_s"] or 0.0, m["non_2xx_3xx"] + m["socket_errors"]
        share = f"{rps / bare:.2f}" if bare else "—"
        verdict = "—" if m["page"] in WRK_PAGES[:2] else ("ok" if rps >= TARGET_HEAVY_RPS and not errors else "MISSED")
        lines.append(f"| {m['page']} | {roles.get(m['page'], '')} | {rps:.1f} | {share} | "
                     f"{m['latency_ms'].get('p50', 0):.1f} | {m['latency_ms'].get('p99', 0):.1f} | {errors} | {verdict} |")
    summary = {"scale": args.scale, "workers": args.workers, "connections": args.connections,
               "duration": args.duration, "pages": measured}
    _write(run, f"wrk{_suffix(args.scale)}", "\n".join(lines) + "\n", summary)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("prepare")
    build.add_argument("--scale", type=int, default=1)
    build.add_argument("--seed", type=int, default=2024)
    build.add_argument("--server", default=databases.SERVER)
    build.add_argument("--db-prefix", default=databases.PREFIX)
    build.set_defaults(run=prepare)
    commands.add_parser("env").set_defaults(run=env)
    commands.add_parser("wrk-targets").set_defaults(run=wrk_targets)
    locust = commands.add_parser("report")
    locust.add_argument("stats")
    locust.add_argument("--users", type=int, default=100)
    locust.add_argument("--run-time", type=int, default=120, help="seconds with every user on")
    wrk = commands.add_parser("wrk-report")
    wrk.add_argument("stats", help="the folder of wrk-<n>.txt outputs")
    wrk.add_argument("--connections", type=int, default=10)
    wrk.add_argument("--duration", default="30s")
    for command, run in ((locust, report), (wrk, wrk_report)):
        command.add_argument("--load", required=True, type=Path, help="the reading of benchmarks.machine start")
        command.add_argument("--scale", type=int, default=1)
        command.add_argument("--workers", type=int, default=3)
        command.set_defaults(run=run)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
