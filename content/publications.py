"""Publications of approved content: recording an appearance by hand, and publishing an item on its first."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import Actor, actor_required, written_by
from calendars.weeks import week_of
from core.errors import Conflict, DomainError, PermissionDenied

from .audit import audit_record
from .feeds.parse import canonical_url
from .models import PUBLISHABLE, AuditAction, ContentItem, ItemStatus, Publication, PublicationSource
from .permissions import can_record_publication
from .validation import http_url_require


@actor_required
@transaction.atomic
def publication_create(
    *,
    actor: Actor,
    item: ContentItem,
    outlet: str,
    published_at: dt.datetime,
    url: str = "",
) -> Publication:
    """Record one appearance of approved content; the first one moves the item to published.

    The server owns the record's provenance: a person's entry is `manual` (feeds write their own rows),
    and the channel is the item's, so nobody can book an SMS item as a feed-verified TV appearance."""
    item = ContentItem.objects.select_for_update().get(pk=item.pk)
    if not can_record_publication(actor, item):
        raise PermissionDenied(_("Bạn không được ghi nhận lần đăng cho nội dung này."))
    if item.status not in PUBLISHABLE or item.approved_revision_id is None:
        raise Conflict(
            _("Chỉ nội dung đã phê duyệt mới ghi nhận được lần đăng (đang: %(s)s).")
            % {"s": item.get_status_display()},
            field="status",
        )
    outlet = (outlet or "").strip()
    if not outlet:
        raise DomainError(_("Cần ghi cơ quan đăng phát."), field="outlet")
    url = (url or "").strip()
    if url:
        http_url_require(url, field="url")
    if published_at is None or timezone.is_naive(published_at):
        raise DomainError(_("Thời điểm đăng phải có múi giờ."), field="published_at")
    if published_at > timezone.now():
        raise DomainError(_("Thời điểm đăng không được ở tương lai."), field="published_at")
    publication = Publication.objects.create(
        item=item,
        revision=item.approved_revision,
        campaign_id=item.campaign_id,
        title=item.approved_revision.title[:500],
        canonical_url=canonical_url(url),
        channel=item.channel,
        outlet=outlet,
        url=url,
        published_at=published_at,
        iso_week=str(week_of(published_at)),
        source=PublicationSource.MANUAL,
        **written_by(actor),
    )
    content_mark_published(item=item, actor=actor)
    return publication


@actor_required
@transaction.atomic
def content_mark_published(*, item: ContentItem, actor: Actor, comment: str = "") -> None:
    """The first appearance of approved content, entered by hand or found in a feed, publishes it."""
    if item.status == ItemStatus.PUBLISHED:
        return
    before = item.mark_published()
    audit_record(
        item=item,
        actor=actor,
        action=AuditAction.PUBLISH,
        before=before,
        comment=comment,
        revision=item.approved_revision,
    )
