"""The interface language: the one a person chose, never guessed from a browser's header on pages."""

from django.conf import settings
from django.utils import translation

from .selectors import user_language


def supported(code: str | None) -> str:
    codes = {c for c, _ in settings.LANGUAGES}
    return code if code in codes else ""


class UserLanguageMiddleware:
    """Like LocaleMiddleware, but in this order: the signed-in person's stored choice (accounts.Profile),
    the language cookie set by /i18n/setlang/, and Vietnamese. Pages ignore
    Accept-Language: most officers' browsers say English while the programme works in Vietnamese. The API
    honours it (after a stored choice or cookie), since a machine client states the language it wants.

    Sits after AuthenticationMiddleware. The cookie follows the stored choice, so the sign-in page after
    signing out stays in the person's language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        stored = self._stored(request)
        cookie = supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
        language = stored or cookie or self._from_header(request) or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        if stored and stored != cookie:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                stored,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            )
        return response

    @staticmethod
    def _stored(request) -> str:
        # One primary-key read per signed-in request, so a choice made on another device applies at once.
        return supported(user_language(user=getattr(request, "user", None)))

    @staticmethod
    def _from_header(request) -> str:
        if not request.path.startswith("/api/"):
            return ""
        for code, _quality in translation.trans_real.parse_accept_lang_header(
            request.headers.get("Accept-Language", "")
        ):
            found = supported(code.split("-")[0].lower())
            if found:
                return found
        return ""
