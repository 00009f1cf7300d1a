from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from .models import PersonalAccessToken


class TokenScope(permissions.BasePermission):
    """A read-only token reads; only a read-write token (or the browser session) writes."""

    message = _("This token is read-only: create a read-write token to change data.")

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS or not isinstance(request.auth, PersonalAccessToken):
            return True
        return request.auth.may_write
