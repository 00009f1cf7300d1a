import datetime

from django.utils import timezone

from api import services
from api.models import PersonalAccessToken


def token_for(user, *, scope=PersonalAccessToken.Scope.WRITE, name="kho dữ liệu", days=30) -> str:
    """A token of `user` created through the service; returns its secret."""
    _token, secret = services.token_create(
        user=user, name=name, scope=scope, expires_on=timezone.localdate() + datetime.timedelta(days=days), by=user,
    )
    return secret


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
