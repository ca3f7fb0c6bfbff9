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


# --- issue 13, finding 6: every non-global address, and DNS rebinding ------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://100.100.100.200/latest/meta-data/",  # a cloud metadata service, inside CGNAT
        "http://100.64.0.1/",  # shared address space 100.64.0.0/10
        "http://[2002:7f00:1::]/",  # 6to4 wrapping 127.0.0.1
        "http://[2002:a00:1::]/",  # 6to4 wrapping 10.0.0.1
        "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",  # Teredo, client 127.0.0.1
        "http://[64:ff9b::7f00:1]/",  # NAT64 of 127.0.0.1
        "http://[64:ff9b::a9fe:a9fe]/",  # NAT64 of 169.254.169.254
        "http://[::127.0.0.1]/",  # IPv4-compatible loopback
        "http://[fd00:ec2::254]/",  # AWS IPv6 metadata
        "http://192.0.0.192/",  # Oracle metadata
        "http://198.18.0.1/",  # benchmarking
        "http://240.0.0.1/",  # reserved
        "http://224.0.0.1/",  # multicast
        "http://0.0.0.0/",
    ],
)
def test_every_non_global_address_is_refused(settings, url):
    settings.MUA_FEEDS_ALLOW_PRIVATE = False
    with pytest.raises(client.UnsafeURL, match="nội bộ"):
        client.check_url(url)


def test_a_metadata_address_is_refused_even_when_private_addresses_are_allowed(settings):
    settings.MUA_FEEDS_ALLOW_PRIVATE = True
    with pytest.raises(client.UnsafeURL, match="metadata"):
        client.check_url("http://169.254.169.254/latest/meta-data/")
    with pytest.raises(client.UnsafeURL):
        client.fetch("http://100.100.100.200/latest/meta-data/")


class Resolver:
    """A fake DNS that answers a name differently on each lookup (what a rebinding attacker does);
    an IP literal resolves to itself, and no lookup ever leaves the machine."""

    def __init__(self, answers: dict[str, list[str]], forbidden: set[str] = frozenset()):
        self.answers = answers
        self.forbidden = forbidden
        self.asked: list[str] = []

    def __call__(self, host, port, *args, **kwargs):
        self.asked.append(host)
        if host in self.forbidden:  # the checked public address: never connect out of the machine
            raise socket.gaierror(f"test: no connection to {host}")
        address = self.answers[host].pop(0) if host in self.answers else host
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]


def test_dns_rebinding_cannot_swap_the_checked_address_for_loopback(settings, monkeypatch, feed_server):
    """The name is public when checked and 127.0.0.1 afterwards: the fetch connects to the public address
    it checked (refused here by the fake resolver) and never reads the loopback body."""
    settings.MUA_FEEDS_ALLOW_PRIVATE = False
    feed_server.serve("/rss", b"loopback secret")
    port = feed_server.httpd.server_address[1]
    resolver = Resolver({"rebind.example.vn": ["93.184.216.34", "127.0.0.1", "127.0.0.1"]}, {"93.184.216.34"})
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    with pytest.raises(client.FetchError) as exc:
        client.fetch(f"http://rebind.example.vn:{port}/rss")
    assert "loopback secret" not in str(exc.value)
    assert resolver.asked == ["rebind.example.vn", "93.184.216.34"]  # one lookup, then the pinned address
    assert feed_server.requests == []


def test_the_fetch_connects_to_the_checked_address_with_the_name_in_host(settings, monkeypatch, feed_server):
    """Pinned to the first answer (loopback, allowed in this test); the second answer is never used."""
    feed_server.serve("/rss", rss20([]))
    port = feed_server.httpd.server_address[1]
    resolver = Resolver({"bao.example.vn": ["127.0.0.1", "10.255.255.1"]})
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    result = client.fetch(f"http://bao.example.vn:{port}/rss")
    assert result.status == 200 and result.body.startswith(b"<?xml")
    path, headers = feed_server.requests[0]
    assert path == "/rss" and headers["Host"] == f"bao.example.vn:{port}"
    assert resolver.asked == ["bao.example.vn", "127.0.0.1"]


def test_an_international_domain_name_is_pinned_under_its_idna_form(settings, monkeypatch, feed_server):
    feed_server.serve("/rss", rss20([]))
    port = feed_server.httpd.server_address[1]
    monkeypatch.setattr(socket, "getaddrinfo", Resolver({"báo.example.vn": ["127.0.0.1"]}))
    assert client.fetch(f"http://báo.example.vn:{port}/rss").status == 200
    assert feed_server.requests[0][1]["Host"] == f"xn--bo-mia.example.vn:{port}"
