"""Writes of approval routing: the Postal Department edits routes (every change audited); approvers
delegate for an absence."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organisation, OrganisationKind, Role
from accounts.permissions import Actor
from core.errors import DomainError, PermissionDenied

from .models import ApprovalDelegation, ApprovalRoute, ApproverKind, Channel, RouteChange, RouteScope

ROUTE_FIELDS = ("channel", "scope", "province", "first_step", "second_step", "is_active")


def _require_department(actor: Actor) -> None:
    if not any(
        org.kind == OrganisationKind.POSTAL_DEPARTMENT and actor.has_role(org, Role.APPROVER)
        for org in actor.organisations.values()
    ):
        raise PermissionDenied(_("Chỉ người phê duyệt, quản trị của Vụ Bưu chính cấu hình tuyến phê duyệt."))


@transaction.atomic
def route_set(*, actor: Actor, route: ApprovalRoute | None = None, **values) -> ApprovalRoute:
    """Create or change a route; the previous and new versions are kept in RouteChange."""
    _require_department(actor)
    unknown = set(values) - set(ROUTE_FIELDS)
    if unknown:
        raise DomainError(
            _("Trường không có: %(f)s.") % {"f": ", ".join(sorted(unknown))}, field=sorted(unknown)[0]
        )
    before = route.snapshot() if route else None
    route = route or ApprovalRoute()
    for name, value in values.items():
        setattr(route, name, value)
    checks = (("channel", Channel), ("scope", RouteScope), ("first_step", ApproverKind))
    for name, choices in checks:
        if getattr(route, name) not in choices.values:
            raise DomainError(_("Giá trị '%(v)s' không hợp lệ.") % {"v": getattr(route, name)}, field=name)
    if route.second_step and (
        route.second_step not in ApproverKind.values or route.second_step == route.first_step
    ):
        raise DomainError(_("Bước 2 phải khác bước 1."), field="second_step")
    if route.scope == RouteScope.NATIONAL and (route.province_id or route.first_step == ApproverKind.DIC):
        raise DomainError(_("Nội dung toàn quốc không đi qua Sở TTTT."), field="first_step")
    clash = ApprovalRoute.objects.filter(
        channel=route.channel, scope=route.scope, province=route.province, is_active=True
    ).exclude(pk=route.pk)
    if route.is_active and clash.exists():
        raise DomainError(_("Đã có tuyến đang áp dụng cho kênh và phạm vi này."), field="channel")
    route.save()
    RouteChange.objects.create(
        route=route,
        changed_by=actor.user,
        changed_by_label=actor.label,
        before=before,
        after=route.snapshot(),
    )
    return route


@transaction.atomic
def delegation_create(
    *, actor: Actor, organisation: Organisation, delegator, delegate, starts_on: dt.date, ends_on: dt.date
) -> ApprovalDelegation:
    """An approver (for themself) or a Postal Department admin hands approvals to a colleague for dates."""
    own = getattr(actor.user, "pk", None) == delegator.pk and actor.role_in(organisation) in (
        Role.APPROVER,
        Role.ADMIN,
    )
    admin = any(
        o.kind == OrganisationKind.POSTAL_DEPARTMENT and actor.role_in(o) == Role.ADMIN
        for o in actor.organisations.values()
    )
    if not (own or admin):
        raise PermissionDenied(_("Chỉ người phê duyệt tự uỷ quyền, hoặc quản trị Vụ Bưu chính."))
    if ends_on < starts_on:
        raise DomainError(_("Ngày kết thúc trước ngày bắt đầu."), field="ends_on")
    if delegate.pk == delegator.pk:
        raise DomainError(_("Không tự uỷ quyền cho chính mình."), field="delegate")
    if not delegate.memberships.filter(
        organisation=organisation, role__in=[Role.EDITOR, Role.APPROVER, Role.ADMIN]
    ).exists():
        raise DomainError(
            _("Người được uỷ quyền phải là biên tập viên trở lên của cùng tổ chức."), field="delegate"
        )
    return ApprovalDelegation.objects.create(
        organisation=organisation,
        delegator=delegator,
        delegate=delegate,
        starts_on=starts_on,
        ends_on=ends_on,
    )
