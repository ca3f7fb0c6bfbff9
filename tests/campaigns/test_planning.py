import datetime as dt

import pytest

from calendars.models import Season
from campaigns.planning import in_tet_week, parse_lunar_months, season_windows, tet_holiday
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "note, months",
    [
        ("lunar 7-8", (7, 8)),
        ("lunar 8", (8, 8)),
        ("lunar 9 to Tết", (9, 12)),
        ("lunar 11-4 main; year-round", (11, 4)),
        ("solar", None),
        ("lunar thirteen", None),
        ("lunar 13-2", None),
    ],
)
def test_lunar_notes_are_read(note, months):
    assert parse_lunar_months(note) == months


def test_a_solar_season_runs_from_the_first_to_the_last_day_of_its_months():
    (window,) = season_windows(factories.season("Vải thiều Lục Ngạn", "24"), 2022)
    assert (window.start, window.end, window.slot) == (dt.date(2022, 6, 1), dt.date(2022, 7, 31), 0)


def test_a_season_across_the_new_year_starts_in_the_planned_year_and_ends_in_the_next():
    season = Season.objects.filter(calendar="solar", start_month=11, end_month=1).first()
    (window,) = season_windows(season, 2022)
    assert (window.start, window.end) == (dt.date(2022, 11, 1), dt.date(2023, 1, 31))


def test_a_year_round_product_gets_one_standing_wave_per_quarter():
    windows = season_windows(factories.season("Cua Cà Mau", "96"), 2026)
    assert [(w.slot, w.start, w.end) for w in windows] == [
        (1, dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        (2, dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        (3, dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        (4, dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
    ]


def test_lunar_seasons_are_converted_for_2022_and_2026():
    longan = factories.season("Nhãn lồng Hưng Yên", "33")  # lunar 6-7: the main harvest is solar July–August
    assert [(w.start, w.end) for w in season_windows(longan, 2022)] == [
        (dt.date(2022, 6, 29), dt.date(2022, 8, 26))
    ]
    assert [(w.start, w.end) for w in season_windows(longan, 2026)] == [
        (dt.date(2026, 7, 14), dt.date(2026, 9, 10))
    ]
    orange = factories.season("Cam bù Hương Sơn", "42")  # lunar 12: the month before Tết
    assert [(w.start, w.end) for w in season_windows(orange, 2025)] == [
        (dt.date(2026, 1, 19), dt.date(2026, 2, 16))
    ]


def test_an_unreadable_lunar_note_falls_back_to_the_solar_months_and_says_so():
    season = factories.season("Nhãn lồng Hưng Yên", "33")
    season.calendar_note = "lunar, ask the cooperative"
    (window,) = season_windows(season, 2022)
    assert (window.start, window.end) == (dt.date(2022, 7, 1), dt.date(2022, 8, 31))
    assert window.solar_fallback and "dùng tháng dương lịch" in window.note


def test_a_readable_lunar_note_is_no_fallback():
    season = factories.season("Nhãn lồng Hưng Yên", "33")
    season.calendar_note = "lunar 6-7"
    (window,) = season_windows(season, 2022)
    assert not window.solar_fallback


def test_the_tet_holiday_week_runs_from_new_year_s_eve_to_the_fifth():
    assert tet_holiday(2026) == (dt.date(2026, 2, 16), dt.date(2026, 2, 22))
    assert in_tet_week(dt.date(2026, 2, 17)) and in_tet_week(dt.date(2026, 2, 22))
    assert not in_tet_week(dt.date(2026, 2, 23)) and not in_tet_week(dt.date(2026, 2, 15))
