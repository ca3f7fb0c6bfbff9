"""Jobs that belong to no app."""

import logging

logger = logging.getLogger(__name__)


def ping(note: str = "") -> str:
    """A no-op job that proves a worker is consuming the queue (used by tests and `manage.py queue_ping`)."""
    logger.info("ping %s", note)
    return f"pong {note}".strip()
