"""The authorization matrix: for every URL name, what each role gets.

Each app declares its rules in `<app>/tests/authz_rules.py` as RULES = {url name: Rule} and may
define `build(world)` to add the objects its URLs need. tests/test_authorization_matrix.py walks
the resolver and fails for any URL without a rule.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

ROLES = ("anonymous", "officer", "other_officer", "planner", "leader", "admin")
LOGIN = "login"  # redirected to the login page


def everyone(status=200, *, anonymous=LOGIN, **overrides) -> dict:
    expected = {role: status for role in ROLES}
    expected["anonymous"] = anonymous
    expected.update(overrides)
    return expected


def unit_scoped(status=200, *, planner=None, leader=None, admin=None) -> dict:
    """An object of the officer's own unit: another unit's officer gets a 404."""
    return everyone(
        status, other_officer=404,
        planner=status if planner is None else planner,
        leader=status if leader is None else leader,
        admin=status if admin is None else admin,
    )


def planners_only(status=200, *, others=403) -> dict:
    """An action only central planners (and administrators) may take."""
    return everyone(others, planner=status, admin=status)


@dataclass
class Rule:
    expect: dict
    kwargs: Callable[[SimpleNamespace], dict] = field(default=lambda world: {})
    method: str = "get"
    data: Callable[[SimpleNamespace], dict] = field(default=lambda world: {})
    query: str = ""
