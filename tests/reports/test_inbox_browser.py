"""The Postal Department's journey in a real browser: open the inbox, a report against last week's, and
accept a month for every organisation at once."""

import datetime as dt
from pathlib import Path

import pytest
from django.db import connection

from accounts.models import Role
from calendars.weeks import IsoWeek
from reports.models import MonthlyRollup
from reports.services import report_file
from tests import factories
from tests.content.test_browser import PASSWORD, browser  # noqa: F401 (the fixture)

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_department_accepts_a_month_for_all_organisations_at_once(browser, live_server, monkeypatch):  # noqa: F811
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    firms = [factories.reporting_org(code=code) for code in ("vnpost", "viettelpost", "firm-3", "firm-4")]
    for org in firms:
        org.reporting_obligation.lock_days = 3650
        org.reporting_obligation.save()
        for number, press in ((23, 4), (24, 6)):
            week = IsoWeek(2022, number)
            report_file(
                actor=factories.SYSTEM,
                organisation=org,
                week=str(week),
                figures={"press_articles": press},
                now=org.reporting_obligation.due_at(week) - dt.timedelta(hours=3),
            )
    factories.user("vbc.duyet", org=factories.postal_department(), role=Role.EDITOR)
    connection.close()
    try:
        page = browser.new_context(locale="vi-VN").new_page()
        page.goto(f"{live_server.url}/login/?next=/reports/inbox/%3Fweek%3D2022-W24")
        page.fill("#id_username", "vbc.duyet")
        page.fill("#id_password", PASSWORD)
        page.press("#id_password", "Enter")
        page.wait_for_url("**/reports/inbox/?week=2022-W24")
        assert page.locator("#inbox tbody tr").count() == 4
        page.locator('tr[data-org="vnpost"] a').click()
        assert page.locator('tr[data-figure="press_articles"] td').all_inner_texts()[1:] == ["6", "4", "+2"]
        page.click("#accept")
        page.wait_for_url("**/reports/inbox/?week=2022-W24")
        page.click("#month-link")
        page.wait_for_url("**/reports/inbox/months/2022-06/")
        assert page.locator('input[name="organisations"]:checked').count() == 4
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "department-month.png"), full_page=True)
        page.click("#accept-month")
        page.wait_for_url("**/reports/inbox/months/2022-06/")
        assert "cho 4 tổ chức" in page.inner_text(".messages")
        assert page.locator('input[name="organisations"]:checked').count() == 0
        assert MonthlyRollup.objects.filter(month="2022-06", status="accepted").count() == 4
    finally:
        connection.close()
