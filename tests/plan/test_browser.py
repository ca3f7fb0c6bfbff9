"""The plan's milestones page in a real browser (system Chromium via Playwright): a DIC updates its own
milestone with evidence; the national view lists every owner's; both pass axe at 1366 px and on a phone.
Screenshots go to /tmp/shots/plan/ for a person to look at."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from accounts.models import Role
from plan.models import Milestone
from tests import factories
from tests.content.test_browser import PASSWORD, browser  # noqa: F401 (the fixture)
from tests.core.test_browser import _serious

SHOTS = Path("/tmp/shots/plan")


def _sign_in(browser, base, username, width):  # noqa: F811
    page = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 900}).new_page()
    page.goto(f"{base}/login/?next=/reports/plan/2022/milestones/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#sign-in")
    page.wait_for_url("**/reports/plan/2022/milestones/")
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_dic_updates_its_milestone_and_the_national_view_lists_every_one(
    reference_data,
    monkeypatch,
    live_server,
    browser,  # noqa: F811
):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # A fresh session: in the full suite this one's was once ended from outside during the fixtures'
    # set-up ("terminating connection due to administrator command"), which only this test met.
    connection.close()
    call_command("load_plan")  # an earlier transactional test's flush may have emptied the plan
    SHOTS.mkdir(parents=True, exist_ok=True)
    factories.user("so.bg", org=factories.dic("24"))
    factories.user("vbc.xem", org=factories.postal_department(), role=Role.VIEWER)
    connection.close()
    page = _sign_in(browser, live_server.url, "so.bg", 1366)
    assert page.locator("#milestones tbody tr").count() == Milestone.objects.filter(owner_kind="dic").count()
    row = page.locator('tr[data-code="w09-flagship-products"]')
    row.locator("select").select_option("done")
    row.locator("textarea").fill("https://stttt.bacgiang.gov.vn/cv-123")
    row.locator("button").click()
    page.wait_for_load_state()
    assert "Đã cập nhật mốc" in page.locator(".messages").text_content()
    assert Milestone.objects.get(code="w09-flagship-products").status == "done"
    assert _serious(page) == []
    page.screenshot(path=SHOTS / "dic-milestones.png", full_page=True)
    national = _sign_in(browser, live_server.url, "vbc.xem", 1366)
    assert national.locator("#milestones tbody tr").count() == Milestone.objects.count()
    assert national.locator("#milestones textarea").count() == 0  # a viewer reads only
    assert _serious(national) == []
    national.screenshot(path=SHOTS / "national-milestones.png", full_page=True)
    phone = _sign_in(browser, live_server.url, "so.bg", 390)
    assert _serious(phone) == []
    phone.screenshot(path=SHOTS / "dic-milestones-phone.png", full_page=False)
    phone.goto(f"{live_server.url}/reports/plan/2022/?province=24")
    phone.screenshot(path=SHOTS / "progress-phone.png", full_page=False)
