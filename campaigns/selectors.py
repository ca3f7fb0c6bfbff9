"""Reads for campaign waves: filtered lists, warnings, the calendar page's month grid, feeds."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, Expression, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation, OrganisationKind, Role
from accounts.permissions import Actor, actor_required
from calendars.models import Product, Province, ProvinceMap
from calendars.selectors import province_get
from core.errors import DomainError, NotFound

from .models import CalendarToken, Campaign, CampaignStatus
from .planning import in_tet_week

OVERLAP_LIMIT = 3  # more overlapping waves than this in one province earn a warning


def province_scope_q(province: Province) -> Q:
    """Waves in `province` seen on its own map: an old province and its 2025 unit see each other's waves.

    A 2025 unit shows the waves of every old province merged into it; an old province shows its own and
    those filed on its successor unit (which covers it).
    """
    if province.map == ProvinceMap.MAP_2025:
        return Q(province=province) | Q(province__successor=province)
    return Q(province=province) | Q(province_id=province.successor_id)


# A wave still running whose prep_due has passed without one approved content item is "at risk".
AT_RISK_STATUSES = (
    CampaignStatus.PLANNED,
    CampaignStatus.PREPARING,
    CampaignStatus.READY,
    CampaignStatus.LIVE,
)


# Whether a wave has approved content is the content app's rule, and content sits above campaigns in the
# layers (it imports campaigns, never the reverse). So content registers the rule at start-up
# (ContentConfig.ready): a boolean SQL expression over the wave row. Without it, no wave has content.
_approved_content_rule: Callable[[], Expression] | None = None


def approved_content_rule_set(rule: Callable[[], Expression] | None) -> None:
    """Register how to tell, in SQL, that the wave of the current row has approved content (content does)."""
    global _approved_content_rule
    _approved_content_rule = rule


def with_at_risk(qs: QuerySet[Campaign], *, today: dt.date) -> QuerySet[Campaign]:
    """Annotate `has_approved_content` and `at_risk` (prep_due before today, still running, none approved)."""
    rule = _approved_content_rule
    has_content = rule() if rule else Value(False, output_field=BooleanField())
    return qs.annotate(has_approved_content=has_content).annotate(
        at_risk=Case(
            When(Q(prep_due__lt=today, status__in=AT_RISK_STATUSES, has_approved_content=False), then=True),
            default=False,
            output_field=BooleanField(),
        )
    )


def at_risk_reason(campaign: Campaign) -> str:
    """Why a wave is at risk, in words (for a wave `with_at_risk` flagged)."""
    return _("Đã qua hạn chuẩn bị (%(due)s) mà chưa có nội dung nào được phê duyệt.") % {
        "due": f"{campaign.prep_due:%d/%m/%Y}"
    }


def campaign_at_risk_list(*, today: dt.date) -> QuerySet[Campaign]:
    return with_at_risk(Campaign.objects.select_related("organisation"), today=today).filter(at_risk=True)


def _campaigns() -> QuerySet[Campaign]:
    qs = Campaign.objects.select_related("province__successor", "product", "organisation", "season")
    return with_at_risk(qs, today=timezone.localdate())


def campaign_list(
    *,
    year: int | None = None,
    province: str | None = None,
    map: str = ProvinceMap.MAP_2022,
    national: bool | None = None,
    status: str | None = None,
    product: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Campaign]:
    """Waves filtered by year, province (code on `map`), national, status, product (id or name), dates.

    The date range keeps waves whose harvest window overlaps it.
    """
    qs = _campaigns()
    if year is not None:
        qs = qs.filter(year=year)
    if province:
        qs = qs.filter(province_scope_q(province_for_filter(province, map)))
    if national is not None:
        qs = qs.filter(province__isnull=national)
    if status:
        if status not in CampaignStatus.values:
            raise DomainError(
                _("Trạng thái '%(s)s' không có; dùng: %(known)s.")
                % {"s": status, "known": ", ".join(CampaignStatus.values)},
                field="status",
            )
        qs = qs.filter(status=status)
    if product:
        if product.isdigit():
            qs = qs.filter(product_id=int(product))
        else:
            qs = qs.filter(Q(product__name__icontains=product) | Q(product__name_en__icontains=product))
    if date_from and date_to and date_to < date_from:
        raise DomainError(_("Ngày kết thúc của khoảng lọc trước ngày bắt đầu."), field="date_to")
    if date_from:
        qs = qs.filter(harvest_end__gte=date_from)
    if date_to:
        qs = qs.filter(harvest_start__lte=date_to)
    return qs.order_by("harvest_start", "id")


def province_for_filter(code: str, map: str) -> Province:
    if map not in ProvinceMap.values:
        raise DomainError(_("Bản đồ '%(map)s' không có; dùng 2022 hoặc 2025.") % {"map": map}, field="map")
    try:
        return province_get(code=code, map=map)
    except NotFound:
        raise NotFound(
            _("Không có tỉnh/thành mã '%(code)s' trên bản đồ %(map)s.") % {"code": code, "map": map},
            field="province",
        ) from None


def campaign_get(*, pk: int) -> Campaign:
    campaign = _campaigns().filter(pk=pk).first()
    if campaign is None:
        raise NotFound(_("Không có đợt truyền thông số %(id)s.") % {"id": pk}, field="id")
    return campaign


@dataclass(frozen=True)
class CampaignWarning:
    code: str
    message: str


def campaign_warnings(campaign: Campaign, *, today: dt.date) -> list[CampaignWarning]:
    """Things worth a second look that do not block saving (issue: warnings, not blocks)."""
    warnings = []
    if campaign.status == CampaignStatus.PLANNED and campaign.prep_due < today:
        warnings.append(
            CampaignWarning(
                "prep_window_passed",
                _("Hạn bắt đầu chuẩn bị (%(due)s) đã qua; thời gian chuẩn bị còn ít hơn dự kiến.")
                % {"due": f"{campaign.prep_due:%d/%m/%Y}"},
            )
        )
    if campaign_at_risk_list(today=today).filter(pk=campaign.pk).exists():
        warnings.append(CampaignWarning("at_risk", at_risk_reason(campaign)))
    if in_tet_week(campaign.harvest_start):
        warnings.append(
            CampaignWarning("tet_week", _("Ngày bắt đầu thu hoạch rơi vào tuần nghỉ Tết Nguyên đán."))
        )
    if campaign.province_id is not None:
        others = overlapping_waves(campaign).count()
        if others >= OVERLAP_LIMIT:
            warnings.append(
                CampaignWarning(
                    "too_many_overlapping",
                    _("Có %(n)d đợt trùng thời gian trong cùng tỉnh/thành (quá %(limit)d đợt).")
                    % {"n": others + 1, "limit": OVERLAP_LIMIT},
                )
            )
    return warnings


def overlapping_waves(campaign: Campaign) -> QuerySet[Campaign]:
    """Other live-or-future waves of the same province whose harvest windows overlap this one's."""
    return (
        Campaign.objects.filter(province_id=campaign.province_id)
        .exclude(pk=campaign.pk)
        .exclude(status=CampaignStatus.CANCELLED)
        .filter(harvest_start__lte=campaign.harvest_end, harvest_end__gte=campaign.harvest_start)
    )


