"""Mùa's periodic jobs: one central schedule, run by one process, `python -m config.cron`.

The process is rq's own CronScheduler: at each due time it enqueues the job on its queue and an ordinary
rq worker performs it. Every periodic job takes the `exclusive` lock below so two runs never overlap
(a slow run, a second cron process, a manual run), and is idempotent, so the catch-up run at start-up
(the machine may have been off at the scheduled minute) and any repeat change nothing.
"""

from __future__ import annotations

import functools
import logging
import os
from contextlib import contextmanager
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    func: str  # dotted path, imported when the scheduler starts
    cron: str  # in UTC, as rq's scheduler reads it
    queue: str = "default"


SCHEDULE = [
    # 00:05 in Vietnam (17:05 UTC): waves whose prep_due has come start preparing; harvests go live/close.
    PeriodicJob("campaigns-advance-daily", "campaigns.jobs.campaigns_advance_daily", "5 17 * * *"),
    # Hourly: content not approved by its planned publication time expires (the overdue list shows the gap).
    PeriodicJob("content-expire", "content.jobs.content_expire", "10 * * * *"),
    # Every minute: scheduled blasts start, the reaper returns expired leases, deferred SMS (quiet hours,
    # the 3-per-24h cap) are released at their time, and work lost with a flushed Redis is queued again.
    PeriodicJob("dispatch-tick", "dispatch.jobs.dispatch_tick", "* * * * *"),
    # 08:00 in Vietnam (01:00 UTC): approvers get one digest of the items in review that expire within
    # 48 hours unless decided (keyed per day, so a catch-up run notifies no one twice).
    PeriodicJob("content-review-expiring", "content.jobs.review_remind_expiring_daily", "0 1 * * *"),
    # 18:00 in Vietnam (11:00 UTC): a weekly report due within a day (Sunday evening for Monday 17:00) or
    # late gets one reminder per report and reason; the Postal Department gets one digest a day.
    PeriodicJob("reports-remind-daily", "campaigns.reports.jobs.reports_remind_daily", "0 11 * * *"),
    # Every 5 minutes: queue a poll (on queue `feeds`) of each news feed whose next poll time has come;
    # each feed backs off on its own. The fan-out itself is light and runs on `default`.
    PeriodicJob("feeds-poll-due", "content.jobs.feeds_poll_due", "*/5 * * * *"),
]


def lock_key(name: str) -> str:
    return f"mua:cron-lock:{name}"


@contextmanager
def exclusive(name: str, *, seconds: int = 3600):
    """Yield True when this run holds the job's lock, False when another run already does."""
    from .queues import get_connection

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


def build_scheduler(connection):
    """rq's CronScheduler with every entry of SCHEDULE registered."""
    from django.utils.module_loading import import_string
    from rq.cron import CronScheduler

    scheduler = CronScheduler(connection=connection, name=f"mua-cron:{os.getpid()}")
    for job in SCHEDULE:
        scheduler.register(import_string(job.func), queue_name=job.queue, cron=job.cron, name=job.name)
    return scheduler


def catch_up(connection) -> list[str]:
    """Enqueue every periodic job once now (they are idempotent), so a late start misses no day."""
    from .queues import get_queue

    for job in SCHEDULE:
        get_queue(job.queue).enqueue(job.func)
    return [job.name for job in SCHEDULE]


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    from .queues import get_connection

    if not settings.REDIS_URL:
        raise SystemExit("config.cron needs REDIS_URL (a worker must pick the jobs up); `make run` sets it.")
    connection = get_connection()
    logger.info("catch-up run enqueued: %s", ", ".join(catch_up(connection)))
    build_scheduler(connection).start()


if __name__ == "__main__":
    main()
