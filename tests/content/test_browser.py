"""The approval cycle in a real browser: Playwright driving the system's Chromium against a live server."""

import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from accounts.models import Role
from content.models import ContentItem, ItemStatus
from tests import factories

CHROMIUM = os.environ.get("MUA_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
REQUIRE = os.environ.get("MUA_REQUIRE_SERVICES") == "1"
PASSWORD = "pw-test-123"
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def browser():
    reason = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "playwright is not installed (pip install -e '.[dev]')"
    if reason is None and not os.path.exists(CHROMIUM):
        reason = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if reason:
        if REQUIRE:
            pytest.fail(f"MUA_REQUIRE_SERVICES=1 but {reason}")
        pytest.skip(reason)
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()
    # The live server handles each kept-alive browser connection in a thread that holds a database
    # connection until the socket closes; wait for them so the test database can be dropped at the end.
    # One deadline for all: an in-process fake provider's threads (kept alive by the send pool) share the
    # name and never end, and ten seconds each made this teardown last minutes.
    deadline = time.monotonic() + 10
    for thread in threading.enumerate():
        if "process_request_thread" in thread.name:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))


def login(browser, base_url, username):
    page = browser.new_context(locale="vi-VN").new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # reject/withdraw ask for confirmation first
    page.goto(f"{base_url}/login/?next=/content/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#sign-in")
    page.wait_for_url(f"{base_url}/content/")
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_author_submits_approver_returns_author_edits_approver_approves_queue_empties(
    browser, live_server, monkeypatch
):
    # Playwright's sync API runs an event loop in this thread; the ORM calls below are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    agency = factories.organisation("agency", code="cuc-ttcs-test")
    factories.user("tacgia", org=agency, role=Role.EDITOR, email="tacgia@mua.test")
    factories.approver("pheduyet")
    base = live_server.url
    try:
        _approval_cycle(base, browser)
    finally:
        # Playwright runs this body in its own context, where the ORM opened its own connection.
        connection.close()


def _approval_cycle(base, browser):

    author = login(browser, base, "tacgia")
    author.click("#new-item")
    author.fill("#id_title", "Bản tin loa: mùa vải thiều")
    author.select_option("#id_channel", "grassroots")
    author.select_option("#id_audience", "farm_households")
    author.fill("#id_body", "Bà con đưa vải thiều lên sàn postmart.vn.")
    author.click("#save")
    author.click("#submit")
    assert author.get_attribute("#item-status", "data-status") == "in_review"
    item_url = author.url

    approver = login(browser, base, "pheduyet")
    approver.goto(f"{base}/content/queue/")
    assert approver.inner_text("#queue-total") == "1"
    approver.click("text=Bản tin loa: mùa vải thiều")
    approver.fill("#decision-comment", "Ghi rõ số điện thoại hỗ trợ của bưu điện xã.")
    approver.click("#request-changes")
    approver.wait_for_url(f"{base}/content/queue/")
    assert approver.is_visible("#queue-empty")

    author.goto(item_url)
    assert author.get_attribute("#item-status", "data-status") == "changes_requested"
    assert "Ghi rõ số điện thoại" in author.inner_text("#reviews")
    author.click("#edit")
    author.fill("#id_body", "Bà con đưa vải thiều lên sàn postmart.vn. Hỗ trợ: bưu điện xã, 1900 1234.")
    author.click("#save")
    author.click("#submit")
    assert author.get_attribute("#item-status", "data-status") == "in_review"

    approver.goto(f"{base}/content/queue/")
    approver.click("text=Bản tin loa: mùa vải thiều")
    assert "1900 1234" in approver.inner_text("#revision-body")
    # The reviewer sees what changed since the version they returned, word by word.
    assert "phiên bản đã thẩm định v1" in approver.inner_text("#comparison-title")
    inserted = approver.locator("#diff-body ins").all_inner_texts()
    assert any("1900 1234" in text for text in inserted), inserted
    assert approver.locator("#diff-body del").count() == 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    approver.screenshot(path=str(SHOTS / "approver-word-diff.png"), full_page=True)
    approver.click("#approve")
    approver.wait_for_url(f"{base}/content/queue/")
    assert approver.is_visible("#queue-empty")
    assert approver.inner_text("#queue-total") == "0"

    item = ContentItem.objects.get()
    assert item.status == ItemStatus.APPROVED and item.approved_revision.number == 2
    assert list(item.audit.values_list("action", flat=True)) == [
        "create",
        "submit",
        "request_changes",
        "submit",
        "approve",
    ]
