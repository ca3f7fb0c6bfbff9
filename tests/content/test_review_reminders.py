"""Approvers are reminded of items that expire within 48 hours: one digest a day each, in their language."""

import datetime as dt
import importlib

import pytest
from django.utils import timezone

from accounts.models import Notification, Role
from accounts.services import profile_set_language
from content.jobs import review_remind_expiring_daily
from content.reminders import review_remind_expiring
from content.services import content_submit
from tests import factories
from tests.factories import actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    return factories.user("tg", org=factories.organisation("agency"), role=Role.EDITOR, email="t@mua.test")


def _expiring(author, title, hours):
    item = factories.content_item(
        author=author, title=title, planned_at=timezone.now() + dt.timedelta(hours=hours)
    )
    content_submit(actor=actor(author), item=item)
    return item


def test_each_approver_gets_one_digest_a_day_in_their_language_and_no_second_the_same_day(
    author, mailoutbox, django_capture_on_commit_callbacks
):
    english, vietnamese = factories.approver("en.duyet"), factories.approver("vi.duyet")
    profile_set_language(user=english, language="en")
    for n, hours in enumerate((5, 20, 47)):
        _expiring(author, f"Tin sắp hết hạn {n}", hours)
    _expiring(author, "Còn lâu mới hết hạn", 24 * 5)
    Notification.objects.all().delete()
    mailoutbox.clear()
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert review_remind_expiring(now=now) == 2
    assert Notification.objects.filter(verb="review_expiring").count() == 2
    mine = Notification.objects.get(user=english, verb="review_expiring")
    assert mine.title == "[Mùa] 3 items expire within 48 hours unless reviewed"
    theirs = Notification.objects.get(user=vietnamese, verb="review_expiring")
    assert theirs.title == "[Mùa] 3 nội dung sẽ quá hạn trong 48 giờ nếu chưa thẩm định"
    assert theirs.body.count("\n") == 2 and "Còn lâu" not in theirs.body
    assert sorted(m.to[0] for m in mailoutbox) == [english.email, vietnamese.email]
    # A second run the same day (a catch-up, a retry) notifies and emails no one.
    with django_capture_on_commit_callbacks(execute=True):
        assert review_remind_expiring(now=now + dt.timedelta(hours=3)) == 0
    assert Notification.objects.filter(verb="review_expiring").count() == 2 and len(mailoutbox) == 2


def test_the_next_day_brings_a_new_digest(author):
    approver = factories.approver()
    _expiring(author, "Tin sắp hết hạn", 40)
    now = timezone.now()
    assert review_remind_expiring(now=now) == 1
    assert review_remind_expiring(now=now + dt.timedelta(hours=1)) == 0
    assert review_remind_expiring(now=now + dt.timedelta(days=1)) == 1  # still 16 hours to go
    assert Notification.objects.filter(user=approver, verb="review_expiring").count() == 2


def test_an_approver_is_reminded_only_of_items_waiting_for_them(author):
    """The seeded route sends a province's loudspeaker bulletins to its DIC's approvers: the department's
    approvers then get no reminder of them, and the DIC's approver gets only those."""
    department = factories.approver("vbc.duyet")
    dic = factories.dic("24")
    local = factories.user("dic.duyet", org=dic, role=Role.APPROVER, email="d@mua.test")
    dic_author = factories.user("dic.bt", org=dic, role=Role.EDITOR)
    item = factories.content_item(
        author=dic_author,
        title="Tin của tỉnh",
        channel="grassroots",
        planned_at=timezone.now() + dt.timedelta(hours=30),
    )
    content_submit(actor=actor(dic_author), item=item)
    _expiring(author, "Tin toàn quốc", 30)
    assert review_remind_expiring(now=timezone.now()) == 2
    assert "Tin của tỉnh" in Notification.objects.get(user=local, verb="review_expiring").body
    national = Notification.objects.get(user=department, verb="review_expiring").body
    assert "Tin toàn quốc" in national and "Tin của tỉnh" not in national


def test_the_daily_job_is_scheduled_by_its_dotted_path_and_runs():
    from config.cron import SCHEDULE

    job = next(j for j in SCHEDULE if j.name == "content-review-expiring")
    module, name = job.func.rsplit(".", 1)
    assert getattr(importlib.import_module(module), name) is review_remind_expiring_daily
    assert review_remind_expiring_daily() == 0  # nothing expiring: no one reminded
