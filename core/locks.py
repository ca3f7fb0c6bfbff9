"""Locks for periodic jobs: two runs of one job never overlap (a slow run, a second cron, a manual run).

Kept apart from the schedule (config/cron.py) so every app's jobs can take a lock without importing the
composition root.
"""

from __future__ import annotations

import functools
import logging
from contextlib import contextmanager

from .queues import get_connection

logger = logging.getLogger(__name__)


def lock_key(name: str) -> str:
    return f"mua:cron-lock:{name}"


@contextmanager
def exclusive(name: str, *, seconds: int = 3600):
    """Yield True when this run holds the job's lock, False when another run already does."""
    lock = get_connection().lock(lock_key(name), timeout=seconds, blocking=False)
    acquired = lock.acquire(blocking=False)
    try:
        yield acquired
    finally:
        if acquired:
            lock.release()


def runs_alone(name: str, *, seconds: int = 3600, skipped=None):
    """Decorate a periodic job so two runs never overlap: a run that finds the lock held returns `skipped`."""

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with exclusive(name, seconds=seconds) as acquired:
                if not acquired:
                    logger.warning("%s: another run holds the lock %r; skipped", func.__name__, name)
                    return skipped
                return func(*args, **kwargs)

        return wrapper

    return decorate
