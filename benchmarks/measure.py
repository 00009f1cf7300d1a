"""The measurements of benchmarks.pages, each run in a fresh process on one benchmark database (so one
measurement's memory peak never hides another's):

    python -m benchmarks.measure pages  --out pages.json --requests 20 --warmup 3
    python -m benchmarks.measure export --out export.json      # the Excel of all tasks
    python -m benchmarks.measure scan   --out scan.json        # the reminder scan

The environment (DATABASE_URL, DJANGO_SETTINGS_MODULE=benchmarks.settings, …) comes from benchmarks.pages.
Peak memory is the process's resident set: its peak (getrusage) minus what it held just before.
"""

import argparse
import json
import math
import resource
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.rows import (
    COLD_DASHBOARD,
    FIXED_OFFICER,
    OFFICER,
    PAGES,
    SAVED_ELSEWHERE_DASHBOARD,
    SAVED_REPORT_DASHBOARD,
)

EXCEL_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ALL_TASKS_EXPORT = "/tasks/?format=xlsx"
EXPORT_ROWS = 2000  # the export row of PAGES: about this many tasks at any scale
EXPORT_RUNS = 3
MIB = 1024 * 1024


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def rss_now() -> int:
    """Resident set size of this process now, in bytes (Linux)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()


def rss_growth_mib(before: int) -> float:
    """How far the resident set rose above `before`: its peak so far (getrusage, KiB on Linux) minus it."""
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, rss_now())  # the peak lags by a page or so
    return (peak - before) / MIB


def data_counts() -> dict:
    from agreements.models import CoverageCertificate
    from conferences.models import Conference, Participant
    from notifications.models import Notification
    from plans.models import Assignment, Plan, Task
    from reports.models import ProgressReport

    return {
        "plans": Plan.objects.count(),
        "tasks": Task.objects.count(),
        "assignments": Assignment.objects.count(),
        "reports": ProgressReport.objects.count(),
        "conferences": Conference.objects.count(),
        "participants": Participant.objects.count(),
        "certificates": CoverageCertificate.objects.count(),
        "notifications": Notification.objects.count(),
        # The officer's own slice: in this data every unit has a share of every plan, so it grows with the
        # scale, and so do the officer's pages (their cost follows the slice, not the whole database).
        "assignments of the officer's unit": Assignment.objects.filter(unit__users__username=OFFICER).count(),
        "reports of the officer's unit": ProgressReport.objects.filter(unit__users__username=OFFICER).count(),
        "assignments of the fixed-slice officer's unit": Assignment.objects.filter(
            unit__users__username=FIXED_OFFICER).count(),
    }


def page_values() -> dict:
    """What the {placeholders} of PAGES stand for in this database."""
    from django.utils import timezone

    from accounts.models import Unit, User
    from plans.models import Assignment, Plan, Task

    central = User.objects.get(username="central")
    plan = Plan.objects.get(number="BENCH1/KH-BHXH", year=timezone.localdate().year)
    unit = Unit.objects.get(code="P34-HANOI")
    led = Task.objects.filter(plan=plan, assignments__unit=unit, assignments__role=Assignment.Role.LEAD)
    # The deadline that puts about EXPORT_ROWS tasks in the export, whatever the scale.
    deadlines = Task.objects.visible_to(central).order_by("deadline").values_list("deadline", flat=True)
    return {
        "plan": plan.pk,
        "unit": unit.pk,
        "task": led.order_by("pk").values_list("pk", flat=True).first(),
        "export_to": f"{list(deadlines[:EXPORT_ROWS])[-1]:%d/%m/%Y}",
    }


def pages_to_measure() -> list[tuple[str, str, str]]:
    values = page_values()
    return [(label, role, url.format(**values)) for label, role, url in PAGES]


def clients() -> dict:
    """A test Client per role, signed in (the anonymous one is not)."""
    from django.test import Client

    from accounts.models import User

    signed_in = {"anonymous": Client()}
    for role, username in (("central", "central"), ("leader", "leader"), ("officer", OFFICER),
                           ("tst officer", FIXED_OFFICER)):
        client = Client()
        client.force_login(User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend")
        signed_in[role] = client
    return signed_in


def clear_cache() -> None:
    from django.core.cache import cache

    cache.clear()


def save_a_report(*, shown: bool) -> None:
    """What an officer does all day: save their draft report, through the service (it moves the dashboard's
    report figures on, as the page would). `shown`: a report on the plan the leader's dashboard shows
    (BENCH1: its periods' completeness columns are counted again); else one on another plan."""
    from django.utils import timezone

    from accounts.models import User
    from reports import services
    from reports.models import ProgressReport

    officer = User.objects.get(username=OFFICER)
    drafts = ProgressReport.objects.filter(unit=officer.unit, status=ProgressReport.Status.DRAFT)
    on_bench1 = {"period__plan__number": "BENCH1/KH-BHXH", "period__plan__year": timezone.localdate().year}
    report = (drafts.filter(**on_bench1) if shown else drafts.exclude(**on_bench1)).order_by("pk").first()
    services.report_save_draft(
        by=officer, report=report, expected_version=report.lock_version,
        changes={"results": f"Benchmark draft, saved {time.time():.6f}"},
    )


def prepare(label: str) -> None:
    """What happens before a row's request, outside its timing: the cache emptied, or a report saved."""
    if label == COLD_DASHBOARD:
        clear_cache()
    elif label in (SAVED_REPORT_DASHBOARD, SAVED_ELSEWHERE_DASHBOARD):
        save_a_report(shown=label == SAVED_REPORT_DASHBOARD)


def get(client, path: str, *, label: str = ""):
    """The response and its whole body, read (a streamed one too), after the row's preparation."""
    prepare(label)
    response = client.get(path)
    return response, response.getvalue()


def measure_pages(requests: int, warmup: int) -> list[dict]:
    """Warm-up rounds, then `requests` rounds over all pages in turn (machine noise hits every page alike);
    each page's queries counted once, outside the timed rounds, on its second request in a row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pages = pages_to_measure()
    signed_in = clients()
    timings = {label: [] for label, _role, _path in pages}
    sizes, statuses = {}, {}
    for _ in range(warmup):
        for label, role, path in pages:
            response, body = get(signed_in[role], path, label=label)
            statuses[label], sizes[label] = response.status_code, len(body)
    for _ in range(requests):
        for label, role, path in pages:
            prepare(label)  # outside the timed part
            started = time.perf_counter()
            get(signed_in[role], path)
            timings[label].append((time.perf_counter() - started) * 1000)
    results = []
    for label, role, path in pages:
        # Right after a request of the same page, so that a per-user cache that timed out during the rounds
        # (the navigation's count, MY_WORK_COUNT_CACHE_SECONDS) does not change one page's count.
        get(signed_in[role], path)
        prepare(label)
        with CaptureQueriesContext(connection) as queries:
            response, body = get(signed_in[role], path)
        results.append({
            "page": label, "role": role, "path": path,
            "status": statuses.get(label, response.status_code), "bytes": sizes.get(label, len(body)),
            "median_ms": statistics.median(timings[label]), "p95_ms": percentile(timings[label], 0.95),
            "queries": len(queries),
        })
    return results


def _export_once(client) -> tuple[float, int, int, str, Path]:
    """One export of all tasks: seconds, HTTP status, bytes, content type, and the file (on disk, not in memory)."""
    started = time.perf_counter()
    response = client.get(ALL_TASKS_EXPORT)
    chunks = response.streaming_content if response.streaming else [response.content]
    with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as file:
        size = 0
        for chunk in chunks:
            file.write(chunk)
            size += len(chunk)
    return time.perf_counter() - started, response.status_code, size, response.get("Content-Type", ""), Path(file.name)


def _data_rows(path: Path) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    try:
        # Counted, not read from the dimension: a streamed sheet has none. One heading row per sheet.
        return sum(sum(1 for _row in sheet.iter_rows(min_row=2, values_only=True)) for sheet in workbook.worksheets)
    finally:
        workbook.close()


def measure_export(runs: int = EXPORT_RUNS) -> dict:
    """The Excel of every task, as central (who sees them all): time, rows/s and resident-memory growth."""
    from accounts.models import User
    from plans.models import Task

    client = clients()["central"]
    tasks = Task.objects.visible_to(User.objects.get(username="central")).count()
    get(client, "/tasks/?format=xlsx&deadline_to=01/01/2000")  # warm: imports, templates, the first query
    before = rss_now()
    seconds = []
    for run in range(runs):
        elapsed, status, size, content_type, path = _export_once(client)
        seconds.append(elapsed)
        if run < runs - 1:
            path.unlink()  # the last file is kept to count its rows
    growth = rss_growth_mib(before)
    is_file = status == 200 and content_type.startswith(EXCEL_TYPE)
    rows = _data_rows(path) if is_file else None
    path.unlink()
    median = statistics.median(seconds)
    return {"tasks": tasks, "status": status, "bytes": size, "content_type": content_type, "runs": runs,
            "median_s": median, "rows": rows, "rows_per_s": rows / median if rows else None,
            "rss_before_mib": before / MIB, "rss_growth_mib": growth}


class QueryCounter:
    """Counts queries without keeping their SQL (a scan runs thousands of bulk inserts)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure_scan() -> dict:
    """Two scans in one transaction, rolled back: the first of the day (records every due reminder)
    and a repeat (finds them recorded); the memory peak is that of the first. Queued deliveries are
    on_commit, so none is sent."""
    from django.db import connection, transaction

    from notifications.services import reminders_scan

    runs = []
    before = rss_now()
    with transaction.atomic():
        for _ in range(2):
            counter = QueryCounter()
            with connection.execute_wrapper(counter):
                started = time.perf_counter()
                result = reminders_scan()
                seconds = time.perf_counter() - started
            runs.append({"seconds": seconds, "queries": counter.count, "recorded": result.total})
        transaction.set_rollback(True)
    return {"first": runs[0], "repeat": runs[1], "rss_growth_mib": rss_growth_mib(before)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=["pages", "export", "scan"])
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    import django

    django.setup()
    if args.kind == "pages":
        result = {"counts": data_counts(), "pages": measure_pages(args.requests, args.warmup)}
    elif args.kind == "export":
        result = measure_export()
    else:
        result = measure_scan()
    args.out.write_text(json.dumps(result, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
