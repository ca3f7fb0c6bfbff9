"""The dashboard, drill-down, exports, report form, printable monthly report and the tally command."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from accounts.models import Role
from calendars.weeks import LOCAL_TZ, IsoWeek
from reports.models import WeeklyReport
from reports.services import report_file
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    firm = factories.reporting_org(code="vnpost")
    firm.reporting_obligation.lock_days = 3650
    firm.reporting_obligation.save()
    on_time = firm.reporting_obligation.due_at(IsoWeek(2022, 9)) - dt.timedelta(hours=3)
    report_file(
        actor=factories.SYSTEM, organisation=firm, week="2022-W09", figures={"press_articles": 4}, now=on_time
    )
    item = factories.approved_item(org=firm, channel="press_online")
    item.title = "Vải thiều lên sàn"
    item.save()
    factories.publication(item, dt.datetime(2022, 3, 2, 9, tzinfo=LOCAL_TZ))
    return firm


@pytest.fixture
def national_client():
    client = Client()
    client.force_login(factories.user(org=factories.postal_department(), role=Role.EDITOR))
    return client


def test_the_dashboard_shows_the_chart_the_grid_and_this_week(data, national_client):
    html = national_client.get("/reports/", {"year": 2022}).content.decode()
    assert 'id="news-chart"' in html and 'data-week="2022-W09" data-count="1"' in html
    assert 'id="target-line"' in html
    assert 'id="cell-vnpost-2022-W09" data-status="on_time"' in html
    assert 'id="cell-vnpost-2022-W10" data-status="missing"' in html
    # This week at a glance belongs to this year's page only.
    assert 'id="glance"' not in html
    assert 'id="glance"' in national_client.get("/reports/").content.decode()


def test_a_firm_sees_only_its_own_row(data):
    factories.reporting_org(code="viettelpost")
    client = Client()
    client.force_login(factories.user(org=data, role=Role.VIEWER))
    html = client.get("/reports/", {"year": 2022}).content.decode()
    assert "cell-vnpost-2022-W09" in html and "cell-viettelpost" not in html


def test_the_drill_down_lists_the_publications_behind_a_number(data, national_client):
    html = national_client.get("/reports/weeks/2022-W09/").content.decode()
    assert "Vải thiều lên sàn" in html and "Tuần 9/2022 (28/2–6/3)" in html
    assert national_client.get("/reports/weeks/2022-W99/").status_code == 404


def test_the_same_figures_as_csv_and_xlsx(data, national_client):
    from openpyxl import load_workbook

    csv_text = national_client.get("/reports/export.csv", {"year": 2022}).content.decode("utf-8-sig")
    lines = csv_text.splitlines()
    name = data.name
    reported = WeeklyReport.objects.get(week="2022-W09")
    filed = (reported.press_articles or 0) + (reported.tv_spots or 0)
    # People read labels and names; the second header row keeps the codes for scripts.
    assert (
        lines[0] == "Tuần,Đếm được,Đơn vị báo cáo,Chênh lệch,Chỉ tiêu,"
        f"Kết quả (theo số đếm được),Còn thiếu,{name}"
    )
    assert lines[1] == f"week,counted,reported,gap,target,met,shortfall,{data.code}"
    assert f"Tuần 9/2022 (28/2–6/3),1,{filed},{filed - 1},2,Chưa đạt,1,Đúng hạn" in lines
    xlsx = national_client.get("/reports/export.xlsx", {"year": 2022})
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Tin bài theo tuần", "Tình trạng nộp", "Mức đầy đủ", "Giải thích"]
    assert "Chỉ tiêu tuần được đánh giá theo số “Đếm được”" in book["Giải thích"]["A3"].value
    rows = [list(r) for r in book["Tin bài theo tuần"].iter_rows(values_only=True)]
    assert rows[1] == ["week", "counted", "reported", "gap", "target", "met", "shortfall"]
    assert ["Tuần 9/2022 (28/2–6/3)", 1, filed, filed - 1, 2, "Chưa đạt", 1] in rows
    assert national_client.get("/reports/export.pdf").status_code == 404


def test_the_printable_monthly_report_has_the_tables_and_the_chart(data, national_client):
    html = national_client.get("/reports/monthly/2022-03/").content.decode()
    assert "Đề án 1034) tháng 03/2022" in html and 'id="news-chart"' in html
    assert 'id="rollup-table"' in html and "Tuần 09/2022" in html
    assert 'id="news-total">1<' in html
    assert national_client.get("/reports/monthly/2022-13/").status_code == 404


def test_the_form_files_a_report_and_shows_errors(data):
    client = Client()
    client.force_login(factories.user(org=data, role=Role.EDITOR))
    page = client.get("/reports/file/", {"week": "2022-W08"}).content.decode()
    assert 'name="press_articles"' in page
    bad = client.post("/reports/file/", {"week": "2022-W08", "press_articles": "-3", "action": "submit"})
    assert 'id="form-error"' in bad.content.decode()
    ok = client.post("/reports/file/", {"week": "2022-W08", "press_articles": "0", "action": "submit"})
    assert ok.status_code == 302  # POST → redirect → GET: a refresh files nothing twice
    shown = client.get(ok["Location"]).content.decode()
    assert "Đã lưu báo cáo Tuần 8/2022 (21–27/2)" in shown
    assert WeeklyReport.objects.get(week="2022-W08").press_articles == 0


def test_the_form_uploads_many_weeks(data):
    client = Client()
    client.force_login(factories.user(org=data, role=Role.EDITOR))
    upload = io.BytesIO(b"week,press_articles\n2022-W05,1\n2022-W06,x\n")
    upload.name = "tuan.csv"
    html = client.post("/reports/file/", {"org": "vnpost", "file": upload}).content.decode()
    assert 'id="import-result"' in html and "Tuần 6/2022 (7–13/2)" in html
    assert WeeklyReport.objects.filter(week="2022-W05").exists()


def test_tally_command_prints_a_week_and_a_month(data, capsys):
    call_command("tally", week="2022-W09")
    out = capsys.readouterr().out
    assert "2022-W09" in out and "chưa đạt" in out and "vnpost" in out and "⚠ chênh lệch" in out
    call_command("tally", month="2022-03")
    out = capsys.readouterr().out
    assert "Tổng hợp tháng 03/2022" in out and "2022-W13" in out
    with pytest.raises(CommandError):
        call_command("tally", week="2022-W77")


def test_a_matched_feed_article_counts_for_its_wave_and_shows_in_the_drill_down(data, national_client):
    """Feed articles have no content item; they count through their own wave link (issue 8 + issue 7)."""
    from content.models import Publication
    from reports.selectors import news_tally

    wave = factories.campaign(province_code="24")
    Publication.objects.create(
        campaign=wave,
        channel="press_online",
        outlet="Báo Bắc Giang",
        title="Bắc Giang: vải thiều lên sàn voso",
        url="https://baobacgiang.example/vai-thieu",
        canonical_url="baobacgiang.example/vai-thieu",
        published_at=dt.datetime(2022, 3, 3, 8, tzinfo=LOCAL_TZ),
        iso_week="2022-W09",
        source="feed",
    )
    week = IsoWeek(2022, 9)
    assert [t.counted for t in news_tally(first=week, last=week)] == [2]
    assert [t.counted for t in news_tally(first=week, last=week, campaign=wave)] == [1]
    assert [t.counted for t in news_tally(first=week, last=week, province=wave.province)] == [1]
    html = national_client.get("/reports/weeks/2022-W09/").content.decode()
    assert "Bắc Giang: vải thiều lên sàn voso" in html and "Vải thiều lên sàn" in html
