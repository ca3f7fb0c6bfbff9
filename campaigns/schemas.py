import datetime

from ninja import Field, Schema

from core.patch import PatchSchema


class ProvinceRef(Schema):
    code: str
    name: str
    map: str


class WarningOut(Schema):
    code: str
    message: str


class CampaignOut(Schema):
    id: int
    title: str
    kind: str
    origin: str
    status: str
    status_label: str
    season_id: int | None
    product: str | None
    province: ProvinceRef | None
    organisation: str | None
    year: int
    harvest_start: datetime.date
    harvest_end: datetime.date
    lead_time_days: int
    prep_due: datetime.date
    channels: list[str]
    audiences: list[str]
    news_per_week: int
    notes: str
    cancel_reason: str
    # prep_due passed, the wave still runs, and no linked content item is approved (issue 4).
    at_risk: bool = False
    updated_at: datetime.datetime

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_product(obj) -> str | None:
        return obj.product.name if obj.product_id else None

    @staticmethod
    def resolve_organisation(obj) -> str | None:
        return obj.organisation.code if obj.organisation_id else None


class CampaignDetailOut(CampaignOut):
    warnings: list[WarningOut] = []


class CampaignIn(Schema):
    title: str
    harvest_start: datetime.date
    harvest_end: datetime.date
    province: str | None = None  # province code; none for a national wave
    map: str = "2022"
    season_id: int | None = None
    product_id: int | None = None
    kind: str = ""
    lead_time_days: int = 30
    channels: list[str] | None = None
    audiences: list[str] | None = None
    news_per_week: int = 2
    notes: str = ""
    partners: list[str] = Field(default_factory=list, max_length=5)  # co-owners' organisation codes


class CampaignPatch(PatchSchema):
    title: str | None = None
    kind: str | None = None
    harvest_start: datetime.date | None = None
    harvest_end: datetime.date | None = None
    lead_time_days: int | None = None
    channels: list[str] | None = None
    audiences: list[str] | None = None
    news_per_week: int | None = None
    notes: str | None = None


class CancelIn(Schema):
    reason: str


class PlanIn(Schema):
    year: int  # the planning service names the years it can plan (400 with the range)
    province: str | None = None
    map: str = "2022"


class PlanOut(Schema):
    year: int
    created: int
    unchanged: int
    created_ids: list[int]
    notes: list[str]


class CalendarTokenIn(Schema):
    organisation: str
    name: str = ""


class CalendarTokenOut(Schema):
    id: int
    organisation: str
    name: str
    created_at: datetime.datetime
    revoked_at: datetime.datetime | None

    @staticmethod
    def resolve_organisation(obj) -> str:
        return obj.organisation.code


class NewCalendarTokenOut(CalendarTokenOut):
    token: str
    national_url: str
    province_url: str | None
