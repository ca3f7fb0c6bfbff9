"""API authentication: an organisation's X-API-Key header, or the browser's Django session."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import APIKeyHeader
from ninja.utils import check_csrf

from core.errors import AuthenticationFailed

from .permissions import Actor, actor_for_api_key, actor_for_user
from .services import apikey_authenticate


class MuaAuth(APIKeyHeader):
    """Returns an Actor; a missing, wrong or revoked key raises AuthenticationFailed (401 with a message)."""

    param_name = "X-API-Key"
    # A browser's session is checked for CSRF below; saying so here also makes the API docs page send
    # the token with its "Try it out" requests (without it every POST from /api/v1/docs failed CSRF).
    csrf = True

    def __call__(self, request: HttpRequest) -> Actor:
        key = self._get_key(request)
        if key:
            return self.authenticate(request, key)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
                raise HttpError(403, "CSRF check failed")
            return actor_for_user(user)
        raise AuthenticationFailed(_("Cần đăng nhập hoặc gửi khoá API trong tiêu đề X-API-Key."))

    def authenticate(self, request: HttpRequest, key: str | None) -> Actor:
        return actor_for_api_key(apikey_authenticate(plaintext=key or ""))
