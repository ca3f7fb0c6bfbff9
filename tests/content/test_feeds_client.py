"""The feed poller's HTTP client: the SSRF guard on every hop, redirects, Retry-After. Loopback only."""

import datetime as dt
import socket

import pytest

from content.feeds import client
from tests.content.feedgen import rss20

NOW = dt.datetime(2026, 6, 15, 3, tzinfo=dt.UTC)


def test_retry_after_reads_seconds_and_http_dates():
    assert client.retry_after("120", now=NOW) == dt.timedelta(seconds=120)
    assert client.retry_after("Mon, 15 Jun 2026 05:00:00 GMT", now=NOW) == dt.timedelta(hours=2)
    assert client.retry_after("Mon, 15 Jun 2026 01:00:00 GMT", now=NOW) == dt.timedelta(0)
    assert client.retry_after("sớm thôi", now=NOW) is None
    assert client.retry_after(None, now=NOW) is None


def test_a_host_name_resolving_inside_the_network_is_refused(settings, monkeypatch):
    """The guard looks at the addresses a name resolves to, not at the name (no real DNS here)."""
    settings.MUA_FEEDS_ALLOW_PRIVATE = False

    def resolve(host, port, *args, **kwargs):
        address = {"noi-bo.example.vn": "192.168.1.10", "mapped.example.vn": "::ffff:10.0.0.1"}.get(
            host, "203.0.113.5"
        )
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(client.UnsafeURL, match="192.168.1.10"):
        client.check_url("https://noi-bo.example.vn/rss")
    with pytest.raises(client.UnsafeURL):
        client.check_url("https://mapped.example.vn/rss")
    with pytest.raises(client.UnsafeURL):
        client.check_url("https://bao.example.vn/rss")  # 203.0.113.0/24 is reserved for documentation
    for url in ["file:///etc/passwd", "ftp://bao.example.vn/", "http:///rss", "javascript:alert(1)"]:
        with pytest.raises(client.UnsafeURL, match="http"):
            client.check_url(url)


def test_redirects_are_followed_and_each_hop_is_checked(feed_server):
    feed_server.serve("/final", rss20([]))
    feed_server.serve("/moved", b"", status=301, headers={"Location": "/final"})
    result = client.fetch(feed_server.url("/moved"))
    assert result.status == 200 and result.url == feed_server.url("/final")
    feed_server.serve("/evil", b"", status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(client.UnsafeURL):
        client.fetch(feed_server.url("/evil"))


def test_a_redirect_loop_ends_with_an_error(feed_server):
    feed_server.serve("/loop", b"", status=302, headers={"Location": "/loop"})
    with pytest.raises(client.FetchError, match="chuyển hướng"):
        client.fetch(feed_server.url("/loop"))
