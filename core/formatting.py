"""How people see numbers, money, weeks, dates, ages and names, in the active language (vi, or en).

One module for every locale rule, so every page, export, email and notification says them alike: templates
reach it through the `mua` filters (core/templatetags/mua.py), Python calls it directly. Vietnamese first
("12.480", "9.600 đ", "Tuần 47/2026 (16–22/11)", "13/12/2026 05:04", "2 phút trước"); English says
"12,480", "9,600 VND", "Week 47/2026 (16–22 Nov)", "13 Dec 2026, 05:04", "2 minutes ago". Codes never
reach a person: choices go by their label, named things by their name (`name_en` in English).
Nothing here reads Django's locale formats, so a value reads the same on every page of one language.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

EMPTY = "–"
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# The data form of a week ('2026-W47'); calendars.weeks parses every form, but core imports no app.
_WEEK = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)
_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def english() -> bool:
    return (translation.get_language() or "vi").split("-")[0] == "en"


# Numbers and money -----------------------------------------------------------------------------------


def number(value, decimals: int | None = None) -> str:
    """12480 → '12.480' (vi) / '12,480' (en); a fraction keeps one place ('1.234,5'); None → '–'."""
    if value is None or value == "":
        return EMPTY
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if decimals is None:
        decimals = 0 if amount == amount.to_integral_value() else 1
    text = f"{amount:,.{decimals}f}"
    if english():
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def money(value) -> str:
    """Money is VND integers: 9600 → '9.600 đ' (vi) / '9,600 VND' (en)."""
    if value is None or value == "":
        return EMPTY
    return f"{number(int(value))} VND" if english() else f"{number(int(value))} đ"


def percent(value) -> str:
    """0.754 or 75.4 → '75,4%' (vi) / '75.4%' (en); a value up to 1 is taken as a fraction."""
    if value is None or value == "":
        return EMPTY
    value = float(value)
    if abs(value) <= 1:
        value *= 100
    return f"{number(round(value, 1))}%"


# Weeks, months, dates ---------------------------------------------------------------------------------


def week_parts(week) -> tuple[int, int] | None:
    """(year, week) from an IsoWeek-like object, a (year, week) pair or an ISO string '2026-W47'."""
    if isinstance(week, tuple | list) and len(week) == 2:
        return int(week[0]), int(week[1])
    if hasattr(week, "year") and hasattr(week, "week"):
        return int(week.year), int(week.week)
    match = _WEEK.match(str(week or ""))
    return (int(match[1]), int(match[2])) if match else None


def _day_month(day: dt.date) -> str:
    return f"{day.day} {EN_MONTHS[day.month - 1]}" if english() else f"{day.day}/{day.month}"


def day_span(first: dt.date, last: dt.date) -> str:
    """'16–22/11' (vi) / '16–22 Nov' (en); across a month end '30/11–6/12' / '30 Nov–6 Dec'."""
    if first.month == last.month:
        tail = f" {EN_MONTHS[last.month - 1]}" if english() else f"/{last.month}"
        return f"{first.day}–{last.day}{tail}"
    return f"{_day_month(first)}–{_day_month(last)}"


def week_label(week, *, with_days: bool = True) -> str:
    """'2026-W47', (2026, 47) or an IsoWeek → 'Tuần 47/2026 (16–22/11)' / 'Week 47/2026 (16–22 Nov)'."""
    parts = week_parts(week)
    if parts is None:
        return EMPTY if week is None else str(week)
    year, number_ = parts
    try:
        monday = dt.date.fromisocalendar(year, number_, 1)
    except ValueError:
        return str(week)
    label = _("Tuần %(week)s/%(year)s") % {"week": number_, "year": year}
    if not with_days:
        return label
    return f"{label} ({day_span(monday, monday + dt.timedelta(days=6))})"


def month_label(value) -> str:
    """'2026-01' or (2026, 1) → 'Tháng 1/2026' (vi) / 'January 2026' (en)."""
    if isinstance(value, tuple | list) and len(value) == 2:
        year, month = int(value[0]), int(value[1])
    else:
        match = _MONTH.match(str(value or ""))
        if not match or not 1 <= int(match[2]) <= 12:
            return EMPTY if value is None else str(value)
        year, month = int(match[1]), int(match[2])
    if english():
        return f"{dt.date(year, month, 1):%B} {year}"
    return _("Tháng %(month)s/%(year)s") % {"month": month, "year": year}


def quarter_label(year: int, quarter: int) -> str:
    """'Quý 2/2026' (vi) / 'Q2 2026' (en)."""
    return _("Quý %(quarter)d/%(year)d") % {"quarter": quarter, "year": year}


def _local(value):
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def date(value) -> str:
    """A date (or the local date of a moment): '13/12/2026' (vi) / '13 Dec 2026' (en)."""
    if value is None or value == "":
        return EMPTY
    day = _local(value)
    if english():
        return f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}"
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def datetime(value) -> str:
    """A moment in Vietnam's time: '13/12/2026 05:04' (vi) / '13 Dec 2026, 05:04' (en)."""
    if value is None or value == "":
        return EMPTY
    if not isinstance(value, dt.datetime):
        return date(value)
    local = _local(value)
    return f"{date(local)}{', ' if english() else ' '}{local:%H:%M}"


