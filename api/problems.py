"""Errors as RFC 9457 problem details (`application/problem+json`), in the caller's language.

Every error of the API goes through `problem_handler` (DRF's EXCEPTION_HANDLER): a field error
lists each message with a JSON pointer to the field, a stale write (409) carries the record as it
is now, so the client can merge and retry."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler

PROBLEM_TYPE = "application/problem+json"

TITLES = {
    400: _("The request is not valid."),
    401: _("Sign-in required."),
    403: _("Not allowed."),
    404: _("Not found."),
    405: _("Method not allowed."),
    406: _("Not acceptable."),
    409: _("Someone else changed this record first."),
    415: _("Unsupported media type."),
    429: _("Too many requests."),
}


class Conflict(exceptions.APIException):
    """A write based on an old `lock_version`; `current` is the record as it is now."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This record was changed by someone else while you were editing it.")
    default_code = "conflict"

    def __init__(self, *, current: dict, detail=None):
        super().__init__(detail)
        self.current = current


class QueryParameterError(exceptions.ValidationError):
    """Invalid query parameters: the errors name the parameter rather than a body field."""


def _field_errors(detail, *, where: str, prefix: str = "") -> list[dict]:
    errors = []
    if isinstance(detail, dict):
        for name, value in detail.items():
            path = f"{prefix}/{name}"
            if name in ("non_field_errors", "__all__"):
                path = prefix
            errors.extend(_field_errors(value, where=where, prefix=path))
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                errors.extend(_field_errors(value, where=where, prefix=f"{prefix}/{index}"))
            else:
                errors.extend(_field_errors(value, where=where, prefix=prefix))
    else:
        entry = {"detail": str(detail), "code": getattr(detail, "code", None) or "invalid"}
        if where == "parameter":
            entry["parameter"] = prefix.lstrip("/").split("/")[0] or None
        else:
            entry["pointer"] = f"#{prefix}" if prefix else "#"
        errors.append(entry)
    return errors


def problem_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = response.status_code
    body = {"type": "about:blank", "title": str(TITLES.get(code, response.status_text)), "status": code}
    if isinstance(exc, exceptions.ValidationError):
        where = "parameter" if isinstance(exc, QueryParameterError) else "body"
        body["detail"] = str(_("Correct the parameters listed in “errors”.") if where == "parameter"
                             else _("Correct the fields listed in “errors”."))
        body["errors"] = _field_errors(exc.detail, where=where)
    else:
        body["detail"] = str(exc.detail) if isinstance(exc, exceptions.APIException) else str(exc)
    if isinstance(exc, Conflict):
        body["current"] = exc.current
    request = context.get("request")
    if request is not None:
        body["instance"] = request.path
    problem = Response(body, status=code, headers={k: v for k, v in response.items() if k != "Content-Type"})
    problem.content_type = PROBLEM_TYPE
    return problem


def page_not_found(request, exception):
    """handler404: under /api/ a problem document in the caller's language, elsewhere the portal's page."""
    if not request.path.startswith("/api/"):
        return defaults.page_not_found(request, exception)
    body = {"type": "about:blank", "title": str(TITLES[404]), "status": 404,
            "detail": str(_("There is no such address in the API.")), "instance": request.path}
    return JsonResponse(body, status=404, content_type=PROBLEM_TYPE, json_dumps_params={"ensure_ascii": False})
