"""/api/v1/content/ feeds, entries, the to-confirm list and a wave's publications."""

import datetime as dt

import pytest

from accounts.models import Role
from content.feeds import services
from content.models import EntryStatus, FeedEntry, Publication
from tests import factories
from tests.content.feedgen import Item, rss20
from tests.factories import ApiClient

pytestmark = pytest.mark.django_db
WHEN = dt.datetime(2026, 6, 15, 3, tzinfo=dt.UTC)


@pytest.fixture
def national_editor():
    org = factories.national()
    return ApiClient(factories.api_key(org, Role.EDITOR)), org


@pytest.fixture
def polled(polled_rss, june_waves):
    return polled_rss(
        [
            Item("Vải thiều Lục Ngạn lên sàn Postmart", "https://b.vn/1", "g1", published=WHEN),
            Item("Vải thiều lên sàn voso", "https://b.vn/2", "g2", published=WHEN),
        ],
        now=WHEN + dt.timedelta(days=1),
        outlet="Báo thử",
    )


def test_registering_a_feed_through_the_api(feed_server, national_editor):
    client, org = national_editor
    url = feed_server.serve("/new", rss20([]))
    response = client.post(
        "/api/v1/content/feeds",
        {"outlet": "VTV", "url": url, "kind": "tv", "organisation": org.code, "poll_interval_minutes": 30},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["channel"] == "tv_central" and body["poll_interval_minutes"] == 30 and body["healthy"]
    again = client.post("/api/v1/content/feeds", {"outlet": "VTV", "url": url})
    assert again.status_code == 409 and again.json()["field"] == "url"


def test_a_feed_url_that_is_not_http_is_a_400_naming_the_field(national_editor):
    client, _ = national_editor
    response = client.post("/api/v1/content/feeds", {"outlet": "X", "url": "gopher://x.vn/rss"})
    assert response.status_code == 400 and response.json()["field"] == "url"


def test_a_viewer_may_list_feeds_but_not_register_one(feed_server):
    client = ApiClient(factories.api_key(factories.national(), Role.VIEWER))
    assert client.get("/api/v1/content/feeds").status_code == 200
    response = client.post("/api/v1/content/feeds", {"outlet": "X", "url": feed_server.serve("/v", b"")})
    assert response.status_code == 403


def test_feed_list_shows_health_and_filters_the_failing(polled, feed_server, national_editor):
    client, _ = national_editor
    broken = factories.feed(feed_server.serve("/broken", b"", status=500), outlet="Hỏng")
    services.feed_poll(feed_id=broken.pk)
    feeds = client.get("/api/v1/content/feeds").json()
    assert [f["outlet"] for f in feeds] == ["Hỏng", "Báo thử"]
    assert feeds[0]["error_count"] == 1 and "HTTP 500" in feeds[0]["last_error"] and not feeds[0]["healthy"]
    assert [f["id"] for f in client.get("/api/v1/content/feeds?unhealthy=true").json()] == [broken.pk]
    assert client.get(f"/api/v1/content/feeds/{broken.pk}").json()["last_status"] == 500


def test_entries_the_to_confirm_list_and_a_confirmation(polled, june_waves, national_editor):
    client, _ = national_editor
    entries = client.get(f"/api/v1/content/feeds/{polled.pk}/entries").json()
    assert {e["status"] for e in entries["items"]} == {"matched", "to_confirm"}
    waiting = client.get("/api/v1/content/feed-entries/to-confirm").json()["items"]
    assert len(waiting) == 1 and waiting[0]["title"] == "Vải thiều lên sàn voso"
    wave = june_waves["vai_thanh_ha"].pk
    confirmed = client.post(f"/api/v1/content/feed-entries/{waiting[0]['id']}/confirm", {"campaign": wave})
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    publications = client.get(f"/api/v1/content/waves/{wave}/publications").json()
    assert [(p["outlet"], p["iso_week"], p["source"], p["item"]) for p in publications] == [
        ("Báo thử", "2026-W25", "feed", None)
    ]
    again = client.post(f"/api/v1/content/feed-entries/{waiting[0]['id']}/confirm", {"campaign": wave})
    assert again.status_code == 409


def test_dismissing_an_entry(polled, national_editor):
    client, _ = national_editor
    entry = FeedEntry.objects.get(status=EntryStatus.TO_CONFIRM)
    response = client.post(f"/api/v1/content/feed-entries/{entry.pk}/dismiss")
    assert response.status_code == 200 and response.json()["status"] == "dismissed"
    assert client.get("/api/v1/content/feed-entries/to-confirm").json()["count"] == 0


def test_a_dic_sees_only_articles_first_suggested_for_its_province(polled, june_waves):
    entry = FeedEntry.objects.get(status=EntryStatus.TO_CONFIRM)
    assert entry.campaign == june_waves["vai_luc_ngan"]  # a tie between the lychee waves: the first
    bac_giang = ApiClient(factories.api_key(factories.dic("24"), Role.EDITOR))
    lao_cai = ApiClient(factories.api_key(factories.dic("10"), Role.EDITOR))
    assert bac_giang.get("/api/v1/content/feed-entries/to-confirm").json()["count"] == 1
    assert lao_cai.get("/api/v1/content/feed-entries/to-confirm").json()["count"] == 0


def test_publications_per_week_count_each_article_once(polled, june_waves, national_editor):
    client, _ = national_editor
    wave = june_waves["vai_luc_ngan"].pk
    assert client.get(f"/api/v1/content/publications/weeks?campaign={wave}").json() == [
        {"week": "2026-W25", "publications": 1}
    ]
    weeks = client.get("/api/v1/content/publications/weeks?channel=press_online,tv_central").json()
    assert weeks == [{"week": "2026-W25", "publications": 1}]
    assert Publication.objects.count() == 1


def test_queueing_a_poll_and_pausing_and_resuming_a_feed(polled, national_editor, feed_server):
    client, _ = national_editor
    response = client.post(f"/api/v1/content/feeds/{polled.pk}/poll")
    assert response.status_code == 202 and response.json() == {"feed": polled.pk, "queued": True}
    paused = client.post(f"/api/v1/content/feeds/{polled.pk}/pause", {"reason": "Báo đổi địa chỉ"}).json()
    assert not paused["active"] and paused["disabled_reason"] == "Báo đổi địa chỉ"
    resumed = client.post(f"/api/v1/content/feeds/{polled.pk}/resume").json()
    assert resumed["active"] and resumed["error_count"] == 0


def test_an_unknown_feed_is_a_404(national_editor):
    client, _ = national_editor
    assert client.get("/api/v1/content/feeds/999").status_code == 404
    assert client.post("/api/v1/content/feed-entries/999/dismiss").status_code == 404
