"""/api/v1/reports/: a firm's reporting system files with its key; bad input is a 4xx with the reason."""

import datetime as dt
import io

import pytest
from django.test import Client

from accounts.models import Role
from calendars.weeks import week_of
from reports.models import WeeklyReport
from tests import factories
from tests.factories import ApiClient

pytestmark = pytest.mark.django_db
BASE = "/api/v1/reports"


@pytest.fixture
def firm():
    org = factories.reporting_org(code="vnpost")
    org.reporting_obligation.lock_days = 3650  # these tests file 2022 weeks today
    org.reporting_obligation.save()
    return org


@pytest.fixture
def firm_api(firm):
    return ApiClient(factories.api_key(firm))


def test_a_firm_files_through_the_api_with_its_key_idempotently(firm_api):
    body = {"press_articles": 2, "tv_spots": 0, "orders": 1200, "evidence_links": ["https://vnpost.vn/a"]}
    first = firm_api.put(f"{BASE}/weekly/vnpost/2022-W09", body)
    assert first.status_code == 201, first.content
    assert first.json()["report"]["status"] == "submitted" and first.json()["report"]["radio_spots"] is None
    again = firm_api.put(f"{BASE}/weekly/vnpost/2022-W09", body)
    assert again.status_code == 200 and again.json()["changed"] is False
    assert again.json()["report"]["version"] == 1 and WeeklyReport.objects.count() == 1
    assert firm_api.get(f"{BASE}/weekly/vnpost/2022-W09").json()["orders"] == 1200


def test_a_firm_cannot_file_for_another_firm(firm, firm_api):
    factories.reporting_org(code="viettelpost")
    response = firm_api.put(f"{BASE}/weekly/viettelpost/2022-W09", {"press_articles": 1})
    assert response.status_code == 403
    assert not WeeklyReport.objects.exists()


@pytest.mark.parametrize(
    "path, body, status, field",
    [
        ("/weekly/nobody/2022-W09", {"press_articles": 1}, 404, "org"),
        ("/weekly/vnpost/2022-W77", {"press_articles": 1}, 404, "week"),
        ("/weekly/vnpost/2022-W09", {"press_articles": -1}, 400, "press_articles"),
        ("/weekly/vnpost/2022-W09", {"press_articles": "ba"}, 422, "press_articles"),
        ("/weekly/vnpost/2099-W09", {"press_articles": 1}, 400, "week"),
    ],
)
def test_bad_filings_are_refused_with_the_reason(firm_api, path, body, status, field):
    response = firm_api.put(f"{BASE}{path}", body)
    assert response.status_code == status, response.content
    assert response.json()["field"].endswith(field)
    assert not WeeklyReport.objects.exists()


def test_a_locked_week_is_a_conflict(firm, firm_api):
    firm.reporting_obligation.lock_days = 14
    firm.reporting_obligation.save()
    response = firm_api.put(f"{BASE}/weekly/vnpost/2022-W09", {"press_articles": 1})
    assert response.status_code == 409 and "khoá" in response.json()["detail"]


def upload(client, data):
    """A multipart upload with the firm's key (the JSON helpers of ApiClient do not fit a file)."""
    return Client.post(client, f"{BASE}/upload/vnpost", {"file": data}, headers={"X-API-Key": client.key})


def test_the_upload_reports_row_errors_and_refuses_a_file_without_the_week_column(firm_api):
    good = b"week,press_articles,orders\n2022-W07,1,10\n2022-W08,-1,5\n"
    response = upload(firm_api, io.BytesIO(good))
    assert response.status_code == 200, response.content
    assert response.json()["filed"] == ["2022-W07"] and response.json()["errors"][0]["row"] == 3
    bad = upload(firm_api, io.BytesIO(b"press_articles\n1\n"))
    assert bad.status_code == 400 and "week" in bad.json()["detail"]


