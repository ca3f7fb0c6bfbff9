"""What a content item's fields must be before a service stores them: trimmed, http(s) links, times ahead."""

import datetime as dt
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError


def content_fields_clean(fields: dict) -> dict:
    """Trim text fields and refuse empty title or body, and media links that are not http(s)."""
    cleaned = {
        "title": (fields.get("title") or "").strip(),
        "body": (fields.get("body") or "").strip(),
        "outlet": (fields.get("outlet") or "").strip(),
        "airtime": (fields.get("airtime") or "").strip(),
        "media_links": [link.strip() for link in (fields.get("media_links") or []) if link.strip()],
    }
    if not cleaned["title"]:
        raise DomainError(_("Tiêu đề không được để trống."), field="title")
    if not cleaned["body"]:
        raise DomainError(_("Nội dung không được để trống."), field="body")
    for link in cleaned["media_links"]:
        http_url_require(link, field="media_links")
    return cleaned


def http_url_require(url: str, *, field: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise DomainError(
            _("Đường dẫn '%(url)s' phải bắt đầu bằng http:// hoặc https://.") % {"url": url}, field=field
        )


def planned_at_check(planned_at: dt.datetime | None) -> None:
    if planned_at is None:
        return
    if timezone.is_naive(planned_at):
        raise DomainError(_("Thời điểm đăng dự kiến phải có múi giờ."), field="planned_at")
    if planned_at <= timezone.now():
        raise DomainError(_("Thời điểm đăng dự kiến phải ở tương lai."), field="planned_at")
