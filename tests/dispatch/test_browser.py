"""The blast pages in a real browser (the system's Chromium through Playwright): compose, start, watch."""

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
