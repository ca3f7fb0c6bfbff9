"""/api/v1/content/: news feeds, their entries, the "to confirm" list, a wave's publications."""

import datetime as dt

from ninja import Router, Status
from ninja.pagination import paginate

from accounts.selectors import organisation_get

from ..jobs import feed_poll_enqueue
from ..permissions import require_manage_feed
from ..schemas import PublicationOut
from . import selectors, services
from .schemas import ConfirmIn, EntryOut, FeedIn, FeedOut, PauseIn, PollQueuedOut, WeekCountOut

router = Router(tags=["feeds"])


@router.get(
    "/feeds", response=list[FeedOut], summary="News feeds with their health (unhealthy=true: failing)"
)
def feeds(request, unhealthy: bool = False):
    return list(selectors.feed_list(actor=request.auth, unhealthy=unhealthy))


@router.post("/feeds", response={201: FeedOut}, summary="Register a feed to poll")
def feed_create(request, payload: FeedIn):
    feed = services.feed_create(
        actor=request.auth,
        outlet=payload.outlet,
        url=payload.url,
        kind=payload.kind,
        channel=payload.channel,
        language=payload.language,
        organisation=organisation_get(code=payload.organisation) if payload.organisation else None,
        poll_interval=dt.timedelta(minutes=payload.poll_interval_minutes),
    )
    return Status(201, feed)


@router.get("/feeds/{feed_id}", response=FeedOut, summary="One feed")
def feed_detail(request, feed_id: int):
    return selectors.feed_get(feed_id=feed_id)


@router.post("/feeds/{feed_id}/pause", response=FeedOut, summary="Stop polling a feed, with a reason")
def feed_pause(request, feed_id: int, payload: PauseIn):
    feed = selectors.feed_get(feed_id=feed_id)
    return services.feed_set_active(actor=request.auth, feed=feed, active=False, reason=payload.reason)


@router.post("/feeds/{feed_id}/resume", response=FeedOut, summary="Poll a paused or failing feed again now")
def feed_resume(request, feed_id: int):
    feed = selectors.feed_get(feed_id=feed_id)
    return services.feed_set_active(actor=request.auth, feed=feed, active=True)


@router.post("/feeds/{feed_id}/poll", response={202: PollQueuedOut}, summary="Queue a poll of the feed now")
def feed_poll(request, feed_id: int):
    feed = selectors.feed_get(feed_id=feed_id)
    require_manage_feed(request.auth, feed)
    feed_poll_enqueue(feed.pk)
    return Status(202, {"feed": feed.pk, "queued": True})


@router.get("/feeds/{feed_id}/entries", response=list[EntryOut], summary="Entries of a feed (status filter)")
@paginate
def feed_entries(request, feed_id: int, status: str | None = None):
    return selectors.entry_list(feed=selectors.feed_get(feed_id=feed_id), status=status)


@router.get("/feed-entries/to-confirm", response=list[EntryOut], summary="Articles waiting for an editor")
@paginate
def to_confirm(request, province: str | None = None):
    return selectors.to_confirm_list(actor=request.auth, province=province)


@router.post("/feed-entries/{entry_id}/confirm", response=EntryOut, summary="Count an article for a wave")
def entry_confirm(request, entry_id: int, payload: ConfirmIn):
    entry = selectors.entry_get(entry_id=entry_id)
    return services.feed_entry_confirm(
        actor=request.auth, entry=entry, campaign_id=payload.campaign, published_at=payload.published_at
    )


@router.post("/feed-entries/{entry_id}/dismiss", response=EntryOut, summary="Count an article for no wave")
def entry_dismiss(request, entry_id: int):
    return services.feed_entry_dismiss(actor=request.auth, entry=selectors.entry_get(entry_id=entry_id))


@router.get(
    "/waves/{campaign_id}/publications", response=list[PublicationOut], summary="A wave's publications"
)
def wave_publications(request, campaign_id: int):
    return list(selectors.wave_publications(campaign_id=campaign_id))


@router.get("/publications/weeks", response=list[WeekCountOut], summary="Publications per ISO week")
def publication_weeks(request, campaign: int | None = None, channel: str | None = None):
    """`channel` is one channel or several, comma-separated (press_online,tv_central)."""
    channels = [c.strip() for c in channel.split(",") if c.strip()] if channel else None
    counts = selectors.publication_counts_by_week(campaign_id=campaign, channels=channels)
    return [{"week": week, "publications": n} for week, n in counts.items()]
