"""OpenAPI additions: the token scheme, and the problem-details errors every operation may answer."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension

from .problems import PROBLEM_TYPE


class PersonalAccessTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.PersonalAccessTokenAuthentication"
    name = "personalAccessToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": _("A personal access token from /accounts/tokens/: `Authorization: Bearer vss_…`."),
        }


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "detail": {"type": "string"},
                    "code": {"type": "string"},
                    "pointer": {"type": "string", "description": "JSON pointer to the field of the request body"},
                    "parameter": {"type": "string", "nullable": True, "description": "the query parameter"},
                },
                "required": ["detail"],
            },
        },
        "current": {"type": "object", "description": "On a 409: the record as it is now.", "additionalProperties": True},
    },
    "required": ["type", "title", "status"],
}

ERRORS = {
    "400": "Invalid request: `errors` lists each field or parameter.",
    "401": "Not signed in: no, or an unknown, expired or revoked token.",
    "403": "Signed in, but not allowed (a read-only token writing, or a role without the right).",
    "404": "No such record, or not one you may see.",
    "405": "Method not allowed.",
    "406": "Not acceptable.",
    "415": "Unsupported media type.",
    "429": "Too many requests for this token: wait for `Retry-After` seconds.",
}
WRITE_ERRORS = {"409": "Someone else changed the record first: `current` holds it as it is now."}


def add_problem_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: each operation documents the problem details it may return."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    problem = {PROBLEM_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            responses = operation.setdefault("responses", {})
            errors = {**ERRORS, **(WRITE_ERRORS if method in ("post", "patch", "put") else {})}
            for code, description in errors.items():
                if code in responses and "content" not in responses[code]:
                    responses[code]["content"] = problem
                responses.setdefault(code, {"description": description, "content": problem})
            if "409" in responses:
                responses["409"]["content"] = problem
    return result
