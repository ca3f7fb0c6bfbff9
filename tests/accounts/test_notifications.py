import pytest

from accounts.jobs import notification_email
from accounts.models import Notification
from accounts.services import notification_send
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
    assert mailoutbox[0].body == "Xem\n\nhttps://mua.example.vn/content/queue/?due=48h"


def test_a_link_off_the_site_is_left_as_it_is():
    from accounts.services import absolute_url

    assert absolute_url("https://example.org/x") == "https://example.org/x"
    assert absolute_url("//evil.example/x") == "//evil.example/x"
