"""The working group's national 2022 dashboard on the demo data, in a real browser at 1366×768: no
horizontal scroll, under 250 KB of HTML, counted and reported both in view, the chart drawn."""

from importlib import import_module
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from demo.accounts import DEMO_PASSWORD
from reports.models import Target
from tests.content.test_browser import browser  # noqa: F401 (the fixture)
from tests.core.test_browser import _serious

SHOTS = Path("/tmp/shots/notify")
LIMIT = 250 * 1024


@pytest.fixture
def demo(reference_data, settings, capsys, monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls here stay synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.DEBUG = True
    call_command("seed_demo")
    # The plan's 2022 targets come with a migration; an earlier transactional test's flush may have
    # emptied them (the migration's own rows, put back as it would).
    for row in import_module("campaigns.migrations.0005_seed_targets").PLAN:
        keys = {k: row[k] for k in ("metric", "scope", "period", "active_from", "label")}
        Target.objects.get_or_create(**keys, defaults=row)
    capsys.readouterr()
    connection.close()  # the live server threads and Playwright open their own


def _sign_in(browser, live_server, username, target):  # noqa: F811
    page = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 768}).new_page()
    page.goto(f"{live_server.url}/login/?next={target}")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.press("#id_password", "Enter")
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_national_2022_dashboard_fits_1366_px_and_250_kb_with_counted_beside_reported(
    demo,
    browser,  # noqa: F811
    live_server,
):
    page = _sign_in(browser, live_server, "tocongtac", "/reports/%3Fyear%3D2022")
    page.wait_for_url("**/reports/?year=2022")
    size = len(page.request.get(f"{live_server.url}/reports/?year=2022").body())
    print(f"national 2022 dashboard (demo data): {size} bytes of HTML")
    assert size < LIMIT, f"{size / 1024:.0f} KB"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    for selector in ("#total-counted", "#total-reported", "#counted-explanation", "#news-chart"):
        assert page.locator(selector).is_visible(), selector
    assert page.locator("#news-chart").bounding_box()["width"] > 600
    text = page.inner_text("#counted-reported")
    assert "Đếm được" in text and "Đơn vị báo cáo" in text
    assert page.locator("#completeness-grid tr").count() <= 11  # a page of organisations, not 65
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "dashboard-2022.png"), full_page=True)
    page.screenshot(path=str(SHOTS / "dashboard-2022-top.png"))
    assert _serious(page) == []
    # The week table opens; a week's gap drills down to each organisation.
    page.click("#weekly summary")
    page.locator("#week-2022-W23 th a").click()
    page.wait_for_url("**/reports/weeks/2022-W23/**")
    assert page.locator("#week-counted").is_visible() and page.locator("#week-reported").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(SHOTS / "week-2022-W23.png"), full_page=True)
    assert _serious(page) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_approver_reads_grouped_notifications_and_marks_them_all_read(
    demo,
    browser,  # noqa: F811
    live_server,
):
    page = _sign_in(browser, live_server, "pheduyet", "/content/notifications/")
    page.wait_for_url("**/content/notifications/")
    assert page.locator("#nav-notifications .count").is_visible()
    assert page.locator("#notifications li.notice").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "notifications.png"), full_page=True)
    assert _serious(page) == []
    page.click("#read-all button")
    page.wait_for_url("**/content/notifications/")
    assert page.locator("#nav-notifications .count").count() == 0
    assert page.locator("#notifications li.unread").count() == 0
