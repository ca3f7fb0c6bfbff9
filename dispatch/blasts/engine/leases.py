"""Leases: a batch claims rows (`FOR UPDATE SKIP LOCKED` on PostgreSQL) for SMS_LEASE_SECONDS, renews the
lease while it works, gives back what it did not send; the reaper returns the rows of a dead batch in doubt
(looked up at the provider before any resend)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from dispatch.models import Message, MessageStatus

from .. import metrics
from .db import M, db_time, pg


def lease_until(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) + dt.timedelta(seconds=int(settings.SMS_LEASE_SECONDS))


def claim(*, blast_id: int, owner: str, limit: int) -> list[int]:
    """Lease up to `limit` due pending rows of a blast to `owner`; concurrent claimers never share a row."""
    now = timezone.now()
    # A materialised CTE is evaluated once: a LIMIT subquery inside IN (...) may be re-run per row.
    sql = (
        f"WITH c AS {'MATERIALIZED ' if pg() else ''}(SELECT id FROM {M}"
        " WHERE blast_id = %s AND status = 'pending' AND next_attempt_at <= %s"
        f" ORDER BY next_attempt_at, id LIMIT %s{' FOR UPDATE SKIP LOCKED' if pg() else ''})"
        f" UPDATE {M} SET status = 'sending', lease_owner = %s, lease_until = %s,"
        # An in-doubt row keeps the time of its first claim: the provider is searched from then on.
        " claimed_at = CASE WHEN in_doubt THEN COALESCE(claimed_at, %s) ELSE %s END"
        " WHERE status = 'pending' AND id IN (SELECT id FROM c) RETURNING id"
    )
    params = [blast_id, db_time(now), limit, owner, db_time(lease_until(now)), db_time(now), db_time(now)]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return sorted(row[0] for row in cursor.fetchall())


def renew(owner: str) -> int:
    """Extend the lease of every row `owner` still holds."""
    return Message.objects.filter(lease_owner=owner, status=MessageStatus.SENDING).update(
        lease_until=lease_until()
    )


def release(owner: str, *, status: str = MessageStatus.PENDING, reason: str = "") -> int:
    """Give back the rows a batch still holds (pause), or close them (cancel, expiry)."""
    return Message.objects.filter(lease_owner=owner, status=MessageStatus.SENDING).update(
        status=status, reason=reason, lease_owner="", lease_until=None, updated_at=timezone.now()
    )


def reap(*, now: dt.datetime | None = None) -> int:
    """Rows whose lease ran out (a worker died) go back to pending, in doubt: looked up before any resend."""
    now = now or timezone.now()
    reaped = Message.objects.filter(status=MessageStatus.SENDING, lease_until__lt=now).update(
        status=MessageStatus.PENDING, in_doubt=True, lease_owner="", lease_until=None, updated_at=now
    )
    if reaped:
        metrics.LEASES_REAPED.inc(reaped)
    return reaped
