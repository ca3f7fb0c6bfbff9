"""The calendar page in a real browser: Playwright driving the system's Chromium (Debian's `chromium`).

Never downloads a browser. Without /usr/bin/chromium or the playwright package the test is skipped with
the reason locally and fails in CI (MUA_REQUIRE_SERVICES=1), where .ci/run installs chromium.
"""

import datetime as dt
import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.test import Client

from tests import factories

CHROMIUM = Path(os.environ.get("MUA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REQUIRE = os.environ.get("MUA_REQUIRE_SERVICES") == "1"


@contextmanager
def system_chromium():
    """A Playwright Chromium browser on the system binary, or skip (fail in CI) saying what is missing."""
    reason = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "the playwright package is not installed (pip install -e '.[dev]')"
    if reason is None and not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium)"
    if reason:
        if REQUIRE:
            pytest.fail(f"MUA_REQUIRE_SERVICES=1 but {reason}")
        pytest.skip(f"needs the system Chromium: {reason}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.mark.django_db(transaction=True)
def test_calendar_page_switches_month_and_filters_by_province(live_server, reference_data):
    # Everything touching the database happens before Playwright starts its event loop in this thread.
    dic = factories.dic("24")
    user = factories.user(org=dic, role="editor")
    factories.campaign(province_code="24", title="Vải thiều tháng sáu", harvest_start=dt.date(2026, 6, 1))
    factories.campaign(province_code="24", title="Na tháng bảy", harvest_start=dt.date(2026, 7, 5))
    factories.campaign(province_code="01", title="Bưởi Hà Nội tháng bảy", harvest_start=dt.date(2026, 7, 10))
    unit = factories.province("24").successor
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value

    with system_chromium() as browser:
        context = browser.new_context(locale="vi-VN")
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page = context.new_page()
        page.goto(f"{live_server.url}/campaigns/?month=2026-06")

        # A DIC lands on its own province.
        assert page.locator("#month-label").inner_text() == "Tháng 6/2026"
        assert page.locator("#filter-province").input_value() == "2022:24"
        rows = page.locator("tr.wave-row")
        assert rows.all_inner_texts()[0].startswith("Vải thiều tháng sáu")
        assert rows.count() == 2  # June's wave, and July's whose prep_due (5 June) falls in June
        harvest = page.locator("tr.wave-row td.harvest").first
        assert harvest.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(123, 138, 154)"
        assert page.locator("td.prep").count() == 1

        # Switch month.
        page.click("#next-month")
        page.wait_for_url("**month=2026-07**")
        assert page.locator("#month-label").inner_text() == "Tháng 7/2026"
        titles = " ".join(page.locator("tr.wave-row td.title").all_inner_texts())
        assert "Na tháng bảy" in titles and "Bưởi Hà Nội" not in titles

        # Filter by another province on the 2022 map; the month is kept.
        page.select_option("#filter-province", "2022:01")
        page.click("#apply-filters")
        page.wait_for_url("**province=2022%3A01**")
        assert page.locator("#month-label").inner_text() == "Tháng 7/2026"
        titles = " ".join(page.locator("tr.wave-row td.title").all_inner_texts())
        assert "Bưởi Hà Nội tháng bảy" in titles and "Na tháng bảy" not in titles

        # And by the 2025 unit that Bắc Giang is now part of.
        page.select_option("#filter-province", f"2025:{unit.code}")
        page.click("#apply-filters")
        page.wait_for_url(f"**province=2025%3A{unit.code}**")
        assert unit.name in page.locator("#scope").inner_text()
        assert "Na tháng bảy" in " ".join(page.locator("tr.wave-row td.title").all_inner_texts())

        # The list view links to each wave.
        page.select_option("#filter-view", "list")
        page.click("#apply-filters")
        page.click("text=Na tháng bảy")
        assert page.locator("h1").inner_text() == "Na tháng bảy"
        context.close()
