"""rq jobs of the content app."""

import logging

from .services import content_expire_due

logger = logging.getLogger(__name__)


def content_expire() -> int:
    """Daily: expire items whose planned publication time passed before they were approved."""
    count = content_expire_due()
    logger.info("expired %s content items", count)
    return count
