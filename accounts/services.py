"""Writes to users. Every function is one transaction."""

import logging

from django.contrib.auth.models import Group
from django.db import transaction

from .models import Unit, User

logger = logging.getLogger(__name__)


@transaction.atomic
def user_apply_directory(*, user: User, role: str | None, unit_code: str) -> User:
    """Make the user's role group and unit what the directory says (at every directory sign-in).

    Groups that are not roles stay; an unknown unit code leaves the user without a unit (logged)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    roles = [choice.value for choice in User.Role]
    user.groups.remove(*Group.objects.filter(name__in=roles))
    if role:
        user.groups.add(Group.objects.get(name=role))
    unit = Unit.objects.filter(code=unit_code).first() if unit_code else None
    if unit_code and unit is None:
        logger.warning("Directory user %s names unknown unit code %r", user.username, unit_code)
    user.unit = unit
    user.is_staff = user.is_superuser = role == User.Role.ADMINISTRATOR
    user.save(update_fields=["unit", "is_staff", "is_superuser"])
    return user
