"""Reads of the plan: editions, indicators, progress against them (national or one province, either map),
milestones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, Role
from accounts.permissions import Actor, actor_required, can_act_for
from calendars.models import Province
from calendars.weeks import parse_week
from core.errors import DomainError, NotFound, PermissionDenied

from . import sources
from .models import (
    Direction,
    FlagshipProduct,
    Indicator,
    IndicatorReading,
    Milestone,
    PlanEdition,
    Scope,
    Source,
    Unit,
)
from .periods import InvalidPeriod, Span, months_in, parse_period
from .targets import SUMMED_SOURCES, indicator_target

PER_PLACE = (Scope.PROVINCE, Scope.COOPERATIVE)  # entered per province: nationally, the provinces' entries


def edition_get(code: str) -> PlanEdition:
    edition = PlanEdition.objects.filter(code=code).first()
    if edition is None:
        raise NotFound(_("Không có kế hoạch '%(code)s'.") % {"code": code[:20]})
    return edition


def province_get(code: str, map_: str = "") -> Province:
    """A province by code on the 2022 map, or a 2025 unit (map='2025')."""
    province = Province.objects.filter(code=code, map=map_ or "2022").first()
    if province is None:
        raise DomainError(_("Không có tỉnh/thành mã '%(code)s'.") % {"code": code[:8]}, field="province")
    return province


def old_provinces(province: Province) -> list[Province]:
    """The 2022-map provinces a province stands for (a 2025 unit stands for its predecessors)."""
    return list(province.predecessors.all()) if province.map == "2025" else [province]


@dataclass
class TrendPoint:
    period: str
    actual: float | None


@dataclass
class Progress:
    indicator: Indicator
    span: Span
    actual: float | None
    target: float | None
    reported: float | None = None  # the self-reported figure beside a counted one
    note: str = ""
    trend: list[TrendPoint] = field(default_factory=list)
    projection: str = ""
    target_origin: str = ""  # "history": reports' Target rows; "plan": the indicator's stated value

    @property
    def percent(self) -> float | None:
        if self.actual is None or not self.target:
            return None
        return round(100 * self.actual / self.target, 1)

    @property
    def met(self) -> bool | None:
        if self.actual is None or self.target is None:
            return None
        if self.indicator.direction == Direction.AT_MOST:
            return self.actual <= self.target
        return self.actual >= self.target


def _number(value) -> float | None:
    return None if value is None else float(value)


def reading_rows(indicator: Indicator, *, provinces) -> list[dict]:
    """The entered values that speak for the view, oldest first (one query; read once per indicator).
    Nationally: the national entries when there are any; else, for an indicator held per province or
    cooperative, the provinces' own entries."""
    qs = IndicatorReading.objects.filter(indicator=indicator)
    if provinces is not None:
        qs = qs.filter(province__in=provinces)
    elif qs.filter(province__isnull=True).exists() or indicator.scope not in PER_PLACE:
        qs = qs.filter(province__isnull=True)
    return list(qs.order_by("as_of", "pk").values("as_of", "province_id", "organisation_id", "value"))


def _reading(indicator: Indicator, *, last: dt.date, rows: list[dict]) -> float | None:
    """The latest value of each province (or organisation) up to `last`: summed for counts, averaged
    for shares."""
    values = {}
    for row in rows:
        if row["as_of"] <= last:
            values[(row["province_id"], row["organisation_id"])] = row["value"]
    if not values:
        return None
    total = sum(values.values(), Decimal(0))
    return float(total / len(values)) if indicator.unit in (Unit.PERCENTAGE, Unit.RATIO) else float(total)


def actual_value(
    indicator: Indicator, *, first: dt.date, last: dt.date, provinces=None, organisations=None, readings=None
):
    """The indicator's actual over [first, last] for the provinces (None: nationally). `readings`: the
    entered values already read (`reading_rows`), so a trend reads them once."""
    where = {"provinces": provinces, "organisations": organisations}
    match indicator.source:
        case Source.FIGURE_SUM:
            return sources.figure_sum(indicator.figure, first=first, last=last, **where)
        case Source.FIGURE_LATEST:
            return sources.figure_latest(indicator.figure, last=last, **where)
        case Source.PUBLICATIONS:
            return sources.publications(first=first, last=last, theme=indicator.theme, **where)
        case Source.WAVES:
            return sources.waves(indicator.wave_kind, first=first, last=last, **where)
        case Source.RATIO:
            numerator = sources.figure_sum(
                indicator.figure, first=indicator.edition.starts_on, last=last, **where
            )
            denominator = sources.figure_latest(indicator.denominator, last=last, **where)
            return None if not denominator else round(100 * numerator / denominator, 1)
        case Source.FLAGSHIP:
            return _flagship(indicator, provinces=provinces)
        case Source.READING:
            rows = readings if readings is not None else reading_rows(indicator, provinces=provinces)
            return _reading(indicator, last=last, rows=rows)
    return None


