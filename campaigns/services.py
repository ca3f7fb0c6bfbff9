"""Writes for campaign waves: planning a year, scheduling by hand, the daily advance.

The notices the advance queues are in notices.py; calendar feed tokens in tokens.py.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, OrganisationKind, Role
from accounts.permissions import Actor, actor_required, require_province, written_by
from calendars.models import Product, Province, Season
from core.choices import choices_clean
from core.errors import DomainError, PermissionDenied
from core.queues import enqueue_on_commit

from .models import (
    EDITABLE_STATUSES,
    Audience,
    Campaign,
    CampaignKind,
    CampaignOrigin,
    CampaignStatus,
    CampaignStatusError,
    Channel,
    default_audiences,
    default_channels,
)
from .planning import YEAR_MAX, YEAR_MIN, season_windows
from .selectors import (
    CampaignWarning,
    campaign_at_risk_list,
    campaign_warnings,
    province_scope_q,
)

logger = logging.getLogger(__name__)

LEAD_TIME_MAX_DAYS = 180
NEWS_PER_WEEK_MAX = 100
NOTIFY_JOB = "campaigns.jobs.campaign_notify_prep_due"
AT_RISK_JOB = "campaigns.jobs.campaign_notify_at_risk"


@dataclass
class PlanResult:
    year: int
    created: list[Campaign] = field(default_factory=list)
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class CampaignResult:
    campaign: Campaign
    warnings: list[CampaignWarning]


@dataclass
class AdvanceResult:
    today: dt.date
    preparing: list[int] = field(default_factory=list)
    live: list[int] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)
    at_risk: list[int] = field(default_factory=list)  # owners notified once per wave (issue 4)

    @property
    def changed(self) -> int:
        return len(self.preparing) + len(self.live) + len(self.closed)


# Who owns and who may write -----------------------------------------------------------------------------


def owning_dic(province: Province) -> Organisation | None:
    """The province's DIC; for an old province with none, the DIC of the 2025 unit that covers it."""
    dics = Organisation.objects.filter(kind=OrganisationKind.DIC, is_active=True).order_by("pk")
    return (
        dics.filter(province=province).first()
        or (province.successor_id and dics.filter(province_id=province.successor_id).first())
        or None
    )


def working_group(actor: Actor) -> Organisation | None:
    """National waves belong to the working group (the actor's own, if they are in one)."""
    for org in actor.organisations.values():
        if org.kind == OrganisationKind.WORKING_GROUP:
            return org
    return (
        Organisation.objects.filter(kind=OrganisationKind.WORKING_GROUP, is_active=True)
        .order_by("pk")
        .first()
    )


def require_national_planner(actor: Actor) -> None:
    """Planning for the whole country and national waves: the working group or the Postal Department."""
    if not actor.is_national(Role.EDITOR):
        raise PermissionDenied(
            _("Chỉ Tổ công tác 1034 hoặc Vụ Bưu chính (vai trò biên tập trở lên) được làm việc này.")
        )


def require_wave_write(actor: Actor, province: Province | None) -> None:
    """DIC editors write their own province's waves; national editors (and the system) write every wave."""
    if province is None:
        require_national_planner(actor)
    else:
        require_province(actor, province, Role.EDITOR)


# Kinds a postal firm plans itself (issue 17): its waves count toward its quarterly / monthly targets.
FIRM_KINDS = {CampaignKind.SALES_PROGRAMME, CampaignKind.SUPPLIER_CAMPAIGN}


def acting_firm(actor: Actor | None) -> Organisation | None:
    """The postal firm the actor edits for (none for national or DIC members). Both firms serve every
    province through their networks, so a firm may plan nationally or in any province."""
    if actor is None or actor.is_national(Role.EDITOR):
        return None
    firms = [
        o
        for o in actor.organisations.values()
        if o.kind == OrganisationKind.POSTAL_FIRM and actor.has_role(o, Role.EDITOR)
    ]
    return firms[0] if len(firms) == 1 else None


def require_campaign_write(actor: Actor | None, campaign: Campaign) -> None:
    """The owner's and co-owners' editors write a wave; otherwise the province / national rule applies."""
    if actor is None:
        return
    mine = {pk for pk, org in actor.organisations.items() if actor.has_role(org, Role.EDITOR)}
    if campaign.organisation_id in mine or mine & set(campaign.partners.values_list("pk", flat=True)):
        return
    require_wave_write(actor, campaign.province)


