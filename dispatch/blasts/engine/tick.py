"""The scheduler's minute: start due blasts, expire, reap, release deferred rows, re-queue lost work,
clean rq's registry of dead workers."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from dispatch.models import Blast, BlastStatus, Message, MessageStatus

from . import leases, lifecycle, queueing
from .fanout import fan_out


def release_deferred(*, now: dt.datetime | None = None) -> int:
    """Deferred rows whose time has come become pending again (compliance is checked again when sent)."""
    now = now or timezone.now()
    return Message.objects.filter(status=MessageStatus.DEFERRED, defer_until__lte=now).update(
        status=MessageStatus.PENDING, next_attempt_at=now, updated_at=now
    )


def _ids(**filters) -> list[int]:
    return list(Blast.objects.filter(**filters).values_list("id", flat=True))


def tick(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Start due blasts, expire, reap, release deferred, re-queue lost work; what each step did."""
    from ..services import blast_begin

    now = now or timezone.now()
    started = 0
    for blast_id in _ids(status=BlastStatus.SCHEDULED, scheduled_at__lte=now):
        blast_begin(blast_id=blast_id)
        started += 1
    live = [BlastStatus.SCHEDULED, BlastStatus.RUNNING, BlastStatus.PAUSED]
    expired = sum(lifecycle.expire(blast_id=i, now=now) for i in _ids(status__in=live, expires_at__lte=now))
    reaped = leases.reap(now=now)
    released = release_deferred(now=now)
    pumped = 0
    for blast_id in _ids(status=BlastStatus.RUNNING, fanned_out=True):
        queueing.prune_queued(blast_id)
        pumped += queueing.pump(blast_id=blast_id)
    for blast_id in _ids(status=BlastStatus.RUNNING, fanned_out=False):
        fan_out(blast_id=blast_id)
    dead = queueing.clean_dead_workers()
    return {
        "started": started,
        "expired": expired,
        "reaped": reaped,
        "released": released,
        "pumped": pumped,
        "dead_workers": dead,
    }
