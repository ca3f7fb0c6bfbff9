"""Reads for blasts: the ones an actor may see, one blast, and its progress (counts per status, send rate)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from accounts.permissions import Actor, actor_required, require_read_org
from core.choices import choice_clean
from core.errors import NotFound
from dispatch.compliance import REASONS
from dispatch.contacts.phones import phone_mask
from dispatch.contacts.selectors import phone_q, visible_to
from dispatch.models import ACTIVE_MESSAGE_STATUSES, Blast, Message, MessageStatus


@actor_required
def blast_list(*, actor: Actor) -> QuerySet[Blast]:
    return visible_to(Blast.objects.select_related("organisation", "audience", "content_item"), actor)


# Blasts whose list row shows its live state ("Tạm hoãn đến 07:00 …", the percentage): the others' status
# says it all, and three queries a row stay bounded to the few that are under way.
LIVE_BLAST_STATUSES = ("scheduled", "running", "paused")


@actor_required
def blast_list_rows(*, actor: Actor, limit: int = 100) -> list[tuple[Blast, Progress | None]]:
    """The blasts list page: each blast with its progress when it is under way."""
    return [
        (b, blast_progress(blast=b) if b.status in LIVE_BLAST_STATUSES else None)
        for b in blast_list(actor=actor)[:limit]
    ]


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


# What happened to one message, in words (engine and compliance reason codes).
MESSAGE_REASONS = {
    **REASONS,
    "invalid_number": gettext_lazy("Số điện thoại không hợp lệ."),
    "render_error": gettext_lazy("Không điền được mẫu tin cho người nhận này."),
    "retries_exhausted": gettext_lazy("Nhà mạng không nhận tin sau nhiều lần thử."),
    "provider_error": gettext_lazy("Nhà cung cấp dịch vụ SMS báo lỗi."),
    "opted_out": gettext_lazy("Người nhận đã từ chối nhận tin với nhà mạng."),
    "provider_opt_out": gettext_lazy("Người nhận đã từ chối nhận tin với nhà mạng."),
    "cancelled": gettext_lazy("Đợt gửi đã bị huỷ trước khi gửi tin này."),
    "expired": gettext_lazy("Đợt gửi đã hết hạn trước khi gửi tin này."),
    "adopted": "",
}
# Why a blast waits, after "Tạm hoãn đến 07:00 ngày 29/11": the reason of its next deferred message.
WAIT_REASONS = {
    "outside_hours": gettext_lazy("theo khung giờ quy định"),
    "daily_cap": gettext_lazy("vì người nhận đã đủ số tin quảng cáo tối đa trong 24 giờ"),
}
# Sent, delivered, undelivered or failed: a message the engine finished with. Skipped ones were never
# going to be sent; they are shown on their own, never counted as progress.
PROCESSED = (MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.UNDELIVERED, MessageStatus.FAILED)


def reason_text(code: str) -> str:
    return str(MESSAGE_REASONS.get(code, code))


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
    next_deferred_reason: str = ""

    @property
    def processed(self) -> int:
        return sum(self.counts.get(s, 0) for s in PROCESSED)

    @property
    def to_send(self) -> int:
        """Recipients the blast will really try (skipped ones excluded)."""
        return self.total - self.counts.get(MessageStatus.SKIPPED, 0)

    @property
    def percent(self) -> int:
        """Share of the messages to send that were sent (or failed for good); skipped ones do not count."""
        if not self.to_send:
            return 100 if self.total and self.status == "completed" else 0
        return int(100 * self.processed / self.to_send)

    @property
    def by_status(self) -> list[tuple[str, str, int]]:
        """(status, label, count) in the order a message moves: waiting, sending, the outcomes, skipped."""
        return [(s.value, str(s.label), self.counts.get(s.value, 0)) for s in MessageStatus]

    @property
    def deferred_only(self) -> bool:
        """Everything still to do waits for a time (quiet hours, the 24-hour cap): nothing is sending now."""
        waiting = self.counts.get(MessageStatus.PENDING, 0) + self.counts.get(MessageStatus.SENDING, 0)
        return self.counts.get(MessageStatus.DEFERRED, 0) > 0 and waiting == 0

    @property
    def state_text(self) -> str:
        """The blast's state as an officer should read it: "Tạm hoãn đến 07:00 ngày 29/11 …" when it waits."""
        if self.status == "running" and self.deferred_only and self.next_deferred_at:
            local = timezone.localtime(self.next_deferred_at)
            why = WAIT_REASONS.get(self.next_deferred_reason, WAIT_REASONS["outside_hours"])
            return _("Tạm hoãn đến %(time)s ngày %(date)s %(why)s") % {
                "time": f"{local:%H:%M}",
                "date": f"{local:%d/%m}",
                "why": why,
            }
        return self.status_label

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "status_label": self.status_label,
            "status_reason": self.status_reason,
            "total": self.total,
            "counts": self.counts,
            "done": self.done,
            "processed": self.processed,
            "to_send": self.to_send,
            "percent": self.percent,
            "state_text": self.state_text,
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
    nxt, nxt_reason = (
        Message.objects.filter(blast=blast, status=MessageStatus.DEFERRED)
        .order_by("defer_until")
        .values_list("defer_until", "reason")
        .first()
    ) or (None, "")
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
        next_deferred_reason=nxt_reason,
    )


