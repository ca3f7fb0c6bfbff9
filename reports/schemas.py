import datetime as dt

from ninja import Schema
from pydantic import Field

from .models import FIGURES


class _Figures(Schema):
    press_articles: int | None = None
    tv_spots: int | None = None
    radio_spots: int | None = None
    grassroots_bulletins: int | None = None
    foreign_items: int | None = None
    social_posts: int | None = None
    portal_posts: int | None = None
    sms_sent: int | None = None
    events: int | None = None
    sales_programmes: int | None = None
    supplier_campaigns: int | None = None
    households_onboarded: int | None = None
    active_accounts: int | None = None
    households_trained_basic: int | None = None
    households_trained_advanced: int | None = None
    products_listed: int | None = None
    ocop_products_listed: int | None = None
    orders: int | None = None
    transaction_value_vnd: int | None = None


assert set(_Figures.model_fields) == set(FIGURES)


class WeeklyReportIn(_Figures):
    narrative: str = ""
    evidence_links: list[str] = Field(default_factory=list)
    decline_explanation: str = ""
    draft: bool = False  # true: keep as a draft, do not submit yet


class WeeklyReportOut(_Figures):
    organisation: str
    week: str
    status: str
    version: int
    narrative: str
    evidence_links: list[str]
    decline_explanation: str
    return_comment: str
    first_submitted_at: dt.datetime | None
    submitted_at: dt.datetime | None
    late: bool
    locked: bool

    @staticmethod
    def resolve_organisation(obj) -> str:
        return obj.organisation.code


class FiledOut(Schema):
    created: bool
    changed: bool
    report: WeeklyReportOut


class ReturnIn(Schema):
    comment: str


class RowErrorOut(Schema):
    row: int
    week: str
    field: str | None
    message: str


class ImportOut(Schema):
    filed: list[str]
    unchanged: list[str]
    errors: list[RowErrorOut]


class WeekTallyOut(Schema):
    week: str
    counted: int = Field(description="Press/TV publications recorded in Mùa or matched from feeds")
    reported: int | None = Field(
        description="Press articles + TV spots organisations filed in weekly reports (null for one wave)"
    )
    gap: int | None = Field(description="reported − counted")
    target: int | None
    met: bool | None = Field(description="Target met, judged on `counted`")
    shortfall: int


class CompletenessOut(Schema):
    organisation: str
    period: str
    expected: int
    received: int
    on_time: int
    completeness: float | None
    timeliness: float | None


class MonthRowOut(Schema):
    organisation: str
    month: str
    weeks_reported: int
    weeks_expected: int
    sums: dict
    latest: dict
    deltas: dict
    counted_news: int
    status: str
    supplier_target: int | None
    supplier_met: bool | None


class QuarterRowOut(Schema):
    organisation: str
    quarter: str
    months_accepted: list[str]
    months_pending: list[str]
    sums: dict
    deltas: dict
    sales_target: int | None
    sales_met: bool | None
    sales_waves: int
    national: dict


class RollupDecisionIn(Schema):
    accept: bool
    comment: str = ""


class RollupsDecisionIn(Schema):
    organisations: list[str] = Field(min_length=1, max_length=1000, description="Organisation codes")
    accept: bool
    comment: str = Field("", max_length=5000)


class WeeklyReportPageOut(Schema):
    count: int
    items: list[WeeklyReportOut]


class RollupOut(Schema):
    organisation: str
    month: str
    status: str
    comment: str
    totals: dict

    @staticmethod
    def resolve_organisation(obj) -> str:
        return obj.organisation.code


class TargetIn(Schema):
    metric: str
    scope: str
    period: str
    minimum: int = Field(ge=0)
    active_from: dt.date
    active_until: dt.date
    organisation: str | None = None
    organisation_kind: str = ""
    province_id: int | None = None
    campaign_id: int | None = None
    label: str = ""


class TargetOut(Schema):
    id: int
    metric: str
    scope: str
    period: str
    minimum: int
    active_from: dt.date
    active_until: dt.date
    organisation_id: int | None
    organisation_kind: str
    province_id: int | None
    campaign_id: int | None
    label: str
