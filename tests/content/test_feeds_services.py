"""Polling news feeds: conditional GET, edits, undated entries, duplicates, backoff, alerts, locks."""

import datetime as dt
from email.utils import format_datetime

import pytest
from django.utils import timezone

from accounts.models import Notification, Role
from content.feeds import services
from content.models import MAX_BACKOFF, EntryStatus, Feed, FeedEntry, Publication
from core.errors import Conflict, DomainError, PermissionDenied
from core.locks import exclusive
from tests import factories
from tests.content.feedgen import Item, rss20

pytestmark = pytest.mark.django_db

JUNE_15 = dt.datetime(2026, 6, 15, 3, 0, tzinfo=dt.UTC)  # 10:00 in Vietnam, Monday of 2026-W25


def lychee(n: int = 1, **kw) -> Item:
    defaults = {
        "title": f"Vải thiều Lục Ngạn lên sàn Postmart, ngày {n}",
        "link": f"https://bao.example.vn/vai-thieu-{n}.html",
        "guid": f"bao-{n}",
        "published": JUNE_15 + dt.timedelta(hours=n),
    }
    return Item(**{**defaults, **kw})


def test_a_poll_records_entries_and_counts_matched_articles_for_their_wave(feed_server, june_waves):
    url = feed_server.serve("/rss", rss20([lychee(1), lychee(2), Item("Giá vàng hôm nay", "https://b.vn/v")]))
    feed = factories.feed(url, outlet="Báo Bắc Giang")
    outcome = services.feed_poll(feed_id=feed.pk)
    assert (outcome.status, outcome.created, outcome.matched) == ("ok", 3, 2)
    publications = Publication.objects.filter(source="feed").order_by("published_at")
    assert [p.campaign_id for p in publications] == [june_waves["vai_luc_ngan"].pk] * 2
    assert {p.iso_week for p in publications} == {"2026-W25"}
    assert {p.channel for p in publications} == {"press_online"} and publications[0].item is None
    assert FeedEntry.objects.get(title="Giá vàng hôm nay").status == EntryStatus.UNRELATED
    feed.refresh_from_db()
    assert feed.last_success_at is not None and feed.error_count == 0 and feed.last_status == 200


def test_the_second_poll_sends_the_validators_and_a_304_creates_nothing(feed_server, june_waves):
    url = feed_server.serve(
        "/rss", rss20([lychee(1)]), etag='"v1"', last_modified="Mon, 15 Jun 2026 03:00:00 GMT"
    )
    feed = factories.feed(url)
    services.feed_poll(feed_id=feed.pk)
    feed_server.routes["/rss"].body = rss20([lychee(1), lychee(2)])  # would add one, if it were parsed
    outcome = services.feed_poll(feed_id=feed.pk)
    assert outcome.status == "not_modified"
    _, headers = feed_server.requests[-1]
    assert headers["If-None-Match"] == '"v1"'
    assert headers["If-Modified-Since"] == "Mon, 15 Jun 2026 03:00:00 GMT"
    assert FeedEntry.objects.count() == 1 and Publication.objects.count() == 1
    feed.refresh_from_db()
    assert feed.last_status == 304 and feed.etag == '"v1"' and feed.error_count == 0


def test_an_edited_article_updates_its_entry_and_is_counted_once(feed_server, june_waves):
    url = feed_server.serve("/rss", rss20([lychee(1)]))
    feed = factories.feed(url)
    services.feed_poll(feed_id=feed.pk)
    feed_server.routes["/rss"].body = rss20(
        [lychee(1, title="Vải thiều Lục Ngạn lên sàn Postmart (cập nhật)")]
    )
    outcome = services.feed_poll(feed_id=feed.pk)
    assert (outcome.created, outcome.updated) == (0, 1)
    entry = FeedEntry.objects.get()
    assert entry.edits == 1 and entry.title.endswith("(cập nhật)")
    assert Publication.objects.count() == 1
    assert Publication.objects.get().title.endswith("(cập nhật)")
    again = services.feed_poll(feed_id=feed.pk)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_an_entry_without_a_date_is_kept_flagged_and_never_counted_as_now(feed_server, june_waves):
    url = feed_server.serve("/rss", rss20([lychee(1, published=None)]))
    feed = factories.feed(url)
    # Suggestions for an undated article come from the waves running when it was seen.
    services.feed_poll(feed_id=feed.pk, now=JUNE_15 + dt.timedelta(days=1))
    entry = FeedEntry.objects.get()
    assert entry.undated and entry.published_at is None
    assert entry.status == EntryStatus.TO_CONFIRM
    assert entry.candidates[0]["campaign"] == june_waves["vai_luc_ngan"].pk
    assert not Publication.objects.exists()