def _check_partners(partners: list[Organisation], province: Province | None, owner) -> list[Organisation]:
    """Co-owners: a postal firm, or the DIC of the wave's province (either map)."""
    for org in partners:
        in_province = (
            org.kind == OrganisationKind.DIC
            and province is not None
            and org.province_id in (province.pk, province.successor_id)
        )
        if not (org.kind == OrganisationKind.POSTAL_FIRM or in_province):
            raise DomainError(
                _("'%(code)s' không thể đồng chủ trì: chỉ doanh nghiệp bưu chính hoặc Sở TTTT của tỉnh.")
                % {"code": org.code},
                field="partners",
            )
    return [o for o in partners if owner is None or o.pk != owner.pk]


def season_in_province(season: Season, province: Province) -> bool:
    """A season (2022 map) lies in `province` on either map: the same province, or its 2025 unit."""
    return province.pk in (season.province_id, season.province.successor_id) or (
        season.province_id == province.successor_id
    )


# Planning a year --------------------------------------------------------------------------------------


def check_year(year: int) -> None:
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise DomainError(
            _("Năm phải trong khoảng %(min)s–%(max)s.") % {"min": YEAR_MIN, "max": YEAR_MAX}, field="year"
        )


def _season_title(season: Season, year: int, slot: int) -> str:
    if slot:
        return _("%(name)s – quý %(slot)s/%(year)s") % {
            "name": season.product.name,
            "slot": slot,
            "year": year,
        }
    return _("%(name)s – mùa %(year)s") % {"name": season.product.name, "year": year}


@actor_required
@transaction.atomic
def campaign_plan_year(*, actor: Actor, year: int, province: Province | None = None) -> PlanResult:
    """Create the missing waves of every season for `year`; existing waves (edited or not) are left alone.

    The whole country is planned by the working group or the Postal Department; a DIC may plan its own
    province.
    """
    check_year(year)
    require_wave_write(actor, province)
    seasons = Season.objects.select_related("product", "province__successor").order_by("province__code", "pk")
    if province is not None:
        seasons = seasons.filter(province_scope_q(province))
    existing = set(Campaign.objects.filter(year=year, season__isnull=False).values_list("season_id", "slot"))
    result = PlanResult(year=year)
    for season in seasons:
        owner = owning_dic(season.province)
        for window in season_windows(season, year):
            if (season.pk, window.slot) in existing:
                result.unchanged += 1
                continue
            wave = Campaign(
                title=_season_title(season, year, window.slot),
                kind=CampaignKind.STANDING if window.slot else CampaignKind.SEASONAL,
                origin=CampaignOrigin.PLAN,
                season=season,
                slot=window.slot,
                product=season.product,
                province=season.province,
                organisation=owner,
                year=year,
                notes=window.note,
                **written_by(actor),
            )
            wave.schedule(harvest_start=window.start, harvest_end=window.end)
            wave.save()
            result.created.append(wave)
            if window.solar_fallback:
                result.notes.append(f"{wave.title}: {window.note}")
        if owner is None:
            result.notes.append(
                _("%(season)s: chưa có Sở TTTT phụ trách; đợt chưa có đơn vị chủ trì.") % {"season": season}
            )
    return result


# Scheduling by hand -----------------------------------------------------------------------------------


def _lead_time(days: int) -> dt.timedelta:
    if not 0 <= days <= LEAD_TIME_MAX_DAYS:
        raise DomainError(
            _("Thời gian chuẩn bị phải từ 0 đến %(max)s ngày (nhận %(days)s).")
            % {"max": LEAD_TIME_MAX_DAYS, "days": days},
            field="lead_time_days",
        )
    return dt.timedelta(days=days)


