"""The root NinjaAPI at /api/v1/: each app's router by dotted path; one place turning errors into JSON."""

import logging

from django.db import DataError, IntegrityError
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.renderers import JSONRenderer

from accounts.auth import MuaAuth
from core.errors import DomainError
from core.textguard import SafeTextParser
from core.validation import translate_errors

from .health import health_check

logger = logging.getLogger(__name__)


class Utf8JSONRenderer(JSONRenderer):
    """JSON as UTF-8 text ("Tuần 47"), not \\u escapes: Vietnamese is readable in logs, curl and diffs."""

    charset = "utf-8"
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Mùa API",
    version="1",
    description=(
        "Chiến dịch truyền thông nông sản theo mùa, phê duyệt nội dung, SMS và báo cáo "
        "của chương trình 1034. "
        "Xác thực: phiên đăng nhập Django hoặc tiêu đề `X-API-Key` của tổ chức."
    ),
    auth=MuaAuth(),
    renderer=Utf8JSONRenderer(),
    urls_namespace="api-v1",
    parser=SafeTextParser(),
)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError):
    body = {"detail": exc.message}
    if exc.field:
        body["field"] = exc.field
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError):
    return api.create_response(request, {"detail": _("Chưa xác thực.")}, status=401)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError):
    """422 with the first offending field named, and every error listed, in the user's language."""
    errors = translate_errors(exc.errors)
    first = errors[0] if errors else {"field": None, "message": _("Dữ liệu không hợp lệ.")}
    return api.create_response(
        request, {"detail": first["message"], "field": first["field"], "errors": errors}, status=422
    )


@api.exception_handler(MultiPartParserError)
def on_bad_multipart(request: HttpRequest, exc: MultiPartParserError):
    """A multipart body without a boundary (or otherwise broken) is the client's error."""
    return api.create_response(
        request,
        {"detail": _("Dữ liệu multipart không hợp lệ: %(e)s") % {"e": exc}, "field": None},
        status=400,
    )


@api.exception_handler(DataError)
def on_data_error(request: HttpRequest, exc: DataError):
    """A value the database cannot hold (out of range, too long): the client's input, never a 500.

    Inputs are bounded in their schemas first; this is the net for the ones a schema missed (logged).
    """
    logger.warning("API input the database refused on %s: %s", request.path, exc)
    return api.create_response(
        request, {"detail": _("Giá trị vượt quá giới hạn cho phép."), "field": None}, status=400
    )


@api.exception_handler(IntegrityError)
def on_integrity_error(request: HttpRequest, exc: IntegrityError):
    """A reference to a row that does not exist, or a duplicate: a conflict with the data, not a crash."""
    logger.warning("API write refused by a database constraint on %s: %s", request.path, exc)
    return api.create_response(
        request, {"detail": _("Dữ liệu tham chiếu không tồn tại hoặc bị trùng."), "field": None}, status=409
    )


api.add_router("/accounts/", "accounts.api.router")
api.add_router("/calendars/", "calendars.api.router")
api.add_router("/campaigns/", "campaigns.api.router")
api.add_router("/content/", "content.api.router")
api.add_router("/dispatch/", "dispatch.api.router")
api.add_router("/reports/", "reports.api.router")
api.add_router("/reports/", "plan.api.router")


@api.get("/health", auth=None, tags=["health"], summary="Database and queue reachability")
def health(request):
    return health_check()
