import pytest
from django.test import Client

from accounts.models import Role
from content.models import ItemStatus
from tests import factories

pytestmark = pytest.mark.django_db


browser = factories.signed_in


def test_pages_need_a_login():
    response = Client().get("/content/queue/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_author_creates_and_submits_through_the_pages(author, approver):
    client = browser(author)
    form = {
        "title": "Mùa vải",
        "channel": "press_online",
        "audience": "farm_households",
        "language": "vi",
        "body": "Thân bài",
    }
    response = client.post("/content/items/new/", form)
    item = author.content_items.get()
    assert response["Location"] == f"/content/items/{item.pk}/"
    client.post(f"/content/items/{item.pk}/submit/")
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_REVIEW
    page = client.get("/content/").content.decode()
    assert "Mùa vải" in page and "Đang thẩm định" in page


def test_queue_lists_pending_items_for_approvers_and_refuses_others(author, approver):
    item = factories.content_item(author=author, title="Chờ duyệt")
    browser(author).post(f"/content/items/{item.pk}/submit/")
    page = browser(approver).get("/content/queue/")
    assert page.status_code == 200 and "Chờ duyệt" in page.content.decode()
    assert 'id="queue-total">1<' in page.content.decode()
    assert browser(author).get("/content/queue/").status_code == 403


def test_review_page_shows_the_word_diff_against_the_approved_revision(author, approver):
    from content.services import content_submit, content_update, review_decide
    from tests.factories import actor

    item = factories.content_item(author=author, body="giá 40.000đ")
    content_submit(actor=actor(author), item=item)
    review_decide(actor=actor(approver), item=item, decision="approve", revision_number=1)
    content_update(actor=actor(author), item=item, body="giá 45.000đ")
    content_submit(actor=actor(author), item=item)
    page = browser(approver).get(f"/content/items/{item.pk}/").content.decode()
    # The reviewed revision is the approved v1 here; only the changed number is marked.
    assert "giá <del>40</del><ins>45</ins>.000đ" in page
    assert 'id="approve"' in page


def test_decision_without_comment_shows_the_reason_and_keeps_the_item_in_review(author, approver):
    item = factories.content_item(author=author)
    browser(author).post(f"/content/items/{item.pk}/submit/")
    client = browser(approver)
    response = client.post(
        f"/content/items/{item.pk}/decide/", {"decision": "reject", "revision": 1, "comment": ""}, follow=True
    )
    assert "Cần ghi ý kiến" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_REVIEW


def test_the_author_sees_no_decide_buttons_on_their_own_item():
    own = factories.approver("tu")
    item = factories.content_item(author=own, org=factories.postal_department())
    client = browser(own)
    client.post(f"/content/items/{item.pk}/submit/")
    page = client.get(f"/content/items/{item.pk}/").content.decode()
    assert 'id="approve"' not in page and "không thể tự thẩm định" in page


def test_another_organisation_gets_403_on_the_item_page(author):
    item = factories.content_item(author=author)
    outsider = factories.user(org=factories.organisation(), role=Role.EDITOR)
    assert browser(outsider).get(f"/content/items/{item.pk}/").status_code == 403
    assert browser(outsider).post(f"/content/items/{item.pk}/submit/").status_code == 403
    item.refresh_from_db()
    assert item.status == ItemStatus.DRAFT


def test_unread_notifications_are_counted_in_the_menu(author, approver):
    item = factories.content_item(author=author)
    browser(author).post(f"/content/items/{item.pk}/submit/")
    client = browser(approver)
    assert '<span class="count">1</span>' in client.get("/content/notifications/").content.decode()
    notification = approver.notifications.get()
    response = client.post(f"/content/notifications/{notification.pk}/open/")
    assert response["Location"] == f"/content/items/{item.pk}/"
    assert "Thông báo (1)" not in client.get("/content/notifications/").content.decode()


def test_editing_through_the_page_says_whether_a_revision_was_made(author):
    item = factories.content_item(author=author, body="Một")
    client = browser(author)
    form = {
        "title": item.title,
        "channel": item.channel,
        "audience": item.audience,
        "language": "vi",
        "body": "Một",
    }
    same = client.post(f"/content/items/{item.pk}/edit/", form, follow=True).content.decode()
    assert "không tạo phiên bản mới" in same
    changed = client.post(
        f"/content/items/{item.pk}/edit/", {**form, "body": "Hai"}, follow=True
    ).content.decode()
    assert "Đã lưu phiên bản 2." in changed
    assert item.revisions.count() == 2


def test_a_notification_never_redirects_off_site(author):
    from accounts.models import Notification

    notification = Notification.objects.create(user=author, verb="x", title="x", link="https://evil.example/")
    response = browser(author).post(f"/content/notifications/{notification.pk}/open/")
    assert response["Location"] == "/content/notifications/"


def test_recording_a_publication_on_the_page_publishes_approved_content(author, approver):
    from content.services import content_submit, review_decide
    from tests.factories import actor

    item = factories.content_item(author=author)
    client = browser(author)
    assert 'id="publication-form"' not in client.get(f"/content/items/{item.pk}/").content.decode()
    content_submit(actor=actor(author), item=item)
    review_decide(actor=actor(approver), item=item, decision="approve", revision_number=1)
    bad = client.post(
        f"/content/items/{item.pk}/publish/",
        {"outlet": "VTV1", "url": "ftp://x", "published_on": "02/03/2026", "published_time": "20:00"},
        follow=True,
    )
    assert "http:// hoặc https://" in bad.content.decode()
    client.post(
        f"/content/items/{item.pk}/publish/",
        {
            "outlet": "VTV1",
            "url": "https://vtv.vn/a",
            "published_on": "02/03/2026",
            "published_time": "20:00",
        },
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED
    assert item.publications.get().published_at.isoformat() == "2026-03-02T13:00:00+00:00"  # 20:00 in Hà Nội
