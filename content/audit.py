"""The audit trail of content items: who moved an item from which state to which, on what revision."""

from __future__ import annotations

from accounts.permissions import Actor, require_actor

from .models import AuditEntry, ContentItem


def actor_user(actor: Actor):
    """The acting user (None when no person acts); a missing actor is refused."""
    return require_actor(actor).user


def actor_label(actor: Actor) -> str:
    """How the audit trail and comments name the actor."""
    return require_actor(actor).label


def audit_record(
    *,
    item: ContentItem,
    actor: Actor,
    action: str,
    before: str,
    comment: str = "",
    revision=None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        item=item,
        action=action,
        from_status=before,
        to_status=item.status,
        revision=revision or item.current_revision,
        actor=actor_user(actor),
        actor_label=actor_label(actor),
        comment=comment,
    )
