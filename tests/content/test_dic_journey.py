"""The DIC editor's and the approver's journey on the demo data, in a real browser (issue 15, Done when):
a demo DIC editor signs in, the calendar opens on its next wave, the wave page leads to "Soạn nội dung cho
đợt này", a draft is saved and submitted; the Postal Department approver requests changes with a comment;
the editor edits and resubmits; the approver sees the word diff (<ins>/<del>) against the revision they
reviewed and approves. Screenshots of each step go to /tmp/shots/dic/ (MUA_SHOTS overrides)."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from campaigns.models import CampaignStatus
from campaigns.selectors import campaign_list
from content.models import ContentItem, ItemStatus
from demo.accounts import DEMO_PASSWORD
from tests.content.test_browser import browser  # noqa: F401  (the shared Chromium fixture)
from tests.core.test_browser import _serious

SHOTS = Path(os.environ.get("MUA_SHOTS", "/tmp/shots/dic"))
TITLE = "Vải thiều Bắc Giang vào vụ: mua tận vườn qua postmart.vn"
FIRST_BODY = "Sở Thông tin và Truyền thông Bắc Giang thông báo vải thiều đã chín, hộ dân bán qua sàn."
SECOND_BODY = (
    "Sở Thông tin và Truyền thông Bắc Giang thông báo vải thiều sớm đã chín đỏ, hộ dân bán trên postmart.vn."
)


def _sign_in(browser, base, username):  # noqa: F811
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#sign-in")
    page.wait_for_load_state()
    return context, page


def _shot(page, name):
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def _next_wave():
    """The province's next wave as the calendar chooses it: the first still to end, by preparation date."""
    today = timezone.localdate()
    upcoming = campaign_list(province="24").filter(harvest_end__gte=today)
    return (
        upcoming.exclude(status=CampaignStatus.CANCELLED).order_by("prep_due", "harvest_start", "pk").first()
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_dic_drafts_for_its_next_wave_and_the_approver_reviews_the_word_diff(
    live_server,
    reference_data,  # before the browser: Playwright's event loop forbids the ORM in this thread
    browser,  # noqa: F811
    monkeypatch,
):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    call_command("seed_demo", force=True, verbosity=0)
    wave = _next_wave()
    assert wave is not None, "the demo plan has no wave still to come in Bắc Giang"
    shown = max(wave.prep_due, timezone.localdate())
    for conn in connections.all():
        conn.close()
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url

    # The DIC editor signs in and lands on the calendar, opened on the month of its next wave.
    dic, page = _sign_in(browser, base, "so.bacgiang")
    assert page.url == f"{base}/campaigns/"
    assert page.locator("#month-label").inner_text() == f"Tháng {shown.month}/{shown.year}"
    _shot(page, "01-calendar")
    page.click(f'tr.wave-row[data-campaign="{wave.pk}"] td.title a')
    page.wait_for_url(f"{base}/campaigns/{wave.pk}/")
    assert page.locator("h1").inner_text() == wave.title
    assert page.locator("#wave-items").is_visible() and page.locator("#wave-weeks").is_visible()
    _shot(page, "02-wave")

    # "Soạn nội dung cho đợt này": the form has the wave chosen, by its name, not its number.
    page.click("#draft-for-wave")
    page.wait_for_url(f"{base}/content/items/new/?campaign={wave.pk}")
    chosen = page.locator("#id_campaign").input_value()
    assert chosen.startswith(wave.title) and str(wave.pk) not in chosen.split(" · ")[-1]
    page.fill("#id_title", TITLE)
    page.select_option("#id_channel", "press_online")
    page.select_option("#id_audience", "domestic_consumers")
    page.fill("#id_body", FIRST_BODY)
    _shot(page, "03-form")
    page.click("#save")
    page.wait_for_url(f"{base}/content/items/*/")
    item = ContentItem.objects.get(title=TITLE)
    assert item.campaign_id == wave.pk and item.status == ItemStatus.DRAFT
    _shot(page, "04-draft")
    page.click("#submit")
    page.wait_for_load_state()
    assert page.locator("#item-status").get_attribute("data-status") == ItemStatus.IN_REVIEW
    _shot(page, "05-submitted")

    # The approver finds it in the queue and asks for a change, with a comment.
    approver, review = _sign_in(browser, base, "pheduyet")
    assert review.url == f"{base}/content/queue/"
    assert review.locator(f'a[href="/content/items/{item.pk}/"]').count() >= 1
    _shot(review, "06-queue")
    review.click(f'a[href="/content/items/{item.pk}/"]')
    review.wait_for_url(f"{base}/content/items/{item.pk}/")
    review.fill("#decision-comment", "Ghi rõ vải thiều sớm và tên sàn postmart.vn.")
    _shot(review, "07-review")
    review.click("#request-changes")
    review.wait_for_url(f"{base}/content/queue/")
    item.refresh_from_db()
    assert item.status == ItemStatus.CHANGES_REQUESTED

    # The editor sees the comment, edits and resubmits.
    page.goto(f"{base}/content/items/{item.pk}/")
    assert "Ghi rõ vải thiều sớm" in page.locator("main").inner_text()
    _shot(page, "08-changes-requested")
    page.click("#edit")
    page.fill("#id_body", SECOND_BODY)
    page.click("#save")
    page.wait_for_url(f"{base}/content/items/{item.pk}/")
    page.click("#submit")
    page.wait_for_load_state()
    assert page.locator("#item-status").get_attribute("data-status") == ItemStatus.IN_REVIEW

    # The approver sees what changed since the revision they reviewed, word by word, and approves.
    review.goto(f"{base}/content/items/{item.pk}/")
    comparison = review.locator("#comparison")
    assert "đã thẩm định v1" in comparison.locator("h2").inner_text()
    inserted = " ".join(comparison.locator("ins").all_inner_texts())
    deleted = " ".join(comparison.locator("del").all_inner_texts())
    assert "sớm" in inserted and "postmart.vn" in inserted and "qua sàn" in deleted
    _shot(review, "09-diff")
    review.click("#approve")
    review.wait_for_url(f"{base}/content/queue/")
    _shot(review, "10-approved")
    item.refresh_from_db()
    assert item.status == ItemStatus.APPROVED

    # Back on the wave page the item shows as approved.
    page.goto(f"{base}/campaigns/{wave.pk}/")
    assert "Đã phê duyệt" in page.locator("#wave-items").inner_text()
    _shot(page, "11-wave-after")

    # From the wave page: subscribe the organisation's calendar, then the whole year on one page.
    page.click("#subscribe")
    page.wait_for_url(f"{base}/campaigns/subscribe/")
    page.locator("form[action='/campaigns/subscribe/new/'] button").first.click()
    page.wait_for_url(f"{base}/campaigns/subscribe/")
    links = [el.input_value() for el in page.locator("input.feed-url").all()]
    assert len(links) == 3 and links[0].endswith("/national.ics")
    feed = page.request.get(links[1])
    assert feed.status == 200 and b"BEGIN:VCALENDAR" in feed.body()
    _shot(page, "12-subscribe")
    problems = {"subscribe": _serious(page)}
    page.goto(f"{base}/campaigns/{wave.pk}/")
    problems["wave"] = _serious(page)
    page.click("#wave-year")
    page.wait_for_url(f"{base}/campaigns/year/{wave.harvest_start.year}/**")
    assert page.locator(f'tr.wave-row[data-campaign="{wave.pk}"]').count() == 1
    _shot(page, "13-year")
    problems["year"] = _serious(page)
    assert not any(problems.values()), problems
    page.set_viewport_size({"width": 390, "height": 844})
    for path in (
        "/campaigns/subscribe/",
        f"/campaigns/year/{wave.harvest_start.year}/",
        f"/campaigns/{wave.pk}/",
    ):
        page.goto(f"{base}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 400, path
    _shot(page, "14-wave-phone")
    dic.close()
    approver.close()
