"""The Vietnamese lunisolar calendar (âm lịch), computed for UTC+7.

This is Hồ Ngọc Đức's published algorithm (new moons after Jean Meeus, "Astronomical Algorithms"), the
one Vietnamese calendars are printed from. The time zone matters: Vietnam reckons new moons and solar
terms at UTC+7 while China uses UTC+8, so in some years the two calendars differ by a day or a month
(Tết 1985 is the well-known case: Vietnam 1985-01-21, China 1985-02-20). Chinese-calendar libraries are
therefore not used. Checked against known Tết dates in tests/calendars/test_lunar.py.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

VN_TZ_HOURS = 7.0
_JD_OFFSET = 1721425  # Julian day number minus date.toordinal()
_SYNODIC_MONTH = 29.530588853
_K_EPOCH = 2415021.076998695  # Julian day of the new moon of 1900-01-01, the origin of k


class InvalidLunarDate(ValueError):
    """A lunar date that does not exist (e.g. a leap month in a year without it)."""


@dataclass(frozen=True)
class LunarDate:
    year: int
    month: int
    day: int
    leap: bool = False


def _jd(day: dt.date) -> int:
    return day.toordinal() + _JD_OFFSET


def _date(jd: int) -> dt.date:
    return dt.date.fromordinal(jd - _JD_OFFSET)


def _new_moon(k: int) -> float:
    """Julian day (UT, fractional) of the k-th new moon after 1900-01-01."""
    t = k / 1236.85
    t2, t3 = t * t, t * t * t
    dr = math.pi / 180
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
    m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
    mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
    f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
    c1 = (0.1734 - 0.000393 * t) * math.sin(m * dr) + 0.0021 * math.sin(2 * dr * m)
    c1 += -0.4068 * math.sin(mpr * dr) + 0.0161 * math.sin(dr * 2 * mpr) - 0.0004 * math.sin(dr * 3 * mpr)
    c1 += 0.0104 * math.sin(dr * 2 * f) - 0.0051 * math.sin(dr * (m + mpr))
    c1 += -0.0074 * math.sin(dr * (m - mpr)) + 0.0004 * math.sin(dr * (2 * f + m))
    c1 += -0.0004 * math.sin(dr * (2 * f - m)) - 0.0006 * math.sin(dr * (2 * f + mpr))
    c1 += 0.0010 * math.sin(dr * (2 * f - mpr)) + 0.0005 * math.sin(dr * (2 * mpr + m))
    if t < -11:
        delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    return jd1 + c1 - delta_t


def _new_moon_day(k: int, tz: float) -> int:
    """Julian day number of the local day on which the k-th new moon falls."""
    return math.floor(_new_moon(k) + 0.5 + tz / 24)


def _sun_longitude_sector(jdn: int, tz: float) -> int:
    """Which 30° sector (0-11) the sun's longitude is in at local midnight starting day `jdn`."""
    t = (jdn - 0.5 - tz / 24 - 2451545.0) / 36525
    t2 = t * t
    dr = math.pi / 180
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(dr * m)
    dl += (0.019993 - 0.000101 * t) * math.sin(dr * 2 * m) + 0.000290 * math.sin(dr * 3 * m)
    longitude = (l0 + dl) * dr
    longitude -= 2 * math.pi * math.floor(longitude / (2 * math.pi))
    return math.floor(longitude / math.pi * 6)


def _month_11(year: int, tz: float) -> int:
    """Julian day of the start of lunar month 11 (the month holding the winter solstice) of `year`."""
    off = _jd(dt.date(year, 12, 31)) - 2415021
    k = math.floor(off / _SYNODIC_MONTH)
    nm = _new_moon_day(k, tz)
    if _sun_longitude_sector(nm, tz) >= 9:
        nm = _new_moon_day(k - 1, tz)
    return nm


def _leap_month_offset(a11: int, tz: float) -> int:
    """Offset from month 11 of the first month without a major solar term (the leap month)."""
    k = math.floor((a11 - _K_EPOCH) / _SYNODIC_MONTH + 0.5)
    i = 1
    arc = _sun_longitude_sector(_new_moon_day(k + i, tz), tz)
    while True:
        last = arc
        i += 1
        arc = _sun_longitude_sector(_new_moon_day(k + i, tz), tz)
        if arc == last or i >= 14:
            return i - 1


def lunar_to_solar(
    year: int, month: int, day: int, *, leap: bool = False, tz: float = VN_TZ_HOURS
) -> dt.date:
    """The solar date of a Vietnamese lunar date."""
    if not 1 <= month <= 12 or not 1 <= day <= 30:
        raise InvalidLunarDate(
            _("Ngày âm lịch %(d)s/%(m)s/%(y)s không hợp lệ.") % {"d": day, "m": month, "y": year}
        )
    if month < 11:
        a11, b11 = _month_11(year - 1, tz), _month_11(year, tz)
    else:
        a11, b11 = _month_11(year, tz), _month_11(year + 1, tz)
    k = math.floor(0.5 + (a11 - _K_EPOCH) / _SYNODIC_MONTH)
    off = (month - 11) % 12
    if b11 - a11 > 365:
        leap_off = _leap_month_offset(a11, tz)
        leap_month = (leap_off - 2) % 12
        if leap and month != leap_month:
            raise InvalidLunarDate(
                _("Năm âm lịch %(y)s không có tháng %(m)s nhuận.") % {"y": year, "m": month}
            )
        if leap or off >= leap_off:
            off += 1
    elif leap:
        raise InvalidLunarDate(_("Năm âm lịch %(y)s không có tháng nhuận.") % {"y": year})
    return _date(_new_moon_day(k + off, tz) + day - 1)


def solar_to_lunar(day: dt.date, *, tz: float = VN_TZ_HOURS) -> LunarDate:
    """The Vietnamese lunar date of a solar date."""
    jdn = _jd(day)
    k = math.floor((jdn - _K_EPOCH) / _SYNODIC_MONTH)
    month_start = _new_moon_day(k + 1, tz)
    if month_start > jdn:
        month_start = _new_moon_day(k, tz)
    a11 = _month_11(day.year, tz)
    b11 = a11
    if a11 >= month_start:
        lunar_year = day.year
        a11 = _month_11(day.year - 1, tz)
    else:
        lunar_year = day.year + 1
        b11 = _month_11(day.year + 1, tz)
    lunar_day = jdn - month_start + 1
    diff = math.floor((month_start - a11) / 29)
    leap = False
    lunar_month = diff + 11
    if b11 - a11 > 365:
        leap_diff = _leap_month_offset(a11, tz)
        if diff >= leap_diff:
            lunar_month = diff + 10
            leap = diff == leap_diff
    if lunar_month > 12:
        lunar_month -= 12
    if lunar_month >= 11 and diff < 4:
        lunar_year -= 1
    return LunarDate(lunar_year, lunar_month, lunar_day, leap)


def tet(year: int) -> dt.date:
    """Lunar New Year's day (mùng 1 Tết) of the lunar year that starts in solar `year`."""
    return lunar_to_solar(year, 1, 1)


def lunar_months_window(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    """Solar first and last day of lunar months first..last of lunar `year`.

    `last < first` runs into the next lunar year (e.g. 11-4). A leap month inside the window is included,
    since the window ends the day before the (regular) month after `last` begins.
    """
    start = lunar_to_solar(year, first, 1)
    end_year = year + 1 if last < first else year
    after_year, after_month = (end_year + 1, 1) if last == 12 else (end_year, last + 1)
    return start, lunar_to_solar(after_year, after_month, 1) - dt.timedelta(days=1)