# Ages ---------------------------------------------------------------------------------------------------


def _days(n: int) -> str:
    return ngettext("%(n)s ngày", "%(n)s ngày", n) % {"n": n}


def _hours(n: int) -> str:
    return ngettext("%(n)s giờ", "%(n)s giờ", n) % {"n": n}


def _minutes(n: int) -> str:
    return ngettext("%(n)s phút", "%(n)s phút", n) % {"n": n}


def duration(delta: dt.timedelta) -> str:
    """A span in words, to the minute: '3 ngày 2 giờ', '5 phút', days alone from a week on (en '3 days 2
    hours', ...). A negative span counts as none."""
    minutes = max(0, int(delta.total_seconds()) // 60)
    hours, days = minutes // 60, minutes // 1440
    if days:
        rest = hours - days * 24
        return f"{_days(days)} {_hours(rest)}" if rest and days < 7 else _days(days)
    return _hours(hours) if hours else _minutes(minutes)


def age(value, now: dt.datetime | None = None) -> str:
    """How long something has waited: '3 ngày 2 giờ', '5 phút', 'vừa xong' (en '3 days 2 hours', ...)."""
    if value is None:
        return EMPTY
    waited = (now or timezone.now()) - value
    if waited.total_seconds() < 60:
        return pgettext("age", "vừa xong")
    return duration(waited)


_AGO_UNITS = (
    (365 * 86400, lambda n: ngettext("%(n)d năm trước", "%(n)d năm trước", n)),
    (30 * 86400, lambda n: ngettext("%(n)d tháng trước", "%(n)d tháng trước", n)),
    (7 * 86400, lambda n: ngettext("%(n)d tuần trước", "%(n)d tuần trước", n)),
    (86400, lambda n: ngettext("%(n)d ngày trước", "%(n)d ngày trước", n)),
    (3600, lambda n: ngettext("%(n)d giờ trước", "%(n)d giờ trước", n)),
    (60, lambda n: ngettext("%(n)d phút trước", "%(n)d phút trước", n)),
)


def ago(value, now: dt.datetime | None = None) -> str:
    """When, relative to now, in the largest whole unit: '2 phút trước' / '2 minutes ago'."""
    if value is None:
        return EMPTY
    seconds = int(((now or timezone.now()) - value).total_seconds())
    for size, phrase in _AGO_UNITS:
        if seconds >= size:
            count = seconds // size
            return phrase(count) % {"n": count}
    return pgettext("age", "vừa xong")


# Labels and names ---------------------------------------------------------------------------------------


def choice_label(obj, field: str) -> str:
    """The label of a choice field (`get_FOO_display`), never its code."""
    display = getattr(obj, f"get_{field}_display", None)
    if display is not None:
        return str(display())
    return str(getattr(obj, field, "") or "")


def display_name(obj) -> str:
    """A named thing (organisation, product, province) in the active language: `name_en` in English when
    it has one, else its Vietnamese `name`. The one place that chooses between them."""
    if obj is None:
        return EMPTY
    if english():
        english_name = getattr(obj, "name_en", "")
        if english_name:
            return english_name
    return getattr(obj, "name", None) or str(obj)


# An organisation is shown by its name: the same rule (kept under the name the templates use).
organisation_name = display_name
