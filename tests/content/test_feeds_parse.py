"""A corpus of feeds of many kinds, polled through the loopback server: no poll crashes, every outcome
is recorded on the feed (success with what was recovered, or the error)."""

import datetime as dt

import pytest

from content.feeds import parse, services
from content.models import FeedEntry
from tests import factories
from tests.content.feedgen import Item, atom03, atom10, rss09x, rss10, rss20

pytestmark = pytest.mark.django_db

WHEN = dt.datetime(2026, 6, 15, 3, 0, tzinfo=dt.UTC)
ITEMS = [
    Item("Vải thiều Lục Ngạn lên sàn", "https://bao.example.vn/a", "a", "Tóm tắt <b>đậm</b>", WHEN),
    Item("Nhãn lồng Hưng Yên", "https://bao.example.vn/b", "b", "", WHEN + dt.timedelta(hours=1)),
]

WIN1258_TITLE = "Xoài cát Hòa Lộc được giá"


def _malformed() -> bytes:
    good = rss20(ITEMS).decode()
    return good.replace("</item>\n<item>", "</item>\n<item><title>Gạo & muối <b>hỏng</title>", 1).encode()


def _wrong_content_type():
    return rss20(ITEMS), "text/html; charset=utf-8"


CORPUS = {
    # name: (body, content type, expected entries or None for an error, bozo expected)
    "rss-0.91": (rss09x(ITEMS, "0.91"), "application/rss+xml", 2, False),
    "rss-0.92": (rss09x(ITEMS, "0.92"), "text/xml", 2, True),  # text/xml without charset: us-ascii
    "rss-1.0": (rss10(ITEMS), "application/rdf+xml", 2, False),
    "rss-2.0": (rss20(ITEMS), "application/rss+xml", 2, False),
    "atom-0.3": (atom03(ITEMS), "application/atom+xml", 2, False),
    "atom-1.0": (atom10(ITEMS), "application/atom+xml", 2, False),
    "malformed-xml": (_malformed(), "application/rss+xml", 2, True),
    "wrong-content-type-html": (rss20(ITEMS), "text/html; charset=utf-8", 2, True),
    "wrong-content-type-octet": (rss20(ITEMS), "application/octet-stream", 2, None),
    "no-content-type": (rss20(ITEMS), "", 2, None),
    "windows-1258": (
        rss20([Item(WIN1258_TITLE, "https://b.vn/x", "x", published=WHEN)], encoding="windows-1258"),
        "application/rss+xml",
        1,
        None,
    ),
    "utf-16": (
        rss20(ITEMS, encoding="utf-16"),
        "application/rss+xml",
        2,
        None,
    ),
    "empty-channel": (rss20([]), "application/rss+xml", 0, False),
    "empty-body": (b"", "application/rss+xml", None, None),
    "html-page": ("<html><body><h1>Trang chủ</h1></body></html>".encode(), "text/html", None, None),
    "garbage": (bytes(range(256)) * 8, "application/rss+xml", None, None),
    "truncated-document": (rss20(ITEMS)[:-40], "application/rss+xml", 2, True),  # recovered
    "json-not-a-feed": (b'{"items": []}', "application/json", None, None),
    "entries-without-link-or-guid": (
        rss20([Item("Chỉ có tiêu đề"), Item("", summary="Chỉ có tóm tắt")]),
        "application/rss+xml",
        2,
        False,
    ),
    "odd-dates": (
        rss20(ITEMS).replace(b"<pubDate>", b"<pubDate>ngay 15 thang 6 ", 1),
        "application/rss+xml",
        2,
        None,
    ),
    "duplicate-guids-in-one-document": (rss20([ITEMS[0], ITEMS[0]]), "application/rss+xml", 1, False),
    "relative-links": (
        rss20([Item("Tương đối", "/tin/vai-thieu.html", "r1", published=WHEN)]),
        "application/rss+xml",
        1,
        False,
    ),
    "atom-xml-base": (
        atom10([Item("Cơ sở", "bai/1.html", "urn:1", published=WHEN)], base="https://portal.example.vn/tin/"),
        "application/atom+xml",
        1,
        False,
    ),
}


