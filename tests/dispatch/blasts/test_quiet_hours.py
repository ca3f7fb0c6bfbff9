import datetime as dt

import pytest

from dispatch.blasts import engine
from dispatch.blasts.backends import simple
from dispatch.models import Blast, Message
from tests import factories

pytestmark = pytest.mark.django_db

VN = dt.timezone(dt.timedelta(hours=7))


class Clock:
    def __init__(self, start: dt.datetime):
        self.at = start

    def now(self):
        return self.at


def test_a_blast_started_at_2155_defers_the_rest_to_0700_and_sends_them_then(
    sms, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.MUA_SMS_SEND_FROM = dt.time(7, 0)
    settings.MUA_SMS_SEND_UNTIL = dt.time(22, 0)
    clock = Clock(dt.datetime(2026, 12, 1, 21, 55, tzinfo=VN).astimezone(dt.UTC))
    monkeypatch.setattr(engine.timezone, "now", clock.now)
    send = simple.LocmemBackend.send

    def slow_send(self, **kw):  # each message takes a minute of the fake clock
        clock.at += dt.timedelta(minutes=1)
        return send(self, **kw)

    monkeypatch.setattr(simple.LocmemBackend, "send", slow_send)
    blast, _ = factories.blast(contacts=8)
    Blast.objects.filter(pk=blast.pk).update(status="running")
    with django_capture_on_commit_callbacks(execute=True):
        engine.fan_out(blast_id=blast.pk)
    assert len(sms) == 5  # 21:55 … 21:59
    deferred = Message.objects.filter(blast=blast, status="deferred")
    assert deferred.count() == 3
    assert {m.defer_until.astimezone(VN) for m in deferred} == {dt.datetime(2026, 12, 2, 7, 0, tzinfo=VN)}
    assert set(deferred.values_list("reason", flat=True)) == {"outside_hours"}
    clock.at = dt.datetime(2026, 12, 2, 3, 0, tzinfo=VN).astimezone(dt.UTC)
    engine.tick()
    assert len(sms) == 5 and Blast.objects.get(pk=blast.pk).status == "running"
    clock.at = dt.datetime(2026, 12, 2, 7, 0, tzinfo=VN).astimezone(dt.UTC)
    engine.tick()
    assert len(sms) == 8 and len({m["to"] for m in sms}) == 8
    assert Blast.objects.get(pk=blast.pk).status == "completed"


def test_the_fourth_advertising_sms_in_24_hours_waits_for_the_cap(sms, django_capture_on_commit_callbacks):
    blast, _ = factories.blast(contacts=1)
    contact = blast.audience.organisation.contacts.get()
    now = engine.timezone.now()
    for hours in (20, 10, 1):
        earlier, _ = factories.blast(org=blast.organisation, contacts=0)
        Message.objects.create(
            blast=earlier,
            contact=contact,
            phone=contact.phone,
            status="sent",
            sent_at=now - dt.timedelta(hours=hours),
        )
    Blast.objects.filter(pk=blast.pk).update(status="running")
    with django_capture_on_commit_callbacks(execute=True):
        engine.fan_out(blast_id=blast.pk)
    message = Message.objects.get(blast=blast)
    assert (message.status, message.reason) == ("deferred", "daily_cap")
    assert abs(message.defer_until - (now + dt.timedelta(hours=4))) < dt.timedelta(seconds=5)
    assert sms == []
