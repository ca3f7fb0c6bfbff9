"""Plan periods as date ranges: '2022' (year), '2022-H1' (half-year), '2022-Q3', '2022-05', '2022-W09'.

Weekly figures belong to the ISO week's Thursday, so a range holds the weeks whose Thursday falls in it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from calendars.weeks import InvalidWeek, parse_week, week_of

from .models import Period

_PATTERNS = [
    (re.compile(r"^(\d{4})$"), Period.YEAR),
    (re.compile(r"^(\d{4})-H([12])$"), Period.HALF_YEAR),
    (re.compile(r"^(\d{4})-Q([1-4])$"), Period.QUARTER),
    (re.compile(r"^(\d{4})-(\d{2})$"), Period.MONTH),
]


class InvalidPeriod(ValueError):
    """A period string that is none of the accepted forms."""


@dataclass(frozen=True)
class Span:
    key: str
    kind: str
    first: dt.date
    last: dt.date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def _month_span(year: int, first_month: int, months: int, key: str, kind: str) -> Span:
    last_month = first_month + months - 1
    return Span(
        key,
        kind,
        dt.date(year, first_month, 1),
        dt.date(year, last_month, calendar.monthrange(year, last_month)[1]),
    )


def parse_period(value: str) -> Span:
    value = (value or "").strip()
    for pattern, kind in _PATTERNS:
        match = pattern.match(value)
        if not match:
            continue
        year = int(match.group(1))
        if kind == Period.YEAR:
            return _month_span(year, 1, 12, value, kind)
        number = int(match.group(2))
        if kind == Period.HALF_YEAR:
            return _month_span(year, 6 * number - 5, 6, value, kind)
        if kind == Period.QUARTER:
            return _month_span(year, 3 * number - 2, 3, value, kind)
        if 1 <= number <= 12:
            return _month_span(year, number, 1, value, kind)
    try:
        week = parse_week(value)
    except (InvalidWeek, ValueError):
        raise InvalidPeriod(
            f"Kỳ '{value[:20]}' không hợp lệ; dùng 2022, 2022-H1, 2022-Q3, 2022-05 hoặc 2022-W09."
        ) from None
    return Span(value, Period.WEEK, week.monday, week.sunday)


def months_in(first: dt.date, last: dt.date) -> list[Span]:
    """The calendar months touching [first, last], each clipped to it (the trend's buckets)."""
    spans, day = [], first.replace(day=1)
    while day <= last:
        end = day.replace(day=calendar.monthrange(day.year, day.month)[1])
        spans.append(Span(f"{day:%Y-%m}", Period.MONTH, max(day, first), min(end, last)))
        day = end + dt.timedelta(days=1)
    return spans


def count_periods(kind: str, first: dt.date, last: dt.date) -> int:
    """How many whole or partial indicator periods of `kind` a range spans (at least 1)."""
    days = (last - first).days + 1
    if kind == Period.WEEK:
        return max(1, round(days / 7))
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    per = {Period.MONTH: 1, Period.QUARTER: 3, Period.HALF_YEAR: 6, Period.YEAR: 12}.get(kind)
    if per is None:  # the whole plan
        return 1
    return max(1, round(months / per))


def _month_kind_spans(kind: str, first: dt.date, last: dt.date) -> list[Span]:
    """The whole periods of a month-based kind (month … year) whose middle day falls in [first, last]."""
    per = {Period.MONTH: 1, Period.QUARTER: 3, Period.HALF_YEAR: 6, Period.YEAR: 12}[kind]
    spans, year, month = [], first.year, (first.month - 1) // per * per + 1
    while dt.date(year, month, 1) <= last:
        span = _month_span(year, month, per, f"{year}-{month:02d}", kind)
        if first <= span.first + (span.last - span.first) / 2 <= last:
            spans.append(span)
        month += per
        if month > 12:
            year, month = year + 1, month - 12
    return spans


def periods_in(kind: str, first: dt.date, last: dt.date) -> list[Span]:
    """The indicator periods a range holds, for summing a per-period target: ISO weeks whose Thursday
    falls in it (as weekly figures are counted), whole months, quarters, half-years or years whose middle
    falls in it, or the range itself for the whole plan. A range too short to hold one period holds the
    period it ends in (a week of a monthly target still asks that month's target)."""
    if kind == Period.PLAN:
        return [Span("plan", kind, first, last)]
    if kind == Period.WEEK:
        week = week_of(first)
        week = week if week.thursday >= first else week.next()
        spans = []
        while week.thursday <= last:
            spans.append(Span(str(week), kind, week.monday, week.sunday))
            week = week.next()
        return spans or [Span(str(week_of(last)), kind, week_of(last).monday, week_of(last).sunday)]
    spans = _month_kind_spans(kind, first, last)
    if spans:
        return spans
    per = {Period.MONTH: 1, Period.QUARTER: 3, Period.HALF_YEAR: 6, Period.YEAR: 12}[kind]
    start = (last.month - 1) // per * per + 1
    return [_month_span(last.year, start, per, f"{last.year}-{start:02d}", kind)]
