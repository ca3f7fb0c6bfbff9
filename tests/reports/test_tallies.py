"""A year of reports from both postal firms and a few DICs gives the right tallies (issue 7, "Done when")."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import OrganisationKind
from calendars.weeks import LOCAL_TZ, IsoWeek, weeks_of_year
from reports import rollups
from reports import selectors as sel
from reports.services import report_file, rollup_decide
from tests import factories

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2023, 2, 1, 12, 0, tzinfo=LOCAL_TZ)
W = IsoWeek


def _file(org, week, *, when, **figures):
    return report_file(actor=factories.SYSTEM, organisation=org, week=str(week), figures=figures, now=when)


@pytest.fixture
def year(django_db_blocker):
    """vnpost: every week on time; viettel: W10-W12 missing, W20-W29 late; dic-24: odd weeks; dic-01: none.

    Publications: (week number % 4) press/TV items a week from vnpost, plus one radio item (never counted).
    """
    vnpost = factories.reporting_org(code="vnpost")
    viettel = factories.reporting_org(code="viettelpost")
    dic24 = factories.reporting_org(OrganisationKind.DIC, province_code="24")
    dic01 = factories.reporting_org(OrganisationKind.DIC, province_code="01")
    obligation = vnpost.reporting_obligation
    for week in weeks_of_year(2022):
        on_time = obligation.due_at(week) - dt.timedelta(hours=7)
        _file(
            vnpost,
            week,
            when=on_time,
            press_articles=1,
            supplier_campaigns=1,
            sales_programmes=1 if week.week == 5 else 0,
            households_onboarded=100 * week.week,
        )
        if week.week not in (10, 11, 12):
            late = 20 <= week.week <= 29
            _file(viettel, week, when=on_time + dt.timedelta(days=1) if late else on_time, press_articles=0)
        if week.week % 2:
            _file(dic24, week, when=on_time, press_articles=2)
    tv = factories.approved_item(org=vnpost, channel="tv_central")
    press = factories.approved_item(org=vnpost, channel="press_print")
    radio = factories.approved_item(org=vnpost, channel="radio")
    for week in weeks_of_year(2022):
        wednesday = dt.datetime.combine(week.monday + dt.timedelta(days=2), dt.time(9), tzinfo=LOCAL_TZ)
        for i in range(week.week % 4):
            factories.publication(tv if i % 2 else press, wednesday + dt.timedelta(hours=i))
        factories.publication(radio, wednesday)
    return {"vnpost": vnpost, "viettel": viettel, "dic24": dic24, "dic01": dic01}


def test_weekly_news_items_are_counted_against_the_plan_target(year):
    tally = sel.news_tally(first=W(2022, 1), last=W(2022, 52))
    assert len(tally) == 52
    assert all(t.counted == t.week.week % 4 and t.target == 2 for t in tally)
    week9 = tally[8]
    assert (str(week9.week), week9.counted, week9.met, week9.shortfall) == ("2022-W09", 1, False, 1)
    assert tally[9].met is True and tally[9].shortfall == 0  # W10: 2 items
    assert sum(t.met for t in tally) == 26
    theme = tally[39]  # W40: the theme weeks overlap the year's target, both ≥ 2
    assert theme.target == 2 and len(theme.labels) == 2


def test_outside_the_plan_year_there_is_no_target(year):
    (week,) = sel.news_tally(first=W(2023, 5), last=W(2023, 5))
    assert week.target is None and week.met is None and week.shortfall == 0


def test_per_province_counts_publications_of_that_province_only(year):
    bac_giang = factories.province("24")
    assert all(t.counted == 0 for t in sel.news_tally(first=W(2022, 1), last=W(2022, 8), province=bac_giang))


def test_self_reported_figures_sit_beside_counted_publications_with_the_gap_flagged(year):
    rows = sel.org_week_tally(organisations=[year["vnpost"]], first=W(2022, 1), last=W(2022, 4))
    assert [(r.reported, r.counted, r.gap, r.flagged) for r in rows] == [
        (1, 1, 0, False),
        (1, 2, -1, True),
        (1, 3, -2, True),
        (1, 0, 1, True),
    ]


def test_completeness_and_timeliness_per_month(year):
    orgs = sel.reporting_organisations(actor=factories.SYSTEM)
    rows = sel.completeness_summary(organisations=orgs, periods=sel.month_periods(2022, [6]), now=NOW)
    by_code = {r.organisation.code: (r.expected, r.received, r.on_time) for r in rows}
    assert by_code["vnpost"] == (5, 5, 5)  # June 2022 counts W22-W26
    assert by_code["viettelpost"] == (5, 5, 0)  # all late
    assert by_code[year["dic24"].code] == (5, 2, 2)  # W23, W25
    assert by_code[year["dic01"].code] == (5, 0, 0)


def test_completeness_and_timeliness_per_quarter(year):
    orgs = [year["viettel"]]
    (q1,) = sel.completeness_summary(organisations=orgs, periods=sel.quarter_periods(2022, [1]), now=NOW)
    assert (q1.expected, q1.received, q1.on_time) == (13, 10, 10)
    assert round(q1.completeness, 3) == round(10 / 13, 3)


def test_the_grid_tells_on_time_late_and_missing_apart(year):
    grid = sel.completeness_grid(organisations=[year["viettel"]], first=W(2022, 9), last=W(2022, 20), now=NOW)
    code = year["viettel"].pk
    assert grid[(code, "2022-W09")] == "on_time"
    assert grid[(code, "2022-W10")] == "missing"
    assert grid[(code, "2022-W20")] == "late"


def test_weeks_not_yet_due_are_not_expected(year):
    thursday_w52 = dt.datetime(2022, 12, 29, 12, tzinfo=LOCAL_TZ)
    grid = sel.completeness_grid(
        organisations=[year["dic01"]], first=W(2022, 51), last=W(2022, 52), now=thursday_w52
    )
    assert list(grid.values()) == ["missing", "not_due"]


def test_the_monthly_roll_up_sums_figures_and_gives_indicator_deltas(year):
    rows = {
        r.organisation.code: r
        for r in rollups.rollup_month(
            year=2022, month=6, organisations=sel.reporting_organisations(actor=factories.SYSTEM)
        )
    }
    vnpost = rows["vnpost"]
    assert (vnpost.weeks_reported, vnpost.weeks_expected) == (5, 5)
    assert vnpost.sums["supplier_campaigns"] == 5 and vnpost.supplier_target == 2 and vnpost.supplier_met
    assert vnpost.latest["households_onboarded"] == 2600 and vnpost.deltas["households_onboarded"] == 500
    assert vnpost.counted_news == sum(w % 4 for w in range(22, 27))
    assert rows[year["dic24"].code].supplier_target is None  # the firms' target is not a DIC's


def test_the_quarterly_review_is_built_from_accepted_months_only(year):
    for month in ("2022-01", "2022-02", "2022-03"):
        rollup_decide(actor=factories.SYSTEM, organisation=year["vnpost"], month=month, accept=True)
    rollup_decide(actor=factories.SYSTEM, organisation=year["viettel"], month="2022-01", accept=True)
    rows = {
        r.organisation.code: r
        for r in rollups.quarter_review(
            year=2022, quarter=1, organisations=sel.reporting_organisations(actor=factories.SYSTEM)
        )
    }
    vnpost, viettel = rows["vnpost"], rows["viettelpost"]
    assert vnpost.months_accepted == ["2022-01", "2022-02", "2022-03"] and vnpost.months_pending == []
    assert vnpost.sums["supplier_campaigns"] == 13 and vnpost.sums["sales_programmes"] == 1
    assert vnpost.sales_target == 1 and vnpost.sales_met is True
    assert vnpost.deltas["households_onboarded"] == 1300
    assert viettel.months_pending == ["2022-02", "2022-03"] and viettel.sales_met is False


@pytest.mark.parametrize("last", [W(2022, 1), W(2022, 52)])
def test_tallies_run_a_fixed_number_of_queries_whatever_the_range(year, last, django_assert_max_num_queries):
    orgs = sel.reporting_organisations(actor=factories.SYSTEM)
    with django_assert_max_num_queries(3):  # counted, targets, reported
        sel.news_tally(first=W(2022, 1), last=last)
    with django_assert_max_num_queries(2):
        sel.org_week_tally(organisations=orgs, first=W(2022, 1), last=last)
    with django_assert_max_num_queries(1):
        sel.completeness_grid(organisations=orgs, first=W(2022, 1), last=last, now=NOW)
    with django_assert_max_num_queries(1):
        sel.completeness_summary(
            organisations=orgs, periods=sel.month_periods(2022, list(range(1, 13))), now=NOW
        )


def test_roll_ups_run_a_fixed_number_of_queries(year):
    orgs = sel.reporting_organisations(actor=factories.SYSTEM)
    with CaptureQueriesContext(connection) as month:
        rollups.rollup_month(year=2022, month=6, organisations=orgs)
    with CaptureQueriesContext(connection) as quarter:
        rollups.quarter_review(year=2022, quarter=2, organisations=orgs)
    # The quarter's third query counts the firms' own sales-programme waves (issue 17).
    assert len(month) <= 5 and len(quarter) <= 3


def test_a_wave_is_tallied_against_its_news_per_week_and_a_province_against_its_wave_items(db):
    wave = factories.campaign(
        province_code="24",
        harvest_start=dt.date(2022, 6, 1),
        harvest_end=dt.date(2022, 6, 30),
        news_per_week=3,
    )
    dic = factories.reporting_org(OrganisationKind.DIC, province_code="24")
    item = factories.approved_item(org=dic, campaign=wave)
    factories.publication(item, dt.datetime(2022, 6, 8, 9, tzinfo=LOCAL_TZ))  # 2022-W23
    by_wave = {str(t.week): t for t in sel.news_tally(first=W(2022, 17), last=W(2022, 27), campaign=wave)}
    assert by_wave["2022-W17"].target is None  # before prep_due (2 May)
    assert (by_wave["2022-W23"].counted, by_wave["2022-W23"].target, by_wave["2022-W23"].shortfall) == (
        1,
        3,
        2,
    )
    bac_giang = factories.province("24")
    (week,) = sel.news_tally(first=W(2022, 23), last=W(2022, 23), province=bac_giang)
    assert week.counted == 1
    (elsewhere,) = sel.news_tally(first=W(2022, 23), last=W(2022, 23), province=factories.province("01"))
    assert elsewhere.counted == 0