def _flagship(indicator: Indicator, *, provinces) -> int:
    """One province: its flagship products. Nationally: provinces with at least the plan's minimum."""
    qs = FlagshipProduct.objects.filter(edition=indicator.edition)
    if provinces is not None:
        return qs.filter(province__in=provinces).count()
    per_province = {}
    for province_id in qs.values_list("province_id", flat=True):
        per_province[province_id] = per_province.get(province_id, 0) + 1
    minimum = int(indicator.target_value or 0)
    return sum(1 for n in per_province.values() if n >= minimum)


def _span_for(indicator: Indicator, span: Span) -> tuple[dt.date, dt.date] | None:
    """The part of the asked range in which the indicator applies (None: it does not apply then)."""
    first = max(span.first, indicator.active_from or span.first, indicator.edition.starts_on)
    last = min(span.last, indicator.active_until or span.last, indicator.edition.ends_on)
    return (first, last) if first <= last else None


def _projection(indicator: Indicator, trend: list[TrendPoint], target: float | None, as_of: dt.date) -> str:
    """At the pace of the months so far, when the plan's target is reached — or that it will not be."""
    ends = indicator.edition.ends_on
    if target is None or indicator.source not in (Source.FIGURE_LATEST, *SUMMED_SOURCES):
        return ""
    points = [(dt.date.fromisoformat(p.period + "-01"), p.actual) for p in trend if p.actual is not None]
    if indicator.source in SUMMED_SOURCES:
        running, total = [], 0.0
        for day, value in points:
            total += value
            running.append((day, total))
        points = running
    if len(points) < 2:
        return ""
    (day0, v0), (day1, v1) = points[0], points[-1]
    if v1 >= target:
        return _("Đã đạt (tháng %(format)s).") % {"format": format(day1, "%m/%Y")}
    months = (day1.year - day0.year) * 12 + day1.month - day0.month
    pace = (v1 - v0) / months if months else 0
    if pace <= 0:
        return _("Không đạt trước %(format)s ở nhịp hiện tại.") % {"format": format(ends, "%d/%m/%Y")}
    needed = -(-(target - v1) // pace)
    month_index = day1.month - 1 + int(needed)
    reach = dt.date(day1.year + month_index // 12, month_index % 12 + 1, 1)
    if reach > ends:
        return _("Không đạt trước %(format)s ở nhịp hiện tại.") % {"format": format(ends, "%d/%m/%Y")}
    return _("Đạt %(fmt)s vào tháng %(format)s ở nhịp hiện tại.") % {
        "fmt": _fmt(target, indicator.unit),
        "format": format(reach, "%m/%Y"),
    }


def _fmt(value: float, unit: str) -> str:
    text = f"{value:,.0f}".replace(",", ".")
    return f"{text}%" if unit == Unit.PERCENTAGE else text


def plan_progress(
    *, edition: PlanEdition, period: str = "", province: Province | None = None, as_of: dt.date | None = None
) -> list[Progress]:
    """Actual against target for every indicator of the edition, nationally or for one province."""
    try:
        span = (
            parse_period(period) if period else Span(edition.code, "plan", edition.starts_on, edition.ends_on)
        )
    except InvalidPeriod as exc:
        raise DomainError(str(exc), field="period") from None
    as_of = as_of or min(timezone.localdate(), edition.ends_on)
    provinces = old_provinces(province) if province is not None else None
    province_count = Province.objects.filter(map="2022").count()
    rows = []
    for indicator in edition.indicators.select_related("edition").order_by("order", "code"):
        window = _span_for(indicator, span)
        if window is None:
            rows.append(Progress(indicator, span, None, None, note=_("Không áp dụng trong kỳ này.")))
            continue
        first, last = window[0], min(window[1], as_of) if as_of >= window[0] else window[1]
        where = {"provinces": provinces}
        if indicator.source == Source.READING:
            where["readings"] = reading_rows(indicator, provinces=provinces)
        actual = _number(actual_value(indicator, first=first, last=last, **where))
        target = indicator_target(
            indicator,
            first=window[0],
            last=window[1],
            provinces=provinces,
            province_count=province_count,
        )
        trend = [
            TrendPoint(m.key, _number(actual_value(indicator, first=m.first, last=m.last, **where)))
            for m in months_in(first, last)
        ]
        row = Progress(indicator, span, actual, target.value, trend=trend, target_origin=target.origin)
        if indicator.source == Source.WAVES and indicator.figure:
            row.reported = _number(
                sources.figure_sum(indicator.figure, first=first, last=last, provinces=provinces)
            )
        if actual is None:
            row.note = _("Chưa có số liệu.")
        row.projection = _projection(indicator, trend, target.value, as_of)
        rows.append(row)
    return rows


def _own_organisations(actor: Actor) -> list[Organisation]:
    return [o for o in actor.organisations.values() if actor.has_role(o, Role.VIEWER)]


def _owned_by(milestone: Milestone, organisations) -> bool:
    return any(
        o.pk == milestone.owner_id or (not milestone.owner_id and o.kind == milestone.owner_kind)
        for o in organisations
    )


def can_update_milestone(actor: Actor, milestone: Milestone) -> bool:
    """Its owner's editors (the organisation named, or any of the owner kind), the national team."""
    if actor.is_system or actor.is_national(Role.EDITOR):
        return True
    return _owned_by(milestone, [o for o in actor.organisations.values() if can_act_for(actor, o)])


@actor_required
def milestone_owners(*, actor: Actor, code: str = "") -> tuple[list[Organisation], Organisation | None]:
    """For the national team: the organisations whose milestones it may pick, and the one `code` names
    (None when empty or unknown). Nobody else picks: ([], None)."""
    if not actor.is_national():
        return [], None
    owners = list(Organisation.objects.filter(is_active=True).order_by("kind", "code"))
    owner = Organisation.objects.filter(code=code[:40]).first() if code else None
    return owners, owner


@actor_required
def milestone_list(
    *,
    actor: Actor,
    year: int | None = None,
    edition: PlanEdition | None = None,
    owner: Organisation | None = None,
    today=None,
) -> list[Milestone]:
    """Milestones the actor may see: every one for the national team (Postal Department, working group),
    optionally one owner's; an organisation's own (named, or of its kind) for anyone else. `is_late` is
    set when the due week has passed and the task is not done; `editable` when the actor may update it."""
    national = actor.is_national()
    if owner is not None and not national and owner.pk not in actor.organisations:
        raise PermissionDenied(_("Chỉ xem được mốc của tổ chức mình."))
    qs = Milestone.objects.select_related("edition", "owner")
    if year is not None:
        qs = qs.filter(due_week__startswith=f"{year}-W")
    if edition is not None:
        qs = qs.filter(edition=edition)
    if owner is not None:
        qs = qs.filter(Q(owner=owner) | Q(owner__isnull=True, owner_kind=owner.kind))
    items = list(qs.order_by("due_week", "code"))
    if not national:
        mine = _own_organisations(actor)
        items = [m for m in items if _owned_by(m, mine)]
    return _annotated(actor, items, today)


def _annotated(actor: Actor, items: list[Milestone], today) -> list[Milestone]:
    today = today or timezone.localdate()
    for item in items:
        item.is_late = item.status != "done" and parse_week(item.due_week).sunday < today
        item.editable = can_update_milestone(actor, item)
    return items


@actor_required
def milestone_get(*, actor: Actor, edition: str, code: str, today=None) -> Milestone:
    """One milestone of an edition by code, for an update (the service decides who may make it: the
    plan's tasks are public, they ride in every iCalendar feed)."""
    milestone = (
        Milestone.objects.select_related("edition", "owner").filter(edition__code=edition, code=code).first()
    )
    if milestone is None:
        raise NotFound(_("Không có mốc '%(code)s'.") % {"code": code[:48]})
    return _annotated(actor, [milestone], today)[0]


def indicator_catalogue() -> dict[str, str]:
    """Every edition's indicator codes with their names (newest edition's name when codes repeat)."""
    rows = Indicator.objects.order_by("edition__starts_on").values_list("code", "name")
    return dict(rows)


def flagship_list(*, edition: PlanEdition, province: Province | None = None) -> list[FlagshipProduct]:
    """A province's flagship products (a 2025 unit: its predecessors'), or every province's."""
    qs = FlagshipProduct.objects.filter(edition=edition).select_related("province", "product")
    if province is not None:
        qs = qs.filter(province__in=old_provinces(province))
    return list(qs.order_by("province__code", "product__name"))
