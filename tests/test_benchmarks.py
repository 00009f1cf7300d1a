"""The benchmark harness (benchmarks/): its baselines exist only under the benchmark settings, and it refuses
a busy machine."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from benchmarks.machine import NOT_VALID, Run

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
