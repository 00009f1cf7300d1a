"""Writes to personal access tokens. Every function is one transaction."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from .models import SHOWN_PREFIX_LENGTH, PersonalAccessToken, hash_secret, new_secret

# Writing `last_used_at` on every request would cost a write per call; once a minute says enough.
LAST_USE_RESOLUTION = datetime.timedelta(minutes=1)


def _end_of_day(day: datetime.date) -> datetime.datetime:
    """A token valid "until 31/12/2026" works through that whole day, portal time."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


@transaction.atomic
def token_create(*, user: User, name: str, scope: str, expires_on: datetime.date, by: User) -> tuple[PersonalAccessToken, str]:
    """A new token for `user`, created by that user. Returns the token and its secret, which is
    shown once and never stored."""
    if by.pk != user.pk:
        raise PermissionDenied
    today = timezone.localdate()
    longest = today + datetime.timedelta(days=settings.API_TOKEN_MAX_DAYS)
    if not today < expires_on <= longest:
        raise ValidationError({"expires_on": _("Choose an expiry date after today and at most %(days)s days ahead.") % {
            "days": settings.API_TOKEN_MAX_DAYS}})
    secret = new_secret()
    token = PersonalAccessToken(
        user=user, name=name.strip(), scope=scope, expires_at=_end_of_day(expires_on),
        key_prefix=secret[:SHOWN_PREFIX_LENGTH], key_hash=hash_secret(secret),
    )
    token.full_clean()
    token.save()
    return token, secret


@transaction.atomic
def token_revoke(*, token: PersonalAccessToken, by: User) -> PersonalAccessToken:
    """Its owner, or an administrator, revokes a token: it stops working at once and stays listed."""
    if not token.is_revocable_by(by):
        raise PermissionDenied
    token = PersonalAccessToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), by
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def token_record_use(*, token: PersonalAccessToken) -> None:
    """Remember when the token was last used (a conditional update: at most one write a minute)."""
    now = timezone.now()
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USE_RESOLUTION)
    if PersonalAccessToken.objects.filter(stale, pk=token.pk).update(last_used_at=now):
        token.last_used_at = now
