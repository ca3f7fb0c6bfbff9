"""Reads for content: lists within the caller's permissions, the review queue, overdue items, diffs, CSV."""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import Actor, actor_required, can_approve
from campaigns.models import Campaign
from core.errors import DomainError, NotFound, PermissionDenied

from .models import (
    AWAITING_APPROVAL,
    PUBLISHABLE,
    AuditEntry,
    Comment,
    ContentItem,
    ItemStatus,
    Publication,
    Review,
    Revision,
)
from .permissions import require_read_item, require_take_part, visible_q


def wave_get(*, campaign_id: int, related: tuple[str, ...] = ()):
    """The wave an item or an article is linked to; a bad id is the caller's input error."""
    wave = Campaign.objects.select_related(*related).filter(pk=campaign_id).first()
    if wave is None:
        raise DomainError(_("Không có đợt truyền thông số %(id)s.") % {"id": campaign_id}, field="campaign")
    return wave


def approved_content() -> QuerySet[ContentItem]:
    """Items whose approved text may go out now (approved, scheduled or published); campaigns counts them."""
    return ContentItem.objects.filter(status__in=list(PUBLISHABLE))


def wave_has_approved_content() -> Exists:
    """For a Campaign queryset: does the row's wave have approved content? (registered with campaigns)"""
    return Exists(approved_content().filter(campaign=OuterRef("pk")))


@actor_required
def item_list(
    *,
    actor: Actor,
    status: str | None = None,
    channel: str | None = None,
    organisation: str | None = None,
    mine: bool = False,
) -> QuerySet[ContentItem]:
    """Items the actor may read, newest change first."""
    qs = ContentItem.objects.select_related("organisation", "author", "current_revision", "approved_revision")
    q = visible_q(actor)
    if q is not None:
        qs = qs.filter(q)
    if status:
        qs = qs.filter(status=status)
    if channel:
        qs = qs.filter(channel=channel)
    if organisation:
        qs = qs.filter(organisation__code=organisation)
    if mine:
        qs = (
            qs.filter(author=actor.user)
            if actor.user is not None
            else qs.filter(organisation_id__in=actor.roles)
        )
    return qs


@actor_required
def item_get(*, actor: Actor, item_id: int) -> ContentItem:
    """One item, 404 when there is none, 403 when the actor may not read it."""
    item = (
        ContentItem.objects.select_related("organisation", "author", "current_revision", "approved_revision")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        raise NotFound(_("Không có nội dung số %(id)s.") % {"id": item_id})
    require_read_item(actor, item)
    return item


@actor_required
def revision_list(*, actor: Actor, item: ContentItem) -> QuerySet[Revision]:
    require_read_item(actor, item)
    return item.revisions.order_by("number")


@actor_required
def revision_get(*, actor: Actor, item: ContentItem, number: int) -> Revision:
    revision = revision_list(actor=actor, item=item).filter(number=number).first()
    if revision is None:
        raise NotFound(_("Nội dung không có phiên bản %(n)s.") % {"n": number}, field="number")
    return revision


def review_open(*, item: ContentItem) -> Review | None:
    """The item's one open review (the database allows no second), with the revision under review."""
    return item.reviews.filter(decided_at__isnull=True).select_related("revision").first()


@actor_required
def review_list(*, actor: Actor, item: ContentItem) -> QuerySet[Review]:
    require_read_item(actor, item)
    return item.reviews.select_related("revision", "reviewer", "requested_by").order_by(
        "-requested_at", "-pk"
    )


@actor_required
def comment_list(*, actor: Actor, item: ContentItem) -> QuerySet[Comment]:
    """The discussion, oldest first; threads are rebuilt from `parent`."""
    require_read_item(actor, item)
    require_take_part(actor, item)
    return item.comments.select_related("revision", "author").order_by("created_at", "pk")


@dataclass
class CommentThread:
    comment: Comment
    replies: list[CommentThread]


@actor_required
def comment_threads(*, actor: Actor, item: ContentItem) -> list[CommentThread]:
    nodes = {c.pk: CommentThread(c, []) for c in comment_list(actor=actor, item=item)}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.comment.parent_id)
        (parent.replies if parent else roots).append(node)
    return roots


@actor_required
def audit_list(*, actor: Actor, item: ContentItem) -> QuerySet[AuditEntry]:
    require_read_item(actor, item)
    return item.audit.select_related("revision").order_by("at", "pk")


