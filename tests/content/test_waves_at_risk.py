"""Issue 4, item 7: a wave past its prep_due with no approved content is "at risk"."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import Notification, Role
from campaigns.selectors import campaign_at_risk_list
from campaigns.services import campaign_advance_due
from content.services import content_submit, review_decide
from tests import factories
from tests.factories import actor

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def dic():
    return factories.dic("24")


@pytest.fixture
def dic_editor(dic):
    return factories.user("so.bg", org=dic, role=Role.EDITOR, email="so.bg@mua.test")


def past_due_wave(dic, **extra):
    """prep_due ten days ago, harvest in twenty days, owned by the DIC."""
    return factories.campaign(
        province_code="24",
        harvest_start=TODAY + dt.timedelta(days=20),
        organisation=dic,
        status="preparing",
        **extra,
    )


def approve_item_for(wave, author):
    item = factories.content_item(author=author, campaign=wave.pk)
    content_submit(actor=actor(author), item=item)
    review_decide(actor=actor(factories.approver()), item=item, decision="approve", revision_number=1)
    return item


def test_a_wave_past_prep_due_without_approved_content_is_at_risk_until_one_is_approved(dic, dic_editor):
    wave = past_due_wave(dic)
    submitted_only = factories.content_item(author=dic_editor, campaign=wave.pk)
    content_submit(actor=actor(dic_editor), item=submitted_only)
    assert list(campaign_at_risk_list(today=TODAY)) == [wave]
    approve_item_for(wave, dic_editor)
    assert not campaign_at_risk_list(today=TODAY).exists()


def test_future_prep_due_and_cancelled_waves_are_not_at_risk(dic):
    factories.campaign(province_code="24", harvest_start=TODAY + dt.timedelta(days=60), organisation=dic)
    cancelled = past_due_wave(dic, title="Huỷ")
    cancelled.status = "cancelled"
    cancelled.save(update_fields=["status"])
    assert not campaign_at_risk_list(today=TODAY).exists()


def test_the_campaign_api_flags_the_wave_and_warns(dic, dic_editor):
    wave = past_due_wave(dic)
    client = Client()
    client.force_login(dic_editor)
    listed = client.get("/api/v1/campaigns/", {"province": "24"}).json()
    assert [(w["id"], w["at_risk"]) for w in listed["items"]] == [(wave.pk, True)]
    detail = client.get(f"/api/v1/campaigns/{wave.pk}").json()
    assert "at_risk" in [w["code"] for w in detail["warnings"]]
    approve_item_for(wave, dic_editor)
    assert client.get(f"/api/v1/campaigns/{wave.pk}").json()["at_risk"] is False


def test_the_calendar_marks_waves_at_risk(dic, dic_editor):
    past_due_wave(dic, title="Vải sớm")
    client = Client()
    client.force_login(dic_editor)
    html = client.get("/campaigns/", {"view": "list", "year": TODAY.year}).content.decode()
    assert "⚠ Nguy cơ" in html


def test_the_daily_job_notifies_the_owner_once(dic, dic_editor, django_capture_on_commit_callbacks):
    wave = past_due_wave(dic)
    with django_capture_on_commit_callbacks(execute=True):
        result = campaign_advance_due(today=TODAY)
    assert result.at_risk == [wave.pk]
    notice = Notification.objects.get(user=dic_editor, key=f"campaign:{wave.pk}:at_risk")
    assert "chưa có nội dung nào được Vụ Bưu chính phê duyệt" in notice.body
    assert [m.to for m in mail.outbox] == [["so.bg@mua.test"]]
    with django_capture_on_commit_callbacks(execute=True):
        campaign_advance_due(today=TODAY)
    assert Notification.objects.filter(verb="campaign_at_risk").count() == 1 and len(mail.outbox) == 1
