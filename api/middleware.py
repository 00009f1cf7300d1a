from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

API_PREFIX = "/api/"


class ApiLanguageMiddleware:
    """The pages ignore the browser's language (core.middleware.LanguageMiddleware); a program
    calling /api/ says which language it wants with Accept-Language, and gets it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        language = self._accepted(request.headers.get("Accept-Language", ""))
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers["Content-Language"] = request.LANGUAGE_CODE
        return response

    @staticmethod
    def _accepted(header: str) -> str | None:
        supported = {code for code, _name in settings.LANGUAGES}
        for code, _quality in translation.trans_real.parse_accept_lang_header(header[:255]):
            base = code.split("-")[0].lower()
            if base in supported:
                return base
        return None
