"""Reads for the calendar-subscription page: per organisation of the viewer, its feed links' history
and the feeds it may subscribe to (the country, its province on the 2022 map and on the 2025 map)."""

from __future__ import annotations

from dataclasses import dataclass, field

from accounts.models import Organisation, Role
from accounts.permissions import Actor, actor_required
from calendars.models import Province

from .models import CalendarToken

HISTORY = 10  # revoked links shown per organisation


@dataclass
class OrganisationFeeds:
    organisation: Organisation
    can_manage: bool  # editor or above: may create, replace and revoke links
    active: list[CalendarToken] = field(default_factory=list)
    revoked: list[CalendarToken] = field(default_factory=list)
    provinces: list[Province] = field(default_factory=list)  # the province feeds besides the national one


def feed_provinces(organisation: Organisation) -> list[Province]:
    """An organisation's province on its own map, and the other map's unit for the same place."""
    province = organisation.province
    if province is None:
        return []
    found = [province]
    if province.successor_id:
        found.append(province.successor)
    return found


@actor_required
def subscription_list(*, actor: Actor) -> list[OrganisationFeeds]:
    """The viewer's organisations with their links; only members see an organisation's links."""
    orgs = sorted(actor.organisations.values(), key=lambda o: o.name)
    tokens = CalendarToken.objects.select_related("created_by", "revoked_by").filter(
        organisation_id__in=[o.pk for o in orgs]
    )
    by_org: dict[int, list[CalendarToken]] = {}
    for token in tokens.order_by("-created_at", "-pk"):
        by_org.setdefault(token.organisation_id, []).append(token)
    result = []
    for org in orgs:
        mine = by_org.get(org.pk, [])
        result.append(
            OrganisationFeeds(
                organisation=org,
                can_manage=actor.has_role(org, Role.EDITOR),
                active=[t for t in mine if t.is_active],
                revoked=[t for t in mine if not t.is_active][:HISTORY],
                provinces=feed_provinces(org),
            )
        )
    return result


def calendar_token_of_member(*, actor: Actor, token_id: int) -> CalendarToken | None:
    """One link of an organisation the viewer belongs to (None otherwise: another's link is not found)."""
    return (
        CalendarToken.objects.select_related("organisation")
        .filter(pk=token_id, organisation_id__in=list(actor.roles))
        .first()
    )
