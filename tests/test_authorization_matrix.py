"""Every URL in the resolver, for every role: login redirect, 200, 403 or 404 as the rules say."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import User
from accounts.tests.factories import UnitFactory, UserFactory
from tests.authz import LOGIN, ROLES

SKIPPED_NAMESPACES = {"admin"}  # Django's admin checks is_staff itself; see test_admin_is_for_staff_only


def _rule_modules():
    for config in apps.get_app_configs():
        try:
            yield importlib.import_module(f"{config.name}.tests.authz_rules")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.tests.authz_rules" and exc.name != f"{config.name}.tests":
                raise


def _collect_rules():
    rules = {}
    for module in _rule_modules():
        overlap = rules.keys() & module.RULES.keys()
        assert not overlap, f"URL rules declared twice: {overlap}"
        rules.update(module.RULES)
    return rules


RULES = _collect_rules()


def _url_names(patterns=None, namespace=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            prefix = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _url_names(entry.url_patterns, prefix)
        elif isinstance(entry, URLPattern):
            assert entry.name, f"URL pattern {entry.pattern} has no name, so no rule can cover it"
            yield f"{namespace}{entry.name}"


def test_every_url_has_an_authorization_rule():
    names = set(_url_names())
    missing = sorted(names - RULES.keys())
    assert not missing, f"URLs without an authorization rule: {missing}"
    stale = sorted(RULES.keys() - names)
    assert not stale, f"Rules for URLs that no longer exist: {stale}"


@pytest.fixture
def world(db):
    unit, other_unit = UnitFactory(), UnitFactory()
    world = SimpleNamespace(unit=unit, other_unit=other_unit)
    world.users = {
        "anonymous": None,
        "officer": UserFactory(username="m-officer", unit=unit, role=User.Role.UNIT_OFFICER),
        "other_officer": UserFactory(username="m-other", unit=other_unit, role=User.Role.UNIT_OFFICER),
        "planner": UserFactory(username="m-planner", role=User.Role.CENTRAL_PLANNER),
        "leader": UserFactory(username="m-leader", role=User.Role.LEADERSHIP),
        "admin": UserFactory(username="m-admin", role=User.Role.ADMINISTRATOR),
    }
    for module in _rule_modules():
        if hasattr(module, "build"):
            module.build(world)
    return world


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(RULES))
def test_authorization_matrix(client, world, name, role):
    rule = RULES[name]
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    url = reverse(name, kwargs=rule.kwargs(world)) + (f"?{rule.query}" if rule.query else "")
    response = getattr(client, rule.method)(url, rule.data(world))
    expected = rule.expect[role]
    if expected == LOGIN:
        assert response.status_code == 302, f"{name} as {role}: {response.status_code}"
        assert response.url.startswith("/accounts/login/"), f"{name} as {role}: redirected to {response.url}"
    else:
        assert response.status_code == expected, f"{name} as {role}: {response.status_code}, expected {expected}"


@pytest.mark.parametrize("role,expected", [("anonymous", 302), ("officer", 302), ("planner", 302), ("admin", 200)])
def test_admin_is_for_staff_only(client, world, role, expected):
    if world.users[role]:
        client.force_login(world.users[role])
    assert client.get("/admin/").status_code == expected
