"""Writes to users and their unit memberships. Every function is one transaction."""

import datetime
import logging

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Unit, UnitMembership, User

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


@transaction.atomic
def membership_follow_unit(*, user: User, previous_unit_id: int | None, created: bool = False, by: User | None = None) -> None:
    """Keep the dated memberships in step with `User.unit`, the user's current unit: a new user is a
    member of their unit from the start; a user moved to another unit leaves the previous one yesterday
    and joins the new one today (so the previous unit's work and reminders stop reaching them)."""
    today = timezone.localdate()
    not_over = Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    if previous_unit_id and previous_unit_id != user.unit_id:
        for membership in UnitMembership.objects.select_for_update().filter(not_over, user=user, unit_id=previous_unit_id):
            membership.valid_to = max(today - datetime.timedelta(days=1), membership.valid_from or datetime.date.min)
            membership._history_user = by
            membership.save(update_fields=["valid_to"])
    if user.unit_id and not UnitMembership.objects.filter(not_over, user=user, unit_id=user.unit_id).exists():
        membership = UnitMembership(user=user, unit_id=user.unit_id, valid_from=None if created else today)
        membership._history_user = by
        membership.save()
