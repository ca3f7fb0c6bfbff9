"""What a locked-out sign-in sees (django-axes' AXES_LOCKOUT_CALLABLE): a plain 429 page in Vietnamese."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.html import escape
from django.utils.translation import gettext as _


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Đăng nhập tạm thời bị khoá vì sai mật khẩu quá nhiều lần (theo tài khoản hoặc theo địa chỉ "
        "truy cập). Vui lòng thử lại sau %(minutes)d phút hoặc liên hệ người vận hành hệ thống."
    ) % {"minutes": minutes}


def lockout_response(request, credentials, *args, **kwargs) -> HttpResponse:
    """429 with the reason; the same answer whether or not the account exists."""
    title = escape(_("Tạm khoá đăng nhập"))
    body = (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title></head>'
        f'<body><h1>{title}</h1><p role="alert">{escape(lockout_message())}</p></body></html>'
    )
    return HttpResponse(body, status=429, content_type="text/html; charset=utf-8")
