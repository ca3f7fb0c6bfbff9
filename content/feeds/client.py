"""Mùa's HTTP client for news feeds: timeouts, a size cap, conditional GET, Retry-After, an SSRF guard.

Built on `requests` with redirects followed by hand, so that every hop is checked against the guard:
only http(s), and no private, loopback, link-local or otherwise reserved address unless
settings.MUA_FEEDS_ALLOW_PRIVATE is on (the tests' loopback servers need it).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from django.utils.translation import gettext as _

MAX_REDIRECTS = 5
USER_AGENT = "Mua-FeedPoller/1.0 (+https://github.com/; chuong trinh 1034)"


class FetchError(Exception):
    """A fetch that produced no feed; `status` and `retry_after` when the server said so."""

    def __init__(self, message: str, *, status: int | None = None, retry_after: dt.timedelta | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after


class UnsafeURL(FetchError):
    """A URL the guard refuses: not http(s), or an address inside the network."""


@dataclass
class FetchResult:
    status: int
    url: str
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _refused(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or (isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None and _refused(ip.ipv4_mapped))
    )


def check_url(url: str) -> None:
    """Refuse a URL that is not http(s) or whose host resolves to an address inside the network."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeURL(_("Chỉ nhận địa chỉ http:// hoặc https:// (%(url)s).") % {"url": url[:100]})
    if getattr(settings, "MUA_FEEDS_ALLOW_PRIVATE", False):
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(
            _("Không phân giải được tên miền %(host)s: %(e)s") % {"host": parts.hostname, "e": exc}
        ) from None
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if _refused(ip):
            raise UnsafeURL(
                _("Địa chỉ %(host)s (%(ip)s) thuộc mạng nội bộ; không lấy tin từ đó.")
                % {"host": parts.hostname, "ip": ip}
            )


def retry_after(value: str | None, *, now: dt.datetime) -> dt.timedelta | None:
    """Retry-After as seconds or as an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return dt.timedelta(seconds=int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(when - now, dt.timedelta(0))


def _read_capped(response: requests.Response, limit: int) -> bytes:
    chunks, size = [], 0
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise FetchError(_("Nguồn tin lớn hơn giới hạn %(mb)s MB.") % {"mb": limit // (1024 * 1024)})
        chunks.append(chunk)
    return b"".join(chunks)


def fetch(
    url: str, *, etag: str = "", last_modified: str = "", now: dt.datetime | None = None
) -> FetchResult:
    """GET a feed with its validators. 304 → not modified; 429/503 and other errors raise FetchError."""
    now = now or dt.datetime.now(dt.UTC)
    headers = {"User-Agent": USER_AGENT, "Accept": "application/rss+xml, application/atom+xml, */*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    timeout = (settings.MUA_FEED_CONNECT_TIMEOUT, settings.MUA_FEED_READ_TIMEOUT)
    for _hop in range(MAX_REDIRECTS + 1):
        check_url(url)
        try:
            with requests.get(url, headers=headers, timeout=timeout, allow_redirects=False, stream=True) as r:
                if r.is_redirect and r.headers.get("Location"):
                    url = urljoin(url, r.headers["Location"])
                    continue
                return _result(r, url, now)
        except requests.RequestException as exc:
            raise FetchError(
                _("Lỗi kết nối: %(kind)s: %(e)s") % {"kind": type(exc).__name__, "e": str(exc)[:200]}
            ) from None
    raise FetchError(_("Quá %(n)s lần chuyển hướng.") % {"n": MAX_REDIRECTS})


def _result(r: requests.Response, url: str, now: dt.datetime) -> FetchResult:
    info = {
        "etag": r.headers.get("ETag", ""),
        "last_modified": r.headers.get("Last-Modified", ""),
        "content_type": r.headers.get("Content-Type", ""),
    }
    if r.status_code == 304:
        return FetchResult(status=304, url=url, headers=info)
    if r.status_code in (429, 503):
        raise FetchError(
            _("Máy chủ báo bận (HTTP %(status)s).") % {"status": r.status_code},
            status=r.status_code,
            retry_after=retry_after(r.headers.get("Retry-After"), now=now),
        )
    if r.status_code >= 400:
        raise FetchError(f"HTTP {r.status_code} {r.reason or ''}".strip(), status=r.status_code)
    body = _read_capped(r, settings.MUA_FEED_MAX_BYTES)
    return FetchResult(status=r.status_code, url=url, body=body, headers=info)
