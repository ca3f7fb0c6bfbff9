"""/api/v1/campaigns/: waves (list, get, create, update, cancel, plan, CSV), calendar tokens."""

import datetime

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from accounts.selectors import organisation_get
from calendars.models import Product, Season
from calendars.schemas import Year
from core.errors import NotFound

from .export import campaigns_csv
from .models import CalendarToken
from .schemas import (
    CalendarTokenIn,
    CalendarTokenOut,
    CampaignDetailOut,
    CampaignIn,
    CampaignOut,
    CampaignPatch,
    CancelIn,
    NewCalendarTokenOut,
    PlanIn,
    PlanOut,
)
from .selectors import (
    calendar_token_list,
    campaign_get,
    campaign_list,
    campaign_warnings,
    province_for_filter,
)
from .services import (
    campaign_cancel,
    campaign_create,
    campaign_mark_ready,
    campaign_plan_year,
    campaign_update,
)
from .tokens import calendar_token_create, calendar_token_revoke

router = Router(tags=["campaigns"])


class CampaignFilters(Schema):
    year: Year | None = None
    province: str | None = None
    map: str = "2022"
    national: bool | None = None
    status: str | None = None
    product: str | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def _detail(campaign, warnings):
    campaign.warnings = warnings  # shown in this response only
    return campaign


@router.get("", response=list[CampaignOut], summary="Waves (year, province+map, status, product, dates)")
@paginate
def campaigns(request, filters: Query[CampaignFilters]):
    return campaign_list(**filters.dict())


@router.get("/export.csv", summary="CSV of the filtered waves (same filters as the list)")
def campaigns_export(request, filters: Query[CampaignFilters]):
    response = HttpResponse(
        campaigns_csv(campaign_list(**filters.dict())), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="mua-campaigns.csv"'
    return response


@router.post("/plan", response=PlanOut, summary="Plan one wave per season for a year (idempotent)")
def plan(request, payload: PlanIn):
    province = province_for_filter(payload.province, payload.map) if payload.province else None
    result = campaign_plan_year(actor=request.auth, year=payload.year, province=province)
    return {
        "year": result.year,
        "created": len(result.created),
        "unchanged": result.unchanged,
        "created_ids": [c.pk for c in result.created],
        "notes": result.notes,
    }


@router.get(
    "/calendar-tokens", response=list[CalendarTokenOut], summary="Calendar feed tokens of your organisations"
)
def calendar_tokens(request):
    return list(calendar_token_list(actor=request.auth))


@router.post(
    "/calendar-tokens",
    response={201: NewCalendarTokenOut},
    summary="Create a secret calendar feed link (shown only once)",
)
def calendar_token_new(request, payload: CalendarTokenIn):
    organisation = organisation_get(code=payload.organisation)
    new = calendar_token_create(actor=request.auth, organisation=organisation, name=payload.name)
    out = new.calendar_token  # the secret and its links go in this response only
    out.token = new.token
    out.national_url = request.build_absolute_uri(reverse("campaigns:feed-national", args=[new.token]))
    province = organisation.province
    out.province_url = (
        request.build_absolute_uri(
            reverse("campaigns:feed-province", args=[new.token, province.map, province.code])
        )
        if province
        else None
    )
    return Status(201, out)


@router.post("/calendar-tokens/{token_id}/revoke", response=CalendarTokenOut, summary="Revoke a feed link")
def calendar_token_revoke_view(request, token_id: int):
    calendar_token = get_object_or_404(CalendarToken.objects.select_related("organisation"), pk=token_id)
    return calendar_token_revoke(actor=request.auth, calendar_token=calendar_token)


@router.post("", response={201: CampaignDetailOut}, summary="Schedule a wave (ad-hoc or from a season)")
def campaign_new(request, payload: CampaignIn):
    province = province_for_filter(payload.province, payload.map) if payload.province else None
    season = _get_or_404(Season, payload.season_id, "season_id")
    product = _get_or_404(Product, payload.product_id, "product_id")
    data = payload.dict(exclude={"province", "map", "season_id", "product_id", "partners"})
    partners = [organisation_get(code=code) for code in payload.partners]
    result = campaign_create(
        actor=request.auth, province=province, season=season, product=product, partners=partners, **data
    )
    return Status(201, _detail(result.campaign, result.warnings))


def _get_or_404(model, pk, field):
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise NotFound(
            _("Không có %(thing)s số %(id)s.") % {"thing": model._meta.verbose_name, "id": pk}, field=field
        )
    return obj


@router.get("/{campaign_id}", response=CampaignDetailOut, summary="One wave with its current warnings")
def campaign_detail(request, campaign_id: int):
    campaign = campaign_get(pk=campaign_id)
    return _detail(campaign, campaign_warnings(campaign, today=timezone.localdate()))


@router.patch("/{campaign_id}", response=CampaignDetailOut, summary="Edit or reschedule a wave")
def campaign_edit(request, campaign_id: int, payload: CampaignPatch):
    changes = payload.dict(exclude_unset=True)
    result = campaign_update(actor=request.auth, campaign=campaign_get(pk=campaign_id), **changes)
    return _detail(result.campaign, result.warnings)


@router.post("/{campaign_id}/cancel", response=CampaignOut, summary="Cancel a wave (reason required)")
def campaign_cancel_view(request, campaign_id: int, payload: CancelIn):
    return campaign_cancel(actor=request.auth, campaign=campaign_get(pk=campaign_id), reason=payload.reason)


@router.post("/{campaign_id}/ready", response=CampaignOut, summary="Mark a preparing wave's content ready")
def campaign_ready(request, campaign_id: int):
    return campaign_mark_ready(actor=request.auth, campaign=campaign_get(pk=campaign_id))
