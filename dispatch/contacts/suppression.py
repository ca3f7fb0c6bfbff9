"""Writes for the suppression list: stop advertising SMS to a number, and lift that (national admins only)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.permissions import Actor, actor_required, system_actor, written_by
from core.choices import choice_clean
from core.errors import DomainError, PermissionDenied
from dispatch.contacts.models import Suppression, SuppressionReason, SuppressionRemoval

from .phones import phone_normalize

# The number's owner (public opt-out page, a reply to a message) or the provider (error 21610) stops SMS
# to a number without signing in: these system actors say which.
NUMBER_OWNER = system_actor("number-owner")
PROVIDER = system_actor("provider")


@actor_required
@transaction.atomic
def suppression_add(*, phone: str, reason: str, actor: Actor, note: str = "") -> Suppression:
    """Stop advertising SMS to a number from now on (idempotent: the first reason and time are kept)."""
    choice_clean(reason, SuppressionReason, field="reason")
    if not actor.is_system and not any(actor.has_role(o, Role.EDITOR) for o in actor.organisations.values()):
        raise PermissionDenied(_("Cần vai trò biên tập để ghi nhận số từ chối."))
    e164 = phone_normalize(phone).e164
    suppression, _created = Suppression.objects.get_or_create(
        phone=e164,
        defaults={"reason": reason, "note": note[:300], **written_by(actor)},
    )
    return suppression


@actor_required
@transaction.atomic
def suppression_remove(*, actor: Actor, phone: str, reason: str) -> SuppressionRemoval:
    """Lift a suppression: national admins only, with a reason, leaving an audit row."""
    if not actor.is_national(Role.ADMIN) or actor.user is None:
        raise PermissionDenied(
            _("Chỉ quản trị viên của Vụ Bưu chính/Tổ công tác được gỡ số khỏi danh sách chặn.")
        )
    if len((reason or "").strip()) < 5:
        raise DomainError(_("Cần ghi lý do gỡ chặn (ít nhất 5 ký tự)."), field="reason")
    e164 = phone_normalize(phone).e164
    suppression = Suppression.objects.select_for_update().filter(phone=e164).first()
    if suppression is None:
        raise DomainError(_("Số %(phone)s không có trong danh sách chặn.") % {"phone": e164}, field="phone")
    removal = SuppressionRemoval.objects.create(
        phone=e164,
        suppression_reason=suppression.reason,
        suppressed_at=suppression.created_at,
        reason=reason.strip()[:300],
        removed_by=actor.user,
    )
    suppression.delete()
    return removal
