"""Text no database column can hold: NUL bytes (PostgreSQL refuses them) and lone UTF-16 surrogates (not
encodable as UTF-8). Both reached PostgreSQL and came back as 500s; they are refused as a 400 at the edge:
in the URL and an API request's JSON body (the middleware) and in API query/form fields (the parser, which
ninja calls for those; it hides parse_body's errors, hence the middleware for JSON bodies)."""

import json
import re

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja.parser import Parser

from core.errors import DomainError

_SURROGATE = re.compile("[\ud800-\udfff]")


def unsafe_text_reason(text: str) -> str | None:
    if "\x00" in text:
        return _("Dữ liệu chứa ký tự NUL (0x00), không được chấp nhận.")
    if _SURROGATE.search(text):
        return _("Dữ liệu chứa ký tự Unicode không hợp lệ (surrogate lẻ).")
    return None


def refuse_unsafe_text(value, path: str = "") -> None:
    """Raise DomainError naming the first string (or key) in `value` a database cannot hold."""
    if isinstance(value, str):
        reason = unsafe_text_reason(value)
        if reason:
            raise DomainError(reason, field=path or None)
    elif isinstance(value, dict):
        for key, item in value.items():
            refuse_unsafe_text(key, path)
            refuse_unsafe_text(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            refuse_unsafe_text(item, f"{path}.{index}" if path else str(index))


def _json_body(request):
    if not request.path.startswith("/api/") or request.content_type != "application/json":
        return None
    try:
        return json.loads(request.body)
    except ValueError:  # not JSON (or not UTF-8): the API answers that itself
        return None


class RefuseUnsafeTextMiddleware:
    """A NUL byte or lone surrogate in the path, the query string or an API JSON body is a 400 before any
    view or database sees it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            refuse_unsafe_text([request.path, *request.GET.keys(), *request.GET.values()])
            refuse_unsafe_text(_json_body(request))
        except DomainError as exc:
            field = exc.field if exc.field and not exc.field.isdigit() else None
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": exc.message, "field": field}, status=400)
            return HttpResponseBadRequest(exc.message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class SafeTextParser(Parser):
    """The API's parser (NinjaAPI(parser=...)): query and form fields a database can hold."""

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        refuse_unsafe_text(result)
        return result
