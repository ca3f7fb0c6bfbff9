import datetime
from typing import Annotated

from ninja import Field, Schema

# A year the programme's calendars can hold, for every API parameter that names one (a year 0 or 10**9
# reached date arithmetic and came back as a 500).
YEAR_MIN, YEAR_MAX = 2000, 2100
Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]
Quarter = Annotated[int, Field(ge=1, le=4)]


class ProvinceRef(Schema):
    code: str
    name: str
    map: str


class ProvinceOut(Schema):
    code: str
    name: str
    region: str
    map: str
    valid_from: datetime.date
    valid_until: datetime.date | None
    successor: ProvinceRef | None


class ProvinceDetailOut(ProvinceOut):
    predecessors: list[ProvinceRef]

    @staticmethod
    def resolve_predecessors(obj) -> list:
        return sorted(obj.predecessors.all(), key=lambda p: p.code)


class SeasonOut(Schema):
    id: int
    product: str
    product_en: str
    category: str
    province: ProvinceRef
    successor: ProvinceRef | None
    start_month: int
    end_month: int
    months: list[int]
    calendar: str
    calendar_note: str
    peak: str
    verified: bool
    source: str

    @staticmethod
    def resolve_product(obj) -> str:
        return obj.product.name

    @staticmethod
    def resolve_product_en(obj) -> str:
        return obj.product.name_en

    @staticmethod
    def resolve_category(obj) -> str:
        return obj.product.category

    @staticmethod
    def resolve_successor(obj):
        return obj.province.successor


class WeekOut(Schema):
    week: str
    label: str
    start: datetime.datetime
    end: datetime.datetime
    monday: datetime.date
    sunday: datetime.date
    month: str
    quarter: str
    months_touched: list[str]
    weeks_in_year: int
