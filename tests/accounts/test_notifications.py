import pytest

from accounts.jobs import notification_email
from accounts.models import Notification
from accounts.services import notification_send, profile_set_language
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_key_makes_sending_again_notify_no_one_twice(mailoutbox, django_capture_on_commit_callbacks):
    first, second = factories.user(email="a@mua.test"), factories.user(email="b@mua.test")
    with django_capture_on_commit_callbacks(execute=True):
        assert len(notification_send(users=[first], verb="x", title="T", key="thing:1")) == 1
    with django_capture_on_commit_callbacks(execute=True):
        again = notification_send(users=[first, second], verb="x", title="T", key="thing:1")
    assert [n.user for n in again] == [second]
    assert Notification.objects.filter(key="thing:1").count() == 2 and len(mailoutbox) == 2


def test_without_a_key_every_send_is_a_new_notification():
    user = factories.user()
    notification_send(users=[user], verb="x", title="T")
    notification_send(users=[user], verb="x", title="T")
    assert user.notifications.count() == 2


def test_the_email_job_records_emailed_at_and_skips_an_emailed_notification(mailoutbox):
    notification = Notification.objects.create(user=factories.user(email="a@mua.test"), verb="x", title="T")
    assert notification_email(notification.pk) is True
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert notification_email(notification.pk) is False and len(mailoutbox) == 1


def test_emails_carry_absolute_links_on_the_base_url(mailoutbox, settings):
    settings.MUA_BASE_URL = "https://mua.example.vn/"
    notification = Notification.objects.create(
        user=factories.user(email="a@mua.test"),
        verb="x",
        title="T",
        body="Xem",
        link="/content/queue/?due=48h",
    )
    assert notification_email(notification.pk) is True
    body = mailoutbox[0].body
    assert body.startswith("Xem\n\n")
    assert "https://mua.example.vn/content/queue/?due=48h" in body
    assert "https://mua.example.vn/content/notifications/" in body
    assert "/content/queue/?due=48h" not in body.replace("https://mua.example.vn/content/queue/?due=48h", "")


def _week_notice(user):
    """What a report reminder sends, written for each recipient in their language."""
    from django.utils.translation import gettext as _

    from core import formatting

    return notification_send(
        users=[user],
        verb="report_late",
        title=lambda: _("[Mùa] Báo cáo %(week)s đã quá hạn") % {"week": formatting.week_label("2022-W23")},
        link="/reports/file/?org=vnpost&week=2022-W23",
    )


def test_an_english_speaking_user_gets_the_email_in_english_and_a_vietnamese_one_in_vietnamese(
    mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.MUA_BASE_URL = "https://mua.example.vn"
    english = factories.user(email="en@mua.test")
    profile_set_language(user=english, language="en")
    vietnamese = factories.user(email="vi@mua.test")
    profile_set_language(user=vietnamese, language="vi")
    with django_capture_on_commit_callbacks(execute=True):
        _week_notice(english)
        _week_notice(vietnamese)
    mails = {m.to[0]: m for m in mailoutbox}
    assert mails["en@mua.test"].subject == "[Mùa] Report for Week 23/2022 (6–12 Jun) is overdue"
    assert (
        "Open in Mùa: https://mua.example.vn/reports/file/?org=vnpost&week=2022-W23"
        in mails["en@mua.test"].body
    )
    assert "Mở trong Mùa" not in mails["en@mua.test"].body
    assert mails["vi@mua.test"].subject == "[Mùa] Báo cáo Tuần 23/2022 (6–12/6) đã quá hạn"
    assert "Mở trong Mùa: https://mua.example.vn/reports/file/" in mails["vi@mua.test"].body
    assert "Open in Mùa" not in mails["vi@mua.test"].body


def test_the_email_is_rendered_in_the_recipients_language_whatever_language_is_active(mailoutbox):
    from django.utils import translation

    english = factories.user(email="en@mua.test")
    profile_set_language(user=english, language="en")
    notification = Notification.objects.create(user=english, verb="x", title="T", link="/reports/")
    with translation.override("vi"):  # the worker's language is not the reader's
        assert notification_email(notification.pk) is True
    assert "Open in Mùa:" in mailoutbox[0].body and "Mở trong Mùa" not in mailoutbox[0].body


def test_a_link_off_the_site_is_left_as_it_is():
    from accounts.services import absolute_url

    assert absolute_url("https://example.org/x") == "https://example.org/x"
    assert absolute_url("//evil.example/x") == "//evil.example/x"


def test_the_api_marks_all_of_mine_read_and_no_one_else_s():
    from tests.factories import ApiClient

    me, other = factories.user(), factories.user()
    for user in (me, other, me):
        notification_send(users=[user], verb="x", title="T")
    client = ApiClient()
    client.force_login(me)
    response = client.post("/api/v1/accounts/notifications/read-all")
    assert response.status_code == 200 and response.json() == {"marked": 2}
    assert not Notification.objects.filter(user=me, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=other, read_at__isnull=True).count() == 1
