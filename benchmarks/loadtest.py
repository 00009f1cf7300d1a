"""Helpers of benchmarks/loadtest.sh: build the database, say who logs in, write the report.

    python -m benchmarks.loadtest prepare --scale 1      # vss_bench_1, when missing (see benchmarks.pages)
    python -m benchmarks.loadtest env                    # export lines for the locustfile (Django settings from the environment)
    python -m benchmarks.loadtest report locust_stats.csv --scale 1 --users 50 --run-time 2m --workers 3
"""

import argparse
import csv
import datetime
import json
import os
from pathlib import Path

from benchmarks import pages

RESULTS = Path(__file__).resolve().parent / "results"
TARGET_P95_MS = 500


def prepare(args) -> None:
    if not pages.is_prepared(args.server, args.scale):
        pages.prepare(args.server, args.scale, args.seed)


def env(_args) -> None:
    import django

    django.setup()
    from django.utils import timezone

    from accounts.models import Unit, User
    from plans.models import Plan, Task

    today = timezone.localdate()
    offices = Unit.objects.filter(kind=Unit.Kind.PROVINCIAL).active_on(today)
    officers = User.objects.filter(username__startswith="bench-", username__endswith="-0", unit__in=offices)
    plan = Plan.objects.get(number="BENCH1/KH-BHXH", year=today.year)
    central = User.objects.get(username="central")
    last = Task.objects.visible_to(central).order_by("deadline").values_list("deadline", flat=True)[pages.EXPORT_ROWS - 1]
    names = ",".join(officers.order_by("username").values_list("username", flat=True))
    print(f"export BENCH_OFFICERS={names} BENCH_PLAN_ID={plan.pk} BENCH_EXPORT_TO={last:%d/%m/%Y}")


def report(args) -> None:
    with open(args.stats, newline="", encoding="utf-8") as stats:
        rows = list(csv.DictReader(stats))
    pages_rows = [row for row in rows if row["Name"] != "Aggregated"]
    total = next(row for row in rows if row["Name"] == "Aggregated")
    requests, failures = int(total["Request Count"]), int(total["Failure Count"])
    error_rate = failures / requests if requests else 0.0
    lines = [
        "# Load test",
        "",
        f"{datetime.date.today():%d/%m/%Y}, {os.cpu_count()} cores: gunicorn ({args.workers} workers, production settings, "
        f"PostgreSQL vss_bench_{args.scale}, Redis) on 127.0.0.1; locust headless, {args.users} users "
        "(35 officers : 10 central staff : 5 leaders), think time 5–15 s, "
        f"{args.run_time}. Times in ms, measured by the client.",
        "",
        f"**{requests:,} requests, {failures} failed — error rate {error_rate:.2%}; "
        f"{float(total['Requests/s']):.1f} requests/s; p50 {total['50%']} ms, p95 {total['95%']} ms overall.**",
        "",
        "| page | requests | failures | p50 | p95 | max | target p95 ≤ 500 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in sorted(pages_rows, key=lambda r: r["Name"]):
        p95 = float(row["95%"]) if row["95%"] != "N/A" else 0.0
        login = row["Name"].startswith("login")
        verdict = "— (password hashing)" if login else ("ok" if p95 <= TARGET_P95_MS else "MISSED")
        lines.append(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | {row['95%']} | "
            f"{float(row['Max Response Time']):.0f} | {verdict} |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.scale == 1 else f"-scale{args.scale}"
    (RESULTS / f"loadtest{suffix}.md").write_text(text, encoding="utf-8")
    summary = {"scale": args.scale, "users": args.users, "requests": requests, "failures": failures, "rows": rows}
    (RESULTS / f"loadtest{suffix}.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print(f"Written: {RESULTS / f'loadtest{suffix}.md'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("prepare")
    build.add_argument("--scale", type=int, default=1)
    build.add_argument("--seed", type=int, default=2024)
    build.add_argument("--server", default=pages.SERVER)
    build.set_defaults(run=prepare)
    commands.add_parser("env").set_defaults(run=env)
    write = commands.add_parser("report")
    write.add_argument("stats")
    write.add_argument("--scale", type=int, default=1)
    write.add_argument("--users", type=int, default=50)
    write.add_argument("--run-time", default="2m")
    write.add_argument("--workers", type=int, default=3)
    write.set_defaults(run=report)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
