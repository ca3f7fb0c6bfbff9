"""Writes of the plan: editions and indicators (Postal Department), milestones' status and evidence (their
owners), flagship products (a province's DIC), milestone reminders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, OrganisationKind, Role
from accounts.permissions import Actor, actor_required, can_act_for
from accounts.services import notification_send
from calendars.models import Product, ProductCategory, Province
from calendars.weeks import parse_week
from campaigns.selectors import organisation_editors
from core import formatting
from core.errors import DomainError, PermissionDenied
from reports.services import is_postal_department, require_postal_department

from .models import (
    Direction,
    FlagshipProduct,
    Indicator,
    Milestone,
    MilestoneStatus,
    Period,
    PlanEdition,
    ProposalStatus,
    Scope,
    SeasonProposal,
    Source,
    Unit,
)

FLAGSHIP_MAX = 10
REMIND_DAYS_BEFORE = 7
INDICATOR_FIELDS = (
    *("name", "name_en", "annex", "line", "unit", "direction", "target_value", "target_max", "period"),
    *("scope", "source", "figure", "denominator", "theme", "wave_kind", "responsible"),
    *("active_from", "active_until", "order"),
)
CHOICES = {"unit": Unit, "direction": Direction, "period": Period, "scope": Scope, "source": Source}


@actor_required
@transaction.atomic
def edition_create(*, actor: Actor, code: str, title: str, decision: str = "", starts_on, ends_on):
    """A later year's plan, entered without code (Postal Department editors and admins)."""
    require_postal_department(actor)
    if PlanEdition.objects.filter(code=code).exists():
        raise DomainError(_("Đã có kế hoạch mã '%(code)s'.") % {"code": code}, field="code")
    if ends_on < starts_on:
        raise DomainError(_("Ngày kết thúc trước ngày bắt đầu."), field="ends_on")
    return PlanEdition.objects.create(
        code=code, title=title, decision=decision, starts_on=starts_on, ends_on=ends_on
    )


@actor_required
@transaction.atomic
def indicator_save(*, actor: Actor, edition: PlanEdition, code: str, **values) -> tuple[Indicator, bool]:
    """Create or update an indicator of an edition (Postal Department editors); (indicator, created)."""
    require_postal_department(actor)
    unknown = set(values) - set(INDICATOR_FIELDS)
    if unknown:
        raise DomainError(
            _("Trường không có: %(join)s.") % {"join": ", ".join(sorted(unknown))}, field=sorted(unknown)[0]
        )
    indicator = Indicator.objects.filter(edition=edition, code=code).first()
    created = indicator is None
    indicator = indicator or Indicator(edition=edition, code=code)
    for name, value in values.items():
        nullable = name in ("target_value", "target_max", "active_from", "active_until")
        setattr(indicator, name, "" if value is None and not nullable else value)
    for name, choices in CHOICES.items():
        if getattr(indicator, name) not in choices.values:
            raise DomainError(
                _("Giá trị '%(getattr)s' không hợp lệ.") % {"getattr": getattr(indicator, name)}, field=name
            )
    if indicator.source == Source.RATIO and not (indicator.figure and indicator.denominator):
        raise DomainError(_("Tỷ lệ cần cả số liệu tử số và mẫu số."), field="denominator")
    if indicator.source in (Source.FIGURE_SUM, Source.FIGURE_LATEST) and not indicator.figure:
        raise DomainError(_("Cần chọn số liệu của báo cáo tuần."), field="figure")
    if indicator.source == Source.WAVES and not indicator.wave_kind:
        raise DomainError(_("Cần chọn loại đợt được đếm."), field="wave_kind")
    if not indicator.name or not indicator.annex:
        raise DomainError(
            _("Chỉ số cần tên và phụ lục trích dẫn."), field="annex" if indicator.name else "name"
        )
    indicator.save()
    return indicator, created


