"""Many sends in flight against the fake Twilio: callbacks racing the batch's writes, the advertising cap
with callbacks, 429 storms, Retry-After, pause while sends wait for the rate limiter, the auto-pause's
window, and forward-only status under concurrent callbacks."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection
from django.utils import timezone

from accounts.permissions import actor_for_user
from dispatch.blasts import engine, ratelimit
from dispatch.blasts.services import blast_pause, blast_resume, blast_start
from dispatch.models import Blast, Message
from tests import factories
from tests.clock import ManualClock

BODY_OF = "[QC] Chào {name}, vải thiều Lục Ngạn vào mùa trên postmart.vn. Tu choi: soan TC gui 1234"


def _start(blast, owner, capture=None):
    if capture is None:
        blast_start(actor=actor_for_user(owner), blast=blast)
    else:
        with capture(execute=True):
            blast_start(actor=actor_for_user(owner), blast=blast)
    blast.refresh_from_db()
    return blast


@pytest.fixture
def callbacks(fake_twilio, live_server, settings):
    """Signed status callbacks from the fake to this app, handled before the sender reads its answer."""
    settings.TWILIO_STATUS_CALLBACK_BASE = live_server.url
    fake_twilio.callbacks = True
    fake_twilio.callbacks_early = True
    return fake_twilio


@pytest.mark.django_db(transaction=True)
def test_callbacks_before_the_answer_duplicated_and_out_of_order_never_erase_a_send(
    callbacks, settings, reference_data
):
    settings.SMS_CONCURRENCY = 8
    callbacks.callback_statuses = ("delivered", "sent", "sent")  # out of order, and a duplicate
    blast, owner = factories.blast(contacts=20)
    blast = _start(blast, owner)
    assert blast.status == "completed"
    sids = {m["to"]: m["sid"] for m in callbacks.messages}
    for m in Message.objects.filter(blast=blast).select_related("contact"):
        assert m.status == "delivered", m.status
        assert m.provider_id == sids[m.phone] and m.sent_at is not None
        assert m.text == BODY_OF.format(name=m.contact.name) and (m.parts, m.attempts) == (2, 1)


@pytest.mark.django_db(transaction=True)
def test_four_advertising_blasts_with_callbacks_give_no_number_a_fourth_in_24_hours(
    callbacks, settings, reference_data
):
    callbacks.callback_statuses = ("sent", "delivered")
    first, owner = factories.blast(contacts=10)
    blasts = [first] + [factories.blast(org=first.organisation, contacts=0)[0] for _ in range(3)]
    for blast in blasts:
        _start(blast, owner)
    assert max(callbacks.accepted.values()) == 3 and len(callbacks.accepted) == 10
    fourth = Message.objects.filter(blast=blasts[3])
    assert set(fourth.values_list("status", "reason")) == {("deferred", "daily_cap")}


@pytest.mark.django_db(transaction=True)
def test_concurrent_delivered_and_sent_callbacks_always_end_delivered(reference_data):
    blast, _ = factories.blast(contacts=1)
    contact = blast.audience.organisation.contacts.get()
    message = Message.objects.create(blast=blast, contact=contact, phone=contact.phone, status="sending")
    endings = []
    for _ in range(20):
        Message.objects.filter(pk=message.pk).update(status="sending")
        barrier = threading.Barrier(2)

        def callback(status, barrier=barrier):
            row = Message.objects.get(pk=message.pk)  # both read "sending" before either writes
            barrier.wait()
            row.advance(status, provider_id="SMrace")
            connection.close()

        threads = [threading.Thread(target=callback, args=(s,)) for s in ("delivered", "sent")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        endings.append(Message.objects.get(pk=message.pk).status)
    assert set(endings) == {"delivered"}


@pytest.mark.django_db
def test_a_429_storm_completes_with_no_failure_no_double_and_no_auto_pause(
    fake_twilio, settings, django_capture_on_commit_callbacks
):
    """Half of all creates answer 429: every message is still sent, once, at its first counted attempt."""
    settings.SMS_RATE_PER_SECOND = 400
    settings.SMS_ERROR_RATE_MIN_SAMPLE = 5
    settings.SMS_CONCURRENCY = 16
    fake_twilio.retry_after = 0.01
    fake_twilio.storm(throttle=0.5, seed=16)
    blast, owner = factories.blast(contacts=80)
    blast = _start(blast, owner, django_capture_on_commit_callbacks)
    assert blast.status == "completed", blast.status_reason
    rows = Message.objects.filter(blast=blast)
    assert set(rows.values_list("status", "attempts")) == {("sent", 1)}  # no 429 counted as an attempt
    assert sorted(set(fake_twilio.accepted.values())) == [1] and len(fake_twilio.accepted) == 80
    assert fake_twilio.throttled > 40  # the storm happened


@pytest.mark.django_db
def test_in_a_mixed_storm_only_5xx_and_dropped_connections_use_attempts(
    fake_twilio, settings, django_capture_on_commit_callbacks
):
    """30% 429, 5% 500, 2% accepted then dropped: nobody is sent twice, no auto-pause, and a message fails
    only after SMS_MAX_ATTEMPTS answers that were 5xx or dropped connections (never for throttling)."""
    settings.SMS_RATE_PER_SECOND = 400
    settings.SMS_ERROR_RATE_MIN_SAMPLE = 5
    settings.SMS_CONCURRENCY = 16
    fake_twilio.retry_after = 0.01
    fake_twilio.storm(throttle=0.3, error=0.05, drop=0.02, seed=16)
    blast, owner = factories.blast(contacts=80)
    blast = _start(blast, owner, django_capture_on_commit_callbacks)
    assert blast.status == "completed", blast.status_reason
    rows = Message.objects.filter(blast=blast)
    failed = rows.filter(status="failed")
    assert set(rows.values_list("status", flat=True)) <= {"sent", "failed"}
    assert set(failed.values_list("reason", "attempts")) <= {("retries_exhausted", settings.SMS_MAX_ATTEMPTS)}
    assert set(failed.values_list("error_code", flat=True)) <= {"20500", "connection"}
    assert failed.count() <= 2  # three 5xx/drops in a row: 0.07^3 per message
    assert max(fake_twilio.accepted.values()) == 1 and len(fake_twilio.accepted) >= 78
    assert fake_twilio.throttled > 10
    assert max(rows.values_list("attempts", flat=True)) <= settings.SMS_MAX_ATTEMPTS


def _claimed(blast, owner="w1"):
    """The blast running and fanned out (no batch job queued), its rows claimed by `owner`."""
    Blast.objects.filter(pk=blast.pk).update(status="running")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine.queueing, "pump", lambda **kw: 0)
        engine.fan_out(blast_id=blast.pk)
    return engine.claim(blast_id=blast.pk, owner=owner, limit=100)


@pytest.mark.django_db
def test_retry_after_is_honoured_and_consumes_no_attempt(fake_twilio, settings, monkeypatch):
    settings.SMS_RATE_PER_SECOND = 100
    settings.SMS_THROTTLE_RETRY_SECONDS = 0  # without Retry-After the retry would go at once
    settings.SMS_STATE_CHECK_SECONDS = 0.05
    fake_twilio.retry_after = 0.3
    fake_twilio.fail_next(2, status=429)
    clock = ManualClock()  # the batch's clock: it moves only while the batch waits
    asked: list[float] = []
    create = fake_twilio.create

    def timed_create(account, form):
        asked.append(clock.now())
        return create(account, form)

    monkeypatch.setattr(fake_twilio, "create", timed_create)
    blast, owner = factories.blast(contacts=1)
    ids = _claimed(blast)
    counts = engine.Batch(Blast.objects.get(pk=blast.pk), "w1", clock=clock).run(ids)
    engine.after_batch(blast.pk, "w1")
    assert counts == {"sent": 1}
    # Each retry went exactly Retry-After after the 429 before it.
    assert [b - a for a, b in zip(asked, asked[1:], strict=False)] == [pytest.approx(0.3)] * 2
    message = Message.objects.get(blast=blast)
    assert (message.status, message.attempts) == ("sent", 1)
    # The sender slowed down for everyone: its shared rate was cut below its limit, once within the
    # cooldown, and gently (a 429 among fewer than 20 answers: 1/20 of a full cut, x0.5).
    assert ratelimit.reserve("MUA1034", 1) >= 0 and float(
        ratelimit.get_connection().hget(ratelimit.adaptive_key("MUA1034"), "rate")
    ) == pytest.approx(100 * (1 - 0.5 / 20))


class SpinGuardClock(ManualClock):
    """A test clock that fails, instead of hanging, when it is read 10,000 times without moving."""

    def __init__(self):
        super().__init__()
        self.reads = 0

    def now(self) -> float:
        self.reads += 1
        assert self.reads < 10_000, "the batch is spinning: it reads the clock without ever waiting"
        return super().now()

    def advance(self, seconds: float) -> None:
        self.reads = 0
        super().advance(seconds)


@pytest.mark.django_db
def test_a_batch_with_nothing_to_do_but_wait_for_a_retry_waits_for_it(fake_twilio, settings):
    """The state check and the wait before it agree on when it is due: a batch whose only work is a
    throttled message waiting out Retry-After sleeps until then. (Tested as `now - checked_at < interval`
    the check could round 1e-10 s short of the time the wait had slept to, and the loop spun for ever.)"""
    settings.SMS_BATCH_SECONDS = 3600
    fake_twilio.retry_after = 30
    fake_twilio.fail_next(1, status=429)
    blast, owner = factories.blast(contacts=1)
    _claimed(blast, owner="other")
    engine.after_batch(blast.pk, "other")
    claims = engine.Claims(blast.pk, "w1")
    clock = SpinGuardClock()
    start = clock.now()
    counts = engine.Batch(Blast.objects.get(pk=blast.pk), "w1", clock=clock).run(claims(), more=claims)
    assert counts == {"sent": 1} and clock.now() - start >= 30
    assert Message.objects.get(blast=blast).attempts == 1


@pytest.mark.django_db
def test_a_job_that_has_claimed_its_share_hands_throttled_messages_back_instead_of_waiting(
    fake_twilio, settings
):
    """Once its job's time is up a batch does not wait out Retry-After chains while nothing new is sent:
    the throttled message goes back to the table, due at its Retry-After, its attempts unchanged."""
    settings.SMS_BATCH_SIZE = 1
    settings.SMS_BATCH_SECONDS = 0  # the job's share is its one row
    fake_twilio.retry_after = 30
    fake_twilio.fail_next(1, status=429)
    blast, owner = factories.blast(contacts=1)
    _claimed(blast, owner="other")  # fanned out; the claim is released below
    engine.after_batch(blast.pk, "other")
    claims = engine.Claims(blast.pk, "w1")
    ids = claims()
    clock = ManualClock()  # moves only while the batch waits
    start, before = clock.now(), timezone.now()
    counts = engine.Batch(Blast.objects.get(pk=blast.pk), "w1", clock=clock).run(ids, more=claims)
    engine.after_batch(blast.pk, "w1")
    assert counts == {} and clock.now() - start < 30  # it did not wait for the Retry-After
    message = Message.objects.get(blast=blast)
    state = (message.status, message.attempts, message.in_doubt, message.lease_owner)
    assert state == ("pending", 0, False, "")
    due = message.next_attempt_at
    assert before + dt.timedelta(seconds=29) <= due <= timezone.now() + dt.timedelta(seconds=30)
    assert sum(fake_twilio.accepted.values()) == 0


@pytest.mark.django_db
def test_rows_that_come_due_while_a_batch_still_sends_are_claimed_by_it(fake_twilio, settings):
    """A claim that finds nothing due is tried again while the batch still has work in hand: a row retried
    after a 5xx comes due meanwhile and goes out in this job, not after it."""
    settings.SMS_BATCH_SECONDS = 3600
    settings.SMS_STATE_CHECK_SECONDS = 0.05
    fake_twilio.retry_after = 0.6
    fake_twilio.fail_next(1, status=429)  # keeps the batch busy with the first row
    blast, owner = factories.blast(contacts=2)
    _claimed(blast, owner="other")
    engine.after_batch(blast.pk, "other")
    later = Message.objects.filter(blast=blast).order_by("id").last()
    Message.objects.filter(pk=later.pk).update(next_attempt_at=timezone.now() + dt.timedelta(seconds=0.2))
    claims = engine.Claims(blast.pk, "w1")
    ids = claims()
    assert len(ids) == 1  # the other row is not due yet
    counts = engine.Batch(Blast.objects.get(pk=blast.pk), "w1").run(ids, more=claims)
    assert counts == {"sent": 2}
    assert set(Message.objects.filter(blast=blast).values_list("status", "attempts")) == {("sent", 1)}


@pytest.mark.django_db
def test_a_row_written_back_as_pending_after_a_cancel_is_closed_with_the_batch(fake_twilio):
    """A cancel closes the rows pending at that moment; a row a batch held then and wrote back as pending
    afterwards (a 5xx retry, a throttled message handed back) is closed when the batch ends, not left
    pending in a cancelled blast."""
    blast, owner = factories.blast(contacts=2)
    ids = _claimed(blast)
    Blast.objects.filter(pk=blast.pk).update(status="cancelled")
    engine.close_unsent(blast_id=blast.pk, reason="cancelled")  # what the cancel does: held rows untouched
    retry_at = timezone.now() + dt.timedelta(seconds=5)
    engine.write_results("w1", [(ids[0], "pending", {"next_attempt_at": retry_at, "attempts": 1})])
    engine.after_batch(blast.pk, "w1")
    rows = Message.objects.filter(blast=blast)
    assert set(rows.values_list("status", "reason")) == {("skipped", "cancelled")}


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_pause_stops_sends_waiting_for_the_rate_limiter(fake_twilio, settings, reference_data, redis_url):
    settings.SMS_RATE_PER_SECOND = 0.04  # 2 parts each: one message every 50 s
    settings.SMS_STATE_CHECK_SECONDS = 0.05
    blast, owner = factories.blast(contacts=10)
    ids = _claimed(blast)
    counts = {}

    def run():
        try:
            counts.update(engine.Batch(Blast.objects.get(pk=blast.pk), "w1").run(ids))
        finally:
            connection.close()

    runner = threading.Thread(target=run)
    runner.start()
    deadline = time.monotonic() + 60
    while not fake_twilio.accepted and time.monotonic() < deadline:
        time.sleep(0.01)
    # The first message went at once; the others wait for slots 50 to 450 s away. Pause now.
    Blast.objects.filter(pk=blast.pk).update(status="paused")
    runner.join(timeout=45)  # far less than the slots' waits: only a stop that reaches them ends it
    assert not runner.is_alive(), "the waiting sends kept their slots through the pause"
    assert counts == {"sent": 1} and sum(fake_twilio.accepted.values()) == 1
    engine.after_batch(blast.pk, "w1")
    assert Message.objects.filter(blast=blast, status="pending").count() == 9


@pytest.mark.django_db
def test_a_resume_starts_a_fresh_error_window(sms, settings, django_capture_on_commit_callbacks):
    settings.SMS_ERROR_RATE_MIN_SAMPLE = 5
    blast, owner = factories.blast(contacts=0)
    Blast.objects.filter(pk=blast.pk).update(status="running", fanned_out=True)
    engine.record_outcomes(blast.pk, [False] * 10)
    assert engine.check_error_rate(blast_id=blast.pk)  # paused
    with django_capture_on_commit_callbacks(execute=True):
        blast_resume(actor=actor_for_user(owner), blast=Blast.objects.get(pk=blast.pk))
    Blast.objects.filter(pk=blast.pk).update(status="running")
    assert not engine.check_error_rate(blast_id=blast.pk)
    blast_pause(actor=actor_for_user(owner), blast=Blast.objects.get(pk=blast.pk))
