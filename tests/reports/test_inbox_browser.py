"""The Postal Department's journey on the demo data in a real browser: the reports inbox of a week by
state, one report against last week's accepted and another returned with a comment, June accepted for
every organisation at once, the quarterly review with the country's line, and the printed monthly report
in the Decree 30 layout (print media, A4 PDF). Screenshots in /tmp/shots/reports/."""

import re
from pathlib import Path

import pytest
from django.db import connection

from demo.accounts import DEMO_PASSWORD
from reports.models import MonthlyRollup, ReportingObligation, ReportStatus, WeeklyReport
from tests.content.test_browser import browser  # noqa: F401 (the fixture)
from tests.core.test_browser import _serious

SHOTS = Path("/tmp/shots/reports")


def _shot(page, name):
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert not _serious(page), name


def _inbox_by_state(page, base, everyone):
    page.goto(f"{base}/login/?next=/reports/inbox/%3Fweek%3D2022-W24")
    page.fill("#id_username", "pheduyet")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#sign-in")
    page.wait_for_url("**/reports/inbox/?week=2022-W24")
    assert page.locator("#inbox tbody tr").count() == everyone
    _shot(page, "department-1-inbox")
    page.select_option("#f-state", "missing")
    page.click("#inbox-filter button")
    page.wait_for_url("**state=missing")
    assert page.locator("#inbox tbody tr").count() == everyone - 4  # the demo's four reporters filed
    assert page.locator('#inbox tr[data-org="vnpost"]').count() == 0
    page.select_option("#f-state", "submitted")
    page.click("#inbox-filter button")
    page.wait_for_url("**state=submitted")
    assert page.locator("#inbox tbody tr").count() == 4


def _decide_reports(page, before, now):
    page.locator('#inbox tr[data-org="vnpost"] a').click()
    page.wait_for_url("**/reports/inbox/vnpost/2022-W24/")
    cells = page.locator('tr[data-figure="press_articles"] td').all_inner_texts()
    change = now.press_articles - before.press_articles
    assert cells[1:3] == [str(now.press_articles), str(before.press_articles)]
    assert cells[3] == (f"+{change}" if change > 0 else str(change))
    _shot(page, "department-2-report")
    page.click("#accept")
    page.wait_for_url("**/reports/inbox/?week=2022-W24")
    page.locator('#inbox tr[data-org="viettelpost"] a').click()
    page.fill("#return-comment", "Số chiến dịch nhà cung cấp chưa khớp với danh sách gửi kèm.")
    page.click("#return")
    page.wait_for_url("**/reports/inbox/?week=2022-W24")
    assert page.inner_text('#inbox tr[data-org="viettelpost"] .inbox-state') == "Trả lại để sửa"


def _accept_june(page, everyone):
    page.click("#month-link")
    page.wait_for_url("**/reports/inbox/months/2022-06/")
    assert page.locator('input[name="organisations"]:checked').count() == everyone
    _shot(page, "department-3-month")
    page.click("#accept-month")
    page.wait_for_url("**/reports/inbox/months/2022-06/")
    assert f"cho {everyone} tổ chức" in page.inner_text(".messages")
    assert page.locator('input[name="organisations"]:checked').count() == 0


def _quarter(page, everyone):
    page.click("#quarter-link")
    page.wait_for_url("**/reports/inbox/quarters/2022-Q2/")
    national = page.locator("#national-row")
    assert f"Toàn quốc ({everyone} đơn vị)" in national.inner_text()
    assert f"{everyone}/{everyone} đã chấp nhận" in national.locator('td[data-month="2022-06"]').inner_text()
    assert f"0/{everyone} đã chấp nhận" in national.locator('td[data-month="2022-04"]').inner_text()
    vnpost = page.locator('#quarter-rows tr[data-org="vnpost"]')
    assert "Đã chấp nhận" in vnpost.locator('td[data-month="2022-06"]').inner_text()
    _shot(page, "department-4-quarter")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366


def _print(page, base):
    page.goto(f"{base}/reports/monthly/2022-06/?number=15&signer=Nguy%E1%BB%85n%20V%C4%83n%20An")
    page.screenshot(path=str(SHOTS / "department-5-print-screen.png"), full_page=True)
    page.emulate_media(media="print")
    assert not page.locator("#doc-fill").is_visible()  # the fill-in form does not print
    issuer, nation = page.locator("#doc-issuer").bounding_box(), page.locator("#doc-nation").bounding_box()
    assert issuer["x"] < nation["x"] and abs(issuer["y"] - nation["y"]) < 2
    recipients = page.locator("#doc-recipients").bounding_box()
    signature = page.locator("#doc-signature").bounding_box()
    assert recipients["x"] < signature["x"] and abs(recipients["y"] - signature["y"]) < 2
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert font.startswith('"Times New Roman"')
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.screenshot(path=str(SHOTS / "department-6-print-media.png"), full_page=True)
    for part in ("doc-head", "doc-foot", "annex"):
        page.locator(f"#{part}").screenshot(path=str(SHOTS / f"department-6-print-{part}.png"))
    pdf = page.pdf(path=str(SHOTS / "monthly-2022-06.pdf"), prefer_css_page_size=True)
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    portrait = [b for b in boxes if float(b[0]) < float(b[1])]
    landscape = [b for b in boxes if float(b[0]) > float(b[1])]
    assert portrait and landscape, boxes  # the document on A4 portrait, the annex on A4 landscape
    assert round(float(portrait[0][0])) == 595 and round(float(portrait[0][1])) == 842  # A4 in points


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_department_works_through_the_inbox_accepts_june_for_everyone_and_prints_the_month(
    demo,
    browser,  # noqa: F811
    live_server,
    monkeypatch,
):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    everyone = ReportingObligation.objects.count()
    assert everyone >= 65
    vnpost = WeeklyReport.objects.filter(organisation__code="vnpost")
    before, now = vnpost.get(week="2022-W23"), vnpost.get(week="2022-W24")
    connection.close()
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        page = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900}).new_page()
        _inbox_by_state(page, live_server.url, everyone)
        _decide_reports(page, before, now)
        _accept_june(page, everyone)
        _quarter(page, everyone)
        _print(page, live_server.url)
    finally:
        connection.close()
    assert MonthlyRollup.objects.filter(month="2022-06", status="accepted").count() == everyone
    assert vnpost.get(week="2022-W24").status == ReportStatus.ACCEPTED
    returned = WeeklyReport.objects.get(organisation__code="viettelpost", week="2022-W24")
    assert returned.status == ReportStatus.RETURNED and "chưa khớp" in returned.return_comment