def test_an_xlsx_upload_is_read_too(firm_api):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["week", "press_articles", "households_onboarded"])
    book.active.append(["2022-W05", 3, 1000])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "bao-cao.xlsx"
    response = upload(firm_api, data)
    assert response.json()["filed"] == ["2022-W05"], response.content
    assert WeeklyReport.objects.get().households_onboarded == 1000


def test_a_report_upload_is_read_like_a_contact_file_windows_1258_with_semicolons(firm_api):
    """Offices save CSV from Excel in Windows-1258 with `;`: the one upload reader takes it (it used to be
    refused as "not UTF-8")."""
    data = factories.to_cp1258("week;press_articles;narrative\r\n2022-W06;4;Tuần lễ vải thiều\r\n")
    response = upload(firm_api, io.BytesIO(data))
    assert response.json()["filed"] == ["2022-W06"], response.content
    report = WeeklyReport.objects.get()
    assert (report.press_articles, report.narrative) == (4, "Tuần lễ vải thiều")


def test_the_postal_department_returns_and_accepts_through_the_api(firm, firm_api):
    firm_api.put(f"{BASE}/weekly/vnpost/2022-W09", {"press_articles": 1})
    reviewer = ApiClient()
    reviewer.force_login(factories.user(org=factories.postal_department(), role=Role.EDITOR))
    returned = reviewer.post(f"{BASE}/weekly/vnpost/2022-W09/return", {"comment": "Thiếu link"})
    assert returned.json()["status"] == "returned"
    assert firm_api.post(f"{BASE}/weekly/vnpost/2022-W09/accept").status_code == 403
    firm_api.put(f"{BASE}/weekly/vnpost/2022-W09", {"press_articles": 1, "evidence_links": ["https://x.vn"]})
    assert reviewer.post(f"{BASE}/weekly/vnpost/2022-W09/accept").json()["status"] == "accepted"
    decided = reviewer.post(f"{BASE}/monthly/2022-03/vnpost/decide", {"accept": True})
    assert decided.json()["status"] == "accepted"
    months = reviewer.get(f"{BASE}/monthly/2022-03").json()
    assert months[0]["status"] == "accepted" and months[0]["sums"]["press_articles"] == 1
    quarter = reviewer.get(f"{BASE}/quarterly/2022/1").json()
    assert quarter[0]["months_accepted"] == ["2022-03"]


def test_tallies_and_targets_through_the_api(firm_api):
    weeks = firm_api.get(f"{BASE}/tally/weeks", {"first": "2022-W01", "last": "2022-W03"}).json()
    assert [(w["week"], w["target"], w["met"]) for w in weeks] == [
        ("2022-W01", 2, False),
        ("2022-W02", 2, False),
        ("2022-W03", 2, False),
    ]
    assert firm_api.get(f"{BASE}/tally/completeness", {"year": 2022, "by": "quarter"}).status_code == 200
    assert len(firm_api.get(f"{BASE}/targets").json()) >= 4
    target = {
        "metric": "news_items",
        "scope": "national",
        "period": "week",
        "minimum": 3,
        "active_from": "2023-01-02",
        "active_until": "2023-12-31",
    }
    assert firm_api.post(f"{BASE}/targets", target).status_code == 403
    reviewer = ApiClient()
    reviewer.force_login(factories.user(org=factories.postal_department(), role=Role.EDITOR))
    assert reviewer.post(f"{BASE}/targets", target).status_code == 201


def test_a_report_for_this_week_is_accepted_today(firm_api):
    week = week_of(dt.datetime.now(dt.UTC))
    assert firm_api.put(f"{BASE}/weekly/vnpost/{week}", {"events": 1}).status_code == 201


def test_another_firm_cannot_read_a_report(firm, firm_api):
    firm_api.put(f"{BASE}/weekly/vnpost/2022-W09", {"press_articles": 1})
    other = factories.reporting_org(code="viettelpost")
    response = ApiClient(factories.api_key(other)).get(f"{BASE}/weekly/vnpost/2022-W09")
    assert response.status_code == 403
