"""Feed bytes → entries, with feedparser. Tolerant: a bozo feed keeps what was recovered, with the reason."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import html
import re
import warnings
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import feedparser
from django.utils.translation import gettext as _

MAX_ENTRIES = 2000  # a huge feed is read up to here; the rest waits for the next poll
_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")
# Query parameters that only track a click; the same article with or without them is one article.
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|zarsrc|zaloapp|ref|rss|src|cmpid)$", re.IGNORECASE)


class NotAFeed(Exception):
    """The bytes hold no feed at all (an HTML page, garbage): nothing was recovered."""


@dataclass
class ParsedEntry:
    key_hash: str
    guid: str
    link: str
    canonical_url: str
    title: str
    summary: str
    published_at: dt.datetime | None
    content_hash: str


@dataclass
class ParsedFeed:
    version: str
    entries: list[ParsedEntry] = field(default_factory=list)
    bozo_reason: str = ""
    truncated: bool = False


def _text(value: str, limit: int) -> str:
    return _SPACES.sub(" ", html.unescape(_TAGS.sub(" ", value or ""))).strip()[:limit]


def canonical_url(url: str) -> str:
    """One spelling per article: lower-case scheme and host, no www., no fragment, no tracking
    parameters, no trailing slash; http and https are the same article."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    host = parts.hostname.lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k))
    )
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https", host, path, query, ""))[:1000]


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _date(entry) -> dt.datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        with warnings.catch_warnings():  # feedparser warns about its own published/updated fallback
            warnings.simplefilter("ignore", DeprecationWarning)
            value = entry.get(key)
        if value:
            try:
                return dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.UTC)
            except (OverflowError, ValueError, TypeError):
                continue
    return None


def _entry(entry) -> ParsedEntry | None:
    title = _text(entry.get("title", ""), 500)
    summary = _text(entry.get("summary", "") or entry.get("description", ""), 5000)
    link = (entry.get("link") or "").strip()[:1000]
    guid = (entry.get("id") or "").strip()[:1000]
    if not (guid or link or title or summary):
        return None
    key = guid or link or f"{title}\n{summary}"
    return ParsedEntry(
        key_hash=_hash(key),
        guid=guid,
        link=link,
        canonical_url=canonical_url(link),
        title=title,
        summary=summary,
        published_at=_date(entry),
        content_hash=_hash(title, summary, link),
    )


def parse(body: bytes, *, url: str = "", content_type: str = "") -> ParsedFeed:
    """Parse feed bytes (any encoding the feed declares); relative links resolve against `url`."""
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    result = feedparser.parse(body, response_headers=headers, sanitize_html=False)
    reason = ""
    if result.get("bozo"):
        exc = result.get("bozo_exception")
        reason = f"{type(exc).__name__}: {exc}"[:500] if exc else "bozo"
    if not result.get("version") and not result.entries:
        raise NotAFeed(reason or _("Không phải RSS/Atom."))
    entries = [e for e in (_entry(x) for x in result.entries[:MAX_ENTRIES]) if e is not None]
    return ParsedFeed(
        version=result.get("version") or "",
        entries=entries,
        bozo_reason=reason,
        truncated=len(result.entries) > MAX_ENTRIES,
    )
