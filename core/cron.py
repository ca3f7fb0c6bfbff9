"""Running a schedule of periodic jobs named by dotted path, with rq's CronScheduler.

The schedule itself (which job, when) is composition and lives in config/cron.py; this module only knows
how to register such a schedule and how to catch up after a late start.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from .queues import get_queue


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    func: str  # dotted path, imported when the scheduler starts
    cron: str  # in UTC, as rq's scheduler reads it
    queue: str = "default"


def build_scheduler(connection, schedule: Iterable[PeriodicJob]):
    """rq's CronScheduler with every entry of `schedule` registered."""
    from django.utils.module_loading import import_string
    from rq.cron import CronScheduler

    scheduler = CronScheduler(connection=connection, name=f"mua-cron:{os.getpid()}")
    for job in schedule:
        scheduler.register(import_string(job.func), queue_name=job.queue, cron=job.cron, name=job.name)
    return scheduler


def catch_up(schedule: Iterable[PeriodicJob]) -> list[str]:
    """Enqueue every periodic job once now (they are idempotent), so a late start misses no day."""
    names = []
    for job in schedule:
        get_queue(job.queue).enqueue(job.func)
        names.append(job.name)
    return names
