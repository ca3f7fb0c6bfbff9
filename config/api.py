"""The root NinjaAPI at /api/v1/: each app's router by dotted path; one place turning errors into JSON."""

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from accounts.auth import MuaAuth
from core.errors import DomainError

from .health import health_check

api = NinjaAPI(
    title="Mùa API",
    version="1",
    description=(
        "Chiến dịch truyền thông nông sản theo mùa, phê duyệt nội dung, SMS và báo cáo "
        "của chương trình 1034. "
        "Xác thực: phiên đăng nhập Django hoặc tiêu đề `X-API-Key` của tổ chức."
    ),
    auth=MuaAuth(),
    urls_namespace="api-v1",
)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError):
    body = {"detail": exc.message}
    if exc.field:
        body["field"] = exc.field
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError):
    return api.create_response(request, {"detail": "Chưa xác thực."}, status=401)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError):
    """422 with the first offending field named, and every error listed."""
    errors = [
        {"field": ".".join(str(p) for p in e.get("loc", [])[1:]) or None, "message": e.get("msg", "")}
        for e in exc.errors
    ]
    first = errors[0] if errors else {"field": None, "message": "Dữ liệu không hợp lệ."}
    return api.create_response(
        request, {"detail": first["message"], "field": first["field"], "errors": errors}, status=422
    )


api.add_router("/accounts/", "accounts.api.router")
api.add_router("/calendars/", "calendars.api.router")
api.add_router("/campaigns/", "campaigns.api.router")
api.add_router("/content/", "content.api.router")
api.add_router("/dispatch/", "dispatch.api.router")
api.add_router("/reports/", "reports.api.router")


@api.get("/health", auth=None, tags=["health"], summary="Database and queue reachability")
def health(request):
    return health_check()