def _may_update(actor: Actor, milestone: Milestone) -> bool:
    if actor.is_system or is_postal_department(actor) or actor.is_national(Role.EDITOR):
        return True
    orgs = [o for o in actor.organisations.values() if can_act_for(actor, o)]
    return any(
        o.pk == milestone.owner_id or (not milestone.owner_id and o.kind == milestone.owner_kind)
        for o in orgs
    )


@actor_required
@transaction.atomic
def milestone_update(
    *,
    actor: Actor,
    milestone: Milestone,
    status: str,
    evidence: str = "",
    today: dt.date | None = None,
) -> Milestone:
    """The owner (or the national team) moves a milestone; 'done' needs evidence."""
    if not _may_update(actor, milestone):
        raise PermissionDenied(_("Chỉ đơn vị chủ trì hoặc Vụ Bưu chính, Tổ công tác cập nhật mốc này."))
    if status not in MilestoneStatus.values:
        raise DomainError(_("Trạng thái '%(status)s' không hợp lệ.") % {"status": status}, field="status")
    evidence = (evidence or milestone.evidence).strip()
    if status == MilestoneStatus.DONE and not evidence:
        raise DomainError(_("Cần minh chứng (đường dẫn, văn bản) khi báo hoàn thành."), field="evidence")
    milestone.status = status
    milestone.evidence = evidence[:4000]
    milestone.done_on = (today or timezone.localdate()) if status == MilestoneStatus.DONE else None
    milestone.save(update_fields=["status", "evidence", "done_on", "updated_at"])
    return milestone


@actor_required
@transaction.atomic
def flagship_record(
    *, actor: Actor, edition: PlanEdition, province: Province, product_name: str, note: str = ""
) -> FlagshipProduct:
    """A province's DIC (or the national team) records one of its 3–10 flagship products."""
    national = actor.is_national(Role.EDITOR)
    own = not actor.is_system and any(
        o.kind == OrganisationKind.DIC and o.province_id == province.pk and can_act_for(actor, o)
        for o in actor.organisations.values()
    )
    if not (national or own):
        raise PermissionDenied(_("Chỉ Sở TTTT của tỉnh ghi nhận sản phẩm chủ lực của tỉnh."))
    if province.map != "2022":
        raise DomainError(_("Kế hoạch 2022 ghi nhận theo 63 tỉnh, thành."), field="province")
    name = (product_name or "").strip()[:200]
    if not name:
        raise DomainError(_("Cần tên sản phẩm."), field="product")
    if FlagshipProduct.objects.filter(edition=edition, province=province).count() >= FLAGSHIP_MAX:
        raise DomainError(
            _("Mỗi tỉnh tối đa %(flagship_max)s sản phẩm chủ lực.") % {"flagship_max": FLAGSHIP_MAX},
            field="product",
        )
    product, _created = Product.objects.get_or_create(name=name, defaults={"category": ProductCategory.OTHER})
    recorder = next((o for o in actor.organisations.values() if can_act_for(actor, o)), None)
    flagship, _created = FlagshipProduct.objects.get_or_create(
        edition=edition,
        province=province,
        product=product,
        defaults={"note": note[:300], "recorded_by": recorder},
    )
    return flagship


@dataclass
class MilestoneReminders:
    due_soon: list[str] = field(default_factory=list)
    late: list[str] = field(default_factory=list)


def _owners(milestone: Milestone) -> list[Organisation]:
    if milestone.owner_id:
        return [milestone.owner]
    return list(Organisation.objects.filter(kind=milestone.owner_kind, is_active=True))


def _milestone_title(milestone, reason: str):
    """The reminder's title, written in each recipient's language (notification_send calls it)."""

    def title():
        facts = {"label": formatting.week_label(milestone.due_week), "title": milestone.title}
        if reason == "late":
            return _("[Mùa] Mốc kế hoạch quá hạn (%(label)s): %(title)s") % facts
        return _("[Mùa] Mốc kế hoạch đến hạn %(label)s: %(title)s") % facts

    return title


