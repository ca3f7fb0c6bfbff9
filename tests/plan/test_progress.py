import datetime as dt

import pytest

from plan.models import Indicator, IndicatorReading, PlanEdition
from plan.selectors import plan_progress, province_get
from plan.services import flagship_record
from tests import factories
from tests.plan.conftest import weekly

pytestmark = pytest.mark.django_db


def rows(**kwargs):
    edition = PlanEdition.objects.get(code="2022")
    return {r.indicator.code: r for r in plan_progress(edition=edition, **kwargs)}


def test_active_accounts_progress_and_projection_at_the_current_pace(firm):
    """A running total: the last value reported. From 5 million in January to 9 million by mid-June is
    0.8 million a month: the missing million takes two more months, August."""
    for month, week in enumerate(["2022-W03", "2022-W07", "2022-W11", "2022-W15", "2022-W20"], start=1):
        weekly(firm, week, active_accounts=4_000_000 + month * 1_000_000)
    row = rows(as_of=dt.date(2022, 6, 15))["active_accounts"]
    assert (row.actual, row.target, row.percent) == (9_000_000, 10_000_000, 90.0)
    assert [p.actual for p in row.trend[:5]] == [5e6, 6e6, 7e6, 8e6, 9e6]
    assert row.projection == "Đạt 10.000.000 vào tháng 08/2022 ở nhịp hiện tại."


def test_a_pace_too_slow_says_the_target_is_not_reached_before_year_end(firm):
    weekly(firm, "2022-W05", active_accounts=1_000_000)
    weekly(firm, "2022-W22", active_accounts=1_200_000)
    row = rows(as_of=dt.date(2022, 6, 15))["active_accounts"]
    assert row.projection == "Không đạt trước 01/01/2023 ở nhịp hiện tại."


def test_summed_figures_ratios_and_publications_come_from_reports_and_counted_items(firm):
    weekly(firm, "2022-W10", households_onboarded=1000, households_trained_basic=600, orders=40)
    weekly(firm, "2022-W11", households_onboarded=1200, households_trained_basic=300, orders=60)
    item = factories.approved_item()
    for day in (7, 8, 9):  # 2022-W10: three press items against a target of 2
        factories.publication(item, dt.datetime(2022, 3, day, 9, tzinfo=dt.UTC))
    found = rows(period="2022-Q1")
    assert found["orders"].actual == 100 and found["orders"].target is None  # tracked, no target
    assert found["households_trained_share"].actual == 75.0  # 900 trained of 1200 onboarded
    assert found["households_trained_share"].target == 100
    news = found["news_items"]
    assert news.actual == 3 and news.target == 2 * 13  # 2 a week over the 13 weeks of the quarter


def test_a_province_on_either_map_counts_its_own_reports_and_flagship_products():
    bac_giang = factories.reporting_org("dic", province_code="24")
    bac_ninh = factories.reporting_org("dic", province_code="27")
    weekly(bac_giang, "2022-W10", products_listed=30)
    weekly(bac_ninh, "2022-W10", products_listed=12)
    edition = PlanEdition.objects.get(code="2022")
    for name in ("Vải thiều Lục Ngạn", "Gà đồi Yên Thế", "Mỳ Chũ"):
        flagship_record(
            actor=factories.SYSTEM, edition=edition, province=province_get("24"), product_name=name
        )
    old = rows(period="2022", province=province_get("24"))
    assert old["products_listed"].actual == 30
    assert (old["flagship_products"].actual, old["flagship_products"].met) == (3, True)
    new_unit = rows(period="2022", province=province_get("24", "2025"))  # Bắc Ninh since 2025: both
    assert new_unit["products_listed"].actual == 42
    national = rows(period="2022")
    assert (national["flagship_products"].actual, national["flagship_products"].target) == (1, 63)


def test_an_indicator_with_no_figure_in_mua_takes_entered_readings():
    indicator = Indicator.objects.get(code="ocop_quality_info_share")
    assert rows(period="2022")["ocop_quality_info_share"].note == "Chưa có số liệu."
    IndicatorReading.objects.create(indicator=indicator, as_of=dt.date(2022, 6, 30), value=64)
    row = rows(period="2022")["ocop_quality_info_share"]
    assert (row.actual, row.target, row.percent, row.met) == (64.0, 100.0, 64.0, False)


def test_a_theme_target_counts_only_items_with_that_theme():
    from content.models import ContentTheme

    theme = ContentTheme.objects.get(code="nguoi-viet-dung-hang-viet")
    themed, plain = factories.approved_item(), factories.approved_item()
    themed.theme = theme
    themed.save(update_fields=["theme"])
    for item in (themed, plain, plain):
        factories.publication(item, dt.datetime(2022, 10, 5, 9, tzinfo=dt.UTC))  # 2022-W40
    found = rows(period="2022-Q4")
    assert found["theme_news_items"].actual == 1
    assert found["news_items"].actual == 3
    assert rows(period="2022-Q1")["theme_news_items"].note == "Không áp dụng trong kỳ này."


def test_a_plan_not_entered_yet_is_a_page_saying_so_not_a_server_error(client):
    """A fresh deployment, or a plan emptied by an earlier transactional test's flush: the progress page
    says the plan is not there, with no link to its milestones (which have no edition to name)."""
    client.force_login(factories.user(org=factories.postal_department()))
    page = client.get("/reports/plan/2099/")
    assert page.status_code == 200
    assert "/milestones/" not in page.content.decode()
