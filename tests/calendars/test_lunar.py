import datetime as dt

import pytest

from calendars.lunar import (
    InvalidLunarDate,
    LunarDate,
    lunar_months_window,
    lunar_to_solar,
    solar_to_lunar,
    tet,
)


@pytest.mark.parametrize(
    "year, day",
    [
        (2022, dt.date(2022, 2, 1)),
        (2023, dt.date(2023, 1, 22)),
        (2024, dt.date(2024, 2, 10)),
        (2025, dt.date(2025, 1, 29)),
        (2026, dt.date(2026, 2, 17)),
        (2027, dt.date(2027, 2, 6)),
    ],
)
def test_tet_falls_on_the_known_dates(year, day):
    assert tet(year) == day


def test_vietnam_reckons_at_utc_plus_7_not_china_s_utc_plus_8():
    """Tết 1985: Vietnam 21 January, China 20 February (the textbook difference)."""
    assert tet(1985) == dt.date(1985, 1, 21)
    assert lunar_to_solar(1985, 1, 1, tz=8) == dt.date(1985, 2, 20)


def test_mid_autumn_festival_2022_and_2026():
    assert lunar_to_solar(2022, 8, 15) == dt.date(2022, 9, 10)
    assert lunar_to_solar(2026, 8, 15) == dt.date(2026, 9, 25)


def test_leap_second_month_of_2023_is_found():
    assert lunar_to_solar(2023, 2, 1, leap=True) == dt.date(2023, 3, 22)
    assert lunar_to_solar(2023, 3, 1) == dt.date(2023, 4, 20)
    assert solar_to_lunar(dt.date(2023, 3, 22)) == LunarDate(2023, 2, 1, leap=True)


def test_a_leap_month_that_does_not_exist_is_refused():
    with pytest.raises(InvalidLunarDate, match="không có tháng 5 nhuận"):
        lunar_to_solar(2023, 5, 1, leap=True)
    with pytest.raises(InvalidLunarDate, match="không có tháng nhuận"):
        lunar_to_solar(2022, 5, 1, leap=True)


def test_solar_to_lunar_inverts_lunar_to_solar_over_several_years():
    day = dt.date(2021, 12, 1)
    while day < dt.date(2027, 3, 1):
        lunar = solar_to_lunar(day)
        assert lunar_to_solar(lunar.year, lunar.month, lunar.day, leap=lunar.leap) == day
        day += dt.timedelta(days=13)


def test_the_day_before_tet_belongs_to_the_old_lunar_year():
    assert solar_to_lunar(dt.date(2026, 2, 16)) == LunarDate(2025, 12, 29)


def test_lunar_7_to_8_of_2022_and_2026():
    assert lunar_months_window(2022, 7, 8) == (dt.date(2022, 7, 29), dt.date(2022, 9, 25))
    assert lunar_months_window(2026, 7, 8) == (dt.date(2026, 8, 13), dt.date(2026, 10, 9))


def test_a_window_running_into_the_next_lunar_year_ends_before_its_month_after():
    start, end = lunar_months_window(2022, 11, 4)
    assert start == dt.date(2022, 11, 24)
    assert end == lunar_to_solar(2023, 5, 1) - dt.timedelta(days=1)


def test_a_window_ending_in_month_12_ends_on_the_eve_of_tet():
    assert lunar_months_window(2022, 9, 12)[1] == dt.date(2023, 1, 21)
    assert lunar_months_window(2025, 12, 12)[1] == dt.date(2026, 2, 16)
