"""Reads for news feeds: health, the entries waiting for an editor, a wave's publications, weekly counts."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import Actor, actor_required
from campaigns.models import Campaign
from core.errors import NotFound

from ..models import EntryStatus, Feed, FeedEntry, Publication
from ..permissions import dic_province_ids
from . import matching


@actor_required
def feed_list(*, actor: Actor, unhealthy: bool = False) -> QuerySet[Feed]:
    """Every feed with its health and counts (feeds are public sources: any member may see them)."""
    qs = Feed.objects.select_related("organisation", "owner").annotate(
        entry_count=Count("entries", distinct=True),
        to_confirm_count=Count("entries", filter=Q(entries__status=EntryStatus.TO_CONFIRM), distinct=True),
    )
    if unhealthy:
        qs = qs.filter(Q(error_count__gt=0) | Q(active=False))
    return qs.order_by("-error_count", "outlet", "pk")


def feed_get(*, feed_id: int) -> Feed:
    feed = Feed.objects.select_related("organisation", "owner").filter(pk=feed_id).first()
    if feed is None:
        raise NotFound(_("Không có nguồn tin số %(id)s.") % {"id": feed_id})
    return feed


def feeds_due(*, now: dt.datetime | None = None) -> list[int]:
    """Ids of active feeds whose next poll time has come, longest waiting first."""
    now = now or timezone.now()
    qs = Feed.objects.filter(active=True, next_poll_at__lte=now).order_by("next_poll_at", "pk")
    return list(qs.values_list("pk", flat=True))


def entry_list(*, feed: Feed, status: str | None = None) -> QuerySet[FeedEntry]:
    qs = feed.entries.select_related("campaign")
    return qs.filter(status=status) if status else qs


def entry_get(*, entry_id: int) -> FeedEntry:
    entry = FeedEntry.objects.select_related("feed", "campaign").filter(pk=entry_id).first()
    if entry is None:
        raise NotFound(_("Không có bài số %(id)s.") % {"id": entry_id})
    return entry


@actor_required
def to_confirm_list(*, actor: Actor, province: str | None = None) -> QuerySet[FeedEntry]:
    """Articles waiting for an editor, newest first; a DIC sees those suggested for its province's waves."""
    qs = FeedEntry.objects.filter(status=EntryStatus.TO_CONFIRM).select_related(
        "feed", "campaign__province", "campaign__product"
    )
    if not actor.is_national():
        dic_provinces = dic_province_ids(actor)
        own_feeds = Q(feed__organisation_id__in=list(actor.roles))
        qs = qs.filter(
            own_feeds
            | Q(campaign__province_id__in=dic_provinces)
            | Q(campaign__province__successor_id__in=dic_provinces)
        )
    if province:
        qs = qs.filter(Q(campaign__province__code=province) | Q(campaign__province__successor__code=province))
    return qs.order_by("-published_at", "-pk")


@actor_required
def to_confirm_with_waves(*, actor: Actor, province: str | None = None, limit: int = 200) -> list[FeedEntry]:
    """The to-confirm page: each entry with `wave_choices`, its suggested (candidate, wave) pairs."""
    entries = list(to_confirm_list(actor=actor, province=province)[:limit])
    ids = {c["campaign"] for e in entries for c in e.candidates}
    waves = {w.pk: w for w in Campaign.objects.filter(pk__in=ids)}
    for entry in entries:
        entry.wave_choices = [(c, waves[c["campaign"]]) for c in entry.candidates if c["campaign"] in waves]
    return entries


def wave_publications(*, campaign_id: int) -> QuerySet[Publication]:
    """Every publication counted for a wave, newest first (by hand, from reports, from feeds)."""
    return (
        Publication.objects.filter(campaign_id=campaign_id)
        .select_related("item", "feed_entry__feed")
        .order_by("-published_at", "-pk")
    )


def publication_counts_by_week(*, campaign_id: int | None = None, channels=None) -> dict[str, int]:
    """Publications per ISO week (`2022-W09` → n); each row is one article, however many feeds ran it."""
    qs = Publication.objects.all()
    if campaign_id is not None:
        qs = qs.filter(campaign_id=campaign_id)
    if channels:
        qs = qs.filter(channel__in=list(channels))
    return dict(qs.order_by().values_list("iso_week").annotate(n=Count("pk")).order_by("iso_week"))


def waves_in_season(days: list[dt.date]) -> list[matching.WaveTerms]:
    """The match terms of every wave (not cancelled) an article published on one of `days` may be about:
    from its preparation to a while after its harvest (matching.AFTER_HARVEST). What feed entries are
    matched against; public reference data, so no actor."""
    if not days:
        return []
    first, last = min(days), max(days)
    qs = (
        Campaign.objects.exclude(status="cancelled")
        .filter(prep_due__lte=last, harvest_end__gte=first - matching.AFTER_HARVEST)
        .select_related("product", "season__product", "province__successor")
        .prefetch_related("province__predecessors")
    )
    return [matching.wave_terms(w) for w in qs]
