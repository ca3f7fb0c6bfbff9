"""The blast pages in a real browser (the system's Chromium through Playwright): compose, start, watch."""

import io
from pathlib import Path

import pytest
from django.db import connections
from django.test import Client

from dispatch.models import Blast
from tests import factories
from tests.campaigns.test_browser import system_chromium


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_compose_start_and_watch_a_blast_complete(live_server, sms, reference_data):
    # Everything touching the database happens before Playwright starts its event loop in this thread.
    draft, owner = factories.blast(contacts=3)
    client = Client()
    client.force_login(owner)
    session = client.cookies["sessionid"].value
    for conn in connections.all():
        conn.close()

    with system_chromium() as browser:
        context = browser.new_context(locale="vi-VN")
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page = context.new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
        page.goto(f"{live_server.url}/dispatch/blasts/")
        page.fill("#id_name", "Vải thiều qua trình duyệt")
        page.select_option("#id_category", "advertising")
        page.fill("#id_sender", "MUA1034")
        page.click("#compose button[type=submit]")
        page.wait_for_url("**/dispatch/blasts/*/")
        assert "Người nhận đủ điều kiện" in page.content()
        assert page.locator("#status").inner_text() == "Nháp"
        page.click("#start")
        # Sending is irreversible: the page asked first, naming how many messages go to whom.
        assert dialogs and dialogs[0].startswith("Gửi 3 tin nhắn đến nhóm «")
        page.wait_for_function("document.getElementById('status').textContent === 'Hoàn tất'", timeout=15000)
        assert page.locator("td[data-status=sent]").inner_text() == "3"
        assert page.locator("#percent").inner_text() == "100"
        assert page.locator("#pause").count() == 0 and page.locator("#cancel").count() == 0
        context.close()

    blast = Blast.objects.get(name="Vải thiều qua trình duyệt")
    assert blast.status == "completed" and len(sms) == 3


SHOTS = Path("/tmp/shots/sms")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_dic_sends_a_blast_on_the_demo_data_and_follows_it_to_each_message(live_server, sms, settings):
    """The SMS journey of issue 15 on `seed_demo`'s data: sign in → compose from the approved SMS item to
    the demo audience → preview → start → follow to completion → the per-message log (search a number,
    filter by status) → a contact's page. Every page passes axe; a screenshot of each step is kept."""
    from django.core.management import call_command

    from demo.accounts import DEMO_PASSWORD
    from tests.core.test_browser import _serious

    settings.DEBUG = True  # seed_demo refuses otherwise (its passwords are known)
    call_command("load_reference", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    for conn in connections.all():
        conn.close()
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    problems = {}

    def choose(page, select, text):
        """Pick the option whose label contains `text` (the labels add ids and organisation names)."""
        page.select_option(select, page.locator(f"{select} option", has_text=text).get_attribute("value"))

    def step(page, name):
        page.screenshot(path=SHOTS / f"{name}.png", full_page=True)
        if found := _serious(page):
            problems[name] = found

    with system_chromium() as browser:
        context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
        page = context.new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
        page.goto(f"{base}/login/")
        page.fill("#id_username", "so.bacgiang")
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("#sign-in")
        page.wait_for_url(f"{base}/campaigns/")

        page.click("nav.menu a[href='/dispatch/blasts/']")
        page.fill("#id_name", "Mở sàn vải thiều – tin thử")
        choose(page, "#id_content_item", "Tin nhắn mở sàn vải thiều Lục Ngạn")
        choose(page, "#id_audience", "Vải thiều Lục Ngạn – hộ SXNN, HTX")
        page.select_option("#id_category", "advertising")
        step(page, "01-compose")
        page.click("#compose button[type=submit]")
        page.wait_for_url("**/dispatch/blasts/*/")
        # The preview: two of the four demo contacts may get it (one refused, one never consented).
        assert "Người nhận đủ điều kiện" in page.content()
        assert page.locator("#status").inner_text() == "Nháp"
        step(page, "02-preview")
        page.click("#start")
        assert dialogs and dialogs[0].startswith("Gửi 2 tin nhắn đến nhóm «Vải thiều Lục Ngạn")
        page.wait_for_function("document.getElementById('status').textContent === 'Hoàn tất'", timeout=20000)
        assert page.locator("#percent").inner_text() == "100"
        sent = int(page.locator("td[data-status=sent]").inner_text())
        assert sent == len(sms) == 2
        step(page, "03-completed")

        page.click("#message-log")
        page.wait_for_url("**/messages/")
        rows = page.locator("#messages tbody tr")
        total = rows.count()
        assert total >= 2
        step(page, "04-log")
        page.fill("#f-q", "0912 000 101")  # a number typed as people write it
        page.click("#message-filter button[type=submit]")
        page.wait_for_url("**q=*")
        assert rows.count() == 1 and "Nguyễn Văn Vải" in rows.first.inner_text()
        step(page, "05-log-search")
        page.fill("#f-q", "")
        page.select_option("#f-status", "sent")
        page.click("#message-filter button[type=submit]")
        page.wait_for_url("**status=sent*")
        assert rows.count() == 2 and all(
            s == "sent" for s in rows.evaluate_all("rs => rs.map(r => r.dataset.status)")
        )
        step(page, "06-log-sent")

        page.locator("#messages a.contact-link").first.click()
        page.wait_for_url("**/dispatch/contacts/*/")
        assert (
            page.locator("#contact-messages tbody tr")
            .first.inner_text()
            .startswith("Mở sàn vải thiều – tin thử")
        )
        assert "Đồng ý nhận tin quảng cáo" in page.locator("#history").inner_text()
        step(page, "07-contact")

        # The contacts browser: the refused number is found by the suppression filter.
        page.goto(f"{base}/dispatch/contacts/?suppressed=yes")
        assert "HTX Nông sản Lục Ngạn" in page.locator("#contacts").inner_text()
        step(page, "08-contacts-suppressed")
        page.locator("#contacts a").first.click()
        page.wait_for_url("**/dispatch/contacts/*/")
        assert "Đang chặn" in page.locator("#contact-suppression").inner_text()
        step(page, "09-contact-suppressed")

        # On a phone the log still fits (the table scrolls inside its box).
        page.set_viewport_size({"width": 390, "height": 844})
        page.go_back()
        page.goto(page.url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 400
        context.close()
    assert not problems, problems
