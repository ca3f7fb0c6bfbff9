"""Approval routing: which organisation's approvers decide a step of an item's review.

A province's item (its owner is a DIC, or it belongs to a wave of the province) takes the route for its
channel in that province (a route for the very province beats one for every province); any other item the
national route. No route: the Postal Department decides in one step, as before routes existed.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind, Role
from accounts.permissions import Actor

from .models import ApprovalDelegation, ApprovalRoute, ApproverKind, ContentItem, Review, RouteScope

DECIDING_ROLES = (Role.APPROVER, Role.ADMIN)


def item_province(item: ContentItem):
    """The province an item belongs to: its wave's, else its owner's (a DIC's), else none (national)."""
    campaign = item.campaign
    if campaign is not None and campaign.province_id:
        return campaign.province
    return item.organisation.province


def route_for(item: ContentItem) -> ApprovalRoute | None:
    province = item_province(item)
    routes = ApprovalRoute.objects.filter(channel=item.channel, is_active=True)
    if province is None:
        return routes.filter(scope=RouteScope.NATIONAL).first()
    same = [province.pk] + ([province.successor_id] if province.successor_id else [])
    routes = routes.filter(scope=RouteScope.PROVINCE).filter(
        Q(province_id__in=same) | Q(province__isnull=True)
    )
    return routes.order_by(F("province").asc(nulls_last=True)).first()


def postal_department() -> Organisation | None:
    return (
        Organisation.objects.filter(kind=OrganisationKind.POSTAL_DEPARTMENT, is_active=True)
        .order_by("pk")
        .first()
    )


def step_organisation(kind: str, item: ContentItem) -> Organisation | None:
    """The DIC of the item's province (old province, or its 2025 unit), else the Postal Department."""
    if kind == ApproverKind.DIC:
        province = item_province(item)
        if province is not None:
            ids = [province.pk] + ([province.successor_id] if province.successor_id else [])
            dics = Organisation.objects.filter(kind=OrganisationKind.DIC, is_active=True, province_id__in=ids)
            found = dics.order_by("pk").first()
            if found is not None:
                return found
    return postal_department()


def department_approvers():
    """The Postal Department's approvers: who decides when no route names an organisation."""
    User = get_user_model()
    return User.objects.filter(
        is_active=True,
        memberships__role=Role.APPROVER,
        memberships__organisation__kind=OrganisationKind.POSTAL_DEPARTMENT,
    ).distinct()


def approvers_of(organisation: Organisation | None, *, today: dt.date | None = None) -> list:
    """Who decides for an organisation today: its approvers and admins, and their delegates while away."""
    if organisation is None:
        return []
    today = today or timezone.localdate()
    User = get_user_model()
    deciders = list(
        User.objects.filter(
            is_active=True,
            memberships__organisation=organisation,
            memberships__role__in=DECIDING_ROLES,
        ).distinct()
    )
    delegations = ApprovalDelegation.objects.filter(
        organisation=organisation, starts_on__lte=today, ends_on__gte=today, delegate__is_active=True
    ).select_related("delegator", "delegate")
    away = {d.delegator_id for d in delegations}
    present = [u for u in deciders if u.pk not in away]
    return present + [d.delegate for d in delegations if d.delegator_id in {u.pk for u in deciders}]


def is_department_admin(actor: Actor) -> bool:
    return any(
        org.kind == OrganisationKind.POSTAL_DEPARTMENT and actor.role_in(org) == Role.ADMIN
        for org in actor.organisations.values()
    )


def can_decide_review(actor: Actor, review: Review, *, today: dt.date | None = None) -> bool:
    """The step's organisation's approvers (or their delegates); the Postal Department's admins always."""
    if is_department_admin(actor):
        return True
    organisation = review.approver_organisation or postal_department()
    if organisation is None:
        return False
    if actor.role_in(organisation) in DECIDING_ROLES:
        return True
    user_id = getattr(actor.user, "pk", None)
    return user_id is not None and user_id in {u.pk for u in approvers_of(organisation, today=today)}


def deciding_organisations(actor: Actor, *, today: dt.date | None = None) -> list[int]:
    """Organisations whose reviews the actor decides (own approver roles, plus delegations to them)."""
    own = [pk for pk, role in actor.roles.items() if role in DECIDING_ROLES]
    user_id = getattr(actor.user, "pk", None)
    if user_id is None:
        return own
    today = today or timezone.localdate()
    delegated = ApprovalDelegation.objects.filter(
        delegate_id=user_id, starts_on__lte=today, ends_on__gte=today
    ).values_list("organisation_id", flat=True)
    return own + list(delegated)
