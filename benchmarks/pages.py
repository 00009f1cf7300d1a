"""Page benchmark on PostgreSQL at scales 1, 10 and 30: every page as a multiple of a bare page.

    .venv/bin/python -m benchmarks.pages                         # scales 1, 10 and 30, 20 requests per page
    .venv/bin/python -m benchmarks.pages --scales 1 --requests 5 --allow-busy   # a dry run of the harness
    .venv/bin/python -m benchmarks.pages --rebuild               # drop and rebuild the benchmark databases

1. Databases (benchmarks/databases.py): vss_bench_<scale> on --server, built when missing or stale.
2. The machine must be quiet (benchmarks/machine.py): the one-minute load average at most 1.5 at the start
   and at most 1.5 plus the run's own share (1.0, one request at a time) at the end, else the run stops and
   writes nothing; --allow-busy makes it a dry run
   whose results are marked "not valid: busy machine" and go to var/benchmarks-busy/.
3. Per scale, three fresh processes (benchmarks/measure.py) under the production settings plus the two
   baselines (benchmarks/settings.py): the pages of rows.PAGES with Django's test Client, each as the role that
   uses it (warm-up rounds, then N rounds over all pages in turn, server time per request, queries counted
   once); the Excel of all tasks (time, rows/s, resident-memory growth); the reminder scan (time, queries,
   resident-memory growth) in a transaction rolled back.
4. A report (benchmarks/report.py) on stdout and in pages.md and pages.json: each page's median as a
   multiple of the bare page in the same run, its growth from the smallest scale, and a flag when its
   query count differs between scales.

What is measured is the table PAGES of benchmarks/rows.py: add a page with one line there.
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

from benchmarks import databases, report
from benchmarks.machine import OWN_LOAD_PAGES, Run

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 30])
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page (after the warm-up)")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--server", default=databases.SERVER, help="PostgreSQL server URL, without a database name")
    parser.add_argument("--db-prefix", default=databases.PREFIX, help="benchmark databases are <prefix><scale>")
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the benchmark databases")
    parser.add_argument("--allow-busy", action="store_true",
                        help="dry run on a busy machine: results marked not valid, written to var/benchmarks-busy/")
    args = parser.parse_args()
    scales = sorted(set(args.scales))
    built = [databases.ensure(args.server, args.db_prefix, scale, args.seed, rebuild=args.rebuild) for scale in scales]
    builds = {scale: databases.build_record(args.server, args.db_prefix, scale) for scale in scales}
    run = Run(allow_busy=args.allow_busy)
    if any(built) and not args.allow_busy:
        run.wait_until_quiet()
    run.start()
    results = {scale: measure(args, scale) for scale in scales}
    run.finish(own_load=OWN_LOAD_PAGES)  # one request at a time: about one runnable task of our own
    text = report.render(results, builds=builds, run=run, requests=args.requests, warmup=args.warmup)
    print(text)
    folder = run.results_dir()
    (folder / "pages.md").write_text(text, encoding="utf-8")
    summary = {"machine": run.summary(), "builds": builds, "requests": args.requests, "warmup": args.warmup,
               "scales": results}
    (folder / "pages.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    print(f"Written: {folder / 'pages.md'} and pages.json")


def child_env(server: str, prefix: str, scale: int) -> dict:
    """The environment of a measuring process: production settings plus the baselines, on this scale's database."""
    env = {
        **os.environ,
        "DATABASE_URL": databases.url(server, prefix, scale),
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DJANGO_SECRET_KEY": "benchmark-only-not-a-secret-" + "x" * 30,
        "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")
    return env


def measure(args, scale: int) -> dict:
    env = child_env(args.server, args.db_prefix, scale)
    # The production settings serve hashed static names from the manifest that collectstatic writes.
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    result = {"scale": scale, "when": datetime.datetime.now().astimezone().isoformat(timespec="seconds")}
    for kind, options in (("pages", ["--requests", str(args.requests), "--warmup", str(args.warmup)]),
                          ("export", []), ("scan", [])):
        print(f"Scale {scale}: measuring {kind}", flush=True)
        out = ROOT / "var" / f"bench-{kind}-{scale}.json"
        out.parent.mkdir(exist_ok=True)
        subprocess.run([sys.executable, "-m", "benchmarks.measure", kind, "--out", str(out), *options],
                       cwd=ROOT, env=env, check=True)
        measured = json.loads(out.read_text(encoding="utf-8"))
        out.unlink()
        result.update(measured if kind == "pages" else {kind: measured})  # pages: {"counts", "pages"}
    return result


if __name__ == "__main__":
    main()
