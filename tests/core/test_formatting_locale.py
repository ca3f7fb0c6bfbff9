"""One module formats weeks, dates, numbers, money, ages and names, in Vietnamese and in English."""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from core import formatting as f

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(params=["vi", "en"])
def lang(request):
    with translation.override(request.param):
        yield request.param


def test_weeks_are_shown_with_their_days(lang):
    expected = {"vi": "Tuần 47/2026 (16–22/11)", "en": "Week 47/2026 (16–22 Nov)"}
    assert f.week_label("2026-W47") == expected[lang]
    assert f.week_label((2026, 47)) == expected[lang]
    across = {"vi": "Tuần 1/2026 (29/12–4/1)", "en": "Week 1/2026 (29 Dec–4 Jan)"}
    assert f.week_label("2026-W01") == across[lang]
    assert f.month_label("2026-01") == {"vi": "Tháng 1/2026", "en": "January 2026"}[lang]


def test_numbers_and_money_use_the_languages_separators(lang):
    assert f.number(104000) == {"vi": "104.000", "en": "104,000"}[lang]
    assert f.number(1234.56) == {"vi": "1.234,6", "en": "1,234.6"}[lang]
    assert f.money(9600) == {"vi": "9.600 đ", "en": "9,600 VND"}[lang]
    assert f.percent(0.256) == {"vi": "25,6%", "en": "25.6%"}[lang]
    assert f.number(None) == "–"


def test_dates_are_local_and_readable(lang):
    moment = dt.datetime(2026, 12, 12, 22, 4, tzinfo=dt.UTC)  # 05:04 on the 13th in Hanoi
    assert f.datetime(moment) == {"vi": "13/12/2026 05:04", "en": "13 Dec 2026, 05:04"}[lang]
    assert f.date(dt.date(2026, 1, 5)) == {"vi": "05/01/2026", "en": "5 Jan 2026"}[lang]


def test_ages_and_relative_times_are_translated(lang):
    now = dt.datetime(2026, 11, 29, 8, 0, tzinfo=HCM)
    assert (
        f.ago(now - dt.timedelta(minutes=2, seconds=5), now)
        == {"vi": "2 phút trước", "en": "2 minutes ago"}[lang]
    )
    assert f.ago(now - dt.timedelta(hours=1), now) == {"vi": "1 giờ trước", "en": "1 hour ago"}[lang]
    assert f.ago(now - dt.timedelta(seconds=20), now) == {"vi": "vừa xong", "en": "just now"}[lang]
    waited = f.age(now - dt.timedelta(days=3, hours=2), now)
    assert waited == {"vi": "3 ngày 2 giờ", "en": "3 days 2 hours"}[lang]


def test_names_are_english_when_they_have_one(lang):
    org = SimpleNamespace(name="Tổng công ty Bưu điện Việt Nam", name_en="Vietnam Post Corporation")
    bare = SimpleNamespace(name="Hợp tác xã Lục Ngạn", name_en="")
    assert f.display_name(org) == {"vi": org.name, "en": org.name_en}[lang]
    assert f.display_name(bare) == bare.name


def test_the_template_filters_are_the_same_rules(lang):
    html = Template("{% load mua %}{{ w|week }} · {{ n|money }} · {{ o|name }}").render(
        Context({"w": "2026-W47", "n": 12480, "o": SimpleNamespace(name="Sở", name_en="DIC")})
    )
    expected = {
        "vi": "Tuần 47/2026 (16–22/11) · 12.480 đ · Sở",
        "en": "Week 47/2026 (16–22 Nov) · 12,480 VND · DIC",
    }
    assert html == expected[lang]
