"""Comments on content items: remarks and replies, optionally on one revision, and marking them dealt with."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.permissions import Actor, actor_required
from core.errors import DomainError

from .audit import actor_label, actor_user
from .models import Comment, ContentItem, Revision
from .permissions import require_take_part


@actor_required
@transaction.atomic
def comment_create(
    *,
    actor: Actor,
    item: ContentItem,
    body: str,
    parent: Comment | None = None,
    revision: Revision | None = None,
) -> Comment:
    """A remark on an item (a reply when `parent` is given), optionally tied to one revision."""
    require_take_part(actor, item)
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Bình luận không được để trống."), field="body")
    if parent is not None and parent.item_id != item.pk:
        raise DomainError(_("Bình luận được trả lời không thuộc nội dung này."), field="parent")
    if revision is not None and revision.item_id != item.pk:
        raise DomainError(_("Phiên bản không thuộc nội dung này."), field="revision")
    return Comment.objects.create(
        item=item,
        parent=parent,
        revision=revision,
        author=actor_user(actor),
        author_label=actor_label(actor),
        body=body,
    )


@actor_required
@transaction.atomic
def comment_resolve(*, actor: Actor, comment: Comment) -> Comment:
    """Mark a comment dealt with."""
    require_take_part(actor, comment.item)
    comment.resolve(actor_user(actor))
    return comment
