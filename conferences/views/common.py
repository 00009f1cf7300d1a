"""What the conference pages share: redirects back to a conference, and running a one-click action."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from core.forms import error_messages


def redirect_to(conference, anchor: str = ""):
    return redirect(conference.get_absolute_url() + (f"#{anchor}" if anchor else ""))


def run_action(request, conference, call, success: str, anchor: str = ""):
    """Run a service for a button (no form): its ValidationError becomes a message, then back to the conference."""
    try:
        call()
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(request, success)
    return redirect_to(conference, anchor)


def querystring(request, **values) -> str:
    """The page's query string without the page number, with `values` set."""
    query = request.GET.copy()
    query.pop("page", None)
    for key, value in values.items():
        query[key] = value
    return query.urlencode()