def actor_home_province(actor: Actor) -> Province | None:
    """The province a DIC member lands on in the calendar page (None for everyone else)."""
    for org in actor.organisations.values():
        if org.kind == OrganisationKind.DIC and org.province_id:
            return org.province
    return None


def organisation_editors(organisation: Organisation) -> list:
    """Active users with editor role or above in `organisation`: who is told about its waves and reports."""
    members = Membership.objects.select_related("user").filter(
        organisation=organisation, role__in=[Role.EDITOR, Role.APPROVER, Role.ADMIN], user__is_active=True
    )
    return [m.user for m in members]


@actor_required
def calendar_token_list(*, actor: Actor) -> QuerySet[CalendarToken]:
    return CalendarToken.objects.select_related("organisation").filter(organisation_id__in=list(actor.roles))


def feed_campaigns(*, province: Province | None) -> QuerySet[Campaign]:
    """A province's waves plus the national ones; with no province, every wave in the country."""
    qs = _campaigns()
    if province is not None:
        qs = qs.filter(province_scope_q(province) | Q(province__isnull=True))
    return qs.order_by("harvest_start", "id")


# The calendar page's month view -------------------------------------------------------------------------


@dataclass
class MonthRow:
    campaign: Campaign
    cells: list[str]  # per day of the month: "" outside, "harvest" inside the window
    prep_day: int | None  # day of month of prep_due, when it falls in this month


@dataclass
class MonthView:
    year: int
    month: int
    days: list[dt.date]
    rows: list[MonthRow] = field(default_factory=list)

    @property
    def first(self) -> dt.date:
        return self.days[0]

    @property
    def previous(self) -> str:
        return f"{(self.first - dt.timedelta(days=1)):%Y-%m}"

    @property
    def next(self) -> str:
        return f"{(self.days[-1] + dt.timedelta(days=1)):%Y-%m}"


