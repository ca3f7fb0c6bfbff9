"""/api/v1/calendars/: provinces on both maps and the produce calendar."""

import datetime

from ninja import Query, Router
from ninja.pagination import paginate

from .schemas import ProvinceDetailOut, ProvinceOut, SeasonOut, WeekOut
from .selectors import province_get, province_list, season_list, week_info

router = Router(tags=["calendars"])


@router.get(
    "/provinces", response=list[ProvinceOut], summary="Provinces (map=2022|2025, active_on=YYYY-MM-DD)"
)
@paginate
def provinces(request, map: str | None = None, active_on: datetime.date | None = None):
    return province_list(map=map, active_on=active_on)


@router.get(
    "/provinces/{code}", response=ProvinceDetailOut, summary="One province with predecessors/successor"
)
def province_detail(request, code: str, map: str | None = None):
    return province_get(code=code, map=map)


@router.get(
    "/seasons", response=list[SeasonOut], summary="Harvest seasons (province, product, month, verified)"
)
@paginate
def seasons(
    request,
    province: str | None = None,
    map: str = "2022",
    product: str | None = None,
    month: int | None = Query(None, ge=1, le=12),
    verified: bool | None = None,
):
    return season_list(province=province, map=map, product=product, month=month, verified=verified)


@router.get(
    "/weeks/{week}", response=WeekOut, summary="An ISO week (2022-W09): bounds, label, month, quarter"
)
def week_detail(request, week: str):
    return week_info(week=week)


@router.get("/weeks", response=WeekOut, summary="The ISO week of a date (date=YYYY-MM-DD)")
def week_of_date(request, date: datetime.date):
    return week_info(day=date)
