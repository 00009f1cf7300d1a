"""What each role may do, as Django permissions on the role's group (synced after migrate).

The portal-wide permissions are below; a feature app adds its own in `<app>/roles.py` as
ROLE_PERMISSIONS = {role: [permission names]}.
"""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group, Permission

from accounts.models import User

ROLE_PERMISSIONS: dict[str, list[str]] = {
    User.Role.ADMINISTRATOR: [
        "accounts.view_unit", "accounts.add_unit", "accounts.change_unit",
        "accounts.view_user", "accounts.add_user", "accounts.change_user",
        "plans.view_all_work",
    ],
    User.Role.CENTRAL_PLANNER: ["plans.view_all_work", "plans.manage_plans", "plans.review_reports"],
    User.Role.LEADERSHIP: ["plans.view_all_work"],
    User.Role.UNIT_OFFICER: ["plans.submit_reports"],
}


def all_role_permissions() -> dict[str, set[str]]:
    merged = {role: set(names) for role, names in ROLE_PERMISSIONS.items()}
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.roles")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.roles":
                continue
            raise
        if module.__name__ == __name__:
            continue
        for role, names in module.ROLE_PERMISSIONS.items():
            merged.setdefault(role, set()).update(names)
    return merged


def sync_role_groups(**kwargs) -> None:
    """Create one group per role holding exactly its permissions. Idempotent."""
    for role, perm_names in all_role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for name in sorted(perm_names):
            app_label, codename = name.split(".")
            wanted.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)
