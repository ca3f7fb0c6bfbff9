"""Issue 17, gap 1: the plan's progress reads reports' Target rows (metric = indicator code) with their
history; a target changed mid-year applies from its date, and progress agrees with reports' own reads."""

import datetime as dt

import pytest

from accounts.models import Role
from calendars.weeks import parse_week
from core.errors import DomainError
from plan.models import Indicator, PlanEdition
from plan.selectors import plan_progress, province_get
from plan.services import indicator_save
from reports import rollups
from reports import selectors as reports_sel
from reports.models import Target
from reports.services import target_set
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def department():
    user = factories.user(org=factories.postal_department(), role=Role.EDITOR)
    return factories.actor(user)


def rows(**kwargs):
    edition = PlanEdition.objects.get(code="2022")
    return {r.indicator.code: r for r in plan_progress(edition=edition, **kwargs)}


def change_from(department, metric: str, day: dt.date, minimum: int, **lookup):
    """A target changed mid-year: the row in force ends the day before, a new one starts on `day`."""
    old = Target.objects.get(metric=metric, active_from__lte=day, active_until__gte=day, **lookup)
    until = old.active_until
    target_set(actor=department, target=old, active_until=day - dt.timedelta(days=1))
    values = {k: getattr(old, k) for k in ("scope", "organisation_kind", "period", "label")}
    return target_set(
        actor=department,
        metric=metric,
        minimum=minimum,
        active_from=day,
        active_until=until,
        organisation=old.organisation,
        province=old.province,
        **values,
    )


def test_news_items_target_raised_in_july_applies_from_its_date_as_the_weekly_tally_reads_it(department):
    change_from(department, "news_items", dt.date(2022, 7, 1), 3, label__startswith="Ít nhất 2")
    for period, first, last in (("2022-Q2", 14, 26), ("2022-Q3", 27, 39), ("2022", 1, 52)):
        row = rows(period=period, as_of=dt.date(2022, 12, 31))["news_items"]
        weeks = parse_week(f"2022-W{first:02d}"), parse_week(f"2022-W{last}")
        tally = reports_sel.news_tally(first=weeks[0], last=weeks[1])
        assert row.target == sum(t.target or 0 for t in tally), period
        assert row.target_origin == "history"
    assert rows(period="2022-Q3")["news_items"].target == 3 * 13
    assert rows(period="2022-Q1")["news_items"].target == 2 * 13  # before the change: as it was


def test_a_firm_s_own_raised_quarterly_target_counts_in_the_national_total_and_the_quarterly_review(
    department,
):
    vnpost = factories.reporting_org(code="vnpost")
    factories.reporting_org(code="viettelpost")
    kind_row = Target.objects.get(metric="sales_programmes", organisation_kind="postal_firm")
    target_set(
        actor=department,
        metric="sales_programmes",
        scope="organisation",
        organisation=vnpost,
        period="quarter",
        minimum=2,
        active_from=dt.date(2022, 7, 1),
        active_until=kind_row.active_until,
        label="VNPost: 2 chương trình mỗi quý từ quý III",
    )
    row = rows(period="2022", as_of=dt.date(2022, 12, 31))["sales_programmes"]
    assert (row.target, row.target_origin) == (1 + 1 + 1 + 1 + 2 + 1 + 2 + 1, "history")
    review = rollups.quarter_review(year=2022, quarter=3, organisations=[vnpost])
    assert review[0].sales_target == 2
    assert rows(period="2022-Q1")["sales_programmes"].target == 2  # one each for the two firms


def test_a_level_target_is_the_one_in_force_at_the_end_of_the_range(department):
    target_set(
        actor=department,
        metric="active_accounts",
        scope="national",
        period="year",
        minimum=12_000_000,
        active_from=dt.date(2022, 7, 1),
        active_until=dt.date(2022, 12, 31),
        label="Nâng mục tiêu tài khoản hoạt động",
    )
    first_half = rows(period="2022-H1", as_of=dt.date(2022, 12, 31))["active_accounts"]
    assert (first_half.target, first_half.target_origin) == (10_000_000, "plan")  # the stated value
    year = rows(period="2022", as_of=dt.date(2022, 12, 31))["active_accounts"]
    assert (year.target, year.target_origin) == (12_000_000, "history")


def test_a_province_s_own_target_row_decides_its_view_and_others_keep_the_plan_s_value(department):
    target_set(
        actor=department,
        metric="provincial_programmes",
        scope="province",
        province=province_get("24"),
        period="half_year",
        minimum=2,
        active_from=dt.date(2022, 1, 1),
        active_until=dt.date(2022, 12, 31),
        label="Bắc Giang: 2 chương trình mỗi nửa năm",
    )
    bac_giang = rows(period="2022", province=province_get("24"))["provincial_programmes"]
    assert (bac_giang.target, bac_giang.target_origin) == (4, "history")
    hung_yen = rows(period="2022", province=province_get("33"))["provincial_programmes"]
    assert (hung_yen.target, hung_yen.target_origin) == (2, "plan")
    # Bắc Ninh since 2025 stands for Bắc Giang and Bắc Ninh: Bắc Giang's row only, Bắc Ninh has none.
    unit = rows(period="2022", province=province_get("24", "2025"))["provincial_programmes"]
    assert unit.target == 4


def test_seeded_indicators_and_target_rows_agree_and_a_stated_value_is_not_edited_beside_its_history(
    department,
):
    """One source of truth: the three metrics reports tallied before the plan was data keep their dated
    Target rows, which state the same minimum as the indicator; a new level goes through a Target row."""
    edition = PlanEdition.objects.get(code="2022")
    for code in ("news_items", "sales_programmes", "supplier_campaigns"):
        indicator = edition.indicators.get(code=code)
        minimums = set(Target.objects.filter(metric=code).values_list("minimum", flat=True))
        assert minimums == {int(indicator.target_value)}, code
        assert rows(period="2022")[code].target_origin == "history"
    news = edition.indicators.get(code="news_items")
    with pytest.raises(DomainError, match="Chỉ tiêu") as refused:
        indicator_save(actor=department, edition=edition, code="news_items", target_value=3)
    assert refused.value.field == "target_value"
    indicator_save(actor=department, edition=edition, code="news_items", target_value=2, name=news.name)
    stated, created = indicator_save(actor=department, edition=edition, code="orders", target_value=1000)
    assert (created, float(stated.target_value)) == (False, 1000.0)  # no history: the stated value moves


def test_the_admin_form_refuses_a_stated_value_beside_its_history_too():
    from plan.admin import IndicatorForm

    news = Indicator.objects.get(edition__code="2022", code="news_items")
    data = {f: getattr(news, f) for f in ("code", "name", "annex", "line", "unit", "direction", "period")}
    data.update(edition=news.edition_id, scope=news.scope, source=news.source, order=news.order)
    data.update(theme="", wave_kind="", figure="", denominator="", name_en=news.name_en)
    form = IndicatorForm(data={**data, "target_value": "3"}, instance=news)
    assert not form.is_valid() and "target_value" in form.errors
    assert IndicatorForm(data={**data, "target_value": "2"}, instance=news).is_valid(), "unchanged is fine"
