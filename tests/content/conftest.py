"""Fixtures for the news-feed tests: a loopback feed server and campaign waves around June 2026."""

import datetime as dt

import pytest

from accounts.models import Role
from tests import factories
from tests.content.feedgen import FeedServer, rss20


@pytest.fixture
def feed_server(settings):
    """A feed server on 127.0.0.1; the SSRF guard lets loopback through only for these tests."""
    settings.MUA_FEEDS_ALLOW_PRIVATE = True
    with FeedServer() as server:
        yield server


@pytest.fixture
def polled_rss(feed_server):
    """Serve an RSS 2.0 feed of `items`, register it (with `feed_kw`) and poll it once at `now`."""
    from content.feeds.services import feed_poll

    def poll(items, *, now=None, path="/rss", **feed_kw):
        feed = factories.feed(feed_server.serve(path, rss20(items)), **feed_kw)
        feed_poll(feed_id=feed.pk, now=now)
        return feed

    return poll


# Waves of the labelled headlines and of the week of feeds: key → (product, 2022 province, harvest window).
WAVES = {
    "vai_luc_ngan": ("Vải thiều Lục Ngạn", "24", dt.date(2026, 6, 1), dt.date(2026, 7, 15)),
    "vai_thanh_ha": ("Vải thiều Thanh Hà", "30", dt.date(2026, 5, 25), dt.date(2026, 7, 10)),
    "nhan_hung_yen": ("Nhãn lồng Hưng Yên", "33", dt.date(2026, 7, 10), dt.date(2026, 8, 31)),
    "man_moc_chau": ("Mận hậu Mộc Châu", "14", dt.date(2026, 5, 15), dt.date(2026, 6, 30)),
    "thanh_long": ("Thanh long Bình Thuận", "60", dt.date(2026, 5, 1), dt.date(2026, 8, 31)),
    "sau_rieng_dak_lak": ("Sầu riêng Đắk Lắk", "66", dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
    "xoai_hoa_loc": ("Xoài cát Hòa Lộc", "82", dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
    "bo_dak_lak": ("Bơ Đắk Lắk", "66", dt.date(2026, 5, 1), dt.date(2026, 9, 30)),
    "nho_ninh_thuan": ("Nho Ninh Thuận", "58", dt.date(2026, 5, 1), dt.date(2026, 6, 30)),
    "che_tan_cuong": ("Chè Tân Cương", "19", dt.date(2026, 5, 1), dt.date(2026, 9, 30)),
    # Out of season in June: an article about them then is not counted for them.
    "cam_ham_yen": ("Cam sành Hàm Yên", "08", dt.date(2026, 12, 1), dt.date(2027, 1, 31)),
    "ca_phe_dak_lak": ("Cà phê Đắk Lắk", "66", dt.date(2026, 11, 1), dt.date(2026, 12, 31)),
}


@pytest.fixture
def june_waves(db):
    from calendars.models import Product

    waves = {}
    for key, (product, code, start, end) in WAVES.items():
        waves[key] = factories.campaign(
            province_code=code,
            harvest_start=start,
            harvest_end=end,
            title=f"{product} {start.year}",
            product=Product.objects.get(name=product),
            kind="seasonal",
        )
    return waves


# The review tests' author (an agency editor) and approver (the Postal Department).
@pytest.fixture
def author():
    return factories.user(
        "tacgia", org=factories.organisation("agency"), role=Role.EDITOR, email="t@mua.test"
    )


@pytest.fixture
def approver():
    return factories.approver("duyet")
