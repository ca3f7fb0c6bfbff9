"""The Postal Department's side of reports: a paginated list at national scale, the inbox of one week,
a month accepted for many organisations at once, and reported figures beside counted ones."""

import datetime as dt

import pytest

from accounts.models import Organisation, OrganisationKind, Role
from calendars.weeks import LOCAL_TZ, IsoWeek
from reports import selectors as sel
from reports.models import MonthlyRollup, ReportStatus, WeeklyReport
from reports.services import report_file
from tests import factories
from tests.factories import ApiClient

pytestmark = pytest.mark.django_db
BASE = "/api/v1/reports"
NOW = dt.datetime(2022, 7, 20, 12, tzinfo=LOCAL_TZ)
W = IsoWeek


def _firms(n: int) -> list[Organisation]:
    firms = [factories.reporting_org(code=f"firm-{i:02d}") for i in range(n)]
    for org in firms:
        org.reporting_obligation.lock_days = 3650
        org.reporting_obligation.save()
    return firms


def _bulk_reports(firms, weeks, *, submitted_at=None):
    """Reports saved directly, many at once (the service is tested elsewhere)."""
    WeeklyReport.objects.bulk_create(
        WeeklyReport(
            organisation=org,
            week=str(w),
            week_start=w.monday,
            status=ReportStatus.SUBMITTED,
            press_articles=1,
            first_submitted_at=submitted_at or dt.datetime.combine(w.sunday, dt.time(9), tzinfo=LOCAL_TZ),
            submitted_at=submitted_at or dt.datetime.combine(w.sunday, dt.time(9), tzinfo=LOCAL_TZ),
        )
        for org in firms
        for w in weeks
    )


@pytest.fixture
def department():
    client = ApiClient()
    client.force_login(factories.user(org=factories.postal_department(), role=Role.EDITOR))
    return client


def test_the_weekly_list_is_paginated_and_flags_each_report(department):
    firms = _firms(3)
    _bulk_reports(firms, [W(2022, n) for n in range(1, 11)])
    page = department.get(f"{BASE}/weekly", {"limit": 7, "offset": 0}).json()
    assert page["count"] == 30 and len(page["items"]) == 7
    assert page["items"][0]["week"] == "2022-W10" and page["items"][0]["late"] is False
    rest = department.get(f"{BASE}/weekly", {"limit": 100, "offset": 28}).json()
    assert len(rest["items"]) == 2 and rest["items"][-1]["week"] == "2022-W01"
    one_week = department.get(f"{BASE}/weekly", {"week": "2022-W05"}).json()
    assert one_week["count"] == 3
    assert department.get(f"{BASE}/weekly", {"status": "nope"}).status_code == 400


@pytest.mark.parametrize("weeks", [2, 40])
def test_the_weekly_list_runs_a_bounded_number_of_queries(department, weeks, django_assert_max_num_queries):
    """Before: one obligation query per report (up to 1,000). Now the same few queries for 6 or 400 rows."""
    firms = _firms(10)
    _bulk_reports(firms, [W(2022, n) for n in range(1, weeks + 1)])
    department.get(f"{BASE}/weekly", {"limit": 1})  # the session and user are loaded once
    with django_assert_max_num_queries(8):
        response = department.get(f"{BASE}/weekly", {"limit": 500})
    assert len(response.json()["items"]) == 10 * weeks


def test_a_firm_lists_only_its_own_reports(department):
    mine, other = _firms(2)
    _bulk_reports([mine, other], [W(2022, 1)])
    firm_api = ApiClient(factories.api_key(mine))
    page = firm_api.get(f"{BASE}/weekly").json()
    assert [r["organisation"] for r in page["items"]] == [mine.code]


def test_a_month_is_accepted_for_many_organisations_at_once(department, django_assert_max_num_queries):
    firms = _firms(5)
    _bulk_reports(firms, [W(2022, n) for n in range(22, 27)])
    codes = [f.code for f in firms]
    response = department.post(f"{BASE}/monthly/2022-06/decide", {"organisations": codes, "accept": True})
    assert response.status_code == 200, response.content
    assert sorted(r["organisation"] for r in response.json()) == codes
    assert MonthlyRollup.objects.filter(month="2022-06", status="accepted").count() == 5
    assert (
        MonthlyRollup.objects.get(organisation=firms[0]).totals["sums"]["press_articles"] == 5
    )  # W22–W26 count in June
    again = department.post(
        f"{BASE}/monthly/2022-06/decide",
        {"organisations": codes[:2], "accept": False, "comment": "Thiếu số liệu"},
    )
    assert [r["status"] for r in again.json()] == ["returned", "returned"]
    assert MonthlyRollup.objects.count() == 5