@pytest.mark.parametrize("name", list(CORPUS))
def test_every_feed_in_the_corpus_is_polled_without_crashing_and_the_outcome_recorded(feed_server, name):
    body, content_type, expected, bozo = CORPUS[name]
    feed = factories.feed(feed_server.serve(f"/{name}", body, content_type=content_type))
    outcome = services.feed_poll(feed_id=feed.pk)
    feed.refresh_from_db()
    assert feed.last_polled_at is not None
    if expected is None:
        assert outcome.status == "error" and feed.error_count == 1 and feed.last_error
    else:
        assert outcome.status == "ok", feed.last_error
        assert feed.error_count == 0 and feed.last_success_at is not None
        assert FeedEntry.objects.filter(feed=feed).count() == expected
    if bozo is True and expected is not None:
        assert feed.bozo_reason
    if bozo is False:
        assert feed.bozo_reason == ""


def test_a_windows_1258_feed_reads_its_vietnamese_correctly(feed_server):
    body, content_type, *_ = CORPUS["windows-1258"]
    assert WIN1258_TITLE.encode("utf-8") not in body  # really another encoding on the wire
    feed = factories.feed(feed_server.serve("/cp1258", body, content_type=content_type))
    services.feed_poll(feed_id=feed.pk)
    from core.text import fold

    assert fold(FeedEntry.objects.get().title) == fold(WIN1258_TITLE)


def test_a_utf16_feed_keeps_its_diacritics(feed_server):
    body, content_type, *_ = CORPUS["utf-16"]
    feed = factories.feed(feed_server.serve("/utf16", body, content_type=content_type))
    services.feed_poll(feed_id=feed.pk)
    assert set(FeedEntry.objects.values_list("title", flat=True)) == {i.title for i in ITEMS}


def test_relative_links_resolve_against_the_feed_address(feed_server):
    for name in ("relative-links", "atom-xml-base"):
        body, content_type, *_ = CORPUS[name]
        url = feed_server.serve(f"/{name}", body, content_type=content_type)
        services.feed_poll(feed_id=factories.feed(url).pk)
    links = set(FeedEntry.objects.values_list("link", flat=True))
    assert feed_server.url("/tin/vai-thieu.html") in links
    assert "https://portal.example.vn/tin/bai/1.html" in links


def test_a_huge_feed_is_read_up_to_the_limit_and_the_rest_waits(feed_server):
    items = [Item(f"Tin số {n}", f"https://b.vn/{n}", f"g{n}", published=WHEN) for n in range(2500)]
    feed = factories.feed(feed_server.serve("/huge", rss20(items)))
    outcome = services.feed_poll(feed_id=feed.pk)
    assert outcome.status == "ok"
    assert FeedEntry.objects.filter(feed=feed).count() == parse.MAX_ENTRIES


def test_an_entry_is_keyed_by_guid_else_link_else_title_and_summary():
    by_guid = parse.parse(rss20([Item("A", "https://b.vn/1", "g")])).entries[0]
    by_link = parse.parse(rss20([Item("A", "https://b.vn/1")])).entries[0]
    by_text = parse.parse(rss20([Item("A", summary="S")])).entries[0]
    moved = parse.parse(rss20([Item("B", "https://b.vn/2", "g")])).entries[0]
    assert by_guid.key_hash == moved.key_hash  # same GUID: the same article, edited
    assert by_guid.content_hash != moved.content_hash
    assert len({by_guid.key_hash, by_link.key_hash, by_text.key_hash}) == 3


def test_canonical_links_ignore_tracking_scheme_www_fragment_and_trailing_slash():
    assert (
        parse.canonical_url("HTTP://WWW.Bao.example.vn/tin/1/?utm_source=rss&id=5&fbclid=x#top")
        == parse.canonical_url("https://bao.example.vn/tin/1?id=5")
        == "https://bao.example.vn/tin/1?id=5"
    )
    assert parse.canonical_url("javascript:alert(1)") == ""


def test_an_unreadable_date_leaves_the_entry_undated_not_dated_now(feed_server):
    body, content_type, *_ = CORPUS["odd-dates"]
    services.feed_poll(feed_id=factories.feed(feed_server.serve("/odd", body, content_type=content_type)).pk)
    undated = FeedEntry.objects.get(guid="a")
    assert undated.undated and undated.published_at is None
    assert FeedEntry.objects.get(guid="b").published_at == WHEN + dt.timedelta(hours=1)
