from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from .models import PersonalAccessToken


class TokenRateThrottle(SimpleRateThrottle):
    """Requests per token (per signed-in user for the browser session), at API_RATE_LIMIT."""

    scope = "api"

    def get_rate(self):
        return settings.API_RATE_LIMIT  # read per request, so a test can change it

    def get_cache_key(self, request, view):
        if isinstance(request.auth, PersonalAccessToken):
            ident = f"token-{request.auth.pk}"
        elif request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