def parse_month(value: str | None, *, default: dt.date) -> tuple[int, int]:
    """'2026-05' -> (2026, 5); missing or malformed -> the default date's month."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return year, month
    except ValueError:
        pass
    return default.year, default.month


def calendar_month(*, year: int, month: int, waves: QuerySet[Campaign]) -> MonthView:
    """Waves whose harvest window or prep date touches the month, each with one cell per day."""
    last_day = pycalendar.monthrange(year, month)[1]
    first, last = dt.date(year, month, 1), dt.date(year, month, last_day)
    days = [first + dt.timedelta(days=i) for i in range(last_day)]
    touching = waves.filter(
        Q(harvest_start__lte=last, harvest_end__gte=first) | Q(prep_due__gte=first, prep_due__lte=last)
    )
    view = MonthView(year=year, month=month, days=days)
    for wave in touching:
        cells = ["harvest" if wave.harvest_start <= day <= wave.harvest_end else "" for day in days]
        prep_day = wave.prep_due.day if first <= wave.prep_due <= last else None
        view.rows.append(MonthRow(campaign=wave, cells=cells, prep_day=prep_day))
    return view


# The calendar page ------------------------------------------------------------------------------------


def province_choices() -> dict[str, list[Province]]:
    """Provinces for the page's filter, grouped by map (values are written 'map:code')."""
    grouped: dict[str, list[Province]] = {m: [] for m in ProvinceMap.values}
    for province in Province.objects.order_by("map", "name"):
        grouped[province.map].append(province)
    return grouped


def parse_province_param(value: str) -> Province | None:
    """'2025:08' or '24' (2022 map) -> Province; empty -> None (all provinces)."""
    if not value:
        return None
    map_, _sep, code = value.rpartition(":")
    return province_for_filter(code, map_ or ProvinceMap.MAP_2022)


def province_param(province: Province | None) -> str:
    """The filter's value for a province ('map:code'; empty for every province), as parse_province_param
    reads it."""
    return f"{province.map}:{province.code}" if province else ""


@actor_required
def province_from_params(*, actor: Actor, params) -> Province | None:
    """The province a page filters on: the query string's `province` when given (empty: every province),
    else the actor's own (a DIC opens on its province)."""
    if "province" in params:
        return parse_province_param(params.get("province", ""))
    return actor_home_province(actor)


def next_waves_start(*, waves: QuerySet[Campaign], today: dt.date) -> dt.date:
    """The day the calendar opens on: today while a wave is under way or preparing, else the prep date of
    the next wave to come (a DIC in May whose next harvest is in July lands on June's preparation)."""
    upcoming = waves.filter(harvest_end__gte=today).exclude(status=CampaignStatus.CANCELLED)
    first = upcoming.order_by("prep_due", "harvest_start", "pk").first()
    if first is None or first.prep_due <= today:
        return today
    return first.prep_due


@actor_required
def calendar_page_context(*, actor: Actor, params, today: dt.date) -> dict:
    """Everything the calendar page shows for the query string `params` (a QueryDict)."""
    view = params.get("view") if params.get("view") in ("month", "list") else "month"
    province = province_from_params(actor=actor, params=params)
    status = params.get("status") or None
    product = params.get("product") or None
    waves = campaign_list(
        province=province.code if province else None,
        map=province.map if province else ProvinceMap.MAP_2022,
        status=status,
        product=product if product and product.isdigit() else None,
    )
    year, month = parse_month(params.get("month"), default=next_waves_start(waves=waves, today=today))
    context = {
        "view": view,
        "today": today,
        "province": province,
        "province_value": province_param(province),
        "status": status or "",
        "product": product or "",
        "month_param": f"{year:04d}-{month:02d}",
        "year": year,
        "provinces": province_choices(),
        "products": _products(),
        "statuses": CampaignStatus.choices,
    }
    if view == "month":
        context["month"] = calendar_month(year=year, month=month, waves=waves)
    else:
        year_filter = int(params["year"]) if (params.get("year") or "").isdigit() else year
        context["year"] = year_filter
        context["waves"] = list(
            waves.filter(harvest_end__year__gte=year_filter, harvest_start__year__lte=year_filter)
        )
    return context


def _products() -> QuerySet[Product]:
    return Product.objects.order_by("name")
