"""The reporter files in two minutes: last week's figures beside each field, running totals carried,
a template with Vietnamese headers that the upload accepts, a receipt of what was filed."""

import csv
import datetime as dt
import io
import re

import pytest
from django.test import Client

from accounts.models import Role
from reports.exports import parse_upload
from reports.models import WeeklyReport
from reports.services import report_file
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def firm():
    org = factories.reporting_org(code="vnpost")
    org.reporting_obligation.lock_days = 3650
    org.reporting_obligation.save()
    return org


@pytest.fixture
def reporter(firm):
    client = Client()
    client.force_login(factories.user("baocao", org=firm, role=Role.EDITOR))
    return client


def test_the_form_shows_last_weeks_figures_and_carries_running_totals(firm, reporter):
    report_file(
        actor=factories.SYSTEM,
        organisation=firm,
        week="2022-W07",
        figures={"press_articles": 5, "households_onboarded": 1200},
        now=dt.datetime(2022, 2, 21, 9, tzinfo=dt.UTC),
    )
    page = reporter.get("/reports/file/", {"week": "2022-W08"}).content.decode()
    assert 'id="id_press_articles_helptext">Tuần trước: 5</span>' in page
    assert re.search(r'<input[^>]*name="households_onboarded"[^>]*value="1200"', page)
    assert "đã điền sẵn số luỹ kế" in page
    press = re.search(r'<input[^>]*name="press_articles"[^>]*>', page).group(0)
    assert "value=" not in press  # a weekly count is not carried


def test_submitting_lands_on_a_receipt_of_what_was_filed_and_its_state(firm, reporter):
    report_file(
        actor=factories.SYSTEM,
        organisation=firm,
        week="2022-W07",
        figures={"press_articles": 5},
        now=dt.datetime(2022, 2, 21, 9, tzinfo=dt.UTC),
    )
    response = reporter.post(
        "/reports/file/", {"week": "2022-W08", "press_articles": "3", "action": "submit"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/reports/file/vnpost/2022-W08/receipt/"
    page = response.content.decode()
    row = re.search(r'<tr data-figure="press_articles">(.*?)</tr>', page).group(1)
    assert re.findall(r'<td class="num">([^<]*)</td>', row) == ["3", "5", "-2"]
    assert 'id="receipt-status">Đã nộp</span>' in page and "nộp muộn" in page  # filed in 2026 for 2022
    assert "Tin, bài báo chí" in page.split('id="receipt-blank"', 1)[0]
    assert "Hộ SXNN đã lên sàn" in page.split('id="receipt-blank"', 1)[1]  # what was left blank is said too
    assert WeeklyReport.objects.get(week="2022-W08").press_articles == 3


def test_a_draft_goes_back_to_the_form_and_a_receipt_is_only_for_its_organisation(firm, reporter):
    response = reporter.post("/reports/file/", {"week": "2022-W08", "press_articles": "1", "action": "draft"})
    assert response.url == "/reports/file/?org=vnpost&week=2022-W08"
    other = factories.reporting_org(code="viettelpost")
    report_file(
        actor=factories.SYSTEM,
        organisation=other,
        week="2022-W08",
        figures={"press_articles": 2},
        now=dt.datetime(2022, 2, 28, 9, tzinfo=dt.UTC),
    )
    assert reporter.get("/reports/file/viettelpost/2022-W08/receipt/").status_code == 404
    assert reporter.get("/reports/file/vnpost/2022-W99/receipt/").status_code == 404


def test_the_template_has_vietnamese_headers_that_the_upload_reads_back(reporter):
    response = reporter.get("/reports/file/template.csv")
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[:3] == ["Tuần", "Tin, bài báo chí", "Phóng sự, tin truyền hình"]
    out = io.StringIO()
    csv.writer(out).writerows([header, ["2022-W05", "2", "1"] + [""] * (len(header) - 3)])
    rows = parse_upload(file=io.BytesIO(out.getvalue().encode()))
    assert (rows[0]["week"], rows[0]["press_articles"], rows[0]["tv_spots"]) == ("2022-W05", "2", "1")
    assert reporter.get("/reports/file/template.xlsx").status_code == 200


def test_headers_typed_without_accents_are_accepted():
    rows = parse_upload(file=io.BytesIO(b"tuan,tin bai bao chi\n2022-W05,4\n"))
    assert rows == [{"week": "2022-W05", "press_articles": "4"}]


def test_an_upload_through_the_page_with_vietnamese_headers(firm, reporter):
    upload = io.BytesIO('Tuần,"Tin, bài báo chí"\n2022-W05,1\n'.encode())
    upload.name = "tuan.csv"
    reporter.post("/reports/file/", {"org": "vnpost", "file": upload})
    assert WeeklyReport.objects.get(week="2022-W05").press_articles == 1
