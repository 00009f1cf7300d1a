"""`Authorization: Bearer vss_…`: a personal access token signs the request in as its owner."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .models import PersonalAccessToken
from .services import token_record_use


class PersonalAccessTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("The Authorization header must read “Bearer <token>”."))
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This token is unknown, expired or revoked.")) from None
        token = PersonalAccessToken.objects.matching(secret).first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("This token is unknown, expired or revoked."))
        token_record_use(token=token)
        return token.user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'
