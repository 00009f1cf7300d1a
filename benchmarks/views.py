"""The two baselines of the page benchmark, served only under benchmarks/settings.py (benchmarks/urls.py).

`bare_page` is the least a signed-in page costs: the middleware, the session and user, and base.html
(navigation, messages, static URLs) rendered through the same engine and context processors as every
page. `plain_response` is the middleware and session alone, with nothing rendered.
"""

import functools

from django.http import HttpResponse
from django.template import engines


@functools.cache
def _bare_template():
    # A template that only extends base.html; compiled once, as the cached loader does for the pages.
    return engines["django"].from_string('{% extends "base.html" %}')


def bare_page(request):
    return HttpResponse(_bare_template().render({}, request))


def plain_response(request):
    return HttpResponse("ok", content_type="text/plain")
