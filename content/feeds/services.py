"""Writes for news feeds: register, poll (fetch → parse → record → match), confirm or dismiss entries.

A poll does its network I/O outside any transaction (a slow outlet must not hold database locks) and
records the outcome in short atomic steps; a Redis lock per feed keeps two polls of one feed apart.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, Role
from accounts.permissions import Actor, actor_required
from accounts.services import notification_send
from calendars.weeks import week_of
from core import formatting
from core.errors import Conflict, DomainError, NotFound
from core.locks import exclusive
from core.text import fold_words

from ..models import (
    PUBLISHABLE,
    ContentItem,
    EntryStatus,
    Feed,
    FeedEntry,
    FeedKind,
    Language,
    Publication,
    PublicationSource,
)
from ..permissions import require_count_for_wave, require_dismiss_entry, require_manage_feed
from ..publications import content_mark_published
from ..selectors import wave_get
from ..services import FEED_POLLER
from . import client, matching, parse
from .selectors import waves_in_season

logger = logging.getLogger(__name__)

POLL_LOCK_SECONDS = 600
OPEN_STATUSES = (EntryStatus.TO_CONFIRM, EntryStatus.UNRELATED)
# What a poll writes on its feed; nothing else, so an editor's change made meanwhile stays.
POLL_FIELDS = [
    "last_polled_at",
    "last_success_at",
    "last_status",
    "error_count",
    "last_error",
    "alerted_at",
    "next_poll_at",
]


# Registering feeds ----------------------------------------------------------------------------------


@actor_required
@transaction.atomic
def feed_create(
    *,
    actor: Actor,
    outlet: str,
    url: str,
    kind: str = FeedKind.PRESS,
    channel: str = "",
    language: str = Language.VI,
    organisation: Organisation | None = None,
    owner=None,
    poll_interval: dt.timedelta = dt.timedelta(hours=1),
) -> Feed:
    """Register a feed to poll; only http(s) URLs, at most one feed per URL."""
    feed = Feed(
        outlet=(outlet or "").strip(),
        url=(url or "").strip(),
        kind=kind,
        channel=channel,
        language=language,
        organisation=organisation,
        owner=owner if owner is not None else getattr(actor, "user", None),
        poll_interval=poll_interval,
    )
    require_manage_feed(actor, feed)
    if not feed.outlet:
        raise DomainError(_("Cần ghi tên cơ quan đăng phát."), field="outlet")
    if kind not in FeedKind.values:
        raise DomainError(_("Loại nguồn tin không hợp lệ."), field="kind")
    if poll_interval < dt.timedelta(minutes=5):
        raise DomainError(_("Chu kỳ lấy tin tối thiểu 5 phút."), field="poll_interval")
    try:
        client.check_url(feed.url)
    except client.FetchError as exc:
        raise DomainError(exc.message, field="url") from None
    if Feed.objects.filter(url=feed.url).exists():
        raise Conflict(_("Nguồn tin này đã có."), field="url")
    feed.save()
    return feed


@actor_required
@transaction.atomic
def feed_set_active(*, actor: Actor, feed: Feed, active: bool, reason: str = "") -> Feed:
    """Pause a feed (with a reason) or resume it now, with a fresh error streak."""
    require_manage_feed(actor, feed)
    feed.active = active
    feed.disabled_reason = "" if active else (reason.strip() or _("Tạm dừng thủ công."))
    fields = ["active", "disabled_reason"]
    if active:
        feed.error_count, feed.alerted_at, feed.next_poll_at = 0, None, timezone.now()
        fields += ["error_count", "alerted_at", "next_poll_at"]
    feed.save(update_fields=fields)
    return feed


# Polling ----------------------------------------------------------------------------------------------


@dataclass
class PollOutcome:
    feed_id: int
    status: str  # ok, not_modified, error, locked, inactive
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    matched: int = 0
    to_confirm: int = 0
    duplicates: int = 0
    message: str = ""
    statuses: dict = field(default_factory=dict)


def feed_poll(*, feed_id: int, now: dt.datetime | None = None, force: bool = False) -> PollOutcome:
    """Poll one feed once: conditional GET, parse, record entries, match them to waves.

    Never raises for what a feed does (errors are recorded on it); a poll already running for the
    same feed makes this one a no-op.
    """
    with exclusive(f"feed-poll:{feed_id}", seconds=POLL_LOCK_SECONDS) as acquired:
        if not acquired:
            return PollOutcome(feed_id, "locked", message=_("Nguồn tin đang được lấy ở nơi khác."))
        feed = Feed.objects.filter(pk=feed_id).first()
        if feed is None:
            raise NotFound(_("Không có nguồn tin số %(id)s.") % {"id": feed_id})
        if not feed.active and not force:
            return PollOutcome(feed_id, "inactive", message=feed.disabled_reason)
        now = now or timezone.now()
        try:
            result = client.fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified, now=now)
            if result.not_modified:
                _record_success(feed=feed, now=now, status=304, headers=result.headers, bozo="")
                return PollOutcome(feed_id, "not_modified")
            parsed = parse.parse(
                result.body, url=result.url, content_type=result.headers.get("content_type", "")
            )
        except client.FetchError as exc:
            return _record_failure(feed=feed, now=now, message=exc.message, status=exc.status, exc=exc)
        except parse.NotAFeed as exc:
            return _record_failure(
                feed=feed,
                now=now,
                message=_("Không đọc được RSS/Atom: %(e)s") % {"e": exc},
                status=result.status,
            )
        except Exception as exc:  # a parser crash on hostile bytes is the feed's failure, not the worker's
            logger.exception("feed %s: unexpected error", feed_id)
            return _record_failure(
                feed=feed, now=now, message=f"{type(exc).__name__}: {exc}"[:500], status=None
            )
        outcome = feed_record_entries(feed=feed, parsed=parsed, now=now)
        _record_success(
            feed=feed, now=now, status=result.status, headers=result.headers, bozo=parsed.bozo_reason
        )
        return outcome


@transaction.atomic
def _record_success(*, feed: Feed, now: dt.datetime, status: int, headers: dict, bozo: str) -> None:
    feed.last_polled_at = feed.last_success_at = now
    feed.last_status = status
    if status != 304:
        feed.etag = headers.get("etag", "")[:500]
        feed.last_modified = headers.get("last_modified", "")[:100]
        feed.bozo_reason = bozo[:500]
    feed.error_count, feed.last_error, feed.alerted_at = 0, "", None
    feed.next_poll_at = now + feed.poll_interval
    feed.save(update_fields=[*POLL_FIELDS, "etag", "last_modified", "bozo_reason"])


@transaction.atomic
def _record_failure(
    *, feed: Feed, now: dt.datetime, message: str, status: int | None, exc: Exception | None = None
) -> PollOutcome:
    """Count the failure, back off, and alert the owner once the streak reaches MUA_FEED_ALERT_AFTER."""
    feed = Feed.objects.select_for_update().get(pk=feed.pk)
    feed.last_polled_at = now
    feed.last_status = status
    feed.error_count += 1
    feed.last_error = message[:2000]
    feed.next_poll_at = feed.backoff(now=now, retry_after=getattr(exc, "retry_after", None))
    if isinstance(exc, client.UnsafeURL) or status == 410:
        feed.active = False
        feed.disabled_reason = message[:300]
    if feed.error_count >= settings.MUA_FEED_ALERT_AFTER and feed.alerted_at is None:
        _alert(feed=feed)
        feed.alerted_at = now
    feed.save(update_fields=[*POLL_FIELDS, "active", "disabled_reason"])
    return PollOutcome(feed.pk, "error", message=message)


def _alert(*, feed: Feed) -> None:
    users = [feed.owner] if feed.owner_id else []
    if not users and feed.organisation_id:
        users = [m.user for m in feed.organisation.memberships.filter(role__in=[Role.EDITOR, Role.ADMIN])]
    notification_send(
        users=users,
        verb="feed_failing",
        title=lambda: (
            _("Nguồn tin lỗi %(n)s lần liên tiếp: %(outlet)s")
            % {"n": feed.error_count, "outlet": feed.outlet}
        ),
        body=lambda: (
            _("Lỗi gần nhất: %(e)s. Mùa sẽ thử lại lúc %(at)s (giãn dần, tối đa 1 ngày).")
            % {"e": feed.last_error, "at": formatting.datetime(feed.next_poll_at)}
        ),
        link=reverse("content:feeds"),
    )


# Recording and matching entries ---------------------------------------------------------------------


@transaction.atomic
def feed_record_entries(*, feed: Feed, parsed: parse.ParsedFeed, now: dt.datetime) -> PollOutcome:
    """Create new entries, update edited ones (never counted twice), and match what is new or changed."""
    outcome = PollOutcome(feed.pk, "ok", message=parsed.bozo_reason)
    existing = {
        e.key_hash: e
        for e in FeedEntry.objects.filter(feed=feed, key_hash__in=[p.key_hash for p in parsed.entries])
    }
    local_today = timezone.localdate(now)
    days = [timezone.localdate(p.published_at) for p in parsed.entries if p.published_at] + [local_today]
    waves = waves_in_season(days)
    seen = set()
    for item in parsed.entries:
        if item.key_hash in seen:  # the same article twice in one document
            continue
        seen.add(item.key_hash)
        entry = existing.get(item.key_hash)
        if entry is not None and entry.content_hash == item.content_hash:
            outcome.unchanged += 1
            continue
        entry = _store(feed=feed, entry=entry, parsed=item, now=now, outcome=outcome)
        if entry.status in ("", *OPEN_STATUSES):
            _match(entry=entry, feed=feed, waves=waves, now=now)
        outcome.statuses[entry.status] = outcome.statuses.get(entry.status, 0) + 1
    outcome.matched = outcome.statuses.get(EntryStatus.MATCHED, 0)
    outcome.to_confirm = outcome.statuses.get(EntryStatus.TO_CONFIRM, 0)
    outcome.duplicates = outcome.statuses.get(EntryStatus.DUPLICATE, 0)
    return outcome


def _store(*, feed: Feed, entry: FeedEntry | None, parsed: parse.ParsedEntry, now, outcome) -> FeedEntry:
    values = {
        "guid": parsed.guid,
        "link": parsed.link,
        "canonical_url": parsed.canonical_url,
        "title": parsed.title,
        "summary": parsed.summary,
        "published_at": parsed.published_at,
        "undated": parsed.published_at is None,
        "content_hash": parsed.content_hash,
    }
    if entry is None:
        outcome.created += 1
        return FeedEntry.objects.create(
            feed=feed, key_hash=parsed.key_hash, status="", first_seen_at=now, **values
        )
    outcome.updated += 1
    for name, value in values.items():
        setattr(entry, name, value)
    entry.edits += 1
    entry.save()
    if hasattr(entry, "publication"):  # already counted: the count stays, the record follows the edit
        Publication.objects.filter(feed_entry=entry).update(title=entry.title[:500])
    return entry


def _match(*, entry: FeedEntry, feed: Feed, waves: list[matching.WaveTerms], now: dt.datetime) -> None:
    if entry.canonical_url:
        earlier = Publication.objects.filter(canonical_url=entry.canonical_url).first()
        if earlier is not None:
            entry.status, entry.campaign_id = EntryStatus.DUPLICATE, earlier.campaign_id
            entry.save(update_fields=["status", "campaign", "updated_at"])
            return
    day = timezone.localdate(entry.published_at) if entry.published_at else None
    if entry.published_at and entry.published_at > now + dt.timedelta(hours=1):
        day = None  # a date in the future is not trusted: an editor looks at it
    verdict = matching.match(f"{entry.title}\n{entry.summary}", day, waves)
    entry.score, entry.candidates, entry.match_reasons = verdict.score, verdict.candidates, verdict.reasons
    if verdict.campaign_id is not None:
        entry.campaign_id = verdict.campaign_id
        if _publish(entry=entry, feed=feed, actor=FEED_POLLER):
            entry.status = EntryStatus.MATCHED
        else:
            entry.status = EntryStatus.DUPLICATE
    else:
        entry.status = EntryStatus.TO_CONFIRM if verdict.needs_confirmation else EntryStatus.UNRELATED
        entry.campaign_id = verdict.candidates[0]["campaign"] if verdict.candidates else None
    entry.save(update_fields=["status", "campaign", "score", "candidates", "match_reasons", "updated_at"])


def _publish(*, entry: FeedEntry, feed: Feed, actor: Actor) -> bool:
    """The entry's publication for its wave; False when the article was already counted elsewhere."""
    item = _approved_item(entry)
    try:
        with transaction.atomic():
            Publication.objects.create(
                item=item,
                revision=item.approved_revision if item else None,
                campaign_id=entry.campaign_id,
                channel=feed.publication_channel,
                outlet=feed.outlet,
                title=entry.title[:500],
                url=entry.link if entry.link.startswith(("http://", "https://")) else "",
                canonical_url=entry.canonical_url,
                published_at=entry.published_at,
                iso_week=str(week_of(entry.published_at)),
                source=PublicationSource.FEED,
                feed_entry=entry,
                created_by=actor.user,
            )
    except IntegrityError:
        return False
    if item is not None:
        content_mark_published(
            item=item, actor=actor, comment=_("Tìm thấy trong nguồn tin %(outlet)s") % {"outlet": feed.outlet}
        )
    return True


