"""Writes to users' unit memberships. Every function is one transaction."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import UnitMembership, User


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
