"""Pages: the feed list with health, the to-confirm list, a wave's publications; the feed admin."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from accounts.models import Role
from content.feeds import services
from content.models import EntryStatus, FeedEntry, Publication
from tests import factories
from tests.content.feedgen import Item

pytestmark = pytest.mark.django_db
WHEN = dt.datetime(2026, 6, 15, 3, tzinfo=dt.UTC)


browser = factories.signed_in


@pytest.fixture
def editor():
    return factories.user("bientap", org=factories.national(), role=Role.EDITOR)


@pytest.fixture
def polled(feed_server, polled_rss, june_waves):
    feed = polled_rss(
        [
            Item("Vải thiều Lục Ngạn lên sàn Postmart", "https://b.vn/1", "g1", published=WHEN),
            Item("Vải thiều Lục Ngạn vào vụ", "https://b.vn/2", "g2"),
        ],
        now=WHEN + dt.timedelta(days=1),
        outlet="Báo Bắc Giang",
    )
    broken = factories.feed(feed_server.serve("/x", b"", status=503), outlet="Báo lỗi")
    services.feed_poll(feed_id=broken.pk)
    return feed


def test_feed_pages_need_a_login():
    for path in ("/content/feeds/", "/content/feeds/to-confirm/", "/content/waves/1/publications/"):
        assert Client().get(path).status_code == 302


def test_the_feed_list_shows_each_feeds_health(polled, editor):
    page = browser(editor).get("/content/feeds/").content.decode()
    assert "Báo Bắc Giang" in page and "Báo lỗi" in page
    assert "Đang lỗi" in page and "HTTP 503" in page and "Lấy tin ngay" in page


def test_polling_now_from_the_page(polled, editor):
    response = browser(editor).post(f"/content/feeds/{polled.pk}/poll/", follow=True)
    assert "Đã xếp hàng lấy tin" in response.content.decode()


def test_confirming_an_undated_article_on_the_page_needs_its_date(polled, editor, june_waves):
    client = browser(editor)
    entry = FeedEntry.objects.get(guid="g2")
    page = client.get("/content/feeds/to-confirm/").content.decode()
    assert "Vải thiều Lục Ngạn vào vụ" in page and "Không có ngày" in page
    wave = june_waves["vai_luc_ngan"].pk
    response = client.post(f"/content/feed-entries/{entry.pk}/decide/", {"campaign": wave}, follow=True)
    assert "hãy ghi ngày đăng" in response.content.decode()
    # The day is typed dd/mm/yyyy (a native date box would show the browser's locale); 06/16 is no day.
    assert 'placeholder="dd/mm/yyyy"' in page and 'type="date"' not in page
    wrong = {"campaign": wave, "published_on": "06/16/2026"}
    response = client.post(f"/content/feed-entries/{entry.pk}/decide/", wrong, follow=True)
    assert "ngày/tháng/năm" in response.content.decode()
    client.post(f"/content/feed-entries/{entry.pk}/decide/", {"campaign": wave, "published_on": "16/06/2026"})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.CONFIRMED and entry.publication.iso_week == "2026-W25"


def test_another_wave_is_chosen_by_its_label_never_its_number(polled, editor, june_waves):
    from campaigns.picker import wave_label

    client = browser(editor)
    entry = FeedEntry.objects.get(guid="g2")
    page = client.get("/content/feeds/to-confirm/").content.decode()
    wave = june_waves["vai_luc_ngan"]
    assert 'list="wave-choices"' in page and f'<option value="{wave_label(wave)}">' in page
    assert "số đợt" not in page
    bad = {"campaign_other": str(wave.pk), "published_on": "2026-06-16"}
    response = client.post(f"/content/feed-entries/{entry.pk}/decide/", bad, follow=True)
    assert "Không tìm thấy đợt" in response.content.decode()
    good = {"campaign_other": wave_label(wave), "published_on": "2026-06-16"}
    client.post(f"/content/feed-entries/{entry.pk}/decide/", good)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.CONFIRMED and entry.publication.campaign_id == wave.pk


def test_dismissing_on_the_page(polled, editor):
    entry = FeedEntry.objects.get(guid="g2")
    browser(editor).post(f"/content/feed-entries/{entry.pk}/decide/", {"decision": "dismiss"})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DISMISSED


def test_a_waves_publications_page_lists_them_with_weekly_counts(polled, editor, june_waves):
    wave = june_waves["vai_luc_ngan"]
    page = browser(editor).get(f"/content/waves/{wave.pk}/publications/").content.decode()
    assert "Vải thiều Lục Ngạn lên sàn Postmart" in page and "Tuần 25/2026 (15–21/6)" in page
    assert Publication.objects.filter(campaign=wave).count() == 1
    assert browser(editor).get("/content/waves/999999/publications/").status_code == 404


@pytest.mark.parametrize("model", ["feed", "feedentry", "publication"])
def test_feed_models_have_an_admin(client, model, polled):
    client.force_login(get_user_model().objects.create_superuser("root", "root@mua.local", "pw-test-123"))
    assert client.get(f"/admin/content/{model}/").status_code == 200
    from django.apps import apps

    obj = apps.get_model("content", model).objects.order_by("pk").first()
    assert client.get(f"/admin/content/{model}/{obj.pk}/change/").status_code == 200
