"""/api/v1/reports/plan/…: plan editions, indicators, progress, flagship products; /reports/milestones."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from accounts.selectors import organisation_get
from calendars.models import Season
from core.errors import NotFound

from . import selectors as sel
from . import services
from .models import FlagshipProduct, Milestone, SeasonProposal
from .schemas import (
    DecideIn,
    EditionIn,
    EditionOut,
    FlagshipIn,
    FlagshipOut,
    IndicatorIn,
    IndicatorOut,
    MilestoneIn,
    MilestoneOut,
    PlanProgressOut,
    ProposalIn,
    ProposalOut,
)

router = Router(tags=["plan"])


class ProgressQuery(Schema):
    province: str = ""
    map: str = ""
    period: str = ""
    as_of: dt.date | None = None


def _progress_row(row) -> dict:
    ind = row.indicator
    return {
        **{
            k: getattr(ind, k)
            for k in ("code", "name", "name_en", "annex", "line", "unit", "period", "scope")
        },
        "source": ind.source,
        "actual": row.actual,
        "target": row.target,
        "target_origin": row.target_origin,
        "percent": row.percent,
        "met": row.met,
        "reported": row.reported,
        "projection": row.projection,
        "note": row.note,
        "trend": [{"period": p.period, "actual": p.actual} for p in row.trend],
    }


def _milestone(m: Milestone) -> dict:
    return {
        **{k: getattr(m, k) for k in ("code", "title", "annex", "note", "owner_kind", "owner_label")},
        "start_week": m.start_week,
        **{k: getattr(m, k) for k in ("due_week", "status", "evidence", "done_on")},
        "edition": m.edition.code,
        "owner": m.owner.code if m.owner else None,
        "status_label": m.get_status_display(),
        "late": getattr(m, "is_late", False),
        "editable": getattr(m, "editable", False),
    }


@router.get("/plan/editions", response=list[EditionOut], summary="Plan editions")
def editions(request):
    return list(sel.PlanEdition.objects.all())


@router.post("/plan/editions", response={201: EditionOut}, summary="Enter a later year's plan")
def edition_create(request, payload: EditionIn):
    return 201, services.edition_create(actor=request.auth, **payload.dict())


@router.get("/plan/{edition}/indicators", response=list[IndicatorOut], summary="A plan's indicators")
def indicators(request, edition: str):
    return list(sel.edition_get(edition).indicators.all())


@router.post("/plan/{edition}/indicators", response={200: IndicatorOut, 201: IndicatorOut})
def indicator_save(request, edition: str, payload: IndicatorIn):
    """Create or update an indicator (Postal Department admins)."""
    data = payload.dict()
    indicator, created = services.indicator_save(
        actor=request.auth, edition=sel.edition_get(edition), code=data.pop("code"), **data
    )
    return (201 if created else 200), indicator


@router.get("/plan/{edition}/progress", response=PlanProgressOut, summary="Progress against the plan")
def progress(request, edition: str, q: Query[ProgressQuery]):
    """Every indicator: actual, target, % achieved, trend by month, projection; national or one province
    (`province` on the 2022 map, or with `map=2025` a new unit standing for its predecessors)."""
    plan = sel.edition_get(edition)
    province = sel.province_get(q.province, q.map) if q.province else None
    as_of = q.as_of or min(timezone.localdate(), plan.ends_on)
    rows = sel.plan_progress(edition=plan, period=q.period, province=province, as_of=as_of)
    return {
        "edition": plan.code,
        "period": q.period or plan.code,
        "province": province.code if province else None,
        "map": province.map if province else None,
        "as_of": as_of,
        "indicators": [_progress_row(r) for r in rows],
    }


@router.get("/milestones", response=list[MilestoneOut], summary="The plans' milestones")
def milestones(request, year: int | None = None, owner: str = ""):
    """The national team sees every milestone (`owner=` narrows to one organisation's); an organisation
    sees its own: those naming it, or every organisation of its kind."""
    org = organisation_get(code=owner) if owner else None
    return [_milestone(m) for m in sel.milestone_list(actor=request.auth, year=year, owner=org)]


@router.patch("/plan/{edition}/milestones/{code}", response=MilestoneOut, summary="Update a milestone")
def milestone_update(request, edition: str, code: str, payload: MilestoneIn):
    milestone = sel.milestone_get(actor=request.auth, edition=edition, code=code)
    services.milestone_update(actor=request.auth, milestone=milestone, **payload.dict())
    return _milestone(sel.milestone_get(actor=request.auth, edition=edition, code=code))


def _flagship(f: FlagshipProduct) -> dict:
    return {
        "province": f.province.code,
        "province_name": f.province.name,
        "product": f.product.name,
        "note": f.note,
    }


@router.get("/plan/{edition}/flagship", response=list[FlagshipOut], summary="Provinces' flagship products")
def flagship(request, edition: str, province: str = ""):
    qs = FlagshipProduct.objects.filter(edition=sel.edition_get(edition)).select_related(
        "province", "product"
    )
    if province:
        qs = qs.filter(province__code=province)
    return [_flagship(f) for f in qs]


@router.post("/plan/{edition}/flagship", response={201: FlagshipOut}, summary="Record a flagship product")
def flagship_record(request, edition: str, payload: FlagshipIn):
    flag = services.flagship_record(
        actor=request.auth,
        edition=sel.edition_get(edition),
        province=sel.province_get(payload.province),
        product_name=payload.product,
        note=payload.note,
    )
    return 201, _flagship(flag)


@router.get("/plan/season-proposals", response=list[ProposalOut], summary="Proposed seasons and corrections")
def proposals(request, status: str = ""):
    qs = SeasonProposal.objects.select_related("province", "proposed_by")
    return list(qs.filter(status=status) if status else qs)


@router.post("/plan/season-proposals", response={201: ProposalOut}, summary="A DIC proposes a season")
def proposal_new(request, payload: ProposalIn):
    data = payload.dict()
    organisation = organisation_get(code=data.pop("organisation"))
    province = sel.province_get(data.pop("province"))
    season_id = data.pop("season_id")
    season = Season.objects.filter(pk=season_id, province=province).first() if season_id else None
    if season_id and season is None:
        raise NotFound(
            _("Không có mùa vụ số %(season_id)s của tỉnh này.") % {"season_id": season_id}, field="season_id"
        )
    proposal = services.season_propose(
        actor=request.auth, organisation=organisation, province=province, season=season, **data
    )
    return 201, proposal


@router.post("/plan/season-proposals/{proposal_id}/decide", response=ProposalOut, summary="Verify a proposal")
def proposal_decide(request, proposal_id: int, payload: DecideIn):
    proposal = (
        SeasonProposal.objects.select_related("province", "proposed_by", "season")
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None:
        raise NotFound(_("Không có đề xuất số %(proposal_id)s.") % {"proposal_id": proposal_id})
    return services.season_proposal_decide(actor=request.auth, proposal=proposal, **payload.dict())
