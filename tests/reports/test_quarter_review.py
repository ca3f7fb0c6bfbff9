"""The quarterly review page: per organisation its three months' roll-up states and figures against the
targets, the country's totals on the line above them, for any reader, in a fixed number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from calendars.weeks import IsoWeek
from reports.services import report_file, rollups_decide
from tests import factories

pytestmark = pytest.mark.django_db
W = IsoWeek


def _firms(codes):
    orgs = [factories.reporting_org(code=code) for code in codes]
    for org in orgs:
        org.reporting_obligation.lock_days = 3650
        org.reporting_obligation.save()
    return orgs


def _file(org, week, **figures):
    due = org.reporting_obligation.due_at(week)
    report_file(
        actor=factories.SYSTEM,
        organisation=org,
        week=str(week),
        figures=figures,
        now=due - dt.timedelta(hours=3),
    )


@pytest.fixture
def department():
    client = Client()
    client.force_login(factories.user("vbc.q", org=factories.postal_department(), role=Role.EDITOR))
    return client


def _cells(html: str, org: str) -> str:
    start = html.index(f'data-org="{org}"')
    return html[start : html.index("</tr>", start)]


def test_the_quarter_shows_each_month_s_state_and_targets_with_the_national_line(department, plan_targets):
    vnpost, viettel = _firms(["vnpost", "viettelpost"])
    for n in range(14, 18):  # April 2022
        _file(
            vnpost, W(2022, n), supplier_campaigns=1, sales_programmes=1 if n == 14 else 0, press_articles=2
        )
        _file(viettel, W(2022, n), supplier_campaigns=0, press_articles=1)
    rollups_decide(actor=factories.SYSTEM, organisations=[vnpost, viettel], month="2022-04", accept=True)
    rollups_decide(
        actor=factories.SYSTEM,
        organisations=[viettel],
        month="2022-05",
        accept=False,
        comment="Thiếu số liệu",
    )
    response = department.get("/reports/inbox/quarters/2022-Q2/")
    assert response.status_code == 200
    html = response.content.decode()
    mine = _cells(html, "vnpost")
    assert mine.count("Đã chấp nhận") == 1 and mine.count("Chờ xử lý") == 2
    assert "4/4 tuần" in mine and 'Chiến dịch NCC: <span class="met">4/2</span>' in mine
    assert (
        "1 báo cáo · 0 đợt<br>chỉ tiêu 1" in mine and "Đạt" in mine
    )  # one programme reported in an accepted month
    other = _cells(html, "viettelpost")
    assert "Đã trả lại" in other and 'class="missed">0/2' in other and "Chưa đạt" in other
    national = html[html.index('id="national-row"') : html.index("</tr>", html.index('id="national-row"'))]
    assert "Toàn quốc (2 đơn vị)" in national
    assert "2/2 đã chấp nhận" in national and "0/2 đã chấp nhận" in national and "1 trả lại" in national
    assert "Chiến dịch NCC: 4/4" in national  # April: 4 + 0 filed against 2 + 2
    assert html.index('id="national-row"') < html.index('data-org="vnpost"')


def test_a_firm_sees_its_own_line_and_the_country_s_totals_beside_it():
    vnpost, viettel, third = _firms(["vnpost", "viettelpost", "firm-3"])
    for org in (vnpost, viettel, third):
        _file(org, W(2022, 14), press_articles=3)
    rollups_decide(
        actor=factories.SYSTEM, organisations=[vnpost, viettel, third], month="2022-04", accept=True
    )
    client = Client()
    client.force_login(factories.user("vnpost.q", org=vnpost, role=Role.EDITOR))
    html = client.get("/reports/inbox/quarters/2022-Q2/").content.decode()
    assert 'data-org="vnpost"' in html and 'data-org="viettelpost"' not in html
    national = html[html.index('id="national-row"') : html.index("</tr>", html.index('id="national-row"'))]
    assert "Toàn quốc (3 đơn vị)" in national and "3/3 đã chấp nhận" in national
    assert '<td class="num">9</td>' in national and '<td class="num">3</td>' in _cells(html, "vnpost")


@pytest.mark.parametrize("n", [3, 12])
def test_the_quarter_page_runs_the_same_queries_whatever_the_number_of_organisations(department, n):
    firms = _firms([f"firm-{i:02d}" for i in range(n)])
    for org in firms:
        _file(org, W(2022, 14), press_articles=1)
    department.get("/reports/inbox/quarters/2022-Q2/")  # session, user and memberships warm
    with CaptureQueriesContext(connection) as queries:
        assert department.get("/reports/inbox/quarters/2022-Q2/").status_code == 200
    assert len(queries) <= 30, [q["sql"][:80] for q in queries]
    assert len(queries) == _baseline(department)


def _baseline(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get("/reports/inbox/quarters/2021-Q1/")  # a quarter with nothing filed: the same reads
    return len(queries)


def test_the_inbox_links_to_the_quarter_and_a_bad_quarter_is_not_found(department):
    _firms(["vnpost"])
    html = department.get("/reports/inbox/", {"week": "2022-W20"}).content.decode()
    assert 'href="/reports/inbox/quarters/2022-Q2/"' in html
    assert department.get("/reports/inbox/quarters/2022-Q5/").status_code == 404
    assert department.get("/reports/inbox/quarters/22-Q1/").status_code == 404
    month = department.get("/reports/inbox/months/2022-05/").content.decode()
    assert 'href="/reports/inbox/quarters/2022-Q2/"' in month