def test_deciding_many_months_needs_the_department_known_codes_and_a_reason_to_return(department):
    firms = _firms(1)
    firm_api = ApiClient(factories.api_key(firms[0]))
    body = {"organisations": [firms[0].code], "accept": True}
    assert firm_api.post(f"{BASE}/monthly/2022-06/decide", body).status_code == 403
    unknown = department.post(f"{BASE}/monthly/2022-06/decide", {"organisations": ["ghost"], "accept": True})
    assert unknown.status_code == 404 and "ghost" in unknown.json()["detail"]
    no_reason = department.post(f"{BASE}/monthly/2022-06/decide", {**body, "accept": False})
    assert no_reason.status_code == 400
    assert department.post(
        f"{BASE}/monthly/2022-06/decide", {"organisations": [], "accept": True}
    ).status_code in (
        400,
        422,
    )
    assert not MonthlyRollup.objects.exists()


def test_the_inbox_shows_every_organisation_of_a_week_by_state():
    on_time, late, missing, returned = _firms(4)
    week = W(2022, 27)
    due = on_time.reporting_obligation.due_at(week)
    report_file(
        actor=factories.SYSTEM, organisation=on_time, week=str(week), figures={"press_articles": 2}, now=due
    )
    report_file(
        actor=factories.SYSTEM,
        organisation=late,
        week=str(week),
        figures={"press_articles": 1},
        now=due + dt.timedelta(days=1),
    )
    report_file(
        actor=factories.SYSTEM, organisation=returned, week=str(week), figures={"press_articles": 1}, now=due
    )
    WeeklyReport.objects.filter(organisation=returned).update(status=ReportStatus.RETURNED)
    actor = factories.actor(factories.user(org=factories.postal_department(), role=Role.EDITOR))
    rows = {r.organisation.code: r for r in sel.inbox_week(actor=actor, week=week, now=NOW)}
    assert rows[on_time.code].states == {"submitted"}
    assert rows[late.code].states == {"submitted", "late"}
    assert rows[missing.code].states == {"missing"} and rows[missing.code].state_label == "Thiếu"
    assert rows[returned.code].states == {"returned"}
    only_missing = sel.inbox_week(actor=actor, week=week, state="missing", now=NOW)
    assert [r.organisation for r in only_missing] == [missing]


def test_reported_figures_stand_beside_counted_ones_in_the_weekly_tally(department):
    vnpost = factories.reporting_org(code="vnpost")
    dic24 = factories.reporting_org(OrganisationKind.DIC, province_code="24")
    for org, press, tv in ((vnpost, 6, 2), (dic24, 1, 0)):
        due = org.reporting_obligation.due_at(W(2022, 24))
        report_file(
            actor=factories.SYSTEM,
            organisation=org,
            week="2022-W24",
            figures={"press_articles": press, "tv_spots": tv},
            now=due - dt.timedelta(hours=2),
        )
    item = factories.approved_item(org=vnpost, channel="press_print")
    factories.publication(item, dt.datetime(2022, 6, 15, 9, tzinfo=LOCAL_TZ))
    (week,) = sel.news_tally(first=W(2022, 24), last=W(2022, 24))
    assert (week.counted, week.reported, week.gap) == (1, 9, 8)
    (bac_giang,) = sel.news_tally(first=W(2022, 24), last=W(2022, 24), province=dic24.province)
    assert bac_giang.reported == 1
    data = department.get(f"{BASE}/tally/weeks", {"first": "2022-W24", "last": "2022-W24"}).json()
    assert data[0]["counted"] == 1 and data[0]["reported"] == 9 and data[0]["gap"] == 8
    assert data[0]["met"] is False  # judged on counted, never on what was reported


def test_a_wave_tally_has_no_reported_figure():
    wave = factories.campaign(harvest_start=dt.date(2022, 6, 1))
    (week,) = sel.news_tally(first=W(2022, 24), last=W(2022, 24), campaign=wave)
    assert week.reported is None and week.gap is None
