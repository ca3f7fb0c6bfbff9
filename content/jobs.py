"""rq jobs of the content app (scheduled in config/cron.py)."""

import logging

from config.cron import exclusive

from .services import content_expire_due

logger = logging.getLogger(__name__)

EXPIRE_LOCK = "content-expire"


def content_expire() -> int | None:
    """Hourly: expire items whose planned publication time passed before approval; never two runs at once."""
    with exclusive(EXPIRE_LOCK, seconds=900) as acquired:
        if not acquired:
            logger.warning("content_expire: another run holds the lock; skipped")
            return None
        count = content_expire_due()
    logger.info("expired %s content items", count)
    return count
