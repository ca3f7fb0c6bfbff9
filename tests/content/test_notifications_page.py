"""The notifications page: one line per kind of notice about one thing, readable, marked read by its owner."""

import pytest
from django.test import Client

from accounts.models import Notification
from accounts.services import notification_send
from tests import factories

pytestmark = pytest.mark.django_db


def signed_in(user, *, csrf=False):
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def _remind(user, week: str, times: int):
    for _ in range(times):
        notification_send(
            users=[user],
            verb="report_late",
            title=f"Báo cáo {week} đã quá hạn",
            link=f"/reports/file/?org=vnpost&week={week}",
        )


def test_130_notices_of_the_same_kind_about_the_same_thing_are_one_line_with_a_count():
    user = factories.user()
    _remind(user, "2022-W23", 130)
    _remind(user, "2022-W24", 2)
    notification_send(
        users=[user], verb="content_submitted", title="Nội dung chờ thẩm định", link="/content/"
    )
    page = signed_in(user).get("/content/notifications/").content.decode()
    assert page.count('class="notice unread"') == 3
    assert 'data-count="130"' in page and "130 lần" in page
    assert 'data-count="2"' in page
    assert page.index("Nội dung chờ thẩm định") < page.index("2022-W24") < page.index("2022-W23")


def test_marking_one_line_read_marks_its_group_only_and_the_unread_count_follows():
    user = factories.user()
    _remind(user, "2022-W23", 3)
    _remind(user, "2022-W24", 1)
    client = signed_in(user)
    assert '<span class="count">4</span>' in client.get("/content/notifications/").content.decode()
    one = Notification.objects.filter(user=user, link__endswith="2022-W23").first()
    response = client.post(f"/content/notifications/{one.pk}/read/")
    assert response.status_code == 302
    assert not Notification.objects.filter(
        user=user, link__endswith="2022-W23", read_at__isnull=True
    ).exists()
    assert Notification.objects.filter(user=user, read_at__isnull=True).count() == 1
    assert '<span class="count">1</span>' in client.get("/content/notifications/").content.decode()


def test_mark_all_read_touches_only_my_own():
    me, other = factories.user(), factories.user()
    _remind(me, "2022-W23", 2)
    _remind(other, "2022-W23", 2)
    response = signed_in(me).post("/content/notifications/read-all/", follow=True)
    assert "Đã đánh dấu 2 thông báo là đã đọc." in response.content.decode()
    assert not Notification.objects.filter(user=me, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=other, read_at__isnull=True).count() == 2


def test_someone_elses_notification_cannot_be_marked_or_opened():
    me, other = factories.user(), factories.user()
    _remind(other, "2022-W23", 1)
    theirs = Notification.objects.get(user=other)
    client = signed_in(me)
    assert client.post(f"/content/notifications/{theirs.pk}/read/").status_code == 403
    assert client.post(f"/content/notifications/{theirs.pk}/open/").status_code == 403
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_needs_post_and_the_csrf_token():
    user = factories.user()
    _remind(user, "2022-W23", 1)
    notification = Notification.objects.get(user=user)
    client = signed_in(user, csrf=True)
    assert client.get(f"/content/notifications/{notification.pk}/read/").status_code == 405
    assert client.post(f"/content/notifications/{notification.pk}/read/").status_code == 403
    assert client.post("/content/notifications/read-all/").status_code == 403
    notification.refresh_from_db()
    assert notification.read_at is None


def test_opening_a_line_marks_it_read_and_follows_its_link_on_this_site_only():
    user = factories.user()
    _remind(user, "2022-W23", 2)
    notification_send(users=[user], verb="x", title="Ngoài", link="https://evil.example/")
    client = signed_in(user)
    mine = Notification.objects.filter(user=user, verb="report_late").first()
    response = client.post(f"/content/notifications/{mine.pk}/open/")
    assert response["Location"] == "/reports/file/?org=vnpost&week=2022-W23"
    assert not Notification.objects.filter(user=user, verb="report_late", read_at__isnull=True).exists()
    outside = Notification.objects.get(user=user, verb="x")
    assert client.post(f"/content/notifications/{outside.pk}/open/")["Location"] == "/content/notifications/"


def test_report_reminders_name_the_organisation_and_the_week_in_words(settings):
    """What the page shows comes from the senders: names and week labels, never codes."""
    import datetime as dt

    from calendars.weeks import IsoWeek
    from reports.reminders import report_reminders_send

    firm = factories.reporting_org(code="vnpost")
    firm.name = "Tổng công ty Bưu điện Việt Nam"
    firm.save()
    editor = factories.user(org=firm)
    week = IsoWeek(2022, 23)
    report_reminders_send(now=firm.reporting_obligation.due_at(week) + dt.timedelta(hours=2))
    page = signed_in(editor).get("/content/notifications/").content.decode()
    assert "Tuần 23/2022 (6–12/6)" in page
    assert "Tổng công ty Bưu điện Việt Nam" in page and "vnpost:" not in page
