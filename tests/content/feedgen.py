"""Feeds written for Mùa's tests: RSS 0.91/0.92/1.0/2.0 and Atom 0.3/1.0 generators, and a loopback server.

Nothing here fetches anything but 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import threading
import unicodedata
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape


@dataclass
class Item:
    title: str
    link: str = ""
    guid: str = ""
    summary: str = ""
    published: dt.datetime | None = None


def _encodable(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: base letters (ư, ơ, â…) plus combining tone marks."""
    out = bytearray()
    for ch in text:
        if _encodable(ch, "cp1258"):
            out += ch.encode("cp1258")
            continue
        base, *marks = unicodedata.normalize("NFD", ch)
        for mark in list(marks):  # fold the marks the code page has letters for (ô, ư, ă…) into the base
            joined = unicodedata.normalize("NFC", base + mark)
            if len(joined) == 1 and _encodable(joined, "cp1258"):
                base = joined
                marks.remove(mark)
        out += (base + "".join(marks)).encode("cp1258")
    return bytes(out)


def rss20(items: list[Item], *, title: str = "Báo thử", encoding: str = "utf-8") -> bytes:
    parts = [
        f'<?xml version="1.0" encoding="{encoding}"?>',
        '<rss version="2.0"><channel>',
        f"<title>{escape(title)}</title><link>https://bao.example.vn/</link><description>thử</description>",
    ]
    for it in items:
        parts.append("<item>")
        parts.append(f"<title>{escape(it.title)}</title>")
        if it.link:
            parts.append(f"<link>{escape(it.link)}</link>")
        if it.guid:
            parts.append(f'<guid isPermaLink="false">{escape(it.guid)}</guid>')
        if it.summary:
            parts.append(f"<description>{escape(it.summary)}</description>")
        if it.published:
            parts.append(f"<pubDate>{format_datetime(it.published)}</pubDate>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    text = "\n".join(parts)
    return cp1258(text) if encoding == "windows-1258" else text.encode(encoding)


def rss09x(items: list[Item], version: str = "0.91") -> bytes:
    body = "".join(
        f"<item><title>{escape(i.title)}</title><link>{escape(i.link)}</link>"
        f"<description>{escape(i.summary)}</description></item>"
        for i in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="{version}"><channel><title>Cũ</title>'
        f"<link>https://cu.example.vn/</link><description>x</description><language>vi</language>{body}"
        "</channel></rss>"
    ).encode()


def rss10(items: list[Item]) -> bytes:
    lis = "".join(f'<rdf:li rdf:resource="{escape(i.link)}"/>' for i in items)
    body = "".join(
        f'<item rdf:about="{escape(i.link)}"><title>{escape(i.title)}</title><link>{escape(i.link)}</link>'
        f"<description>{escape(i.summary)}</description>"
        + (f"<dc:date>{i.published.isoformat()}</dc:date>" if i.published else "")
        + "</item>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<channel rdf:about="https://rdf.example.vn/"><title>RDF</title><link>https://rdf.example.vn/</link>'
        f"<description>x</description><items><rdf:Seq>{lis}</rdf:Seq></items></channel>{body}</rdf:RDF>"
    ).encode()


def atom10(items: list[Item], *, base: str = "") -> bytes:
    xml_base = f' xml:base="{escape(base)}"' if base else ""
    entries = "".join(
        f"<entry><title>{escape(i.title)}</title>"
        + (f'<link rel="alternate" href="{escape(i.link)}"/>' if i.link else "")
        + f"<id>{escape(i.guid or i.link or i.title)}</id>"
        + (f"<updated>{i.published.isoformat()}</updated>" if i.published else "")
        + (f"<summary>{escape(i.summary)}</summary>" if i.summary else "")
        + "</entry>"
        for i in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"{xml_base}>'
        "<title>Atom</title><id>urn:mua:test</id><updated>2026-06-15T00:00:00Z</updated>"
        f"{entries}</feed>"
    ).encode()


def atom03(items: list[Item]) -> bytes:
    entries = "".join(
        f"<entry><title>{escape(i.title)}</title>"
        f'<link rel="alternate" type="text/html" href="{escape(i.link)}"/>'
        f"<id>{escape(i.guid or i.link)}</id>"
        + (
            f"<issued>{i.published.isoformat()}</issued><modified>{i.published.isoformat()}</modified>"
            if i.published
            else ""
        )
        + "</entry>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed version="0.3" xmlns="http://purl.org/atom/ns#">'
        f"<title>Atom 0.3</title><modified>2026-06-15T00:00:00Z</modified>{entries}</feed>"
    ).encode()


# --- a loopback HTTP server -------------------------------------------------------------------------


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    headers: dict = field(default_factory=dict)
    etag: str = ""
    last_modified: str = ""
    delay: float = 0.0


class FeedServer:
    """A threaded HTTP server on 127.0.0.1 serving `routes`; records every request's path and headers."""

    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                if route.delay:
                    import time

                    time.sleep(route.delay)
                fresh = (route.etag and self.headers.get("If-None-Match") == route.etag) or (
                    route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified
                )
                if fresh:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                if route.etag:
                    self.send_header("ETag", route.etag)
                if route.last_modified:
                    self.send_header("Last-Modified", route.last_modified)
                for k, v in route.headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(route.body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def serve(self, path: str, body: bytes = b"", **kw) -> str:
        self.routes[path] = Route(body=body, **kw)
        return self.url(path)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
