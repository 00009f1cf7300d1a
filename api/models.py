"""Personal access tokens: a user's key to the REST API, shown once and stored only as a hash."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A token reads "vss_" + 43 URL-safe characters; the prefix lets secret scanners recognise it.
TOKEN_PREFIX = "vss_"
SHOWN_PREFIX_LENGTH = 12


def hash_secret(secret: str) -> str:
    """SHA-256 of a 256-bit random secret: a slow hash adds nothing at that entropy."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class PersonalAccessTokenQuerySet(models.QuerySet):
    def active(self, at=None):
        return self.filter(revoked_at__isnull=True, expires_at__gt=at or timezone.now())

    def matching(self, secret: str):
        """The active token with this secret, if any (looked up by its hash)."""
        return self.active().filter(key_hash=hash_secret(secret)).select_related("user")


class PersonalAccessToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. “reporting warehouse”."))
    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices, default=Scope.READ)
    key_prefix = models.CharField(_("token starts with"), max_length=SHOWN_PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("revoked by"), null=True, blank=True, editable=False,
        on_delete=models.PROTECT, related_name="+",
    )

    objects = PersonalAccessTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal access token")
        verbose_name_plural = _("personal access tokens")
        ordering = ["-created_at", "-pk"]
        permissions = [("revoke_any_token", _("Can revoke the access token of any user"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_by__isnull=True) | Q(revoked_at__isnull=False), name="token_revoker_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.key_prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def may_write(self) -> bool:
        return self.scope == self.Scope.WRITE

    def is_revocable_by(self, user) -> bool:
        return user.pk == self.user_id or user.has_perm("api.revoke_any_token")
