import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

LOGIN_AT = "_login_at"
SEEN_AT = "_seen_at"
# Only rewrite the session when the last mark is this old, to spare a write per request.
SEEN_RESOLUTION = 60


class SessionTimeoutMiddleware:
    """Log out after SESSION_IDLE_TIMEOUT without a request or SESSION_ABSOLUTE_TIMEOUT in total."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
        self.absolute = settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            login_at = request.session.setdefault(LOGIN_AT, now)
            seen_at = request.session.get(SEEN_AT, now)
            if now - seen_at > self.idle or now - login_at > self.absolute:
                logout(request)
                messages.info(request, _("Your session has expired. Please log in again."))
                return redirect_to_login(request.get_full_path())
            if now - seen_at >= SEEN_RESOLUTION or SEEN_AT not in request.session:
                request.session[SEEN_AT] = now
        return self.get_response(request)


class LanguageMiddleware:
    """Vietnamese unless the user chose English with the language switch (the browser's
    Accept-Language is deliberately ignored: the portal is Vietnamese first)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class PrivateCacheMiddleware:
    """Pages for a signed-in user hold personal and unit data (certificates, exports): no shared or
    browser cache may keep them. A response that set its own Cache-Control keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_store=True)
        return response
