"""Reads for blasts: the ones an actor may see, one blast, and its progress (counts per status, send rate)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import Actor, actor_required, require_read_org
from core.errors import NotFound
from dispatch.contacts.selectors import visible_to
from dispatch.models import ACTIVE_MESSAGE_STATUSES, Blast, Message, MessageStatus


@actor_required
def blast_list(*, actor: Actor) -> QuerySet[Blast]:
    return visible_to(Blast.objects.select_related("organisation", "audience", "content_item"), actor)


@actor_required
def blast_get(*, actor: Actor, blast_id: int) -> Blast:
    blast = (
        Blast.objects.select_related("organisation", "audience", "content_item", "revision")
        .filter(pk=blast_id)
        .first()
    )
    if blast is None:
        raise NotFound(_("Không có đợt gửi #%(id)s.") % {"id": blast_id})
    require_read_org(actor, blast.organisation)
    return blast


@dataclass(frozen=True)
class Progress:
    status: str
    status_label: str
    status_reason: str
    total: int
    counts: dict[str, int]  # per message status
    done: int  # no longer pending, deferred or sending
    rate_per_minute: int  # messages sent in the last minute
    next_deferred_at: dt.datetime | None

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "status_label": self.status_label,
            "status_reason": self.status_reason,
            "total": self.total,
            "counts": self.counts,
            "done": self.done,
            "percent": self.percent,
            "rate_per_minute": self.rate_per_minute,
            "next_deferred_at": self.next_deferred_at.isoformat() if self.next_deferred_at else None,
        }


def blast_progress(*, blast: Blast) -> Progress:
    """One aggregate query over the blast's messages (the blast_status index), and one for the rate."""
    since = timezone.now() - dt.timedelta(minutes=1)
    rows = Message.objects.filter(blast=blast).values("status").annotate(n=Count("id"))
    counts = {s: 0 for s in MessageStatus.values}
    for row in rows:
        counts[row["status"]] = row["n"]
    total = sum(counts.values())
    active = sum(counts[s] for s in ACTIVE_MESSAGE_STATUSES)
    rate = Message.objects.filter(blast=blast, sent_at__gte=since).filter(~Q(status="skipped")).count()
    nxt = (
        Message.objects.filter(blast=blast, status=MessageStatus.DEFERRED)
        .order_by("defer_until")
        .values_list("defer_until", flat=True)
        .first()
    )
    blast.refresh_from_db(fields=["status", "status_reason"])
    return Progress(
        status=blast.status,
        status_label=str(blast.get_status_display()),
        status_reason=blast.status_reason,
        total=total,
        counts=counts,
        done=total - active,
        rate_per_minute=rate,
        next_deferred_at=nxt,
    )
