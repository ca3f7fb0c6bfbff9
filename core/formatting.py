"""How people see numbers, money, weeks and dates: one module, so every page and export says them alike.

Vietnamese first ("12.480", "9.600 đ", "Tuần 47/2026 (17–23/11)", "13/12/2026 05:04"); English uses the
English separators. Codes never reach a page: choices go by their label, organisations by their name.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def _english() -> bool:
    return (translation.get_language() or "vi").startswith("en")


def number(value) -> str:
    """12480 → "12.480" (vi) or "12,480" (en); None → "–"; decimals keep one place."""
    if value is None or value == "":
        return "–"
    try:
        value = float(value) if not isinstance(value, int) else value
    except (TypeError, ValueError):
        return str(value)
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.1f}"
    else:
        text = f"{int(value):,}"
    if _english():
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def money(value) -> str:
    """VND: 9600 → "9.600 đ"."""
    if value is None or value == "":
        return "–"
    return f"{number(value)} đ"


def percent(value) -> str:
    """0.754 or 75.4 → "75,4%" (a ratio ≤ 1 is taken as a fraction)."""
    if value is None:
        return "–"
    value = float(value)
    if abs(value) <= 1:
        value *= 100
    return f"{number(round(value, 1))}%"


def week_parts(week) -> tuple[int, int] | None:
    """(year, week) from an IsoWeek-like object, a (year, week) pair or an ISO string "2026-W47"."""
    if isinstance(week, tuple | list) and len(week) == 2:
        return int(week[0]), int(week[1])
    if hasattr(week, "year") and hasattr(week, "week"):
        return int(week.year), int(week.week)
    match = _WEEK.match(str(week or ""))
    return (int(match[1]), int(match[2])) if match else None


def week_label(week) -> str:
    """ "2026-W47" → "Tuần 47/2026 (16–22/11)"; across a month "Tuần 49/2026 (30/11–6/12)"."""
    parts = week_parts(week)
    if parts is None:
        return str(week or "–")
    year, number_ = parts
    try:
        monday = dt.date.fromisocalendar(year, number_, 1)
    except ValueError:
        return str(week)
    sunday = monday + dt.timedelta(days=6)
    if monday.month == sunday.month:
        span = f"{monday.day}–{sunday.day}/{sunday.month}"
    else:
        span = f"{monday.day}/{monday.month}–{sunday.day}/{sunday.month}"
    return _("Tuần %(week)s/%(year)s (%(span)s)") % {"week": number_, "year": year, "span": span}


def month_label(value) -> str:
    """ "2026-01" → "Tháng 1/2026"."""
    match = re.match(r"^(\d{4})-(\d{2})$", str(value or ""))
    if not match:
        return str(value or "–")
    return _("Tháng %(month)s/%(year)s") % {"month": int(match[2]), "year": match[1]}


def date(value) -> str:
    """A date as "13/12/2026"."""
    if value is None:
        return "–"
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def datetime(value) -> str:
    """A moment in Vietnam's time as "13/12/2026 05:04"."""
    if value is None:
        return "–"
    if not isinstance(value, dt.datetime):
        return date(value)
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{date(local)} {local.hour:02d}:{local.minute:02d}"


def choice_label(obj, field: str) -> str:
    """The label of a choice field (`get_FOO_display`), never its code."""
    display = getattr(obj, f"get_{field}_display", None)
    if display is not None:
        return str(display())
    return str(getattr(obj, field, "") or "")


def organisation_name(org) -> str:
    """An organisation by its name (its English name in English, when it has one)."""
    if org is None:
        return "–"
    if _english() and getattr(org, "name_en", ""):
        return org.name_en
    return getattr(org, "name", None) or str(org)


def age(value, now: dt.datetime | None = None) -> str:
    """How long ago, in the page's language: "3 ngày 2 giờ", "5 phút", "vừa xong"."""
    if value is None:
        return "–"
    seconds = int(((now or timezone.now()) - value).total_seconds())
    if seconds < 60:
        return _("vừa xong")
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if days:
        rest = hours - days * 24
        text = ngettext("%(n)s ngày", "%(n)s ngày", days) % {"n": days}
        if rest and days < 7:
            text += " " + ngettext("%(n)s giờ", "%(n)s giờ", rest) % {"n": rest}
        return text
    if hours:
        return ngettext("%(n)s giờ", "%(n)s giờ", hours) % {"n": hours}
    return ngettext("%(n)s phút", "%(n)s phút", minutes) % {"n": minutes}