def _check_window(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise DomainError(_("Ngày kết thúc thu hoạch trước ngày bắt đầu."), field="harvest_end")
    check_year(start.year)


def _clean_title(title: str | None) -> str:
    if not (title or "").strip():
        raise DomainError(_("Cần tên đợt."), field="title")
    return title.strip()


def _check_news(news_per_week: int) -> None:
    if not 0 <= news_per_week <= NEWS_PER_WEEK_MAX:
        raise DomainError(
            _("Số tin mỗi tuần phải từ 0 đến %(max)s.") % {"max": NEWS_PER_WEEK_MAX}, field="news_per_week"
        )


def _result(campaign: Campaign) -> CampaignResult:
    return CampaignResult(campaign=campaign, warnings=campaign_warnings(campaign, today=timezone.localdate()))


@actor_required
@transaction.atomic
def campaign_create(
    *,
    actor: Actor,
    title: str,
    harvest_start: dt.date,
    harvest_end: dt.date,
    province: Province | None = None,
    season: Season | None = None,
    product: Product | None = None,
    kind: str = "",
    lead_time_days: int = 30,
    channels: list[str] | None = None,
    audiences: list[str] | None = None,
    news_per_week: int = 2,
    notes: str = "",
    partners: list[Organisation] | None = None,
) -> CampaignResult:
    """Schedule a wave by hand (ad-hoc or from a season); returns it with its warnings.

    A postal firm's editors schedule their own sales programmes and supplier campaigns (national or in a
    province); partners co-own the wave (a DIC and a firm on a provincial wave)."""
    province, product = _season_place(season, province, product)
    kind = kind or (CampaignKind.SEASONAL if season else CampaignKind.OTHER)
    owner = _manual_owner(actor, kind, province)
    title = _clean_title(title)
    _check_kind(kind)
    partners = _check_partners(partners or [], province, owner)
    _check_window(harvest_start, harvest_end)
    _check_news(news_per_week)
    wave = Campaign(
        title=title,
        kind=kind,
        origin=CampaignOrigin.MANUAL,
        season=season,
        # A hand-made wave on a season takes no planning slot, so a later plan run still adds its own.
        slot=0 if season is None else _free_manual_slot(season, harvest_start.year),
        product=product,
        province=province,
        organisation=owner,
        year=harvest_start.year,
        **_clean_targets(channels, audiences),
        news_per_week=news_per_week,
        notes=notes,
        **written_by(actor),
    )
    wave.schedule(harvest_start=harvest_start, harvest_end=harvest_end, lead_time=_lead_time(lead_time_days))
    wave.save()
    if partners:
        wave.partners.set(partners)
    return _result(wave)


def _season_place(
    season: Season | None, province: Province | None, product: Product | None
) -> tuple[Province | None, Product | None]:
    """A wave on a season lies in the season's province (on either map) and is of its product."""
    if season is not None:
        if province is not None and not season_in_province(season, province):
            raise DomainError(_("Mùa vụ không thuộc tỉnh/thành đã chọn."), field="season_id")
        province = province or season.province
        product = product or season.product
    return province, product


def _manual_owner(actor: Actor, kind: str, province: Province | None) -> Organisation | None:
    """Who owns a hand-made wave: the acting postal firm for its own kinds, else the province's DIC or
    the working group (and then the actor must be allowed to write waves there)."""
    firm = acting_firm(actor)
    if firm is not None and kind in FIRM_KINDS:
        return firm
    if firm is not None and province is None:
        raise PermissionDenied(
            _(
                "Doanh nghiệp bưu chính chỉ tự lập đợt loại 'chương trình bán hàng' hoặc "
                "'chiến dịch tiếp thị cho nhà cung cấp'."
            )
        )
    require_wave_write(actor, province)
    return owning_dic(province) if province else working_group(actor)


def _check_kind(kind: str) -> None:
    if kind not in CampaignKind.values:
        raise DomainError(
            _("Loại đợt '%(kind)s' không có; dùng: %(known)s.")
            % {"kind": kind, "known": ", ".join(CampaignKind.values)},
            field="kind",
        )


def _clean_targets(channels: list[str] | None, audiences: list[str] | None) -> dict:
    """A wave's channels and audiences: the defaults when not given, else checked against the choices."""
    return {
        "channels": default_channels()
        if channels is None
        else choices_clean(channels, Channel, field="channels"),
        "audiences": (
            default_audiences()
            if audiences is None
            else choices_clean(audiences, Audience, field="audiences")
        ),
    }


def _free_manual_slot(season: Season, year: int) -> int:
    """Slots 1-4 are the planner's quarters; hand-made waves on a season count up from 100."""
    used = Campaign.objects.filter(season=season, year=year, slot__gte=100).values_list("slot", flat=True)
    return max(used, default=99) + 1


UPDATABLE = {"title", "harvest_start", "harvest_end", "lead_time_days", "channels", "audiences"}
UPDATABLE |= {"news_per_week", "notes", "kind"}


@actor_required
@transaction.atomic
def campaign_update(*, actor: Actor, campaign: Campaign, **changes) -> CampaignResult:
    """Edit or reschedule a wave that is not closed or cancelled; prep_due follows the new dates."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    require_campaign_write(actor, campaign)
    unknown = set(changes) - UPDATABLE
    if unknown:
        raise DomainError(
            _("Không sửa được trường: %(f)s.") % {"f": ", ".join(sorted(unknown))}, field=sorted(unknown)[0]
        )
    if campaign.status not in EDITABLE_STATUSES:
        raise CampaignStatusError(
            _("Đợt '%(status)s' không sửa được nữa.")
            % {"status": CampaignStatus(campaign.status).label.lower()},
            field="status",
        )
    if "title" in changes:
        campaign.title = _clean_title(changes["title"])
    if "kind" in changes:
        if changes["kind"] not in CampaignKind.values:
            raise DomainError(_("Loại đợt '%(kind)s' không có.") % {"kind": changes["kind"]}, field="kind")
        if acting_firm(actor) is not None and changes["kind"] not in FIRM_KINDS:
            raise DomainError(_("Đợt của doanh nghiệp bưu chính giữ loại của doanh nghiệp."), field="kind")
        campaign.kind = changes["kind"]
    if "channels" in changes:
        campaign.channels = choices_clean(changes["channels"], Channel, field="channels")
    if "audiences" in changes:
        campaign.audiences = choices_clean(changes["audiences"], Audience, field="audiences")
    if "news_per_week" in changes:
        _check_news(changes["news_per_week"])
        campaign.news_per_week = changes["news_per_week"]
    if "notes" in changes:
        campaign.notes = changes["notes"] or ""
    start = changes.get("harvest_start", campaign.harvest_start)
    end = changes.get("harvest_end", campaign.harvest_end)
    _check_window(start, end)
    lead = _lead_time(changes["lead_time_days"]) if "lead_time_days" in changes else None
    campaign.schedule(harvest_start=start, harvest_end=end, lead_time=lead)
    campaign.save()
    return _result(campaign)


@actor_required
@transaction.atomic
def campaign_cancel(*, actor: Actor, campaign: Campaign, reason: str) -> Campaign:
    """Cancel a wave with a reason; a closed or already cancelled wave cannot be."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    require_campaign_write(actor, campaign)
    campaign.cancel(reason)
    return campaign


@actor_required
@transaction.atomic
def campaign_mark_ready(*, actor: Actor, campaign: Campaign) -> Campaign:
    """The wave's content is prepared (only from 'preparing')."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    require_campaign_write(actor, campaign)
    campaign.mark_ready()
    return campaign


# The daily advance --------------------------------------------------------------------------------------


@transaction.atomic
def campaign_advance_due(*, today: dt.date) -> AdvanceResult:
    """Move waves along by date: prep_due reached -> preparing, harvest started -> live, ended -> closed.

    Only forward moves of waves that are due, so a second run on the same day changes nothing. A wave
    whose harvest has already begun is not announced as "prepare now" (it goes straight on to live).
    """
    result = AdvanceResult(today=today)
    waves = Campaign.objects.select_for_update().order_by("pk")
    for wave in waves.filter(status=CampaignStatus.PLANNED, prep_due__lte=today):
        wave.start_preparing()
        result.preparing.append(wave.pk)
        if wave.harvest_start > today:
            enqueue_on_commit(NOTIFY_JOB, wave.pk, job_id=f"campaign-prep-due-{wave.pk}")
    live_from = [CampaignStatus.PREPARING, CampaignStatus.READY]
    for wave in waves.filter(status__in=live_from, harvest_start__lte=today):
        wave.go_live()
        result.live.append(wave.pk)
    for wave in waves.filter(status=CampaignStatus.LIVE, harvest_end__lt=today):
        wave.close()
        result.closed.append(wave.pk)
    for wave in campaign_at_risk_list(today=today).exclude(organisation=None):
        result.at_risk.append(wave.pk)
        enqueue_on_commit(AT_RISK_JOB, wave.pk, job_id=f"campaign-at-risk-{wave.pk}")
    return result
