import datetime as dt

import pytest

from calendars.weeks import (
    LOCAL_TZ,
    InvalidWeek,
    IsoWeek,
    parse_week,
    week_of,
    weeks_between,
    weeks_in_year,
    weeks_of_month,
    weeks_of_quarter,
)


@pytest.mark.parametrize(
    ("day", "week"),
    [
        (dt.date(2021, 1, 3), "2020-W53"),  # a Sunday in January belongs to the previous ISO year
        (dt.date(2022, 1, 2), "2021-W52"),
        (dt.date(2022, 1, 3), "2022-W01"),
        (dt.date(2022, 3, 1), "2022-W09"),
        (dt.date(2024, 12, 30), "2025-W01"),  # a Monday in December belongs to the next ISO year
        (dt.date(2026, 12, 31), "2026-W53"),
    ],
)
def test_week_of_a_date_follows_its_thursday(day, week):
    assert str(week_of(day)) == week


@pytest.mark.parametrize(("year", "count"), [(2020, 53), (2021, 52), (2022, 52), (2026, 53), (2015, 53)])
def test_weeks_in_year(year, count):
    assert weeks_in_year(year) == count


def test_week_of_an_aware_datetime_uses_vietnam_time():
    # Sunday 2022-03-06 18:00 UTC is already Monday 01:00 in Hà Nội: week 10, not 9.
    moment = dt.datetime(2022, 3, 6, 18, 0, tzinfo=dt.UTC)
    assert str(week_of(moment)) == "2022-W10"
    with pytest.raises(ValueError, match="aware"):
        week_of(dt.datetime(2022, 3, 6, 18, 0))


@pytest.mark.parametrize(
    "text", ["2022-W09", "2022W09", "2022-w9", " 2022-W09 ", "Tuần 09/2022", "tuần 9/2022"]
)
def test_parse_accepts_data_and_screen_forms(text):
    assert parse_week(text) == IsoWeek(2022, 9)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2022-W54", "52 tuần"),
        ("2021-W53", "52 tuần"),
        ("2022-W00", "không có tuần 0"),
        ("abc", "không phải tuần ISO"),
        ("2022-09", "không phải tuần ISO"),
    ],
)
def test_parse_refuses_weeks_that_do_not_exist(text, reason):
    with pytest.raises(InvalidWeek, match=reason):
        parse_week(text)


def test_format_and_screen_label():
    week = IsoWeek(2022, 9)
    assert str(week) == "2022-W09"
    assert week.label_vi == "Tuần 09/2022"


def test_week_bounds_are_local_midnights():
    week = parse_week("2022-W09")
    assert week.start == dt.datetime(2022, 2, 28, tzinfo=LOCAL_TZ)
    assert week.end == dt.datetime(2022, 3, 7, tzinfo=LOCAL_TZ)
    assert week.start.utcoffset() == dt.timedelta(hours=7)
    assert week.start.astimezone(dt.UTC) == dt.datetime(2022, 2, 27, 17, 0, tzinfo=dt.UTC)


def test_months_and_quarters_of_a_week_spanning_two_months():
    week = parse_week("2022-W09")  # Mon 28 Feb – Sun 6 Mar, Thursday 3 Mar
    assert week.month == (2022, 3)
    assert week.months_touched() == [(2022, 2), (2022, 3)]
    assert week.quarter == (2022, 1)
    year_end = parse_week("2020-W53")  # Mon 28 Dec 2020 – Sun 3 Jan 2021
    assert year_end.quarters_touched() == [(2020, 4), (2021, 1)]
    assert year_end.quarter == (2020, 4)


def test_shifting_crosses_year_boundaries():
    assert str(parse_week("2020-W53").next()) == "2021-W01"
    assert str(parse_week("2022-W01").previous()) == "2021-W52"
    assert [str(w) for w in weeks_between(parse_week("2020-W52"), parse_week("2021-W02"))] == [
        "2020-W52",
        "2020-W53",
        "2021-W01",
        "2021-W02",
    ]


def test_weeks_of_months_and_quarters_partition_the_year():
    all_weeks = [w for m in range(1, 13) for w in weeks_of_month(2026, m)]
    assert len(all_weeks) == 53 == len(set(all_weeks))
    assert sum(len(weeks_of_quarter(2022, q)) for q in range(1, 5)) == 52
    assert str(weeks_of_month(2022, 3)[0]) == "2022-W09"
