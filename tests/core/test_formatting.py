"""People see vi-VN numbers, labelled weeks and Vietnamese ages; English switches the separators."""

import datetime as dt

from django.utils import translation

from accounts.models import Membership, Role
from core import formatting


def test_numbers_and_money_use_vietnamese_separators():
    assert formatting.number(12480) == "12.480"
    assert formatting.number(1234567.5) == "1.234.567,5"
    assert formatting.money(9600) == "9.600 đ"
    assert formatting.number(None) == "–"


def test_numbers_use_english_separators_in_english():
    with translation.override("en"):
        assert formatting.number(12480) == "12,480"


def test_a_week_is_named_with_its_days():
    assert formatting.week_label("2026-W47") == "Tuần 47/2026 (16–22/11)"
    assert formatting.week_label((2026, 49)) == "Tuần 49/2026 (30/11–6/12)"
    assert formatting.week_label("not a week") == "not a week"


def test_a_month_is_named():
    assert formatting.month_label("2026-01") == "Tháng 1/2026"


def test_dates_and_times_are_day_first_in_vietnam_time():
    moment = dt.datetime(2026, 12, 12, 22, 4, tzinfo=dt.UTC)  # 05:04 on the 13th in Hà Nội
    assert formatting.datetime(moment) == "13/12/2026 05:04"
    assert formatting.date(dt.date(2026, 3, 1)) == "01/03/2026"


def test_ages_are_said_in_vietnamese():
    now = dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC)
    assert formatting.age(now - dt.timedelta(minutes=2), now) == "2 phút"
    assert formatting.age(now - dt.timedelta(days=3, hours=2), now) == "3 ngày 2 giờ"
    assert formatting.age(now - dt.timedelta(seconds=5), now) == "vừa xong"
    assert formatting.age(now - dt.timedelta(days=8, hours=2), now) == "8 ngày"  # from a week on, days alone


def test_a_span_ahead_is_said_in_the_same_words():
    assert formatting.duration(dt.timedelta(days=1, hours=6, minutes=59)) == "1 ngày 6 giờ"
    assert formatting.duration(dt.timedelta(hours=5, minutes=3)) == "5 giờ"
    assert formatting.duration(dt.timedelta(seconds=30)) == "0 phút"
    assert formatting.duration(dt.timedelta(hours=-1)) == "0 phút"


def test_choices_show_their_label_not_their_code():
    membership = Membership(role=Role.APPROVER)
    assert formatting.choice_label(membership, "role") == "Phê duyệt"