def _approved_item(entry: FeedEntry) -> ContentItem | None:
    """Mùa's own approved item for the wave with the same headline, if the outlet ran it."""
    wanted = fold_words(entry.title)
    if not wanted.strip():
        return None
    items = ContentItem.objects.filter(
        campaign_id=entry.campaign_id, status__in=list(PUBLISHABLE), approved_revision__isnull=False
    ).select_related("approved_revision")
    return next((i for i in items if fold_words(i.approved_revision.title) == wanted), None)


# Editors' decisions ------------------------------------------------------------------------------------


def _lock_entry(entry: FeedEntry) -> FeedEntry:
    entry = FeedEntry.objects.select_for_update().select_related("feed").get(pk=entry.pk)
    if entry.status not in OPEN_STATUSES:
        raise Conflict(
            _("Bài này đã được xử lý (%(s)s).") % {"s": entry.get_status_display()}, field="status"
        )
    return entry


@actor_required
@transaction.atomic
def feed_entry_confirm(
    *, actor: Actor, entry: FeedEntry, campaign_id: int, published_at: dt.datetime | None = None
) -> FeedEntry:
    """An editor counts an article for a wave; an undated article needs the date it appeared."""
    entry = _lock_entry(entry)
    wave = wave_get(campaign_id=campaign_id, related=("province",))
    require_count_for_wave(actor, wave)
    when = published_at or entry.published_at
    if when is None:
        raise DomainError(_("Bài không có ngày đăng; hãy ghi ngày đăng."), field="published_at")
    if timezone.is_naive(when):
        raise DomainError(_("Thời điểm đăng phải có múi giờ."), field="published_at")
    if when > timezone.now() + dt.timedelta(hours=1):
        raise DomainError(_("Thời điểm đăng không được ở tương lai."), field="published_at")
    entry.published_at, entry.campaign = when, wave
    if not _publish(entry=entry, feed=entry.feed, actor=actor):
        raise Conflict(_("Bài này (cùng đường dẫn) đã được tính."), field="url")
    entry.status, entry.decided_by, entry.decided_at = EntryStatus.CONFIRMED, actor.user, timezone.now()
    entry.save()
    return entry


@actor_required
@transaction.atomic
def feed_entry_dismiss(*, actor: Actor, entry: FeedEntry) -> FeedEntry:
    """An editor says the article counts for no wave."""
    entry = _lock_entry(entry)
    require_dismiss_entry(actor, entry)
    entry.status, entry.decided_by, entry.decided_at = EntryStatus.DISMISSED, actor.user, timezone.now()
    entry.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return entry