def test_one_article_reprinted_by_two_feeds_counts_once(feed_server, june_waves):
    same = "https://www.bao.example.vn/vai-thieu-1.html?utm_source=rss&utm_medium=feed"
    first = factories.feed(feed_server.serve("/a", rss20([lychee(1)])), outlet="Báo A")
    second = factories.feed(
        feed_server.serve("/b", rss20([lychee(1, link=same.replace("https", "http"), guid="other-guid")])),
        outlet="Báo B",
    )
    services.feed_poll(feed_id=first.pk)
    outcome = services.feed_poll(feed_id=second.pk)
    assert outcome.duplicates == 1
    assert Publication.objects.count() == 1 and Publication.objects.get().outlet == "Báo A"
    duplicate = FeedEntry.objects.get(feed=second)
    assert (
        duplicate.status == EntryStatus.DUPLICATE and duplicate.campaign_id == june_waves["vai_luc_ngan"].pk
    )


def test_an_article_already_entered_by_hand_is_not_counted_again_from_a_feed(feed_server, june_waves):
    Publication.objects.create(
        campaign=june_waves["vai_luc_ngan"],
        channel="press_online",
        outlet="Nhập tay",
        url="https://bao.example.vn/vai-thieu-1.html",
        canonical_url="https://bao.example.vn/vai-thieu-1.html",
        published_at=JUNE_15,
        iso_week="2026-W25",
        source="feed",
    )
    feed = factories.feed(feed_server.serve("/a", rss20([lychee(1)])))
    assert services.feed_poll(feed_id=feed.pk).duplicates == 1
    assert Publication.objects.count() == 1


def test_retry_after_on_429_is_honoured(feed_server):
    url = feed_server.serve("/busy", b"", status=429, headers={"Retry-After": "7200"})
    feed = factories.feed(url)
    now = timezone.now()
    outcome = services.feed_poll(feed_id=feed.pk, now=now)
    feed.refresh_from_db()
    assert outcome.status == "error" and feed.last_status == 429
    assert feed.next_poll_at >= now + dt.timedelta(hours=2)
    assert feed.error_count == 1


def test_retry_after_as_an_http_date_on_503_is_honoured(feed_server):
    now = timezone.now()
    later = format_datetime((now + dt.timedelta(hours=5)).astimezone(dt.UTC), usegmt=True)
    feed = factories.feed(feed_server.serve("/down", b"", status=503, headers={"Retry-After": later}))
    services.feed_poll(feed_id=feed.pk, now=now)
    feed.refresh_from_db()
    assert feed.next_poll_at >= now + dt.timedelta(hours=5) - dt.timedelta(seconds=2)


def test_a_feed_failing_five_times_is_backed_off_and_its_owner_alerted_once(
    feed_server, mailoutbox, django_capture_on_commit_callbacks
):
    owner = factories.user(email="owner@mua.test")
    feed = factories.feed(feed_server.serve("/broken", b"oops", status=500), owner=owner)
    now = timezone.now()
    delays = []
    for _ in range(7):
        with django_capture_on_commit_callbacks(execute=True):
            services.feed_poll(feed_id=feed.pk, now=now)
        feed.refresh_from_db()
        delays.append(feed.next_poll_at - now)
    assert feed.error_count == 7 and "HTTP 500" in feed.last_error
    # Doubling from the hourly interval (jitter takes off at most half), never beyond a day.
    assert delays[0] <= dt.timedelta(hours=1) and delays[4] >= dt.timedelta(hours=8)
    assert all(d <= MAX_BACKOFF for d in delays)
    alerts = Notification.objects.filter(user=owner, verb="feed_failing")
    assert alerts.count() == 1 and "5 lần" in alerts.get().title
    assert len(mailoutbox) == 1
    # A success ends the streak; the next streak alerts again.
    feed_server.serve("/broken", rss20([]))
    services.feed_poll(feed_id=feed.pk, now=now)
    feed.refresh_from_db()
    assert (feed.error_count, feed.alerted_at, feed.last_error) == (0, None, "")
    feed_server.serve("/broken", b"", status=500)
    for _ in range(5):
        services.feed_poll(feed_id=feed.pk, now=now)
    assert Notification.objects.filter(user=owner, verb="feed_failing").count() == 2


