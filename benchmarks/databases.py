"""The throwaway benchmark databases <prefix><scale> (vss_bench_1, vss_bench_10, vss_bench_30) on PostgreSQL.

A database is built once and reused: migrate, load_demo, generate_bench_data, VACUUM ANALYZE, then a
row in the table `benchmark_build` records what it holds (its recipe) and how long it took. A database
whose recipe differs, or that has no such row (an interrupted build), is rebuilt.

Up to FULL_SCALE every app's generator runs at the scale. Above it only plans and reports grow, so that
scale 30 builds in minutes: a copy of the scale-10 database (CREATE DATABASE … TEMPLATE) plus 20 more
scales of plans and reports (generate_bench_data --only plans reports). Conferences, certificates and
notifications stay as at scale 10 there.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
SERVER = "postgres://postgres@127.0.0.1:5432"
PREFIX = "vss_bench_"
FULL_SCALE = 10
GROWING_APPS = ("plans", "reports")


def name(prefix: str, scale: int) -> str:
    return f"{prefix}{scale}"


def url(server: str, prefix: str, scale: int) -> str:
    return f"{server.rstrip('/')}/{name(prefix, scale)}"


def recipe(scale: int) -> list[tuple[int, tuple[str, ...]]]:
    """The generate_bench_data runs that build a scale: (scale, only these apps; () for all)."""
    if scale <= FULL_SCALE:
        return [(scale, ())]
    return [(FULL_SCALE, ()), (scale - FULL_SCALE, GROWING_APPS)]


def describe(scale: int, seed: int) -> str:
    steps = [f"{n} × {'+'.join(apps)}" if apps else f"{n} × all apps" for n, apps in recipe(scale)]
    return f"scale {scale}: {', then '.join(steps)}; seed {seed}"


def _connect(database_url: str):
    connection = psycopg2.connect(database_url)
    connection.autocommit = True
    return connection


def build_record(server: str, prefix: str, scale: int) -> dict | None:
    """What the database says it holds ({"recipe", "origin", "seconds", "built_at"}), or None when missing or
    incomplete."""
    try:
        connection = _connect(url(server, prefix, scale))
    except psycopg2.OperationalError:
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT recipe, origin, seconds, built_at FROM benchmark_build")
            row = cursor.fetchone()
    except psycopg2.Error:
        return None
    finally:
        connection.close()
    return {"recipe": row[0], "origin": row[1], "seconds": row[2], "built_at": row[3].isoformat()} if row else None


def is_prepared(server: str, prefix: str, scale: int, seed: int) -> bool:
    record = build_record(server, prefix, scale)
    return record is not None and record["recipe"] == describe(scale, seed)


def manage(database_url: str, *command: str, quiet: bool = True) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "vss_portal.settings.dev"}
    env.pop("REDIS_URL", None)  # development settings: Celery tasks of load_demo run in-process
    print(f"  manage.py {' '.join(command)}", flush=True)
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL if quiet else None)


def _create(server: str, database: str, *, template: str | None = None) -> bool:
    """(Re)create the database, as a copy of `template` when given; False when the template is in use."""
    admin = _connect(f"{server.rstrip('/')}/postgres")
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            try:
                cursor.execute(f'CREATE DATABASE "{database}"' + (f' TEMPLATE "{template}"' if template else ""))
            except psycopg2.errors.ObjectInUse:
                print(f"  {template} is in use (a running server?): building {database} from nothing", flush=True)
                return False
    finally:
        admin.close()
    return True


def prepare(server: str, prefix: str, scale: int, seed: int) -> None:
    """Build the database of this scale from nothing (or from the scale-FULL_SCALE copy above it)."""
    database, started = name(prefix, scale), time.monotonic()
    steps = recipe(scale)
    base = name(prefix, FULL_SCALE)
    cloned = (
        len(steps) > 1 and is_prepared(server, prefix, FULL_SCALE, seed)
        and _create(server, database, template=base)
    )
    print(f"Building {database} ({describe(scale, seed)})" + (f", from a copy of {base}" if cloned else ""), flush=True)
    database_url = url(server, prefix, scale)
    if cloned:
        steps = steps[1:]
        manage(database_url, "migrate", "--noinput")
    else:
        _create(server, database)
        manage(database_url, "migrate", "--noinput")
        manage(database_url, "load_demo")
    for step_scale, apps in steps:
        only = ["--only", *apps] if apps else []
        manage(database_url, "generate_bench_data", "--scale", str(step_scale), "--seed", str(seed), *only, quiet=False)
    connection = _connect(database_url)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("DROP TABLE IF EXISTS benchmark_build")
        cursor.execute("CREATE TABLE benchmark_build (recipe text, origin text, seconds double precision, built_at timestamptz)")
        seconds = time.monotonic() - started
        origin = f"a copy of {base}" if cloned else "an empty database"
        cursor.execute("INSERT INTO benchmark_build VALUES (%s, %s, %s, now())", [describe(scale, seed), origin, seconds])
    connection.close()
    print(f"  {database} ready in {seconds:.0f} s", flush=True)


def ensure(server: str, prefix: str, scale: int, seed: int, *, rebuild: bool = False) -> bool:
    """Build when missing, stale or asked to (True); otherwise only migrate (indexes added since it was built)."""
    if rebuild or not is_prepared(server, prefix, scale, seed):
        prepare(server, prefix, scale, seed)
        return True
    manage(url(server, prefix, scale), "migrate", "--noinput")
    return False
