"""How people see weeks, dates, numbers, money, ages and names, in the active language (vi or en).

One module for every locale rule: templates reach it through the `mua` filters (core/templatetags/mua.py),
Python (exports, emails, notifications) calls it directly. Vietnamese is the default; English is the
second language. Nothing here depends on Django's locale formats, so "9.600 đ" reads the same everywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext, pgettext

EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def is_english() -> bool:
    return (get_language() or "vi").split("-")[0] == "en"


def _separators() -> tuple[str, str]:
    """(thousands, decimal) for the active language: vi 1.234,5; en 1,234.5."""
    return (",", ".") if is_english() else (".", ",")


def format_number(value, decimals: int = 0) -> str:
    """12480 → '12.480' (vi) / '12,480' (en); decimals are rounded half away from zero."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return str(value)
    thousands, point = _separators()
    text = f"{number:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", point).replace("\0", thousands)


def format_percent(value, decimals: int = 0) -> str:
    """0.256 → '25,6 %' with decimals=1 (vi) / '25.6%' (en)."""
    if value is None:
        return ""
    number = format_number(Decimal(str(value)) * 100, decimals)
    return f"{number}%" if is_english() else f"{number} %"


def format_vnd(value) -> str:
    """Money is VND integers: 9600 → '9.600 đ' (vi) / '9,600 VND' (en)."""
    if value is None or value == "":
        return ""
    number = format_number(int(value))
    return f"{number} VND" if is_english() else f"{number} đ"


def _day_month(day: dt.date) -> str:
    return f"{day.day} {EN_MONTHS[day.month - 1]}" if is_english() else f"{day.day}/{day.month}"


def format_day_span(first: dt.date, last: dt.date) -> str:
    """'17–23/11' (vi) / '17–23 Nov' (en); across a month end '29/12–4/1' / '29 Dec–4 Jan'."""
    if first.month == last.month:
        tail = f" {EN_MONTHS[last.month - 1]}" if is_english() else f"/{last.month}"
        return f"{first.day}–{last.day}{tail}"
    return f"{_day_month(first)}–{_day_month(last)}"


# The data form only ('2026-W47'); calendars.weeks parses every form, but core imports no app.
_WEEK_RE = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)


def _iso_week(value) -> tuple[int, int] | None:
    if isinstance(value, str):
        match = _WEEK_RE.match(value)
        return (int(match.group(1)), int(match.group(2))) if match else None
    if isinstance(value, tuple | list) and len(value) == 2:
        return int(value[0]), int(value[1])
    if hasattr(value, "year") and hasattr(value, "week"):
        return int(value.year), int(value.week)
    return None


def format_week(value, *, with_days: bool = True) -> str:
    """'2026-W47', (2026, 47) or an IsoWeek → 'Tuần 47/2026 (17–23/11)' / 'Week 47/2026 (17–23 Nov)'."""
    pair = _iso_week(value)
    if pair is None:
        return "" if value is None else str(value)
    year, week = pair
    label = gettext("Tuần %(week)02d/%(year)d") % {"week": week, "year": year}
    if not with_days:
        return label
    monday = dt.date.fromisocalendar(year, week, 1)
    return f"{label} ({format_day_span(monday, monday + dt.timedelta(days=6))})"


def format_month(year: int, month: int) -> str:
    """(2026, 11) → 'Tháng 11/2026' / 'November 2026'."""
    if is_english():
        return dt.date(year, month, 1).strftime("%B %Y")
    return gettext("Tháng %(month)d/%(year)d") % {"month": month, "year": year}


def format_quarter(year: int, quarter: int) -> str:
    return gettext("Quý %(quarter)d/%(year)d") % {"quarter": quarter, "year": year}


def _local(value):
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_date(value) -> str:
    """A date (or the local date of a datetime): '13/12/2026' (vi) / '13 Dec 2026' (en)."""
    if not value:
        return ""
    day = _local(value)
    if is_english():
        return f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}"
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def format_datetime(value) -> str:
    """Local time: '13/12/2026 05:04' (vi) / '13 Dec 2026, 05:04' (en)."""
    if not value:
        return ""
    moment = _local(value)
    if not isinstance(moment, dt.datetime):
        return format_date(moment)
    separator = ", " if is_english() else " "
    return f"{format_date(moment)}{separator}{moment:%H:%M}"


_AGE_UNITS = (
    (365 * 86400, lambda n: ngettext("%(n)d năm trước", "%(n)d năm trước", n)),
    (30 * 86400, lambda n: ngettext("%(n)d tháng trước", "%(n)d tháng trước", n)),
    (7 * 86400, lambda n: ngettext("%(n)d tuần trước", "%(n)d tuần trước", n)),
    (86400, lambda n: ngettext("%(n)d ngày trước", "%(n)d ngày trước", n)),
    (3600, lambda n: ngettext("%(n)d giờ trước", "%(n)d giờ trước", n)),
    (60, lambda n: ngettext("%(n)d phút trước", "%(n)d phút trước", n)),
)


def format_age(value, now: dt.datetime | None = None) -> str:
    """How long ago, in the largest whole unit: '2 phút trước' / '2 minutes ago'; <1 min 'vừa xong'."""
    if not value:
        return ""
    seconds = int(((now or timezone.now()) - value).total_seconds())
    for size, phrase in _AGE_UNITS:
        if seconds >= size:
            count = seconds // size
            return phrase(count) % {"n": count}
    return pgettext("age", "vừa xong")


def display_name(obj) -> str:
    """A named thing (organisation, product, province) in the active language: `name_en` in English when
    it has one, else its Vietnamese `name`. The one place that chooses between them."""
    if obj is None:
        return ""
    if is_english():
        english = getattr(obj, "name_en", "")
        if english:
            return english
    return getattr(obj, "name", "") or str(obj)
