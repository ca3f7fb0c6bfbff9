"""The plan-year view: every wave of a province (or of the country) for one year, grouped by the month its
harvest starts, with waves at risk flagged and the reason in words. The at-risk rule is the one in
selectors.with_at_risk (annotated on every wave list); this module only groups and words it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet

from calendars.models import Province, ProvinceMap

from .models import Campaign, CampaignStatus
from .selectors import at_risk_reason, campaign_list


@dataclass
class YearWave:
    campaign: Campaign
    at_risk: bool
    reason: str  # why it is at risk, in words ("" when it is not)


@dataclass
class YearMonth:
    month: int
    waves: list[YearWave] = field(default_factory=list)

    @property
    def at_risk(self) -> int:
        return sum(1 for w in self.waves if w.at_risk)


@dataclass
class YearPlan:
    year: int
    province: Province | None
    months: list[YearMonth]

    @property
    def total(self) -> int:
        return sum(len(m.waves) for m in self.months)

    @property
    def at_risk(self) -> int:
        return sum(m.at_risk for m in self.months)

    @property
    def cancelled(self) -> int:
        return sum(1 for m in self.months for w in m.waves if w.campaign.status == CampaignStatus.CANCELLED)


def year_waves(*, year: int, province: Province | None) -> QuerySet[Campaign]:
    """Waves whose harvest window touches `year`, in the province (seen on its map) or the whole country."""
    return campaign_list(
        province=province.code if province else None,
        map=province.map if province else ProvinceMap.MAP_2022,
        date_from=dt.date(year, 1, 1),
        date_to=dt.date(year, 12, 31),
    )


def year_plan(*, year: int, province: Province | None) -> YearPlan:
    """Twelve months, each with the waves whose harvest starts in it (a wave begun the year before sits in
    January), at-risk ones flagged with the reason."""
    months = [YearMonth(month=m) for m in range(1, 13)]
    for wave in year_waves(year=year, province=province):
        month = wave.harvest_start.month if wave.harvest_start.year == year else 1
        months[month - 1].waves.append(
            YearWave(wave, bool(wave.at_risk), at_risk_reason(wave) if wave.at_risk else "")
        )
    return YearPlan(year=year, province=province, months=months)
