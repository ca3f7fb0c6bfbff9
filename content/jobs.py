"""rq jobs of the content app (scheduled in config/cron.py)."""

import logging

from core.locks import runs_alone
from core.queues import get_queue

from .feeds.selectors import feeds_due
from .feeds.services import feed_poll as poll
from .reminders import review_remind_expiring
from .services import content_expire_due

logger = logging.getLogger(__name__)

EXPIRE_LOCK = "content-expire"


@runs_alone(EXPIRE_LOCK, seconds=900)
def content_expire() -> int | None:
    """Hourly: expire items whose planned publication time passed before approval; never two runs at once."""
    count = content_expire_due()
    logger.info("expired %s content items", count)
    return count


FEEDS_DUE_LOCK = "feeds-poll-due"


def feed_poll(feed_id: int) -> dict:
    """Poll one feed (queue `feeds`); the feed's own lock keeps two polls of it apart."""
    outcome = poll(feed_id=feed_id)
    logger.info("feed %s: %s", feed_id, outcome)
    return {"feed": feed_id, "status": outcome.status, "created": outcome.created, "matched": outcome.matched}


def feed_poll_enqueue(feed_id: int) -> None:
    """Queue a poll of one feed on queue `feeds`, from the schedule or an editor's "poll now"."""
    # One job id per feed: a feed still waiting in the queue is not queued twice.
    get_queue("feeds").enqueue(feed_poll, feed_id, job_id=f"feed-poll-{feed_id}")


@runs_alone(FEEDS_DUE_LOCK, seconds=300)
def feeds_poll_due() -> int | None:
    """Every 5 minutes: enqueue a poll of each feed whose next poll time has come, on queue `feeds`."""
    due = feeds_due()
    for feed_id in due:
        feed_poll_enqueue(feed_id)
    return len(due)


REMIND_LOCK = "content-review-expiring"


@runs_alone(REMIND_LOCK, seconds=900)
def review_remind_expiring_daily() -> int | None:
    """Daily: remind approvers of items in review that expire within 48 hours (notification + email)."""
    count = review_remind_expiring()
    logger.info("reminded %s approvers of expiring reviews", count)
    return count
