"""/api/v1/reports/: weekly reports (file with an API key, upload many weeks), tallies, roll-ups, targets."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from accounts.models import Organisation
from accounts.permissions import require_read_org
from accounts.selectors import organisation_get
from calendars.models import Province
from calendars.schemas import Quarter, Year
from calendars.weeks import InvalidWeek, parse_week, week_of
from campaigns.models import Campaign
from core.choices import choice_clean
from core.errors import NotFound
from core.pagination import MAX_OFFSET
from core.uploads import upload_openapi, upload_take

from . import rollups, services
from . import selectors as sel
from .exports import parse_upload
from .models import ReportStatus, Target, WeeklyReport
from .schemas import (
    CompletenessOut,
    FiledOut,
    ImportOut,
    MonthRowOut,
    QuarterRowOut,
    ReturnIn,
    RollupDecisionIn,
    RollupOut,
    RollupsDecisionIn,
    TargetIn,
    TargetOut,
    WeeklyReportIn,
    WeeklyReportOut,
    WeeklyReportPageOut,
    WeekTallyOut,
)

router = Router(tags=["reports"])


def _report(request, org: str, week: str) -> WeeklyReport:
    organisation = organisation_get(code=org)
    require_read_org(request.auth, organisation)
    report = sel.report_get(organisation=organisation, week=str(services.week_from(week)))
    if report is None:
        raise NotFound(
            _("Chưa có báo cáo %(week)s của '%(org)s'.") % {"week": week, "org": org}, field="week"
        )
    return sel.report_flag(report, now=timezone.now())


@router.put("/weekly/{org}/{week}", response={200: FiledOut, 201: FiledOut}, summary="File a weekly report")
def weekly_file(request, org: str, week: str, payload: WeeklyReportIn):
    """Idempotent: the same body again changes nothing. A firm files only for itself (403 otherwise)."""
    data = payload.dict()
    filed = services.report_file(
        actor=request.auth,
        organisation=organisation_get(code=org),
        week=week,
        figures={name: data.pop(name) for name in list(data) if name in services.FIGURES},
        narrative=data["narrative"],
        evidence_links=data["evidence_links"],
        decline_explanation=data["decline_explanation"],
        submit=not data["draft"],
    )
    body = {"created": filed.created, "changed": filed.changed, "report": sel.report_flag(filed.report)}
    return Status(201 if filed.created else 200, body)


@router.get("/weekly/{org}/{week}", response=WeeklyReportOut, summary="One weekly report")
def weekly_get(request, org: str, week: str):
    return _report(request, org, week)


@router.get("/weekly", response=WeeklyReportPageOut, summary="Weekly reports you may read, a page at a time")
def weekly_list(
    request,
    org: str | None = None,
    year: Year | None = None,
    week: str | None = None,
    status: str | None = None,
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    """Newest week first; `limit` at most 500. A fixed number of queries whatever the page size."""
    if status:
        choice_clean(status, ReportStatus, field="status")
    count, items = sel.report_page(
        actor=request.auth,
        organisation=organisation_get(code=org) if org else None,
        year=year,
        week=services.week_from(week) if week else None,
        status=status,
        limit=limit,
        offset=offset,
        now=timezone.now(),
    )
    return {"count": count, "items": items}


@router.post("/weekly/{org}/{week}/accept", response=WeeklyReportOut, summary="Accept (Postal Department)")
def weekly_accept(request, org: str, week: str):
    return sel.report_flag(services.report_accept(actor=request.auth, report=_report(request, org, week)))


@router.post("/weekly/{org}/{week}/return", response=WeeklyReportOut, summary="Return with a comment")
def weekly_return(request, org: str, week: str, payload: ReturnIn):
    report = services.report_return(
        actor=request.auth, report=_report(request, org, week), comment=payload.comment
    )
    return sel.report_flag(report)


@router.post(
    "/upload/{org}",
    response=ImportOut,
    summary="Upload many weeks (CSV or XLSX)",
    openapi_extra=upload_openapi(),
)
def weekly_upload(request, org: str):
    """Each row is filed or refused with its reason; a file with missing columns is refused whole (400).
    The body is read only after the permission check and within the upload cap (no `File` parameter, so
    django-ninja does not parse the multipart body before this function runs)."""
    organisation = organisation_get(code=org)
    services.require_report_upload(actor=request.auth, organisation=organisation)
    rows = parse_upload(file=upload_take(request, kind="reports"))
    return services.reports_import(actor=request.auth, organisation=organisation, rows=rows)


@router.get("/tally/weeks", response=list[WeekTallyOut], summary="News items per week against the target")
def tally_weeks(
    request,
    first: str,
    last: str,
    province_id: int | None = None,
    campaign_id: int | None = None,
    org: str | None = None,
    channel: str | None = None,
):
    """Per week `counted` (publications recorded in Mùa or matched from feeds) beside `reported` (what
    organisations filed); `met` is judged on `counted`. Filters as the dashboard's: a province (either
    map), an organisation the caller may read, a press/TV channel (with either, no target applies)."""
    try:
        first_week, last_week = parse_week(first), parse_week(last)
    except InvalidWeek as exc:
        raise NotFound(str(exc), field="first") from None
    province = get_object_or_404(Province, pk=province_id) if province_id else None
    campaign = get_object_or_404(Campaign, pk=campaign_id) if campaign_id else None
    organisation = None
    if org:
        organisation = organisation_get(code=org)
        require_read_org(request.auth, organisation)
    if channel and channel not in sel.PRESS_TV:
        raise NotFound(_("Kênh không hợp lệ."), field="channel")
    rows = sel.news_tally(
        first=first_week,
        last=min(last_week, week_of(timezone.now())),
        province=province,
        campaign=campaign,
        organisation=organisation,
        channel=channel or None,
    )
    return [
        {
            "week": str(t.week),
            "counted": t.counted,
            "reported": t.reported,
            "gap": t.gap,
            "target": t.target,
            "met": t.met,
            "shortfall": t.shortfall,
        }
        for t in rows
    ]


@router.get("/tally/completeness", response=list[CompletenessOut], summary="Completeness and timeliness")
def tally_completeness(request, year: Year, by: str = "month"):
    periods = (
        sel.month_periods(year, list(range(1, 13)))
        if by == "month"
        else sel.quarter_periods(year, [1, 2, 3, 4])
    )
    rows = sel.completeness_summary(
        organisations=sel.reporting_organisations(actor=request.auth), periods=periods, now=timezone.now()
    )
    return [
        {
            **c.__dict__,
            "organisation": c.organisation.code,
            "completeness": c.completeness,
            "timeliness": c.timeliness,
        }
        for c in rows
    ]


@router.get("/monthly/{month}", response=list[MonthRowOut], summary="Monthly roll-up per organisation")
def monthly(request, month: str):
    year, number = services.month_from(month)
    rows = rollups.rollup_month(
        year=year, month=number, organisations=sel.reporting_organisations(actor=request.auth)
    )
    return [
        {
            **r.as_json(),
            "organisation": r.organisation.code,
            "status": r.status,
            "supplier_target": r.supplier_target,
            "supplier_met": r.supplier_met,
        }
        for r in rows
    ]


@router.post(
    "/monthly/{month}/decide",
    response=list[RollupOut],
    summary="Accept or return a month for many organisations",
)
def monthly_decide_many(request, month: str, payload: RollupsDecisionIn):
    codes = list(dict.fromkeys(payload.organisations))
    found = {o.code: o for o in Organisation.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise NotFound(
            _("Không có tổ chức: %(join)s.") % {"join": ", ".join(unknown[:20])}, field="organisations"
        )
    return services.rollups_decide(
        actor=request.auth,
        organisations=[found[c] for c in codes],
        month=month,
        accept=payload.accept,
        comment=payload.comment,
    )


@router.post("/monthly/{month}/{org}/decide", response=RollupOut, summary="Accept (locks) or return a month")
def monthly_decide(request, month: str, org: str, payload: RollupDecisionIn):
    return services.rollup_decide(
        actor=request.auth,
        organisation=organisation_get(code=org),
        month=month,
        accept=payload.accept,
        comment=payload.comment,
    )


@router.get("/quarterly/{year}/{quarter}", response=list[QuarterRowOut], summary="Quarterly review")
def quarterly(request, year: Year, quarter: Quarter):
    if not 1 <= quarter <= 4:
        raise NotFound(_("Quý phải từ 1 đến 4."), field="quarter")
    rows = rollups.quarter_review_with_totals(
        year=year, quarter=quarter, organisations=sel.reporting_organisations(actor=request.auth)
    )
    return [r.as_dict() for r in rows]


@router.get("/targets", response=list[TargetOut], summary="Targets")
def targets(request):
    return list(Target.objects.all())


def _target_values(payload: TargetIn) -> dict:
    values = payload.dict()
    code = values.pop("organisation")
    values["organisation"] = organisation_get(code=code) if code else None
    values["province_id"] = values.pop("province_id")
    values["campaign_id"] = values.pop("campaign_id")
    return values


@router.post("/targets", response={201: TargetOut}, summary="Add a target (Postal Department)")
def target_create(request, payload: TargetIn):
    return Status(201, services.target_set(actor=request.auth, **_target_values(payload)))


@router.put("/targets/{target_id}", response=TargetOut, summary="Edit a target (audited)")
def target_update(request, target_id: int, payload: TargetIn):
    target = get_object_or_404(Target, pk=target_id)
    return services.target_set(actor=request.auth, target=target, **_target_values(payload))
