"""From a season and a year to the harvest windows of that year's waves (pure date arithmetic).

- Solar seasons: the first day of the start month to the last day of the end month; a season that runs
  across the new year (Nov–Jan) starts in the planned year and ends in the next.
- Lunar seasons ("lunar 7-8", "lunar 9 to Tết", "lunar 11-4 main; …"): the lunar months of the lunar
  year that begins in the planned year, converted with calendars.lunar (Vietnamese calendar, UTC+7).
- Year-round products: one standing wave per quarter.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from calendars.lunar import lunar_months_window, tet
from calendars.models import CalendarKind, Season

_LUNAR_RE = re.compile(r"^\s*lunar\s+(\d{1,2})(?:\s*-\s*(\d{1,2})|\s+to\s+t[eế]t)?", re.IGNORECASE)
YEAR_MIN, YEAR_MAX = 2000, 2100


@dataclass(frozen=True)
class Window:
    slot: int  # 0 seasonal, 1-4 quarter of a year-round product
    start: dt.date
    end: dt.date
    note: str = ""  # for people; code reads the flags below, never this text
    solar_fallback: bool = False  # a lunar season whose note could not be read: solar months were used


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def solar_window(year: int, start_month: int, end_month: int) -> tuple[dt.date, dt.date]:
    end_year = year + 1 if end_month < start_month else year
    return dt.date(year, start_month, 1), month_end(end_year, end_month)


def parse_lunar_months(note: str) -> tuple[int, int] | None:
    """'lunar 7-8' -> (7, 8); 'lunar 8' -> (8, 8); 'lunar 9 to Tết' -> (9, 12); else None."""
    match = _LUNAR_RE.match(note or "")
    if not match:
        return None
    first = int(match.group(1))
    if match.group(2):
        last = int(match.group(2))
    elif "to" in match.group(0).lower():
        last = 12
    else:
        last = first
    if not (1 <= first <= 12 and 1 <= last <= 12):
        return None
    return first, last


def season_windows(season: Season, year: int) -> list[Window]:
    """The harvest windows of `season` in `year` (one, or four for a year-round product)."""
    if season.calendar == CalendarKind.YEAR_ROUND:
        return [
            Window(q, dt.date(year, 3 * q - 2, 1), month_end(year, 3 * q), f"Quý {q}/{year}")
            for q in range(1, 5)
        ]
    if season.calendar == CalendarKind.LUNAR:
        months = parse_lunar_months(season.calendar_note)
        if months is not None:
            start, end = lunar_months_window(year, *months)
            return [Window(0, start, end, f"Âm lịch tháng {months[0]}–{months[1]} năm {year}")]
        start, end = solar_window(year, season.start_month, season.end_month)
        note = f"Không đọc được ghi chú âm lịch '{season.calendar_note}'; dùng tháng dương lịch."
        return [Window(0, start, end, note, solar_fallback=True)]
    start, end = solar_window(year, season.start_month, season.end_month)
    return [Window(0, start, end)]


def tet_holiday(year: int) -> tuple[dt.date, dt.date]:
    """The Tết holiday week around mùng 1 Tết of `year`: the last day of the old year to mùng 5."""
    day = tet(year)
    return day - dt.timedelta(days=1), day + dt.timedelta(days=5)


def in_tet_week(day: dt.date) -> bool:
    first, last = tet_holiday(day.year)
    return first <= day <= last