AUDIT_CSV_HEADER = ["item", "at", "actor", "action", "from_status", "to_status", "revision", "comment"]


@actor_required
def audit_csv(*, actor: Actor, item: ContentItem) -> str:
    """The item's audit log as CSV (times in UTC, ISO 8601)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(AUDIT_CSV_HEADER)
    for entry in audit_list(actor=actor, item=item):
        writer.writerow(
            [
                item.pk,
                entry.at.astimezone(dt.UTC).isoformat(),
                entry.actor_label,
                entry.action,
                entry.from_status,
                entry.to_status,
                entry.revision.number if entry.revision_id else "",
                entry.comment,
            ]
        )
    return out.getvalue()


@actor_required
def publication_list(*, actor: Actor, item: ContentItem) -> QuerySet[Publication]:
    require_read_item(actor, item)
    return item.publications.select_related("revision").order_by("-published_at")


def revision_diff(*, item: ContentItem, against: Revision | None = None) -> list[str]:
    """Unified diff lines of the current revision against the last approved one (or `against`)."""
    base = against or item.approved_revision
    current = item.current_revision
    if base is None or current is None or base.pk == current.pk:
        return []

    def lines(rev: Revision) -> list[str]:
        head = [
            f"# {rev.title}",
            f"@ {rev.outlet} {rev.airtime}".rstrip(),
            *[f"↗ {m}" for m in rev.media_links],
        ]
        return [*head, "", *rev.body.splitlines()]

    return list(
        difflib.unified_diff(
            lines(base), lines(current), f"v{base.number}", f"v{current.number}", lineterm="", n=2
        )
    )


@actor_required
def review_queue(
    *,
    actor: Actor,
    channel: str | None = None,
    province: str | None = None,
    organisation: str | None = None,
    wave: int | None = None,
    min_age_days: int | None = None,
) -> QuerySet[ContentItem]:
    """Items waiting for a decision, most urgent first: earliest planned time, then the earliest
    preparation deadline of their wave, then longest waiting.

    Only approvers of the Postal Department have a queue.
    """
    if not can_approve(actor):
        raise PermissionDenied(_("Chỉ người phê duyệt của Vụ Bưu chính mới có hàng chờ thẩm định."))
    qs = ContentItem.objects.filter(status=ItemStatus.IN_REVIEW).select_related(
        "organisation__province", "current_revision", "author", "campaign"
    )
    if channel:
        qs = qs.filter(channel=channel)
    if province:
        # The owner's province (a DIC) or the wave's province, on the 2022 map or as a 2025 unit.
        qs = qs.filter(
            Q(organisation__province__code=province)
            | Q(campaign__province__code=province)
            | Q(organisation__province__successor__code=province)
            | Q(campaign__province__successor__code=province)
        )
    if wave:
        qs = qs.filter(campaign_id=wave)
    if organisation:
        qs = qs.filter(organisation__code=organisation)
    if min_age_days:
        qs = qs.filter(submitted_at__lte=timezone.now() - dt.timedelta(days=min_age_days))
    return qs.order_by(
        F("planned_at").asc(nulls_last=True),
        F("campaign__prep_due").asc(nulls_last=True),
        "submitted_at",
        "pk",
    )


def review_queue_counts(*, queue: QuerySet[ContentItem]) -> dict:
    """How many are waiting, per channel, and how many are already past their planned time."""
    now = timezone.now()
    by_channel = dict(queue.order_by().values_list("channel").annotate(n=Count("pk")))
    return {
        "total": queue.count(),
        "overdue": queue.filter(planned_at__lte=now).count(),
        "due_within_7_days": queue.filter(
            planned_at__gt=now, planned_at__lte=now + dt.timedelta(days=7)
        ).count(),
        "by_channel": by_channel,
    }


@actor_required
def overdue_list(*, actor: Actor, now: dt.datetime | None = None) -> QuerySet[ContentItem]:
    """Expired items, and items past their planned time still not approved (not yet swept by the job)."""
    now = now or timezone.now()
    qs = item_list(actor=actor)
    late = qs.filter(status__in=list(AWAITING_APPROVAL), planned_at__lte=now)
    return (qs.filter(status=ItemStatus.EXPIRED) | late).order_by("planned_at", "pk")
