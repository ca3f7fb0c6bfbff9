"""How a blast ends: completed when nothing is left, expired past its "do not send after", and the rows
not yet claimed closed with why."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from dispatch.models import ACTIVE_MESSAGE_STATUSES, Blast, BlastStatus, Message, MessageStatus


def finish_if_done(*, blast_id: int) -> bool:
    """A running blast with no pending, deferred or in-flight row is completed."""
    with transaction.atomic():
        blast = Blast.objects.select_for_update().get(pk=blast_id)
        if blast.status != BlastStatus.RUNNING or not blast.fanned_out:
            return False
        if Message.objects.filter(blast_id=blast_id, status__in=ACTIVE_MESSAGE_STATUSES).exists():
            return False
        blast.complete()
        return True


def close_unsent(*, blast_id: int, reason: str, now: dt.datetime | None = None) -> int:
    """A blast that ends early (cancelled, expired) closes its rows not yet claimed as skipped, with why."""
    return Message.objects.filter(
        blast_id=blast_id, status__in=[MessageStatus.PENDING, MessageStatus.DEFERRED]
    ).update(status=MessageStatus.SKIPPED, reason=reason, updated_at=now or timezone.now())


def expire(*, blast_id: int, now: dt.datetime | None = None) -> bool:
    """A blast past its "do not send after": expired, with every row not yet claimed closed as skipped.
    The one way both the tick and a batch that notices the time end a blast. False if it had already
    ended."""
    with transaction.atomic():
        blast = Blast.objects.select_for_update().get(pk=blast_id)
        if blast.status not in (BlastStatus.SCHEDULED, BlastStatus.RUNNING, BlastStatus.PAUSED):
            return False
        blast.expire()
        close_unsent(blast_id=blast_id, reason="expired", now=now)
    return True
