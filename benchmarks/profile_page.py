"""Where one page spends its time on a benchmark database: total time, SQL time, and the slowest queries.

    .venv/bin/python -m benchmarks.profile_page --scale 10 --role leader /dashboard/
    .venv/bin/python -m benchmarks.profile_page --scale 10 --role leader --before saved --cprofile 30 /dashboard/

Run `python -m benchmarks.pages` once first: it builds the databases `vss_bench_1`, `vss_bench_10` and `vss_bench_30`.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time

import django

from . import databases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path")
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--server", default=databases.SERVER)
    parser.add_argument("--db-prefix", default=databases.PREFIX)
    parser.add_argument("--role", choices=("central", "leader", "officer", "tst officer"), default="central")
    parser.add_argument("--before", choices=("cold", "saved", "saved-elsewhere"),
                        help="before the request: empty the cache (cold), or save an officer's draft report on the "
                             "plan the dashboard shows (saved) or on another (saved-elsewhere)")
    parser.add_argument("--cprofile", type=int, default=0, help="print the N functions with the most cumulative time")
    parser.add_argument("--top", type=int, default=8, help="how many of the slowest queries to print")
    parser.add_argument("--explain", type=int, default=0, help="print the plans of the N slowest queries")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = databases.url(args.server, args.db_prefix, args.scale)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vss_portal.settings.dev")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1")
    sys.path.insert(0, os.getcwd())
    django.setup()

    from django.db import connection

    from .measure import clients, get, prepare
    from .rows import COLD_DASHBOARD, SAVED_ELSEWHERE_DASHBOARD, SAVED_REPORT_DASHBOARD

    client = clients()[args.role]
    label = {"cold": COLD_DASHBOARD, "saved": SAVED_REPORT_DASHBOARD,
             "saved-elsewhere": SAVED_ELSEWHERE_DASHBOARD}.get(args.before, "")
    get(client, args.path)  # warm
    get(client, args.path, label=label)  # warm the preparation too
    prepare(label)
    queries: list[tuple[float, str, object]] = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append(((time.perf_counter() - started) * 1000, sql, params))

    profiler = cProfile.Profile() if args.cprofile else None
    started = time.perf_counter()
    with connection.execute_wrapper(timed):
        if profiler:
            profiler.enable()
        response, body = get(client, args.path)
        if profiler:
            profiler.disable()
    total = (time.perf_counter() - started) * 1000
    sql = sum(ms for ms, _sql, _params in queries)
    print(f"{args.path} as {args.role}, scale {args.scale}: HTTP {response.status_code}, {len(body):,} bytes")
    print(f"total {total:.0f} ms, SQL {sql:.0f} ms in {len(queries)} queries, Python {total - sql:.0f} ms")
    slowest = sorted(queries, key=lambda query: query[0], reverse=True)
    for ms, statement, _params in slowest[: args.top]:
        print(f"  {ms:8.1f} ms  {statement[:400]}")
    for _ms, statement, params in slowest[: args.explain]:
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", params)
            print("\n" + statement + "\n" + "\n".join(row[0] for row in cursor.fetchall()))
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.cprofile)
    if response.status_code != 200:
        sys.exit(f"HTTP {response.status_code}: not the page meant to be measured")


if __name__ == "__main__":
    main()
