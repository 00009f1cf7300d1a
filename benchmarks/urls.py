"""URLs of the benchmark settings: the portal's own, plus the two baselines. Never in production."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("bench/bare/", views.bare_page, name="bench_bare_page"),
    path("bench/plain/", views.plain_response, name="bench_plain_response"),
    path("", include("vss_portal.urls")),
]
