"""The approver's journey: what changed since the last review, the queue's deadlines, expiry reminders."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Notification
from campaigns.picker import wave_label
from content.models import ItemStatus
from content.reminders import review_remind_expiring
from content.selectors import Against, revision_compare
from content.services import content_submit, content_update, review_decide
from core.errors import DomainError
from tests import factories
from tests.factories import actor

pytestmark = pytest.mark.django_db


browser = factories.signed_in


def _approved_then_returned(author, approver):
    """v1 approved; v2 returned with "Yêu cầu sửa"; v3 resubmitted."""
    item = factories.content_item(author=author, body="Vải thiều Lục Ngạn giá 40.000đ một cân.")
    content_submit(actor=actor(author), item=item)
    review_decide(actor=actor(approver), item=item, decision="approve", revision_number=1)
    content_update(actor=actor(author), item=item, body="Vải thiều Lục Ngạn giá 45.000đ một cân.")
    content_submit(actor=actor(author), item=item)
    review_decide(
        actor=actor(approver),
        item=item,
        decision="request_changes",
        revision_number=2,
        comment="Ghi rõ nơi bán",
    )
    content_update(
        actor=actor(author), item=item, body="Vải thiều Lục Ngạn giá 45.000đ một cân, bán trên postmart.vn."
    )
    content_submit(actor=actor(author), item=item)
    item.refresh_from_db()
    return item


def test_resubmission_is_compared_with_the_revision_last_reviewed_by_default(author, approver):
    item = _approved_then_returned(author, approver)
    comparison = revision_compare(actor=actor(approver), item=item)
    assert comparison.against == Against.REVIEWED
    assert (comparison.base.number, comparison.current.number) == (2, 3)
    body = next(f for f in comparison.fields if f.name == "body")
    # What the reviewer read before is unmarked; only the added clause is an insertion.
    assert body.diff.html.startswith("Vải thiều Lục Ngạn giá 45.000đ một cân<")
    assert ", bán trên postmart.vn" in body.diff.html.split("<ins>")[1] and "<del>4" not in body.diff.html
    assert [f.name for f in comparison.changed] == ["body"]


def test_the_approver_can_compare_with_the_last_approved_revision_instead(author, approver):
    item = _approved_then_returned(author, approver)
    comparison = revision_compare(actor=actor(approver), item=item, against="approved")
    assert comparison.base.number == 1
    body = next(f for f in comparison.fields if f.name == "body")
    assert "<del>40</del><ins>45</ins>" in body.diff.html and "bán trên postmart.vn" in body.diff.html


def test_an_unknown_comparison_is_refused_by_name(author, approver):
    item = _approved_then_returned(author, approver)
    with pytest.raises(DomainError, match="reviewed, approved"):
        revision_compare(actor=actor(approver), item=item, against="v1")


def test_a_first_submission_has_nothing_to_compare(author, approver):
    item = factories.content_item(author=author)
    content_submit(actor=actor(author), item=item)
    assert revision_compare(actor=actor(approver), item=item) is None


def test_item_page_shows_the_word_diff_and_offers_the_other_comparison(author, approver):
    item = _approved_then_returned(author, approver)
    client = browser(approver)
    page = client.get(f"/content/items/{item.pk}/").content.decode()
    assert "Thay đổi so với phiên bản đã thẩm định v2" in page
    assert "<ins>, bán trên postmart.vn" in page and 'id="against-approved"' in page
    page = client.get(f"/content/items/{item.pk}/?against=approved").content.decode()
    assert "Thay đổi so với phiên bản đã duyệt v1" in page and "<del>40</del><ins>45</ins>" in page


def test_compare_api_returns_marked_up_fields(author, approver):
    item = _approved_then_returned(author, approver)
    response = browser(approver).get(f"/api/v1/content/items/{item.pk}/compare?against=approved")
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["against"], data["base"], data["current"]) == ("approved", 1, 3)
    body = next(f for f in data["fields"] if f["field"] == "body")
    assert body["changed"] and body["words_deleted"] == 1 and "<del>40</del>" in body["html"]


def test_editing_approved_content_warns_and_needs_confirmation(author, approver):
    item = factories.content_item(author=author, body="Bản đã duyệt")
    content_submit(actor=actor(author), item=item)
    review_decide(actor=actor(approver), item=item, decision="approve", revision_number=1)
    client = browser(author)
    page = client.get(f"/content/items/{item.pk}/edit/").content.decode()
    assert 'id="reopen-warning"' in page and "phải gửi Vụ Bưu chính thẩm định lại" in page
    form = {
        "title": item.title,
        "channel": item.channel,
        "audience": item.audience,
        "language": "vi",
        "body": "Bản sửa",
    }
    response = client.post(f"/content/items/{item.pk}/edit/", form)
    assert (
        response.status_code == 200
        and "Hãy xác nhận rằng nội dung sẽ phải thẩm định lại." in response.content.decode()
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.APPROVED and item.current_revision.number == 1
    response = client.post(f"/content/items/{item.pk}/edit/", {**form, "confirm_reopen": "on"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.DRAFT and item.current_revision.number == 2


def test_a_draft_is_edited_without_the_warning(author):
    item = factories.content_item(author=author)
    page = browser(author).get(f"/content/items/{item.pk}/edit/").content.decode()
    assert "reopen-warning" not in page and "confirm_reopen" not in page


def test_queue_shows_age_and_deadline_in_vietnamese_and_filters_by_province_and_wave(author, approver):
    wave = factories.campaign(province_code="24", title="Vải thiều Lục Ngạn 2026")
    label = wave_label(wave)
    submitted = timezone.now()
    looked = submitted + dt.timedelta(days=3, hours=4)
    with time_machine.travel(submitted, tick=False):
        in_wave = factories.content_item(
            author=author, title="Trong đợt", campaign=wave.pk, planned_at=looked + dt.timedelta(hours=30)
        )
        content_submit(actor=actor(author), item=in_wave)
    with time_machine.travel(looked, tick=False):
        other = factories.content_item(author=author, title="Ngoài đợt")
        content_submit(actor=actor(author), item=other)
        client = browser(approver)
        page = client.get("/content/queue/").content.decode()
        assert "chờ 3 ngày 4 giờ" in page and "(còn 1 ngày 6 giờ)" in page and "vừa gửi" in page
        assert "minutes" not in page and "days" not in page
        # The wave filter is the shared wave picker: a text box suggesting the waves waiting, by label.
        assert 'list="wave-choices"' in page and f'<option value="{label}">' in page
        assert '<option value="24"' in page
        page = client.get("/content/queue/", {"wave": label}).content.decode()
        assert "Trong đợt" in page and "Ngoài đợt" not in page and 'id="queue-shown"' in page
        # A link may still carry the wave's number: shown back as its label, filtered the same.
        page = client.get(f"/content/queue/?wave={wave.pk}").content.decode()
        assert "Trong đợt" in page and "Ngoài đợt" not in page and f'value="{label}"' in page
        page = client.get("/content/queue/?province=24").content.decode()
        assert "Trong đợt" in page and "Ngoài đợt" not in page
        page = client.get("/content/queue/?due=48h").content.decode()
        assert "Trong đợt" in page and "Ngoài đợt" not in page
        # The tab counts stay those of the whole (channel/province/wave-filtered) queue.
        assert 'id="queue-total">2<' in page


def test_queue_wave_filter_names_an_unknown_wave_and_keeps_the_rest(author, approver):
    item = factories.content_item(author=author, title="Một bài")
    content_submit(actor=actor(author), item=item)
    page = browser(approver).get("/content/queue/", {"wave": "Đợt không có", "channel": "sms"}).content
    page = page.decode()
    assert "Không tìm thấy đợt “Đợt không có”" in page and 'role="alert"' in page
    # The channel filter still applies: the item is a press item, so nothing is listed.
    assert "Một bài" not in page and "Không có nội dung nào khớp bộ lọc." in page


def test_queue_counts_overdue_items_and_filters_them(author, approver):
    now = timezone.now()
    with time_machine.travel(now - dt.timedelta(days=2), tick=False):
        late = factories.content_item(author=author, title="Trễ", planned_at=now - dt.timedelta(hours=1))
        content_submit(actor=actor(author), item=late)
        early = factories.content_item(author=author, title="Còn hạn", planned_at=now + dt.timedelta(days=9))
        content_submit(actor=actor(author), item=early)
    client = browser(approver)
    page = client.get("/content/queue/").content.decode()
    assert 'id="queue-overdue">1<' in page and "Quá hạn từ" in page and 'class="late"' in page
    page = client.get("/content/queue/?due=overdue").content.decode()
    assert "Trễ" in page and "Còn hạn" not in page and 'id="queue-total">2<' in page
    assert 'id="queue-overdue-link" class="late" aria-current="true"' in page


def test_approvers_get_one_digest_a_day_of_items_expiring_within_48_hours(
    author, approver, mailoutbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    soon = factories.content_item(author=author, title="Sắp quá hạn", planned_at=now + dt.timedelta(hours=20))
    later = factories.content_item(author=author, title="Còn lâu", planned_at=now + dt.timedelta(days=5))
    for item in (soon, later):
        content_submit(actor=actor(author), item=item)
    Notification.objects.all().delete()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert review_remind_expiring(now=now) == 1
    notification = Notification.objects.get(user=approver, verb="review_expiring")
    assert "1 nội dung sẽ quá hạn trong 48 giờ" in notification.title
    assert "Sắp quá hạn" in notification.body and "Còn lâu" not in notification.body
    assert notification.link == "/content/queue/?due=48h"
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [approver.email]
    assert review_remind_expiring(now=now + dt.timedelta(hours=1)) == 0


def test_no_reminder_when_nothing_expires(approver):
    assert review_remind_expiring(now=timezone.now()) == 0
    assert not Notification.objects.exists()


def test_the_reminder_is_in_the_cron_schedule():
    from config.cron import SCHEDULE

    job = next(j for j in SCHEDULE if j.name == "content-review-expiring")
    assert job.func == "content.jobs.review_remind_expiring_daily"