@transaction.atomic
def milestone_reminders_send(*, now: dt.datetime) -> MilestoneReminders:
    """A week before a milestone's due week ends, and once it is late, its owners are told (once each);
    a late milestone is marked late."""
    today = timezone.localdate(now)
    result = MilestoneReminders()
    for milestone in Milestone.objects.select_related("owner").exclude(status=MilestoneStatus.DONE):
        due = parse_week(milestone.due_week).sunday
        if due < today:
            reason = "late"
            if milestone.status != MilestoneStatus.LATE:
                milestone.status = MilestoneStatus.LATE
                milestone.save(update_fields=["status", "updated_at"])
        elif (due - today).days <= REMIND_DAYS_BEFORE:
            reason = "due_soon"
        else:
            continue
        title = _milestone_title(milestone, reason)
        users = [u for org in _owners(milestone) for u in organisation_editors(org)]
        notification_send(
            users=users,
            verb=f"milestone_{reason}",
            title=title,
            body=f"{milestone.owner_label}: {milestone.title}",
            link=f"/reports/plan/{milestone.edition.code}/milestones/",
            key=f"milestone:{milestone.pk}:{reason}",
        )
        getattr(result, reason).append(milestone.code)
    return result


@actor_required
@transaction.atomic
def season_propose(*, actor: Actor, organisation: Organisation, **values) -> SeasonProposal:
    """A DIC's editors propose a season (or a correction, with `season`) for their own province."""
    if not can_act_for(actor, organisation):
        raise PermissionDenied(_("Bạn cần vai trò biên tập của tổ chức đề xuất."))
    province = values["province"]
    if organisation.kind != OrganisationKind.DIC or organisation.province_id not in (
        province.pk,
        province.successor_id,
    ):
        raise PermissionDenied(_("Sở TTTT chỉ đề xuất mùa vụ của tỉnh mình."))
    for name in ("start_month", "end_month"):
        if not 1 <= int(values[name]) <= 12:
            raise DomainError(_("Tháng phải từ 1 đến 12."), field=name)
    if not (values.get("source") or "").strip():
        raise DomainError(_("Cần nguồn (đường dẫn hoặc tên văn bản)."), field="source")
    if not (values.get("product_name") or "").strip():
        raise DomainError(_("Cần tên sản phẩm."), field="product_name")
    if values.get("category", "other") not in ProductCategory.values:
        raise DomainError(_("Nhóm sản phẩm không hợp lệ."), field="category")
    return SeasonProposal.objects.create(proposed_by=organisation, **values)


@actor_required
@transaction.atomic
def season_proposal_decide(
    *, actor: Actor, proposal: SeasonProposal, accept: bool, comment: str = ""
) -> SeasonProposal:
    """The working group (or the Postal Department) verifies: accepted rows enter the calendar as verified."""
    from calendars.models import Season
    from calendars.reference import calendar_kind

    if not actor.is_national(Role.EDITOR):
        raise PermissionDenied(_("Chỉ Tổ công tác 1034 hoặc Vụ Bưu chính xác minh mùa vụ."))
    if proposal.status != ProposalStatus.PENDING:
        raise DomainError(_("Đề xuất này đã được xử lý."), field="status")
    if not accept and not comment.strip():
        raise DomainError(_("Cần nêu lý do không chấp nhận."), field="comment")
    if accept:
        province = (
            proposal.province if proposal.province.map == "2022" else proposal.province.predecessors.first()
        )
        product, _created = Product.objects.get_or_create(
            name=proposal.product_name,
            defaults={"name_en": proposal.product_en, "category": proposal.category},
        )
        season = (
            proposal.season
            or Season.objects.filter(product=product, province=province).first()
            or Season(product=product, province=province)
        )
        season.start_month, season.end_month = proposal.start_month, proposal.end_month
        season.calendar_note = proposal.calendar_note or "solar"
        season.calendar = calendar_kind(season.calendar_note)
        season.peak, season.source, season.verified = proposal.peak, proposal.source, True
        season.save()
        proposal.season = season
    proposal.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.REJECTED
    proposal.comment = comment.strip()
    proposal.decided_at = timezone.now()
    proposal.save()
    return proposal
