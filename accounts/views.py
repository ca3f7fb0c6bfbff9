"""The language switch: Django's set_language, remembered for the signed-in person."""

from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .middleware import supported
from .services import profile_set_language


@require_POST
def set_language(request):
    """Set the cookie (Django's view) and, for a signed-in person, store the choice in their profile."""
    response = django_set_language(request)
    language = supported(request.POST.get("language"))
    if language and request.user.is_authenticated:
        profile_set_language(user=request.user, language=language)
    return response