@dataclass(frozen=True)
class ReasonCount:
    status: str
    status_label: str
    reason: str
    reason_text: str
    count: int


# Statuses whose reasons a blast's page lists: what did not (yet) reach the phone, and why.
EXPLAINED = (MessageStatus.DEFERRED, MessageStatus.SKIPPED, MessageStatus.FAILED, MessageStatus.UNDELIVERED)


def blast_reasons(*, blast: Blast) -> list[ReasonCount]:
    """Deferred, skipped, failed and undelivered messages counted per reason, in words (one query on the
    blast_status index), the largest first."""
    rows = (
        Message.objects.filter(blast=blast, status__in=EXPLAINED)
        .values("status", "reason")
        .annotate(n=Count("id"))
        .order_by("-n", "status", "reason")
    )
    return [
        ReasonCount(
            status=row["status"],
            status_label=str(MessageStatus(row["status"]).label),
            reason=row["reason"],
            reason_text=reason_text(row["reason"]) or _("Không rõ lý do."),
            count=row["n"],
        )
        for row in rows
    ]


# The per-recipient log ----------------------------------------------------------------------------------


@actor_required
def can_see_numbers(*, actor: Actor, blast: Blast) -> bool:
    """Full numbers for the sending organisation's editors (and above); everyone else sees them masked."""
    return actor.has_role(blast.organisation, Role.EDITOR)


@actor_required
def blast_messages(
    *, actor: Actor, blast: Blast, q: str = "", status: str | None = None
) -> QuerySet[Message]:
    """The blast's messages, one per recipient, searchable by number or name and filterable by status.

    Only a viewer who may read the blast gets here (blast_get); whether numbers show in full is
    `can_see_numbers`. Searching by number is allowed only to those who see numbers in full (a masked
    viewer could otherwise find a number digit by digit).
    """
    require_read_org(actor, blast.organisation)
    qs = Message.objects.filter(blast=blast).select_related("contact")
    if status:
        qs = qs.filter(status=choice_clean(status, MessageStatus, field="status"))
    q = (q or "").strip()[:100]
    if q:
        by_name = Q(contact__name__icontains=q)
        if can_see_numbers(actor=actor, blast=blast) and any(c.isdigit() for c in q):
            by_name |= phone_q(q)
        qs = qs.filter(by_name)
    return qs.order_by("pk")


def message_row(message: Message, *, full_numbers: bool) -> dict:
    """One line of the log as people read it: number (masked unless allowed), name, status and reason."""
    return {
        "id": message.pk,
        "contact_id": message.contact_id,
        "phone": message.phone if full_numbers else phone_mask(message.phone),
        "name": message.contact.name,
        "status": message.status,
        "status_label": str(message.get_status_display()),
        "reason": message.reason,
        "reason_text": reason_text(message.reason),
        "parts": message.parts,
        "attempts": message.attempts,
        "sent_at": message.sent_at,
        "defer_until": message.defer_until,
        "error_code": message.error_code,
    }


@actor_required
def contact_messages(*, actor: Actor, contact, limit: int = 200):
    """Messages sent (or meant) to the contact by blasts the viewer may read, newest first."""
    qs = Message.objects.filter(contact=contact).select_related("blast", "contact")
    if not actor.is_national():
        qs = qs.filter(blast__organisation_id__in=list(actor.roles))
    return list(qs.order_by("-sent_at", "-pk")[:limit])
