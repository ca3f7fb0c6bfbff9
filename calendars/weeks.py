"""ISO weeks, the one place Mùa converts between weeks, dates, months and quarters.

A week is written `2022-W09` in data and "Tuần 09/2022" on screen; it belongs to the ISO year of its
Thursday. Week boundaries are local midnights in Asia/Ho_Chi_Minh.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

_DATA_RE = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)
_SCREEN_RE = re.compile(r"^\s*Tuần\s+(\d{1,2})\s*/\s*(\d{4})\s*$", re.IGNORECASE)


class InvalidWeek(ValueError):
    """A week string or number that names no ISO week."""


def weeks_in_year(year: int) -> int:
    """52 or 53: December 28th always lies in the year's last ISO week."""
    return dt.date(year, 12, 28).isocalendar().week


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    def __post_init__(self):
        if not 1 <= self.year <= 9999:
            raise InvalidWeek(_("Năm %(y)s không hợp lệ.") % {"y": self.year})
        last = weeks_in_year(self.year)
        if not 1 <= self.week <= last:
            raise InvalidWeek(
                _("Năm %(y)s chỉ có %(n)s tuần ISO; không có tuần %(w)s.")
                % {"y": self.year, "n": last, "w": self.week}
            )

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def label_vi(self) -> str:
        return f"Tuần {self.week:02d}/{self.year}"

    @property
    def monday(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 7)

    @property
    def thursday(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 4)

    @property
    def start(self) -> dt.datetime:
        """Monday 00:00 local time (aware)."""
        return dt.datetime.combine(self.monday, dt.time(), tzinfo=LOCAL_TZ)

    @property
    def end(self) -> dt.datetime:
        """The next Monday 00:00 local time (aware, exclusive)."""
        return dt.datetime.combine(self.monday + dt.timedelta(days=7), dt.time(), tzinfo=LOCAL_TZ)

    def dates(self) -> list[dt.date]:
        return [self.monday + dt.timedelta(days=i) for i in range(7)]

    @property
    def month(self) -> tuple[int, int]:
        """The (year, month) the week is counted in: that of its Thursday."""
        return self.thursday.year, self.thursday.month

    @property
    def quarter(self) -> tuple[int, int]:
        year, month = self.month
        return year, quarter_of_month(month)

    def months_touched(self) -> list[tuple[int, int]]:
        """Every (year, month) any day of the week falls in (one or two)."""
        return sorted({(d.year, d.month) for d in self.dates()})

    def quarters_touched(self) -> list[tuple[int, int]]:
        return sorted({(y, quarter_of_month(m)) for y, m in self.months_touched()})

    def shift(self, weeks: int) -> IsoWeek:
        return week_of(self.monday + dt.timedelta(weeks=weeks))

    def next(self) -> IsoWeek:
        return self.shift(1)

    def previous(self) -> IsoWeek:
        return self.shift(-1)


def parse_week(value: str) -> IsoWeek:
    """Parse `2022-W09` (also `2022W09`, `2022-w9`) or the screen form `Tuần 09/2022`."""
    if not isinstance(value, str):
        raise InvalidWeek(_("Tuần phải là chuỗi dạng 2022-W09."))
    match = _DATA_RE.match(value)
    if match:
        return IsoWeek(int(match.group(1)), int(match.group(2)))
    match = _SCREEN_RE.match(value)
    if match:
        return IsoWeek(int(match.group(2)), int(match.group(1)))
    raise InvalidWeek(_("'%(v)s' không phải tuần ISO (dạng 2022-W09 hoặc 'Tuần 09/2022').") % {"v": value})


def format_week(year: int, week: int) -> str:
    return str(IsoWeek(year, week))


def week_of(day: dt.date | dt.datetime) -> IsoWeek:
    """The ISO week of a date, or of an aware datetime seen in Asia/Ho_Chi_Minh."""
    if isinstance(day, dt.datetime):
        if day.tzinfo is None:
            raise ValueError("week_of needs an aware datetime")
        day = day.astimezone(LOCAL_TZ).date()
    iso = day.isocalendar()
    return IsoWeek(iso.year, iso.week)


def weeks_between(first: IsoWeek, last: IsoWeek) -> list[IsoWeek]:
    """Inclusive range of weeks."""
    count = (last.monday - first.monday).days // 7
    return [first.shift(i) for i in range(count + 1)]


def weeks_of_year(year: int) -> list[IsoWeek]:
    return [IsoWeek(year, w) for w in range(1, weeks_in_year(year) + 1)]


def weeks_of_month(year: int, month: int) -> list[IsoWeek]:
    """Weeks counted in a month (those whose Thursday falls in it)."""
    first = week_of(dt.date(year, month, 1))
    if first.month != (year, month):
        first = first.next()
    weeks = []
    while first.month == (year, month):
        weeks.append(first)
        first = first.next()
    return weeks


def weeks_of_quarter(year: int, quarter: int) -> list[IsoWeek]:
    return [w for y, m in months_of_quarter(year, quarter) for w in weeks_of_month(y, m)]


_MONTH_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def parse_month(value: str) -> tuple[int, int]:
    """Parse `2022-06` into (2022, 6)."""
    match = _MONTH_RE.match(value or "") if isinstance(value, str) else None
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise InvalidWeek(_("'%(v)s' không phải tháng (dạng 2022-06).") % {"v": value})
    return int(match.group(1)), int(match.group(2))


def format_month(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def quarter_of_month(month: int) -> int:
    return (month - 1) // 3 + 1


def months_of_quarter(year: int, quarter: int) -> list[tuple[int, int]]:
    return [(year, m) for m in range(3 * quarter - 2, 3 * quarter + 1)]
