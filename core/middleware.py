"""Vietnamese first: the language is the one a user chose (cookie), never guessed from the browser."""

from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    """Like LocaleMiddleware, but without Accept-Language: most officers' browsers say English while the
    programme works in Vietnamese, and a half-translated page (English dates, Vietnamese text) helps no one.
    English is chosen explicitly through /i18n/setlang/, which sets the language cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
