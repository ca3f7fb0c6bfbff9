"""Reads for provinces and seasons."""

import datetime

from django.db.models import F, Q, QuerySet

from core.errors import DomainError, NotFound

from .models import CalendarKind, Province, ProvinceMap, Season
from .weeks import InvalidWeek, format_month, parse_week, week_of, weeks_in_year


def _check_map(map_: str | None) -> None:
    if map_ is not None and map_ not in ProvinceMap.values:
        raise DomainError(f"Bản đồ '{map_}' không có; dùng 2022 hoặc 2025.", field="map")


def province_list(*, map: str | None = None, active_on: datetime.date | None = None) -> QuerySet[Province]:
    _check_map(map)
    qs = Province.objects.select_related("successor")
    if map:
        qs = qs.filter(map=map)
    if active_on:
        qs = qs.filter(valid_from__lte=active_on).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=active_on)
        )
    return qs.order_by("map", "code")


def province_get(*, code: str, map: str | None = None) -> Province:
    """A province by code; with no map given, the current unit wins over the old province of the same code."""
    _check_map(map)
    qs = Province.objects.select_related("successor").prefetch_related("predecessors").filter(code=code)
    if map:
        qs = qs.filter(map=map)
    province = qs.order_by("-map").first()
    if province is None:
        where = f" trên bản đồ {map}" if map else ""
        raise NotFound(f"Không có tỉnh/thành mã '{code}'{where}.", field="code")
    return province


def season_list(
    *,
    province: str | None = None,
    map: str = ProvinceMap.MAP_2022,
    product: str | None = None,
    month: int | None = None,
    verified: bool | None = None,
) -> QuerySet[Season]:
    """Seasons filtered by province code (on the chosen map), product name, a month they cover, verified."""
    _check_map(map)
    qs = Season.objects.select_related("product", "province__successor")
    if province:
        if not Province.objects.filter(map=map, code=province).exists():
            raise NotFound(f"Không có tỉnh/thành mã '{province}' trên bản đồ {map}.", field="province")
        key = "province__code" if map == ProvinceMap.MAP_2022 else "province__successor__code"
        qs = qs.filter(**{key: province})
    if product:
        qs = qs.filter(Q(product__name__icontains=product) | Q(product__name_en__icontains=product))
    if month is not None:
        if not 1 <= month <= 12:
            raise DomainError("Tháng phải từ 1 đến 12.", field="month")
        qs = qs.filter(
            Q(calendar=CalendarKind.YEAR_ROUND)
            | Q(start_month__lte=month, end_month__gte=month)
            | (Q(start_month__gt=F("end_month")) & (Q(start_month__lte=month) | Q(end_month__gte=month)))
        )
    if verified is not None:
        qs = qs.filter(verified=verified)
    return qs.order_by("province__code", "start_month", "product__name")


def week_info(*, week: str | None = None, day: datetime.date | None = None) -> dict:
    """A week's bounds, label, month and quarter; by ISO week string or by a local date."""
    if (week is None) == (day is None):
        raise DomainError("Cho đúng một trong hai: tuần (2022-W09) hoặc ngày (YYYY-MM-DD).", field="week")
    try:
        iso = parse_week(week) if week is not None else week_of(day)
    except InvalidWeek as exc:
        raise DomainError(str(exc), field="week") from None
    return {
        "week": str(iso),
        "label": iso.label_vi,
        "start": iso.start,
        "end": iso.end,
        "monday": iso.monday,
        "sunday": iso.sunday,
        "month": format_month(*iso.month),
        "quarter": "{}-Q{}".format(*iso.quarter),
        "months_touched": [format_month(y, m) for y, m in iso.months_touched()],
        "weeks_in_year": weeks_in_year(iso.year),
    }
