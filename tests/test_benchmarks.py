"""The benchmark harness (benchmarks/): its baselines exist only under the benchmark settings, it refuses a
busy machine, its recipes and report say what they should, and its measurements run at a small scale."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from benchmarks import databases, measure, report
from benchmarks.machine import NOT_VALID, Run
from benchmarks.rows import BARE_PAGE, BASELINES, PAGES, WRK_PAGES
from tests.test_bench_data import small_year  # noqa: F401  (fixture)

BENCH_URLS = override_settings(ROOT_URLCONF="benchmarks.urls")
ROOT = Path(__file__).resolve().parent.parent


def _callbacks(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _callbacks(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern.callback


# --- The baselines: benchmark-only URLs ------------------------------------------------------------


def test_production_urlconf_has_no_benchmark_route():
    callbacks = list(_callbacks(get_resolver("vss_portal.urls").url_patterns))

    assert callbacks
    assert not [callback for callback in callbacks if callback.__module__.startswith("benchmarks")]
    for path in ("/bench/bare/", "/bench/plain/"):
        with pytest.raises(Resolver404):
            resolve(path, urlconf="vss_portal.urls")
    with pytest.raises(NoReverseMatch):
        reverse("bench_bare_page")


def test_benchmark_urlconf_keeps_the_portal_error_handlers():
    import benchmarks.urls
    import vss_portal.urls

    for handler in ("handler400", "handler403", "handler404", "handler500"):
        assert getattr(benchmarks.urls, handler, None) == getattr(vss_portal.urls, handler, None), handler


def test_benchmark_settings_serve_the_portal_and_the_baselines():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.settings", "DJANGO_SECRET_KEY": "x" * 50,
           "DJANGO_ALLOWED_HOSTS": "testserver"}
    code = ("import django; django.setup(); from django.urls import resolve; "
            "print(*(resolve(p).url_name for p in ('/bench/bare/', '/bench/plain/', '/tasks/', '/healthz')))")

    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True)

    assert out.stdout.split() == ["bench_bare_page", "bench_plain_response", "task_list", "healthz"]


@BENCH_URLS
def test_bare_page_is_base_html_for_a_signed_in_user(client, planner):
    client.force_login(planner)

    response = client.get("/bench/bare/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<main" in html and str(planner) in html  # navigation with the signed-in user
    assert "base.html" in [template.name for template in response.templates]


@BENCH_URLS
def test_baselines_need_a_signed_in_user(client):
    for path in ("/bench/bare/", "/bench/plain/"):
        response = client.get(path)

        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@BENCH_URLS
def test_plain_response_renders_nothing(client, planner):
    client.force_login(planner)

    response = client.get("/bench/plain/")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert not response.templates


# --- The load average: a busy machine gives no results --------------------------------------------


def fake_loadavg(*readings):
    values = iter(readings)
    return lambda: (next(values), 0.5, 0.5)


def make_run(tmp_path, *readings, allow_busy=False):
    return Run(allow_busy=allow_busy, loadavg=fake_loadavg(*readings), results=tmp_path / "results",
               busy_results=tmp_path / "busy")


def test_run_on_a_quiet_machine_writes_its_results(tmp_path):
    run = make_run(tmp_path, 0.4, 1.5)

    run.start()
    run.finish()
    path = run.write("pages.md", "figures")

    assert path == tmp_path / "results" / "pages.md"
    assert run.valid and NOT_VALID not in run.describe()
    assert run.summary()["load_average"] == {"start": (0.4, 0.5, 0.5), "end": (1.5, 0.5, 0.5)}


def test_run_refuses_to_start_on_a_busy_machine(tmp_path):
    run = make_run(tmp_path, 1.6)

    with pytest.raises(SystemExit) as refused:
        run.start()

    assert "Machine busy: one-minute load average start 1.60 (limit 1.5)" in str(refused.value.code)
    assert "--allow-busy" in str(refused.value.code)
    assert not (tmp_path / "results").exists()


def test_run_refuses_to_write_when_the_machine_got_busy(tmp_path):
    run = make_run(tmp_path, 0.3, 2.4)
    run.start()
    run.finish()

    with pytest.raises(SystemExit) as refused:
        run.write("pages.md", "figures")

    assert "end 2.40" in refused.value.code and "not writing results" in refused.value.code
    assert not (tmp_path / "results").exists() and not (tmp_path / "busy").exists()


def test_run_end_allows_the_page_benchmarks_own_load_on_top_of_the_limit(tmp_path):
    quiet = make_run(tmp_path, 0.3, 2.4)
    quiet.start()
    quiet.finish(own_load=1.0)
    busy = make_run(tmp_path, 0.3, 2.6)
    busy.start()
    busy.finish(own_load=1.0)

    assert quiet.valid and quiet.write("pages.md", "figures").parent == tmp_path / "results"
    assert "the run's own 1 allowed on top" in quiet.describe()
    with pytest.raises(SystemExit) as refused:
        busy.write("pages.md", "figures")
    assert "end 2.60 (limit 2.5)" in refused.value.code


def test_run_allowed_busy_is_a_dry_run_marked_not_valid_and_written_elsewhere(tmp_path):
    run = make_run(tmp_path, 2.0, 0.2, allow_busy=True)
    run.start()
    run.finish()

    path = run.write("pages.md", run.describe())

    assert path == tmp_path / "busy" / "pages.md"
    assert not (tmp_path / "results").exists()
    assert f"**{NOT_VALID}**" in path.read_text() and "exceeded at the start" in path.read_text()
    assert run.summary()["note"] == NOT_VALID and not run.summary()["valid"]


def test_run_of_a_load_test_judges_the_start_only(tmp_path):
    run = make_run(tmp_path, 0.5, 3.0)
    run.start()
    saved = tmp_path / "load.json"
    run.dump(saved)

    again = Run.load(saved)
    again.loadavg, again.results = fake_loadavg(3.0), tmp_path / "results"
    again.finish(judged=False)

    assert again.valid
    assert again.write("wrk.md", "figures").parent == tmp_path / "results"


def test_wait_until_quiet_stops_once_the_load_fell(tmp_path):
    run = make_run(tmp_path, 2.5, 1.8, 1.2)
    slept = []

    run.wait_until_quiet(timeout=60, poll=10, sleep=slept.append)

    assert slept == [10, 10]


# --- Databases and the report ---------------------------------------------------------------------


def test_recipe_grows_only_plans_and_reports_above_scale_10():
    assert databases.recipe(1) == [(1, ())]
    assert databases.recipe(10) == [(10, ())]
    assert databases.recipe(30) == [(10, ()), (20, ("plans", "reports"))]
    assert databases.describe(30, 2024) == "scale 30: 10 × all apps, then 20 × plans+reports; seed 2024"


def test_pages_table_has_the_baselines_and_every_wrk_page():
    labels = [label for label, _role, _url in PAGES]

    assert labels[0] == BARE_PAGE and set(BASELINES) <= set(labels)
    assert len(labels) == len(set(labels))
    assert set(WRK_PAGES) <= set(labels)
    assert {role for _label, role, _url in PAGES} <= {"anonymous", "central", "leader", "officer", "tst officer"}


def _page(label, median, queries, status=200):
    return {"page": label, "role": "central", "median_ms": median, "p95_ms": median * 1.2, "queries": queries,
            "status": status}


def _scale(bare_ms, tasks_ms, tasks_queries, dashboard_ms):
    return {
        "counts": {"tasks": 1},
        "pages": [_page(BARE_PAGE, bare_ms, 2), _page("/healthz", bare_ms, 2), _page("/tasks/", tasks_ms, tasks_queries),
                  _page("/dashboard/", dashboard_ms, 9)],
        "export": {"tasks": 10, "rows": 10, "median_s": 0.5, "rows_per_s": 20.0, "rss_growth_mib": 3.0, "status": 200,
                   "content_type": measure.EXCEL_TYPE},
        "scan": {"first": {"seconds": 1.0, "queries": 30, "recorded": 5}, "repeat": {"seconds": 0.5, "queries": 20,
                                                                                      "recorded": 0}, "rss_growth_mib": 1.0},
    }


def test_report_gives_times_bare_growth_and_flags_query_counts(tmp_path):
    results = {1: _scale(5.0, 20.0, 13, 40.0), 10: _scale(5.0, 22.0, 13, 44.0), 30: _scale(4.0, 19.2, 15, 32.0)}
    run = make_run(tmp_path, 0.2, 0.2)
    run.start()
    run.finish()

    text = report.render(results, builds={}, run=run, requests=20, warmup=3)

    rows = {line.split(" | ")[0].lstrip("| "): line for line in text.splitlines() if line.startswith("| /")}
    assert "growth 1→10 | growth 1→30 | verdict" in text
    assert "| 20.0 | 24.0 | 4.0 | 22.0 | 26.4 | 4.4 | 19.2 | 23.0 | 4.8 | 1.10× | 1.20× |" in rows["/tasks/"]
    assert "**13 → 13 → 15**" in rows["/tasks/"] and "MISSED: queries differ" in rows["/tasks/"]
    assert rows["/dashboard/"].endswith("| 1.10× | 1.00× | ok |")  # judged at scale 30 on growth, at 10 on × bare
    assert rows["/healthz"].endswith("| — |")
    assert "Queries of the first scan: the same at every scale" in text


def test_report_gives_the_dashboard_after_a_save_over_the_cached_one(tmp_path):
    from benchmarks.rows import COLD_DASHBOARD, SAVED_REPORT_DASHBOARD

    results = {s: _scale(5.0, 20.0, 13, 40.0) for s in (1, 10)}
    for s, saved in ((1, 60.0), (10, 100.0)):
        results[s]["pages"] += [_page(SAVED_REPORT_DASHBOARD, saved, 20), _page(COLD_DASHBOARD, 400.0, 60)]
    run = make_run(tmp_path, 0.2, 0.2)
    run.start()
    run.finish()

    text = report.render(results, builds={}, run=run, requests=20, warmup=3)

    assert f"- {SAVED_REPORT_DASHBOARD} over the cached dashboard: 1.5× at scale 1, 2.5× at scale 10 (target ≤ 2×)." in text
    assert f"- {COLD_DASHBOARD} over the cached dashboard: 10.0× at scale 1, 10.0× at scale 10" in text


# --- The measurements, end to end at a small scale -------------------------------------------------


@pytest.fixture
def bench_data(db, small_year):  # noqa: F811
    call_command("load_demo", stdout=StringIO())
    call_command("generate_bench_data", scale=1, stdout=StringIO())


@BENCH_URLS
def test_measurements_run_on_every_page_at_a_small_scale(bench_data):
    pages = measure.measure_pages(requests=1, warmup=0)

    assert [page["page"] for page in pages] == [label for label, _role, _url in PAGES]
    assert {page["page"]: page["status"] for page in pages if page["status"] != 200} == {}
    assert all(page["median_ms"] > 0 and page["queries"] > 0 for page in pages if page["page"] != "plain HttpResponse")
    assert measure.data_counts()["tasks"] >= 40


@BENCH_URLS
def test_export_measurement_counts_the_rows_of_all_tasks(bench_data):
    export = measure.measure_export(runs=1)

    assert export["status"] == 200 and export["content_type"].startswith(measure.EXCEL_TYPE)
    assert export["rows"] == export["tasks"] > 40
    assert export["rows_per_s"] > 0 and export["rss_growth_mib"] >= 0


def test_scan_measurement_counts_queries_and_rolls_back(bench_data):
    from notifications.models import Notification

    notifications = Notification.objects.count()

    scan = measure.measure_scan()

    assert scan["first"]["queries"] > 0 and scan["first"]["recorded"] > 0
    assert scan["repeat"]["recorded"] == 0
    assert Notification.objects.count() == notifications


WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8791/bench/bare/
  2 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    94.10ms  200.00ms   1.16s    90.00%
    Req/Sec    43.00     20.00    90.00     70.00%
  Latency Distribution
     50%  940.00us
     75%  120.00ms
     90%  500.00ms
     99%    1.16s
  427 requests in 5.00s, 3.2MB read
  Socket errors: connect 0, read 1, write 0, timeout 8
  Non-2xx or 3xx responses: 2
Requests/sec:     85.40
Transfer/sec:    650.00KB
"""


def test_parse_wrk_reads_requests_per_second_latency_and_errors():
    from benchmarks.loadtest import parse_wrk

    parsed = parse_wrk(WRK_OUTPUT)

    assert parsed["requests_per_s"] == 85.4
    assert parsed["latency_ms"] == pytest.approx({"p50": 0.94, "p75": 120.0, "p90": 500.0, "p99": 1160.0})
    assert (parsed["non_2xx_3xx"], parsed["socket_errors"]) == (2, 9)
