"""The reporter's journey on the demo data in a real browser: VNPost's reporter signs in at /login/, opens
the weekly report form for the week just ended, sees last week's figures beside the fields and the running
totals carried, files, and lands on the receipt. Screenshots in /tmp/shots/reports/."""

from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from calendars.weeks import week_of
from demo.accounts import DEMO_PASSWORD
from reports.models import ReportStatus, WeeklyReport
from tests.content.test_browser import browser  # noqa: F401 (the fixture)
from tests.core.test_browser import _serious

SHOTS = Path("/tmp/shots/reports")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_demo_reporter_files_last_week_beside_the_week_before_and_gets_a_receipt(
    demo,
    browser,  # noqa: F811
    live_server,
    monkeypatch,
):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    week = week_of(timezone.now()).previous()  # the week the form opens on: the one just ended
    before = WeeklyReport.objects.get(organisation__code="vnpost", week=str(week.previous()))
    assert not WeeklyReport.objects.filter(organisation__code="vnpost", week=str(week)).exists()
    connection.close()
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        page = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900}).new_page()
        page.goto(f"{live_server.url}/login/?next=/reports/file/")
        page.fill("#id_username", "vnpost")
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("#sign-in")
        page.wait_for_url("**/reports/file/")
        assert page.locator("#week-select").input_value() == str(week)
        helptext = page.inner_text("#id_press_articles_helptext")
        assert helptext == f"Tuần trước: {before.press_articles}"
        carried = page.input_value("#id_households_onboarded")
        assert carried == str(before.households_onboarded)
        assert "đã điền sẵn số luỹ kế" in page.inner_text("#id_households_onboarded_helptext")
        assert page.get_attribute("#template-xlsx", "href") == "/reports/file/template.xlsx"
        page.screenshot(path=str(SHOTS / "reporter-1-form.png"), full_page=True)
        assert not _serious(page)

        page.fill("#id_press_articles", "3")
        page.fill("#id_tv_spots", "1")
        page.fill("#id_households_onboarded", str(before.households_onboarded + 450))
        page.fill("#id_narrative", "Tuần này đăng 3 tin trên báo điện tử, 1 phóng sự truyền hình.")
        page.click("#submit-report")
        page.wait_for_url(f"**/reports/file/vnpost/{week}/receipt/")
        assert page.inner_text("#receipt-status") == "Đã nộp"
        cells = page.locator('#receipt tr[data-figure="households_onboarded"] td').all_inner_texts()
        assert cells[2] == "+450"
        press = page.locator('#receipt tr[data-figure="press_articles"] td').all_inner_texts()
        assert press[:2] == ["3", str(before.press_articles)]
        page.screenshot(path=str(SHOTS / "reporter-2-receipt.png"), full_page=True)
        assert not _serious(page)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(SHOTS / "reporter-3-receipt-phone.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 400
    finally:
        connection.close()
    filed = WeeklyReport.objects.get(organisation__code="vnpost", week=str(week))
    assert filed.status == ReportStatus.SUBMITTED and filed.press_articles == 3
