"""/api/v1/content/routes and /delegations: the Postal Department configures approval routes; approvers
delegate for absences."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from accounts.selectors import organisation_get
from calendars.models import Province
from core.errors import NotFound

from . import routes
from .models import ApprovalRoute

router = Router(tags=["content"])


class RouteIn(Schema):
    channel: str | None = Field(None, max_length=20)
    scope: str | None = Field(None, max_length=10)
    province: str | None = Field(None, max_length=2)  # a 2022-map code; none: every province
    first_step: str | None = Field(None, max_length=20)
    second_step: str | None = Field(None, max_length=20)
    is_active: bool | None = None


class RouteOut(Schema):
    id: int
    channel: str
    scope: str
    province: str | None
    first_step: str
    second_step: str
    is_active: bool

    @staticmethod
    def resolve_province(obj) -> str | None:
        return obj.province.code if obj.province_id else None


class DelegationIn(Schema):
    organisation: str = Field(..., max_length=40)
    delegator: str = Field(..., max_length=150)
    delegate: str = Field(..., max_length=150)
    starts_on: dt.date
    ends_on: dt.date


class DelegationOut(Schema):
    id: int
    starts_on: dt.date
    ends_on: dt.date


def _values(payload: RouteIn) -> dict:
    values = payload.dict(exclude_unset=True)
    if "province" in values:
        code = values.pop("province")
        values["province"] = Province.objects.filter(map="2022", code=code).first() if code else None
        if code and values["province"] is None:
            raise NotFound(f"Không có tỉnh/thành mã '{code}'.", field="province")
    if values.get("second_step") is None and "second_step" in values:
        values["second_step"] = ""
    return values


@router.get("/routes", response=list[RouteOut], summary="Approval routes")
def route_list(request):
    return list(ApprovalRoute.objects.select_related("province"))


@router.post("/routes", response={201: RouteOut}, summary="Add an approval route (Postal Department)")
def route_create(request, payload: RouteIn):
    return 201, routes.route_set(actor=request.auth, **_values(payload))


@router.patch("/routes/{route_id}", response=RouteOut, summary="Change an approval route (audited)")
def route_update(request, route_id: int, payload: RouteIn):
    route = get_object_or_404(ApprovalRoute, pk=route_id)
    return routes.route_set(actor=request.auth, route=route, **_values(payload))


@router.post("/delegations", response={201: DelegationOut}, summary="Delegate approvals for an absence")
def delegation_new(request, payload: DelegationIn):
    User = get_user_model()
    delegator = get_object_or_404(User, username=payload.delegator)
    delegate = User.objects.filter(username=payload.delegate).first()
    if delegate is None:
        raise NotFound(f"Không có người dùng '{payload.delegate}'.", field="delegate")
    created = routes.delegation_create(
        actor=request.auth,
        organisation=organisation_get(code=payload.organisation),
        delegator=delegator,
        delegate=delegate,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
    )
    return 201, created
