"""The approver's review pages in a real browser (issue 15, part 2): the queue filtered by channel and by
the wave picker, the overdue tab, the item page's comparison choice (the reviewed revision by default, the
approved one on request), and the editor's warning before an approved item goes back to review.
Axe-clean, no sideways scroll on a phone; screenshots in /tmp/shots/approver/ (MUA_SHOTS overrides)."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.db import connections
from django.utils import timezone

from accounts.models import Role
from campaigns.picker import wave_label
from content.models import ContentItem, ItemStatus
from content.services import content_submit, content_update, review_decide
from tests import factories
from tests.content.test_browser import PASSWORD, browser, login  # noqa: F401  (the shared Chromium fixture)
from tests.core.test_browser import _serious
from tests.factories import actor

SHOTS = Path(os.environ.get("MUA_SHOTS", "/tmp/shots/approver"))


def _data():
    """A wave with a resubmitted item (v1 approved, v2 returned, v3 waiting), an overdue SMS item and an
    approved item of the same author to edit."""
    author = factories.user("tacgia", org=factories.organisation("dic"), role=Role.EDITOR, email="t@mua.test")
    approver = factories.approver("pheduyet")
    wave = factories.campaign(province_code="24", title="Vải thiều Lục Ngạn 2026")
    now = timezone.now()
    item = factories.content_item(
        author=author,
        title="Vải thiều Lục Ngạn vào vụ",
        campaign=wave.pk,
        planned_at=now + dt.timedelta(hours=30),
        body="Vải thiều Lục Ngạn giá 40.000đ một cân.",
    )
    steps = [
        ("approve", 1, "Vải thiều Lục Ngạn giá 45.000đ một cân."),
        ("request_changes", 2, "Vải thiều Lục Ngạn giá 45.000đ một cân, bán trên postmart.vn."),
    ]
    for decision, number, body in steps:
        content_submit(actor=actor(author), item=item)
        review_decide(
            actor=actor(approver), item=item, decision=decision, revision_number=number, comment="Ghi nơi bán"
        )
        content_update(actor=actor(author), item=item, body=body)
    content_submit(actor=actor(author), item=item)
    late = factories.content_item(
        author=author, title="Tin nhắn nhắc mùa nhãn", channel="sms", planned_at=now + dt.timedelta(days=1)
    )
    content_submit(actor=actor(author), item=late)
    ContentItem.objects.filter(pk=late.pk).update(
        planned_at=now - dt.timedelta(hours=3), submitted_at=now - dt.timedelta(days=3, hours=2)
    )
    approved = factories.content_item(author=author, title="Bản tin đã duyệt", body="Bản đã duyệt.")
    content_submit(actor=actor(author), item=approved)
    review_decide(actor=actor(approver), item=approved, decision="approve", revision_number=1)
    return wave_label(wave), item.pk, approved.pk


def _check(page, name, width=1366):
    assert _serious(page) == [], name
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_approver_filters_the_queue_picks_the_comparison_and_the_editor_is_warned(
    live_server,
    reference_data,  # before the browser: Playwright's event loop forbids the ORM in this thread
    browser,  # noqa: F811
    monkeypatch,
):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    label, item_id, approved_id = _data()
    for conn in connections.all():
        conn.close()
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url

    review = login(browser, base, "pheduyet")
    review.set_viewport_size({"width": 1366, "height": 900})
    review.goto(f"{base}/content/queue/")
    assert review.inner_text("#queue-total") == "2" and review.inner_text("#queue-overdue") == "1"
    # Most urgent first: the overdue SMS, waiting for three days.
    assert review.inner_text("#queue tr:nth-child(2) .queue-age") == "chờ 3 ngày 2 giờ"
    review.fill("#id_wave", label)
    review.click("#queue-filter")
    review.wait_for_load_state()
    assert review.locator("#queue td a", has_text="Vải thiều Lục Ngạn vào vụ").count() == 1
    assert review.locator("#queue td a", has_text="Tin nhắn nhắc mùa nhãn").count() == 0
    assert review.input_value("#id_wave") == label
    _check(review, "01-queue-wave-filter")
    review.click("#queue-reset")
    review.select_option("#id_channel", "sms")
    review.click("#queue-filter")
    review.click("#queue-overdue-link")
    review.wait_for_load_state()
    assert "due=overdue" in review.url and "channel=sms" in review.url
    assert "Quá hạn từ" in review.inner_text("#queue")
    _check(review, "02-queue-overdue-sms")
    review.set_viewport_size({"width": 390, "height": 844})
    _check(review, "03-queue-phone", width=390)
    review.set_viewport_size({"width": 1366, "height": 900})

    review.goto(f"{base}/content/items/{item_id}/")
    crumbs = review.locator("nav.crumbs li").all_inner_texts()
    assert crumbs[:2] == ["Trang chủ", "Hàng chờ thẩm định"]
    assert review.is_checked("#against-reviewed")
    assert "v2" in review.inner_text("#comparison-title")
    inserted = review.locator("#diff-body ins").all_inner_texts()
    assert len(inserted) == 1 and ", bán trên postmart.vn" in inserted[0]
    assert review.locator("#diff-body del").count() == 0
    _check(review, "04-item-diff-reviewed")
    review.check("#against-approved")
    review.click("#compare")
    review.wait_for_load_state()
    assert review.is_checked("#against-approved") and "v1" in review.inner_text("#comparison-title")
    assert review.locator("#diff-body del").all_inner_texts() == ["40"]
    _check(review, "05-item-diff-approved")

    # The editor answers the save's question itself: no, then yes.
    asked = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.dismiss() if len(asked) == 1 else dialog.accept()

    editor = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900}).new_page()
    editor.on("dialog", answer)
    editor.goto(f"{base}/login/")
    editor.fill("#id_username", "tacgia")
    editor.fill("#id_password", PASSWORD)
    editor.click("#sign-in")
    editor.wait_for_load_state()
    editor.goto(f"{base}/content/items/{approved_id}/")
    assert editor.is_visible("#reopen-hint")
    editor.click("#edit")
    assert editor.is_visible("#reopen-warning")
    _check(editor, "06-edit-warning")
    editor.fill("#id_body", "Bản sửa sau khi duyệt.")
    editor.check("#id_confirm_reopen")
    editor.click("#save")
    assert "/edit/" in editor.url and "thẩm định lại" in asked[0]
    editor.click("#save")
    editor.wait_for_url(f"{base}/content/items/{approved_id}/")
    assert editor.get_attribute("#item-status", "data-status") == ItemStatus.DRAFT
    for conn in connections.all():
        conn.close()
