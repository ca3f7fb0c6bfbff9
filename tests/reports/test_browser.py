"""The tally dashboard in a real browser (system Chromium via Playwright): the chart and a grid cell."""

import datetime as dt
import re

import pytest
from django.db import connection

from accounts.models import Role
from calendars.weeks import LOCAL_TZ, IsoWeek
from reports.models import Target
from reports.services import report_file, target_set
from tests import factories
from tests.content.test_browser import PASSWORD, browser  # noqa: F401 (the fixture)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_dashboard_draws_the_chart_and_the_completeness_grid(browser, live_server, monkeypatch):  # noqa: F811
    # Playwright's sync API runs an event loop in this thread; the ORM calls here stay synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # A transactional test before this one may have flushed the seeded plan targets: set the weekly one.
    if not Target.objects.filter(metric="news_items", active_from__lte=dt.date(2022, 3, 1)).exists():
        target_set(
            actor=factories.SYSTEM,
            metric="news_items",
            scope="national",
            period="week",
            minimum=2,
            active_from=dt.date(2022, 1, 3),
            active_until=dt.date(2023, 1, 1),
        )
    firm = factories.reporting_org(code="vnpost")
    obligation = firm.reporting_obligation
    for number in (8, 9):
        week = IsoWeek(2022, number)
        late = dt.timedelta(days=1) if number == 9 else -dt.timedelta(hours=3)
        report_file(
            actor=factories.SYSTEM,
            organisation=firm,
            week=str(week),
            figures={"press_articles": 2},
            now=obligation.due_at(week) + late,
        )
    item = factories.approved_item(org=firm, channel="tv_central")
    for day in (1, 2):
        factories.publication(item, dt.datetime(2022, 3, day, 9, tzinfo=LOCAL_TZ))
    factories.user("vbc.xem", org=factories.postal_department(), role=Role.VIEWER)
    connection.close()  # the live server threads and Playwright open their own
    try:
        page = browser.new_context(locale="vi-VN").new_page()
        page.goto(f"{live_server.url}/login/?next=/reports/%3Fyear%3D2022")
        page.fill("#id_username", "vbc.xem")
        page.fill("#id_password", PASSWORD)
        page.click("#sign-in")
        page.wait_for_url("**/reports/?year=2022")

        chart = page.locator("#news-chart")
        assert chart.is_visible()
        assert chart.bounding_box()["width"] > 300
        bar = page.locator('#news-chart rect.bar[data-week="2022-W09"]')
        assert bar.get_attribute("class") == "bar met" and bar.get_attribute("data-count") == "2"
        assert bar.evaluate("e => getComputedStyle(e).fill") == "rgb(47, 158, 68)"
        assert (
            page.locator('#news-chart rect.bar[data-week="2022-W08"]').get_attribute("class") == "bar missed"
        )
        assert page.locator("#target-line").count() == 1

        on_time = page.locator("#cell-vnpost-2022-W08")
        assert on_time.get_attribute("data-status") == "on_time"
        assert on_time.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(47, 158, 68)"
        late = page.locator("#cell-vnpost-2022-W09")
        assert late.get_attribute("data-status") == "late"
        assert "Muộn" in late.text_content()  # a hidden label names the status for screen readers
        assert page.locator("#cell-vnpost-2022-W10").get_attribute("data-status") == "missing"

        # The grid's cells stay light (no link each); the week's column header drills down.
        # (it keeps the dashboard's filters in its query string)
        page.locator("#grid-week-2022-W09").click()
        page.wait_for_url(re.compile(r"/reports/weeks/2022-W09/(\?.*)?$"))
        assert page.locator("#publications tr").count() == 3  # header + the two TV items
    finally:
        connection.close()
