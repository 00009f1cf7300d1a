"""What each role may do, as Django permissions on the role's group (synced after migrate).

The account permissions are below; every other app adds its own in `<app>/roles.py` as
ROLE_PERMISSIONS = {role: [permission names]}.
"""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group, Permission

from .models import User

ROLE_PERMISSIONS: dict[str, list[str]] = {
    User.Role.ADMINISTRATOR: [
        "accounts.view_unit", "accounts.add_unit", "accounts.change_unit",
        "accounts.view_user", "accounts.add_user", "accounts.change_user",
        # The ground's reference data: the working calendar and the portal settings.
        "core.view_workingdayexception", "core.add_workingdayexception", "core.change_workingdayexception",
        "core.delete_workingdayexception", "core.view_portalsettings", "core.change_portalsettings",
        "core.add_portalsettings",
    ],
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


def sync_role_groups_after_migrate(sender, **kwargs) -> None:
    """post_migrate fires once per app with models: sync after the last one, so every permission exists."""
    with_models = [config.name for config in apps.get_app_configs() if config.models_module is not None]
    if sender.name == with_models[-1]:
        sync_role_groups()
