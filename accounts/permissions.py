"""Who may act for which organisation and province. Services call these; views only pass the actor."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.errors import PermissionDenied
from core.formatting import display_name

from .models import ROLE_RANK, Organisation, OrganisationKind, Role

# Organisations whose members see every organisation's data (docs/architecture.md "Who uses it").
NATIONAL_KINDS = {OrganisationKind.POSTAL_DEPARTMENT, OrganisationKind.WORKING_GROUP}


@dataclass(frozen=True)
class Actor:
    """The caller of a service: a signed-in user (with memberships), an organisation's API key, or a
    trusted part of Mùa itself (a command, a job) that says so by name: `system_actor("command:tally")`.

    There is no "no actor": services and selectors refuse `None` (fail closed), so a forgotten actor is an
    error, never a trusted call.
    """

    user: object | None = None
    roles: dict[int, str] = field(default_factory=dict)  # organisation id -> role
    organisations: dict[int, Organisation] = field(default_factory=dict)
    api_key_id: int | None = None
    system: str = ""  # set only by system_actor(): the trusted caller's name, shown in audit trails

    @property
    def is_system(self) -> bool:
        return bool(self.system)

    @property
    def label(self) -> str:
        if self.system:
            return self.system
        if self.api_key_id:
            return f"api-key:{self.api_key_id}"
        return getattr(self.user, "username", "anonymous")

    def role_in(self, organisation: Organisation) -> str | None:
        return self.roles.get(organisation.pk)

    def has_role(self, organisation: Organisation, minimum: str) -> bool:
        if self.is_system:
            return True
        role = self.role_in(organisation)
        return role is not None and ROLE_RANK[Role(role)] >= ROLE_RANK[Role(minimum)]

    def is_national(self, minimum: str = Role.VIEWER) -> bool:
        """Member of the Postal Department or the working group with at least `minimum` (or the system)."""
        return self.is_system or any(
            org.kind in NATIONAL_KINDS and self.has_role(org, minimum) for org in self.organisations.values()
        )


def system_actor(name: str) -> Actor:
    """A trusted caller that names itself ("command:plan_campaigns", "job:content_expire", "admin:root")."""
    if not name:
        raise ValueError("a system actor needs a name (it appears in audit trails)")
    return Actor(system=name)


def require_actor(actor) -> Actor:
    """The actor, or PermissionDenied when there is none: a read or write never runs unattributed."""
    if not isinstance(actor, Actor):
        raise PermissionDenied(_("Không xác định được ai thực hiện thao tác này."))
    return actor


def actor_required(func):
    """Decorate a selector or service taking `actor=`: called without an Actor, it raises (fail closed)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        require_actor(kwargs.get("actor"))
        return func(*args, **kwargs)

    wrapper.actor_required = True
    return wrapper


def actor_for_user(user) -> Actor:
    """Build an actor from a user's memberships (superusers act as admins of the Postal Department)."""
    memberships = list(user.memberships.select_related("organisation__province"))
    roles = {m.organisation_id: m.role for m in memberships}
    orgs = {m.organisation_id: m.organisation for m in memberships}
    if user.is_superuser:
        for org in Organisation.objects.filter(kind=OrganisationKind.POSTAL_DEPARTMENT):
            roles[org.pk] = Role.ADMIN
            orgs[org.pk] = org
    return Actor(user=user, roles=roles, organisations=orgs)


def actor_for_api_key(api_key) -> Actor:
    org = api_key.organisation
    return Actor(roles={org.pk: api_key.role}, organisations={org.pk: org}, api_key_id=api_key.pk)


def written_by(actor: Actor | None) -> dict:
    """The author fields of a row `actor` writes: its user, or the API key it acts with (the key names
    its organisation). None is a trusted system write (the public opt-out page, a provider callback)."""
    return {
        "created_by": getattr(actor, "user", None),
        "created_by_key_id": getattr(actor, "api_key_id", None),
    }


def can_act_for(actor: Actor, organisation: Organisation, minimum: str = Role.EDITOR) -> bool:
    """True when the actor holds at least `minimum` in that organisation."""
    require_actor(actor)
    return actor.has_role(organisation, minimum)


def require_org_role(actor: Actor, organisation: Organisation, minimum: str = Role.EDITOR) -> None:
    if not can_act_for(actor, organisation, minimum):
        raise PermissionDenied(
            _("Bạn cần vai trò '%(role)s' trong tổ chức '%(org)s' để làm việc này.")
            % {"role": Role(minimum).label, "org": display_name(organisation)}
        )


def can_read_org(actor: Actor, organisation: Organisation) -> bool:
    """Own organisation's data, or anyone's for national members."""
    require_actor(actor)
    return actor.role_in(organisation) is not None or actor.is_national()


def require_read_org(actor: Actor, organisation: Organisation) -> None:
    if not can_read_org(actor, organisation):
        raise PermissionDenied(
            _("Bạn không được xem dữ liệu của tổ chức '%(org)s'.") % {"org": display_name(organisation)}
        )


def province_in_scope(organisation: Organisation, province) -> bool:
    """Whether a DIC's province covers `province`, on either map.

    A DIC bound to a 2025 unit covers the old provinces merged into it; a DIC bound to an old province
    covers that province only (a merged unit is larger than it).
    """
    if organisation.kind != OrganisationKind.DIC or organisation.province_id is None:
        return False
    if organisation.province_id == province.pk:
        return True
    return province.successor_id is not None and province.successor_id == organisation.province_id


def can_act_in_province(actor: Actor, province, minimum: str = Role.EDITOR) -> bool:
    """National members act everywhere; a DIC's members only in their own province."""
    require_actor(actor)
    if actor.is_national(minimum):
        return True
    return any(
        province_in_scope(org, province) and actor.has_role(org, minimum)
        for org in actor.organisations.values()
    )


def require_province(actor: Actor, province, minimum: str = Role.EDITOR) -> None:
    if not can_act_in_province(actor, province, minimum):
        raise PermissionDenied(
            _("Bạn không có quyền với tỉnh/thành '%(province)s'.")
            % {"province": f"{province.code} {display_name(province)}"}
        )


def can_approve(actor: Actor) -> bool:
    """Only approvers of the Postal Department decide on content."""
    return any(
        org.kind == OrganisationKind.POSTAL_DEPARTMENT and actor.role_in(org) == Role.APPROVER
        for org in actor.organisations.values()
    )