def test_a_failing_feed_without_an_owner_alerts_its_organisations_editors(feed_server):
    org = factories.organisation()
    editor = factories.user(org=org, role=Role.EDITOR)
    viewer = factories.user(org=org, role=Role.VIEWER)
    feed = factories.feed(feed_server.serve("/x", b"", status=404), organisation=org)
    for _ in range(5):
        services.feed_poll(feed_id=feed.pk)
    assert Notification.objects.filter(user=editor, verb="feed_failing").count() == 1
    assert not Notification.objects.filter(user=viewer).exists()


def test_backoff_doubles_per_failure_with_jitter_and_is_capped_at_a_day():
    feed = Feed(poll_interval=dt.timedelta(minutes=30))
    now = timezone.now()
    for errors, base in [(1, 30), (2, 60), (3, 120), (6, 960)]:
        feed.error_count = errors
        delay = feed.backoff(now=now) - now
        assert dt.timedelta(minutes=base) / 2 <= delay <= dt.timedelta(minutes=base)
    feed.error_count = 30
    assert feed.backoff(now=now) - now <= MAX_BACKOFF
    spread = {feed.backoff(now=now) for _ in range(20)}
    assert len(spread) > 1  # jitter


def test_a_gone_feed_is_paused_with_the_reason(feed_server):
    feed = factories.feed(feed_server.serve("/gone", b"", status=410))
    services.feed_poll(feed_id=feed.pk)
    feed.refresh_from_db()
    assert not feed.active and "410" in feed.disabled_reason
    assert services.feed_poll(feed_id=feed.pk).status == "inactive"


def test_a_poll_already_running_for_a_feed_makes_a_second_one_a_no_op(feed_server):
    feed = factories.feed(feed_server.serve("/rss", rss20([lychee(1)])))
    with exclusive(f"feed-poll:{feed.pk}") as held:
        assert held
        outcome = services.feed_poll(feed_id=feed.pk)
    assert outcome.status == "locked"
    assert not feed_server.requests and not FeedEntry.objects.exists()
    assert services.feed_poll(feed_id=feed.pk).status == "ok"


def test_a_slow_feed_times_out_and_the_timeout_is_recorded(feed_server, settings):
    settings.MUA_FEED_READ_TIMEOUT = 0.3
    feed = factories.feed(feed_server.serve("/slow", rss20([]), delay=1.5))
    outcome = services.feed_poll(feed_id=feed.pk)
    feed.refresh_from_db()
    assert outcome.status == "error" and "Timeout" in feed.last_error


def test_a_feed_larger_than_the_cap_is_an_error(feed_server, settings):
    settings.MUA_FEED_MAX_BYTES = 10_000
    feed = factories.feed(feed_server.serve("/big", rss20([lychee(n) for n in range(200)])))
    services.feed_poll(feed_id=feed.pk)
    feed.refresh_from_db()
    assert feed.error_count == 1 and "giới hạn" in feed.last_error


def test_an_article_with_the_headline_of_approved_content_records_its_publication(feed_server, june_waves):
    from content.services import review_decide

    wave = june_waves["vai_luc_ngan"]
    item = factories.content_item(title="Vải thiều Lục Ngạn lên sàn Postmart, ngày 1", campaign=wave.pk)
    from content.services import content_submit

    content_submit(actor=factories.actor(item.author), item=item)
    review_decide(
        actor=factories.actor(factories.approver()), item=item, decision="approve", revision_number=1
    )
    feed = factories.feed(feed_server.serve("/rss", rss20([lychee(1)])))
    services.feed_poll(feed_id=feed.pk)
    publication = Publication.objects.get()
    item.refresh_from_db()
    assert publication.item == item and publication.revision == item.approved_revision
    assert item.status == "published"
    assert item.audit.filter(action="publish", actor_label="feed").exists()


# Editors' decisions ------------------------------------------------------------------------------------


@pytest.fixture
def waiting(polled_rss, june_waves):
    """Two articles waiting for an editor: one dated (ambiguous lychee), one undated."""
    polled_rss(
        [
            Item("Vải thiều lên sàn Postmart", "https://b.vn/1", "g1", published=JUNE_15),
            Item("Vải thiều Lục Ngạn vào vụ", "https://b.vn/2", "g2"),
        ],
        now=JUNE_15 + dt.timedelta(days=1),
    )
    return FeedEntry.objects.get(guid="g1"), FeedEntry.objects.get(guid="g2")


