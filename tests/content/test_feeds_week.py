"""Done when: a week of feeds from several outlets becomes correctly counted, de-duplicated publications
linked to the right waves, in the right ISO weeks; broken feeds are visible and backed off."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from content.feeds.selectors import feed_list, publication_counts_by_week, to_confirm_list
from content.models import EntryStatus, Feed, FeedEntry, Publication
from tests import factories
from tests.content.feedgen import Item, atom10, rss20

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int = 9) -> dt.datetime:
    """June 2026, local time in Vietnam."""
    return dt.datetime(2026, 6, day, hour, tzinfo=VN)


LN = "Vải thiều Lục Ngạn"
TH = "Vải thiều Thanh Hà"


def _bac_giang(edited: bool = False) -> bytes:
    return rss20(
        [
            Item(
                f"{LN} vào vụ{' (cập nhật giá)' if edited else ''}",
                "https://baobg.vn/1",
                "bg-1",
                published=at(8),
            ),
            Item(f"{LN} lên sàn Postmart", "https://baobg.vn/2", "bg-2", published=at(10)),
            Item(f"Bắc Giang: {LN} xuất khẩu", "https://baobg.vn/3", "bg-3", published=at(12)),
            Item("Bắc Giang khởi công khu công nghiệp", "https://baobg.vn/4", "bg-4", published=at(12)),
        ]
    )


def _vtv(later: bool = False) -> bytes:
    items = [
        Item(f"Livestream bán {LN}", "https://vtv.vn/a", "vtv-a", published=at(9)),
        # The Bắc Giang paper's article, reprinted with tracking parameters: counted once.
        Item(f"{LN} lên sàn Postmart", "https://baobg.vn/2?utm_source=vtv", "vtv-b", published=at(10, 15)),
        Item(f"{TH} vào mùa", "https://vtv.vn/c", "vtv-c", published=at(11)),
    ]
    if later:
        items.append(Item(f"{LN} cuối vụ vẫn được giá", "https://vtv.vn/d", "vtv-d", published=at(16)))
    return atom10(items)


def _portal() -> bytes:
    return rss20(
        [
            Item(f"Bắc Giang: {LN} xuất khẩu", "http://www.baobg.vn/3/", "p-1", published=at(12, 18)),
            Item(f"Hải Dương: {TH} lên sàn voso", "https://1034.gov.vn/t", "p-2", published=at(13)),
            Item(f"{LN} được mùa", "https://1034.gov.vn/u", "p-3"),  # no date: waits for an editor
        ]
    )


def _hai_duong() -> bytes:
    return rss20(
        [
            Item(f"{TH} chính vụ", "https://baohd.vn/1", "hd-1", published=at(14, 10)),
            # Sunday 20:00 UTC is Monday 03:00 in Vietnam: the next ISO week.
            Item(
                f"{TH} xuất khẩu",
                "https://baohd.vn/2",
                "hd-2",
                published=dt.datetime(2026, 6, 14, 20, tzinfo=dt.UTC),
            ),
        ]
    )


def test_a_week_of_feeds_becomes_deduplicated_publications_per_wave_and_week(feed_server, june_waves):
    feeds = {
        "bg": factories.feed(feed_server.serve("/bg", _bac_giang()), outlet="Báo Bắc Giang", kind="press"),
        "vtv": factories.feed(
            feed_server.serve("/vtv", _vtv(), content_type="application/atom+xml"), outlet="VTV", kind="tv"
        ),
        "portal": factories.feed(feed_server.serve("/portal", _portal()), outlet="Cổng 1034", kind="portal"),
        "hd": factories.feed(feed_server.serve("/hd", _hai_duong()), outlet="Báo Hải Dương", kind="press"),
        "broken": factories.feed(feed_server.serve("/broken", b"", status=500), outlet="Báo hỏng"),
    }
    out = StringIO()
    call_command("poll_feeds", "--all", stdout=out)
    assert "[5/5]" in out.getvalue() and "error=1" in out.getvalue()

    # A second round: one article edited, one new the week after; the unchanged ones change nothing.
    feed_server.routes["/bg"].body = _bac_giang(edited=True)
    feed_server.routes["/vtv"].body = _vtv(later=True)
    call_command("poll_feeds", "--all", stdout=StringIO())

    luc_ngan, thanh_ha = june_waves["vai_luc_ngan"], june_waves["vai_thanh_ha"]
    assert publication_counts_by_week(campaign_id=luc_ngan.pk) == {"2026-W24": 4, "2026-W25": 1}
    assert publication_counts_by_week(campaign_id=thanh_ha.pk) == {"2026-W24": 3, "2026-W25": 1}
    # The programme's target counts press and TV: the portal's own article is not among them.
    assert publication_counts_by_week(channels=["press_online", "tv_central"]) == {
        "2026-W24": 6,
        "2026-W25": 2,
    }
    assert Publication.objects.filter(source="feed").count() == 9
    assert FeedEntry.objects.filter(status=EntryStatus.DUPLICATE).count() == 2
    assert FeedEntry.objects.get(guid="bg-1").edits == 1
    assert Publication.objects.get(feed_entry__guid="bg-1").title.endswith("(cập nhật giá)")
    assert Publication.objects.get(feed_entry__link="https://vtv.vn/a").channel == "tv_central"

    actor = factories.actor(factories.user(org=factories.national()))
    assert [e.guid for e in to_confirm_list(actor=actor)] == ["p-3"]

    broken = feed_list(actor=actor, unhealthy=True).get()
    assert broken.pk == feeds["broken"].pk and broken.error_count == 2
    assert broken.next_poll_at > broken.last_polled_at
    assert Feed.objects.filter(error_count=0).count() == 4
