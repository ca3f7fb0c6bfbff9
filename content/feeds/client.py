"""Mùa's HTTP client for news feeds: timeouts, a size cap, conditional GET, Retry-After, an SSRF guard.

Built on `requests` with redirects followed by hand, so that every hop is checked against the guard:
only http(s), and only global addresses (no private, loopback, link-local, shared/CGNAT, reserved or
metadata address, nor an IPv6 form wrapping one) unless settings.MUA_FEEDS_ALLOW_PRIVATE is on (the
tests' loopback servers need it). Each hop's name is resolved once; the connection goes to the address
that was checked (DNS rebinding cannot swap it), with the name kept for Host and TLS.
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
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.util import parse_url

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


# Cloud metadata services: refused even when MUA_FEEDS_ALLOW_PRIVATE lets the tests' loopback through.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "192.0.0.192", "fd00:ec2::254")
)
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _embedded(ip: Address) -> list[Address]:
    """IPv4 addresses an IPv6 address carries: mapped, compatible, 6to4, Teredo (both ends), NAT64."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return []
    inner = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
    if int(ip) >> 32 == 0:  # ::a.b.c.d, the deprecated IPv4-compatible form
        inner.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if any(ip in net for net in _NAT64):
        inner.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return [a for a in inner if a is not None]


def _refused(ip: Address) -> bool:
    """Anything but a global unicast address: private, loopback, link-local, shared/CGNAT (100.64/10),
    reserved, documentation, multicast, and IPv6 forms that wrap such an IPv4 address."""
    if ip in METADATA_ADDRESSES or not ip.is_global or ip.is_multicast or ip.is_reserved:
        return True
    return any(_refused(inner) for inner in _embedded(ip))


def _parse_url(url: str):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeURL(_("Chỉ nhận địa chỉ http:// hoặc https:// (%(url)s).") % {"url": url[:100]})
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise UnsafeURL(_("Cổng không hợp lệ (%(url)s).") % {"url": url[:100]}) from None
    return parts, port


def resolve_checked(url: str) -> tuple[str, int, Address]:
    """Resolve the URL's host once and check every address it has; returns (host, port, the address to
    connect to). The fetch connects to exactly this address, so a second answer (DNS rebinding) is never
    used. MUA_FEEDS_ALLOW_PRIVATE admits inside addresses (never metadata), for the tests' loopback."""
    parts, port = _parse_url(url)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(
            _("Không phân giải được tên miền %(hostname)s: %(exc)s")
            % {"hostname": parts.hostname, "exc": exc}
        ) from None
    allow_private = getattr(settings, "MUA_FEEDS_ALLOW_PRIVATE", False)
    addresses = [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
    for ip in addresses:
        if ip in METADATA_ADDRESSES or (not allow_private and _refused(ip)):
            raise UnsafeURL(
                _("Địa chỉ %(hostname)s (%(ip)s) thuộc mạng nội bộ; không lấy tin từ đó.")
                % {"hostname": parts.hostname, "ip": ip}
            )
    if not addresses:
        raise FetchError(_("Không phân giải được tên miền %(hostname)s.") % {"hostname": parts.hostname})
    return parts.hostname, port, addresses[0]


def check_url(url: str) -> None:
    """Refuse a URL that is not http(s) or whose host resolves to an address inside the network."""
    parts, _port = _parse_url(url)
    if getattr(settings, "MUA_FEEDS_ALLOW_PRIVATE", False):
        try:  # a literal metadata address is refused even here; names are left to the fetch
            literal = ipaddress.ip_address(parts.hostname)
        except ValueError:
            return
        if literal in METADATA_ADDRESSES:
            raise UnsafeURL(
                _("Địa chỉ %(literal)s là dịch vụ metadata; không lấy tin từ đó.") % {"literal": literal}
            )
        return
    resolve_checked(url)


class _PinnedAdapter(HTTPAdapter):
    """Connects each (host, port) to the address the guard checked, keeping the URL's name for the Host
    header, TLS SNI and certificate check (urllib3 uses the name for all three, `_dns_host` only to
    connect)."""

    def __init__(self):
        super().__init__(max_retries=0)
        self.pins: dict[tuple[str, int], str] = {}

    def get_connection_with_tls_context(self, request, verify, proxies=None, cert=None):
        pool = super().get_connection_with_tls_context(request, verify, proxies=proxies, cert=cert)
        address = self.pins.get((pool.host, pool.port))
        if address is None:  # a hop that was not checked: never connect by resolving it again
            raise requests.ConnectionError(f"Địa chỉ {pool.host} chưa được kiểm tra.")
        base = HTTPSConnection if pool.scheme == "https" else HTTPConnection
        pool.ConnectionCls = type("PinnedConnection", (_Pinned, base), {"pinned_address": address})
        return pool


class _Pinned:
    pinned_address = ""

    def _new_conn(self):
        name, self._dns_host = self._dns_host, self.pinned_address
        try:
            return super()._new_conn()
        finally:
            self._dns_host = name


def _pool_host(url: str) -> str:
    """The host as urllib3 names its connection pool (IDNA-encoded, lower-case, IPv6 without brackets)."""
    return (parse_url(url).host or "").strip("[]")


def _session() -> tuple[requests.Session, _PinnedAdapter]:
    session = requests.Session()
    session.trust_env = False  # no proxy from the environment: the connection goes where it was checked
    adapter = _PinnedAdapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session, adapter


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
    session, adapter = _session()
    with session:
        for _hop in range(MAX_REDIRECTS + 1):
            _host, port, address = resolve_checked(url)
            adapter.pins[(_pool_host(url), port)] = str(address)
            try:
                with session.get(
                    url, headers=headers, timeout=timeout, allow_redirects=False, stream=True
                ) as r:
                    if r.is_redirect and r.headers.get("Location"):
                        url = urljoin(url, r.headers["Location"])
                        continue
                    return _result(r, url, now)
            except requests.RequestException as exc:
                raise FetchError(
                    _("Lỗi kết nối: %(type)s: %(str)s") % {"type": type(exc).__name__, "str": str(exc)[:200]}
                ) from None
    raise FetchError(_("Quá %(max_redirects)s lần chuyển hướng.") % {"max_redirects": MAX_REDIRECTS})


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
