"""The blast pages in a real browser (the system's Chromium through Playwright): compose, start, watch."""

import io
import os
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


# Screenshots of each step, for a person to look at (not kept in the repository).
SHOTS = Path(os.environ.get("MUA_SHOTS_DIR", "/tmp/shots")) / "sms"


@pytest.fixture
def demo(settings, reference_data):
    """`seed_demo`'s organisations, users, approved SMS item, contacts and audience, committed for the
    live server; its users sign in with DEMO_PASSWORD."""
    from django.core.management import call_command

    settings.DEBUG = True  # seed_demo refuses otherwise (its passwords are known)
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    SHOTS.mkdir(parents=True, exist_ok=True)


class Steps:
    """Screenshots each step and collects axe's serious or critical findings, asserted at the end."""

    def __init__(self):
        self.problems = {}

    def __call__(self, page, name):
        from tests.core.test_browser import _serious

        page.screenshot(path=SHOTS / f"{name}.png", full_page=True)
        if found := _serious(page):
            self.problems[name] = found


def _demo_sign_in(browser, base, username="so.bacgiang"):
    from demo.accounts import DEMO_PASSWORD

    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#sign-in")
    page.wait_for_url(f"{base}/campaigns/")
    return context, page


def _choose(page, select, text):
    """Pick the option whose label contains `text` (the labels add ids and organisation names)."""
    page.select_option(select, page.locator(f"{select} option", has_text=text).get_attribute("value"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_dic_sends_a_blast_on_the_demo_data_and_follows_it_to_each_message(live_server, sms, demo):
    """The SMS journey of issue 15 on `seed_demo`'s data: sign in → compose from the approved SMS item to
    the demo audience → preview → start → follow to completion → the per-message log (search a number,
    filter by status) → a contact's page. Every page passes axe; a screenshot of each step is kept."""
    for conn in connections.all():
        conn.close()
    base = live_server.url
    step = Steps()

    with system_chromium() as browser:
        context, page = _demo_sign_in(browser, base)
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))

        page.click("nav.menu a[href='/dispatch/blasts/']")
        page.fill("#id_name", "Mở sàn vải thiều – tin thử")
        _choose(page, "#id_content_item", "Tin nhắn mở sàn vải thiều Lục Ngạn")
        _choose(page, "#id_audience", "Vải thiều Lục Ngạn – hộ SXNN, HTX")
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
    assert not step.problems, step.problems


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_import_page_follows_a_running_import_and_ends_with_its_summary(live_server, demo, tmp_path):
    """An upload lands on the imports list; its page sums up what was created, updated and refused and
    lists the refused rows in words. A running import's page follows it without a reload of its own,
    and shows the summary once it is done."""
    import threading

    from playwright.sync_api import expect

    from accounts.models import Organisation
    from dispatch.models import ContactImport

    dic = Organisation.objects.get(code="dic-24")
    running = ContactImport.objects.create(
        organisation=dic, filename="danh-ba-lon.csv", status="running", progress=40, rows_done=4000
    )
    for conn in connections.all():
        conn.close()
    upload = tmp_path / "danh-ba-luc-ngan.csv"
    # One number the demo already holds (updated), one new, one landline (refused).
    upload.write_text(
        "Số điện thoại,Họ tên,Tỉnh\n0912000101,Nguyễn Văn Vải,Bắc Giang\n0987654321,Đào Thị Mận,Bắc Giang\n"
        "024 3825 1234,Cơ quan,Bắc Giang\n",
        encoding="utf-8",
    )
    base = live_server.url
    step = Steps()

    def finish_in_another_thread():
        def finish():
            ContactImport.objects.filter(pk=running.pk).update(
                status="done", progress=100, rows_done=10000, accepted=9990, rejected=10
            )
            connections["default"].close()

        worker = threading.Thread(target=finish)
        worker.start()
        worker.join()

    with system_chromium() as browser:
        context, page = _demo_sign_in(browser, base)
        page.goto(f"{base}/dispatch/imports/")
        page.set_input_files("#id_file", str(upload))
        page.click("#upload button[type=submit]")
        page.wait_for_url(f"{base}/dispatch/imports/")
        step(page, "10-imports")
        page.click("#imports a:has-text('danh-ba-luc-ngan.csv')")
        page.wait_for_url("**/dispatch/imports/*/")
        assert page.locator("#import-status").inner_text() == "Hoàn tất"
        summary = [page.locator(f"#import-{k}").inner_text() for k in ("accepted", "merged", "rejected")]
        assert summary == ["1", "1", "1"]
        refused = page.locator("#rejection-rows tbody tr")
        assert refused.count() == 1 and "024 3825 1234" in refused.inner_text()
        assert page.locator("#rejections-csv").count() == 1
        step(page, "11-import-summary")

        page.goto(f"{base}/dispatch/imports/{running.pk}/")
        assert page.locator("[data-field=progress]").inner_text() == "40"
        step(page, "12-import-running")
        finish_in_another_thread()
        # Polled with a selector, not wait_for_function: the page's CSP refuses eval.
        expect(page.locator("#import-status")).to_have_text("Hoàn tất", timeout=15000)
        assert page.locator("#import-accepted").inner_text() == "9.990"
        step(page, "13-import-finished")
        context.close()
    assert not step.problems, step.problems
