"""The printed monthly report in the administrative document format of Decree 30/2020/NĐ-CP."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.test import Client

from accounts.models import Role
from calendars.weeks import IsoWeek
from reports.printing import issued_date
from reports.services import report_file
from tests import factories

pytestmark = pytest.mark.django_db
PRINT_CSS = Path(__file__).resolve().parents[2] / "core" / "static" / "core" / "print.css"


@pytest.fixture
def department():
    firm = factories.reporting_org(code="vnpost")
    firm.reporting_obligation.lock_days = 3650
    firm.reporting_obligation.save()
    week = IsoWeek(2022, 23)
    report_file(
        actor=factories.SYSTEM,
        organisation=firm,
        week=str(week),
        figures={"press_articles": 5, "orders": 12480, "transaction_value_vnd": 2_300_000},
        now=firm.reporting_obligation.due_at(week) - dt.timedelta(hours=3),
    )
    client = Client()
    client.force_login(factories.user(org=factories.postal_department(), role=Role.EDITOR))
    return client


def test_the_document_has_the_decree_s_parts_in_order(department):
    html = department.get(
        "/reports/monthly/2022-06/", {"number": "15", "signer": "Nguyễn Văn An", "position": "KT. VỤ TRƯỞNG"}
    ).content.decode()
    html = html.split("</form>", 1)[1]  # after the on-screen form that fills the number and signer
    parts = [
        'id="doc-issuer"',
        "BỘ THÔNG TIN VÀ TRUYỀN THÔNG",
        "<span>VỤ BƯU CHÍNH</span>",
        "Số: 15/BC-VBC",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "<span>Độc lập - Tự do - Hạnh phúc</span>",
        'id="doc-date">Hà Nội, ngày ',
        '<h1 class="doc-type" id="doc-title">BÁO CÁO</h1>',
        "(Đề án 1034) tháng 06/2022",
        'id="doc-body"',
        'id="news-table"',
        'id="completeness-table"',
        "Nơi nhận:",
        "- Lưu: VT, VBC.",
        "KT. VỤ TRƯỞNG",
        "Nguyễn Văn An",
        'id="annex"',
        'id="rollup-table"',
    ]
    positions = [html.find(part) for part in parts]
    assert -1 not in positions, [p for p, at in zip(parts, positions, strict=True) if at == -1]
    assert positions == sorted(positions)
    assert "<td>12.480</td>" in html and "2.300.000" in html  # Vietnamese digit grouping in the annex


def test_what_a_reader_fills_in_is_bounded_and_escaped(department):
    html = department.get(
        "/reports/monthly/2022-06/", {"number": "12<b>", "signer": "<script>x</script>" + "A" * 200}
    ).content.decode()
    assert "Số: ……/BC-VBC" in html  # not a number: left for the registry to fill
    assert "<script>x" not in html
    signer = html.split('class="signer">', 1)[1].split("</div>", 1)[0]
    assert signer == "&lt;script&gt;x&lt;/script&gt;" + "A" * 62  # 80 characters at most


def test_the_date_is_written_the_decree_s_way():
    assert issued_date(dt.date(2022, 1, 5), "Hà Nội") == "Hà Nội, ngày 05 tháng 01 năm 2022"
    assert issued_date(dt.date(2022, 2, 28), "Hà Nội") == "Hà Nội, ngày 28 tháng 02 năm 2022"
    assert issued_date(dt.date(2026, 11, 9), "Hà Nội") == "Hà Nội, ngày 09 tháng 11 năm 2026"
    assert issued_date(dt.date(2022, 7, 15), "Bắc Giang") == "Bắc Giang, ngày 15 tháng 7 năm 2022"


def test_the_print_stylesheet_sets_a4_margins_and_type_within_the_decree_s_ranges():
    css = PRINT_CSS.read_text()
    page = re.search(r"@page \{ size: A4 portrait; margin: (\d+)mm (\d+)mm (\d+)mm (\d+)mm; \}", css)
    assert page, "A4 portrait with margins in mm"
    top, right, bottom, left = (int(v) for v in page.groups())
    assert 20 <= top <= 25 and 20 <= bottom <= 25 and 30 <= left <= 35 and 15 <= right <= 20
    body = re.search(r"body\.document \{[^}]*font-family: \"Times New Roman\"[^}]*font-size: ([\d.]+)pt", css)
    assert body and 13 <= float(body.group(1)) <= 14
