"""Schemas of the plan's API."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema


class EditionIn(Schema):
    code: str = Field(..., max_length=16, pattern=r"^[a-z0-9-]+$")
    title: str = Field(..., max_length=300)
    decision: str = Field("", max_length=200)
    starts_on: dt.date
    ends_on: dt.date


class EditionOut(Schema):
    code: str
    title: str
    decision: str
    starts_on: dt.date
    ends_on: dt.date


class IndicatorIn(Schema):
    code: str = Field(..., max_length=48, pattern=r"^[a-z0-9_-]+$")
    name: str = Field(..., max_length=300)
    name_en: str = Field("", max_length=300)
    annex: str = Field(..., max_length=120)
    line: str = Field("", max_length=400)
    unit: str
    direction: str = "at_least"
    target_value: Decimal | None = Field(None, ge=0, max_digits=18, decimal_places=2)
    target_max: Decimal | None = Field(None, ge=0, max_digits=18, decimal_places=2)
    period: str
    scope: str
    source: str
    figure: str = Field("", max_length=40)
    denominator: str = Field("", max_length=40)
    theme: str = Field("", max_length=48)
    wave_kind: str = Field("", max_length=24)
    responsible: str = Field("", max_length=200)
    active_from: dt.date | None = None
    active_until: dt.date | None = None
    order: int = Field(0, ge=0, le=32000)


class IndicatorOut(Schema):
    code: str
    name: str
    name_en: str
    annex: str
    line: str
    unit: str
    direction: str
    target_value: float | None
    target_max: float | None
    period: str
    scope: str
    source: str
    responsible: str


class TrendOut(Schema):
    period: str
    actual: float | None


class ProgressOut(Schema):
    code: str
    name: str
    name_en: str
    annex: str
    line: str
    unit: str
    period: str
    scope: str
    source: str
    actual: float | None
    target: float | None
    target_origin: str = Field(
        description="history: reports' Target rows (metric = code) with their dates; plan: the stated value"
    )
    percent: float | None
    met: bool | None
    reported: float | None
    projection: str
    note: str
    trend: list[TrendOut]


class PlanProgressOut(Schema):
    edition: str
    period: str
    province: str | None
    map: str | None
    as_of: dt.date
    indicators: list[ProgressOut]


class MilestoneOut(Schema):
    edition: str
    code: str
    title: str
    annex: str
    note: str = Field(description="Which words are the plan's and which paraphrase it (not yet checked)")
    owner: str | None
    owner_kind: str
    owner_label: str
    start_week: str
    due_week: str
    status: str
    status_label: str
    late: bool
    editable: bool = Field(description="The caller may update the status and evidence")
    evidence: str
    done_on: dt.date | None


class MilestoneIn(Schema):
    status: str
    evidence: str = Field("", max_length=4000)


class FlagshipIn(Schema):
    province: str = Field(..., max_length=2)
    product: str = Field(..., max_length=200)
    note: str = Field("", max_length=300)


class FlagshipOut(Schema):
    province: str
    province_name: str
    product: str
    note: str


class ProposalIn(Schema):
    organisation: str = Field(..., max_length=40)
    province: str = Field(..., max_length=2)
    season_id: int | None = None
    product_name: str = Field(..., max_length=200)
    product_en: str = Field("", max_length=200)
    category: str = Field("other", max_length=16)
    start_month: int = Field(..., ge=1, le=12)
    end_month: int = Field(..., ge=1, le=12)
    calendar_note: str = Field("", max_length=100)
    peak: str = Field("", max_length=100)
    source: str = Field(..., max_length=300)


class ProposalOut(Schema):
    id: int
    province: str
    product_name: str
    start_month: int
    end_month: int
    calendar_note: str
    source: str
    proposed_by: str
    status: str
    comment: str
    season_id: int | None

    @staticmethod
    def resolve_province(obj) -> str:
        return obj.province.code

    @staticmethod
    def resolve_proposed_by(obj) -> str:
        return obj.proposed_by.code


class DecideIn(Schema):
    accept: bool
    comment: str = Field("", max_length=2000)
