"""Property-based checks of the live OpenAPI schema (schemathesis), as a central planner and as a
unit officer, each with a read-write token: no server error, no response the schema does not allow
(status, content type, headers, body), invalid input refused, and no operation that answers
without valid credentials (`ignored_auth` retries each successful call without and with a wrong token).

`positive_data_acceptance` is left out: valid-looking input is still refused by business rules the
schema cannot state (a deadline before the start, a unit that already ended, a plan that is issued)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi import checks

from accounts.models import User
from accounts.tests.factories import UserFactory

from .factories import bearer, token_for

MAX_EXAMPLES = 5
CHECKS = [
    schemathesis.checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
    checks.negative_data_rejection,
    checks.ignored_auth,
]


@pytest.fixture(params=["planner", "officer"])
def caller(request, api_world):
    user = api_world.planner if request.param == "planner" else api_world.officer
    return {"Authorization": f"Bearer {token_for(user, name='schemathesis')}"}


@pytest.fixture
def live_schema(caller):
    # The portal's own WSGI application, on the test database: as Django's test client does, keep the
    # test's connection (and transaction) open across requests instead of closing it after each one.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application(), headers=caller)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("live_schema")


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_schema(case, caller):
    case.call_and_validate(headers=caller, checks=CHECKS)


def test_schema_needs_credentials(client, db):
    assert client.get("/api/schema/").status_code == 401
    reader = UserFactory(username="reader", role=User.Role.LEADERSHIP)
    assert client.get("/api/schema/", **bearer(token_for(reader))).status_code == 200
