"""URLs of the benchmark settings: the portal's own (with its error handlers), plus the two baselines.
Never in production: vss_portal.urls does not know them."""

from django.urls import path

from vss_portal.urls import *  # noqa: F403  (the portal's handler404 and the like)
from vss_portal.urls import urlpatterns as portal_urlpatterns

from . import views

urlpatterns = [
    path("bench/bare/", views.bare_page, name="bench_bare_page"),
    path("bench/plain/", views.plain_response, name="bench_plain_response"),
    *portal_urlpatterns,
]
