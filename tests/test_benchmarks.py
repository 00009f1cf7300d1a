"""The benchmark harness (benchmarks/): its baselines exist only under the benchmark settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

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
