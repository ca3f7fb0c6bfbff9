"""The reports inbox pages: a week by state, one report against last week's, a month for many at once."""

import datetime as dt

import pytest
from django.test import Client

from accounts.models import Role
from calendars.weeks import IsoWeek
from reports.models import MonthlyRollup, ReportStatus, WeeklyReport
from reports.services import report_file
from tests import factories

pytestmark = pytest.mark.django_db
W = IsoWeek


@pytest.fixture
def firms():
    orgs = [factories.reporting_org(code=code) for code in ("vnpost", "viettelpost", "firm-3")]
    for org in orgs:
        org.reporting_obligation.lock_days = 3650
        org.reporting_obligation.save()
    return orgs


@pytest.fixture
def department():
    client = Client()
    client.force_login(factories.user("vbc", org=factories.postal_department(), role=Role.EDITOR))
    return client


def _file(org, week, **figures):
    due = org.reporting_obligation.due_at(week)
    return report_file(
        actor=factories.SYSTEM,
        organisation=org,
        week=str(week),
        figures=figures,
        now=due - dt.timedelta(hours=3),
    ).report


def test_the_inbox_and_a_report_name_the_week_in_english_too(firms):
    from accounts.services import profile_set_language

    vnpost, _viettel, _third = firms
    department = Client()
    user = factories.user("vbc-en", org=factories.postal_department(), role=Role.EDITOR)
    profile_set_language(user=user, language="en")
    department.force_login(user)
    _file(vnpost, W(2022, 24), press_articles=6)
    _file(vnpost, W(2022, 25), press_articles=7)
    en = {"HTTP_ACCEPT_LANGUAGE": "en"}
    inbox = department.get("/reports/inbox/", {"week": "2022-W24"}, **en).content.decode()
    report = department.get("/reports/inbox/vnpost/2022-W25/", **en).content.decode()
    assert "Week 24/2022 (13–19 Jun)" in inbox and "Tuần" not in inbox
    assert "Week 25/2022" in report and "Week 24/2022" in report and "Tuần" not in report


def test_the_inbox_lists_the_week_and_filters_missing(department, firms):
    vnpost, viettel, _third = firms
    _file(vnpost, W(2022, 24), press_articles=6, tv_spots=2)
    page = department.get("/reports/inbox/", {"week": "2022-W24"}).content.decode()
    assert "Tuần 24/2022" in page and vnpost.name in page and viettel.name in page
    assert "/reports/inbox/vnpost/2022-W24/" in page
    missing = department.get("/reports/inbox/", {"week": "2022-W24", "state": "missing"}).content.decode()
    assert f'data-org="{viettel.code}"' in missing and f'data-org="{vnpost.code}"' not in missing
    assert "3 đơn vị phải báo cáo" in page  # each state's count, whatever the filter
    assert 'data-state="submitted">Đã nộp, chờ xử lý (1)</a>' in missing
    assert 'data-state="missing" aria-current="true">Chưa nộp (quá hạn) (2)</a>' in missing


def test_a_report_is_shown_against_last_week_and_accepted(department, firms):
    vnpost = firms[0]
    _file(vnpost, W(2022, 23), press_articles=4, orders=12000)
    _file(vnpost, W(2022, 24), press_articles=6, orders=10500)
    page = department.get("/reports/inbox/vnpost/2022-W24/").content.decode()
    press = '<td class="num">6</td><td class="num">4</td><td class="num">+2</td>'
    assert f'data-figure="press_articles"><td>Tin, bài báo chí</td>{press}' in page
    orders = '<td class="num">10.500</td><td class="num">12.000</td><td class="num">-1.500</td>'
    assert f'data-figure="orders"><td>Đơn hàng</td>{orders}' in page
    response = department.post("/reports/inbox/vnpost/2022-W24/decide/", {"decision": "accept"})
    assert response.status_code == 302 and response["Location"] == "/reports/inbox/?week=2022-W24"
    assert WeeklyReport.objects.get(organisation=vnpost, week="2022-W24").status == ReportStatus.ACCEPTED


def test_returning_needs_a_comment_and_keeps_the_report_submitted(department, firms):
    vnpost = firms[0]
    _file(vnpost, W(2022, 24), press_articles=6)
    response = department.post("/reports/inbox/vnpost/2022-W24/decide/", {"decision": "return"}, follow=True)
    assert WeeklyReport.objects.get(organisation=vnpost).status == ReportStatus.SUBMITTED
    assert "msg-error" in response.content.decode()
    department.post(
        "/reports/inbox/vnpost/2022-W24/decide/", {"decision": "return", "comment": "Thiếu minh chứng"}
    )
    report = WeeklyReport.objects.get(organisation=vnpost)
    assert report.status == ReportStatus.RETURNED and report.return_comment == "Thiếu minh chứng"


def test_a_firm_cannot_decide_through_the_page(firms):
    vnpost = firms[0]
    _file(vnpost, W(2022, 24), press_articles=6)
    client = Client()
    client.force_login(factories.user("firm", org=vnpost, role=Role.EDITOR))
    page = client.get("/reports/inbox/vnpost/2022-W24/").content.decode()
    assert 'id="accept"' not in page
    client.post("/reports/inbox/vnpost/2022-W24/decide/", {"decision": "accept"})
    assert WeeklyReport.objects.get(organisation=vnpost).status == ReportStatus.SUBMITTED


def test_a_month_is_accepted_for_every_ticked_organisation_with_one_click(department, firms):
    for org in firms:
        _file(org, W(2022, 24), press_articles=1)
    page = department.get("/reports/inbox/months/2022-06/").content.decode()
    assert page.count('name="organisations"') == 3 and page.count("checked") == 3
    assert 'id="month-pending">3 tổ chức chưa được chấp nhận.' in page
    response = department.post(
        "/reports/inbox/months/2022-06/",
        {"organisations": [o.code for o in firms], "decision": "accept"},
        follow=True,
    )
    assert "Đã chấp nhận tháng 2022-06 cho 3 tổ chức." in response.content.decode()
    assert MonthlyRollup.objects.filter(month="2022-06", status="accepted").count() == 3
    page = department.get("/reports/inbox/months/2022-06/").content.decode()
    assert "checked" not in page and 'id="month-pending">0 tổ chức' in page


def test_the_inbox_page_reads_the_same_number_of_queries_for_3_or_30_organisations(department):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (3, 30):
        for i in range(len(counts) * 3, n):  # the first 3 stay; the second round adds 27
            org = factories.reporting_org(code=f"firm-{i:02d}")
            _file(org, W(2022, 24), press_articles=i)
        department.get("/reports/inbox/", {"week": "2022-W24"})  # session and user warm
        with CaptureQueriesContext(connection) as queries:
            page = department.get("/reports/inbox/", {"week": "2022-W24"}).content.decode()
        assert page.count("<tr data-org=") == n
        counts.append(len(queries))
    assert counts[0] == counts[1]
