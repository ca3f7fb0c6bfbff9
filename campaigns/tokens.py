"""Calendar feed tokens: the secrets in an organisation's calendar feed URLs."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, Role
from accounts.permissions import Actor, actor_required, require_org_role, written_by
from accounts.services import secret_hash
from core.errors import NotFound

from .models import CalendarToken

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NewCalendarToken:
    calendar_token: CalendarToken
    token: str  # shown once, never stored


@actor_required
@transaction.atomic
def calendar_token_create(*, actor: Actor, organisation: Organisation, name: str) -> NewCalendarToken:
    """A secret for calendar feed URLs of an organisation (members with editor role or above)."""
    require_org_role(actor, organisation, Role.EDITOR)
    token = secrets.token_urlsafe(24)
    calendar_token = CalendarToken.objects.create(
        organisation=organisation,
        name=(name or "").strip()[:100] or "lịch",
        token_hash=secret_hash(token),
        **written_by(actor),
    )
    logger.info("calendar token %s created for %s by %s", calendar_token.pk, organisation.code, _who(actor))
    return NewCalendarToken(calendar_token=calendar_token, token=token)


@actor_required
@transaction.atomic
def calendar_token_revoke(*, actor: Actor, calendar_token: CalendarToken) -> CalendarToken:
    """Revoke a feed token; every calendar subscribed with it stops updating at once. Who revoked it and
    when stay on the row (the subscription page lists them)."""
    require_org_role(actor, calendar_token.organisation, Role.EDITOR)
    if calendar_token.revoked_at is None:
        calendar_token.revoked_at = timezone.now()
        calendar_token.revoked_by = getattr(actor, "user", None)
        calendar_token.save(update_fields=["revoked_at", "revoked_by"])
        logger.info(
            "calendar token %s of %s revoked by %s",
            calendar_token.pk,
            calendar_token.organisation.code,
            _who(actor),
        )
    return calendar_token


@actor_required
@transaction.atomic
def calendar_token_rotate(*, actor: Actor, calendar_token: CalendarToken) -> NewCalendarToken:
    """Replace a link: revoke it and create a new one of the same name for the same organisation."""
    calendar_token_revoke(actor=actor, calendar_token=calendar_token)
    return calendar_token_create(
        actor=actor, organisation=calendar_token.organisation, name=calendar_token.name
    )


def _who(actor: Actor) -> str:
    if actor.user is not None:
        return f"user {actor.user.pk}"
    return f"api key {actor.api_key_id}" if actor.api_key_id else (actor.system or "system")


def calendar_token_authenticate(*, token: str) -> CalendarToken:
    """The active token for a feed URL secret; a wrong or revoked one is a plain 404."""
    found = CalendarToken.objects.select_related("organisation").filter(token_hash=secret_hash(token)).first()
    if found is None or not found.is_active or not found.organisation.is_active:
        raise NotFound(_("Liên kết lịch không hợp lệ hoặc đã bị thu hồi."))
    return found