def test_an_editor_confirms_an_article_for_a_wave_and_it_is_counted(waiting, june_waves):
    dated, _ = waiting
    assert dated.status == EntryStatus.TO_CONFIRM
    editor = factories.user(org=factories.national(), role=Role.EDITOR)
    services.feed_entry_confirm(
        actor=factories.actor(editor), entry=dated, campaign_id=june_waves["vai_thanh_ha"].pk
    )
    dated.refresh_from_db()
    assert dated.status == EntryStatus.CONFIRMED and dated.decided_by == editor
    publication = dated.publication
    assert publication.campaign == june_waves["vai_thanh_ha"] and publication.iso_week == "2026-W25"
    with pytest.raises(Conflict, match="đã được xử lý"):
        services.feed_entry_confirm(
            actor=factories.actor(editor), entry=dated, campaign_id=june_waves["vai_thanh_ha"].pk
        )


def test_confirming_an_undated_article_needs_the_date_it_appeared(waiting, june_waves):
    _, undated = waiting
    actor = factories.actor(factories.user(org=factories.national(), role=Role.EDITOR))
    wave = june_waves["vai_luc_ngan"].pk
    with pytest.raises(DomainError, match="không có ngày đăng"):
        services.feed_entry_confirm(actor=actor, entry=undated, campaign_id=wave)
    services.feed_entry_confirm(
        actor=actor, entry=undated, campaign_id=wave, published_at=JUNE_15 + dt.timedelta(days=7)
    )
    assert Publication.objects.get(feed_entry=undated).iso_week == "2026-W26"


def test_a_dic_counts_articles_for_its_own_provinces_waves_only(waiting, june_waves):
    dated, _ = waiting
    bac_giang = factories.actor(factories.user(org=factories.dic("24"), role=Role.EDITOR))
    with pytest.raises(PermissionDenied):
        services.feed_entry_confirm(actor=bac_giang, entry=dated, campaign_id=june_waves["vai_thanh_ha"].pk)
    services.feed_entry_confirm(actor=bac_giang, entry=dated, campaign_id=june_waves["vai_luc_ngan"].pk)
    assert Publication.objects.get().campaign == june_waves["vai_luc_ngan"]


def test_an_editor_dismisses_an_article_and_it_counts_for_nothing(waiting):
    dated, _ = waiting
    viewer = factories.actor(factories.user(org=factories.organisation(), role=Role.VIEWER))
    with pytest.raises(PermissionDenied):
        services.feed_entry_dismiss(actor=viewer, entry=dated)
    editor = factories.actor(factories.user(org=factories.national(), role=Role.EDITOR))
    services.feed_entry_dismiss(actor=editor, entry=dated)
    dated.refresh_from_db()
    assert dated.status == EntryStatus.DISMISSED and not Publication.objects.exists()


# Registering feeds --------------------------------------------------------------------------------------


def test_registering_a_feed_refuses_other_schemes_and_inside_addresses(settings):
    settings.MUA_FEEDS_ALLOW_PRIVATE = False
    actor = factories.actor(factories.user(org=factories.national(), role=Role.EDITOR))
    for url in [
        "ftp://bao.example.vn/rss",
        "file:///etc/passwd",
        "http://127.0.0.1/rss",
        "http://10.1.2.3/rss",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/rss",
        "http://localhost/rss",
    ]:
        with pytest.raises(DomainError) as exc:
            services.feed_create(actor=actor, outlet="X", url=url)
        assert exc.value.field == "url"
    assert not Feed.objects.exists()


def test_only_editors_register_feeds_and_a_url_is_registered_once(feed_server):
    url = feed_server.serve("/rss", rss20([]))
    viewer = factories.actor(factories.user(org=factories.national(), role=Role.VIEWER))
    with pytest.raises(PermissionDenied):
        services.feed_create(actor=viewer, outlet="Báo", url=url)
    org = factories.organisation()
    editor_user = factories.user(org=org, role=Role.EDITOR)
    feed = services.feed_create(actor=factories.actor(editor_user), outlet="Báo", url=url, organisation=org)
    assert feed.owner == editor_user and feed.publication_channel == "press_online"
    with pytest.raises(Conflict):
        services.feed_create(actor=factories.actor(editor_user), outlet="Báo", url=url, organisation=org)


def test_a_private_address_reached_on_poll_pauses_the_feed(settings):
    settings.MUA_FEEDS_ALLOW_PRIVATE = False
    feed = factories.feed("http://127.0.0.1:9/rss")
    outcome = services.feed_poll(feed_id=feed.pk)
    feed.refresh_from_db()
    assert outcome.status == "error" and not feed.active and "nội bộ" in feed.disabled_reason


def test_the_database_refuses_a_hand_entered_publication_without_its_item():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Publication.objects.create(
            channel="press_online", outlet="X", published_at=JUNE_15, iso_week="2026-W25", source="manual"
        )
