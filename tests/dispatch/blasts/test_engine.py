import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from accounts.permissions import actor_for_user
from dispatch.blasts import engine
from dispatch.blasts.services import blast_cancel, blast_pause, blast_resume, blast_start
from dispatch.models import Blast, Message, Suppression
from tests import factories
from tests.clock import ManualClock

pytestmark = pytest.mark.django_db


def _statuses(blast):
    return sorted(Message.objects.filter(blast=blast).values_list("status", flat=True))


def test_a_started_blast_sends_each_contact_once_and_completes(sms, django_capture_on_commit_callbacks):
    blast, owner = factories.blast(contacts=5)
    with django_capture_on_commit_callbacks(execute=True):
        blast_start(actor=actor_for_user(owner), blast=blast)
    blast.refresh_from_db()
    assert blast.status == "completed"
    assert _statuses(blast) == ["sent"] * 5
    assert len(sms) == 5 and len({m["to"] for m in sms}) == 5
    assert sms[0]["body"].startswith("[QC] Chào Hộ")


def test_fan_out_twice_adds_no_rows(sms):
    blast, owner = factories.blast(contacts=4)
    blast = _fanned_out(blast)
    assert Message.objects.filter(blast=blast).count() == 4
    assert engine.fan_out(blast_id=blast.pk) == 0
    assert Message.objects.filter(blast=blast).count() == 4


def test_a_suppressed_number_is_skipped_with_its_reason(sms, django_capture_on_commit_callbacks):
    blast, owner = factories.blast(contacts=3)
    first = blast.audience.organisation.contacts.order_by("id").first()
    Suppression.objects.create(phone=first.phone, reason="refused")
    with django_capture_on_commit_callbacks(execute=True):
        blast_start(actor=actor_for_user(owner), blast=blast)
    skipped = Message.objects.get(blast=blast, contact=first)
    assert (skipped.status, skipped.reason) == ("skipped", "suppressed")
    assert len(sms) == 2


def _fanned_out(blast):
    """Running with its rows materialised, and no batch run yet."""
    Blast.objects.filter(pk=blast.pk).update(status="running")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine.queueing, "pump", lambda **kw: 0)
        engine.fan_out(blast_id=blast.pk)
    blast.refresh_from_db()
    return blast


def test_a_paused_blast_sends_nothing_and_resume_sends_exactly_the_rest(
    sms, django_capture_on_commit_callbacks
):
    blast, owner = factories.blast(contacts=6)
    actor = actor_for_user(owner)
    blast = _fanned_out(blast)
    assert sms == []
    ids = engine.claim(blast_id=blast.pk, owner="w1", limit=2)
    assert len(ids) == 2
    engine.Batch(Blast.objects.get(pk=blast.pk), "w1").run(ids)
    engine.after_batch(blast.pk, "w1")
    assert len(sms) == 2
    blast_pause(actor=actor, blast=blast)
    assert engine.batch_run(blast_id=blast.pk) == {}
    assert len(sms) == 2
    with django_capture_on_commit_callbacks(execute=True):
        blast_resume(actor=actor, blast=blast)
    blast.refresh_from_db()
    assert blast.status == "completed"
    assert len(sms) == 6 and len({m["to"] for m in sms}) == 6


def test_cancel_closes_unsent_rows_as_skipped(sms):
    blast, owner = factories.blast(contacts=3)
    blast = _fanned_out(blast)
    blast_cancel(actor=actor_for_user(owner), blast=blast)
    assert _statuses(blast) == ["skipped"] * 3
    assert set(Message.objects.filter(blast=blast).values_list("reason", flat=True)) == {"cancelled"}
    assert engine.batch_run(blast_id=blast.pk) == {} and sms == []


def test_claims_never_share_a_row(sms):
    blast, owner = factories.blast(contacts=5)
    blast = _fanned_out(blast)
    a = engine.claim(blast_id=blast.pk, owner="a", limit=3)
    b = engine.claim(blast_id=blast.pk, owner="b", limit=3)
    assert len(a) == 3 and len(b) == 2 and not set(a) & set(b)
    assert engine.claim(blast_id=blast.pk, owner="c", limit=3) == []
    assert connection.vendor in {"postgresql", "sqlite"}


def test_the_reaper_returns_expired_leases_in_doubt_and_they_are_adopted_not_resent(sms):
    blast, owner = factories.blast(contacts=2)
    blast = _fanned_out(blast)
    ids = engine.claim(blast_id=blast.pk, owner="dead", limit=10)
    # The dead worker got one message out before it was killed.
    first = Message.objects.select_related("contact").get(pk=ids[0])
    from dispatch.blasts.backends import get_backend
    from dispatch.blasts.rendering import render_for

    get_backend().send(
        to=first.phone,
        body=render_for(blast.revision.body, first.contact),
        sender="MUA1034",
        message_id=first.pk,
    )
    assert engine.reap(now=timezone.now() + dt.timedelta(hours=1)) == 2
    assert Message.objects.filter(blast=blast, in_doubt=True).count() == 2
    engine.batch_run(blast_id=blast.pk)
    first.refresh_from_db()
    assert (first.status, first.reason) == ("sent", "adopted")
    assert sorted(m["to"] for m in sms) == sorted(
        Message.objects.filter(blast=blast).values_list("phone", flat=True)
    )


def test_a_dic_may_not_blast_to_an_audience_of_another_organisation(sms):
    from core.errors import PermissionDenied
    from dispatch.blasts.services import blast_create

    blast, owner = factories.blast(contacts=1)
    other = factories.dic("01")
    from dispatch.models import Audience

    foreign = Audience.objects.create(name="Hà Nội", organisation=other)
    with pytest.raises(PermissionDenied, match="thuộc tổ chức khác"):
        blast_create(
            actor=actor_for_user(owner),
            organisation=blast.organisation,
            name="x",
            content_item=blast.content_item,
            audience=foreign,
            category="advertising",
            sender="MUA1034",
        )


def test_a_dic_blast_reaches_only_its_own_provinces_contacts(sms, django_capture_on_commit_callbacks):
    blast, owner = factories.blast(contacts=2)
    factories.contact(org=blast.organisation, province_code="01")  # held by the DIC, outside its province
    with django_capture_on_commit_callbacks(execute=True):
        blast_start(actor=actor_for_user(owner), blast=blast)
    assert Message.objects.filter(blast=blast).count() == 2 and len(sms) == 2


def test_a_blast_keeps_the_revision_approved_when_it_was_created(sms):
    blast, owner = factories.blast(contacts=1)
    assert blast.revision_id == blast.content_item.approved_revision_id
    assert blast.revision.body.startswith("[QC]")


def test_a_scheduled_blast_waits_for_its_time_then_the_tick_starts_it(
    sms, django_capture_on_commit_callbacks
):
    later = timezone.now() + dt.timedelta(hours=2)
    blast, owner = factories.blast(contacts=2, scheduled_at=later)
    blast_start(actor=actor_for_user(owner), blast=blast)
    blast.refresh_from_db()
    assert blast.status == "scheduled" and sms == []
    with django_capture_on_commit_callbacks(execute=True):
        engine.tick(now=later + dt.timedelta(minutes=1))
    blast.refresh_from_db()
    assert blast.status == "completed" and len(sms) == 2


def test_a_blast_past_its_expiry_sends_nothing_more(sms):
    blast, owner = factories.blast(contacts=2, expires_at=timezone.now() + dt.timedelta(hours=1))
    blast = _fanned_out(blast)
    engine.tick(now=timezone.now() + dt.timedelta(hours=2))
    blast.refresh_from_db()
    assert blast.status == "expired"
    assert set(Message.objects.filter(blast=blast).values_list("reason", flat=True)) == {"expired"}
    assert sms == []


def test_the_compiled_renderer_renders_like_the_preview_and_reports_the_same_errors():
    from core.errors import DomainError
    from dispatch.blasts.rendering import render_for, renderer

    contact = factories.contact(name="Hộ Lục Ngạn")
    assert renderer("[QC] Chào {{ name }}")(contact) == render_for("[QC] Chào {{ name }}", contact)
    with pytest.raises(DomainError, match="biến không có"):
        renderer("[QC] {{ nope }}")(contact)
    with pytest.raises(DomainError, match="sai cú pháp"):
        renderer("[QC] {{ name ")(contact)


def _run_queue(queue):
    """Run every queued job in this process (the test's database connection sees the test's rows)."""
    from rq import SimpleWorker

    SimpleWorker([queue], connection=queue.connection).work(burst=True)


def test_batches_queue_only_the_work_no_waiting_job_covers(
    redis_url, settings, sms, django_capture_on_commit_callbacks
):
    """Five batches' worth of rows: five jobs, however many batches finish and look for more work."""
    from core.queues import get_queue

    settings.SMS_BATCH_SIZE = 2
    blast, owner = factories.blast(contacts=10)
    Blast.objects.filter(pk=blast.pk).update(status="running")
    with django_capture_on_commit_callbacks(execute=True):
        engine.fan_out(blast_id=blast.pk)
    queue = get_queue("dispatch")
    assert queue.count == 5 and engine.queued_batches(blast.pk) == 5
    assert engine.pump(blast_id=blast.pk) == 0  # every due row is covered by a waiting job
    _run_queue(queue)
    blast.refresh_from_db()
    assert blast.status == "completed"
    assert len(sms) == 10 and len({m["to"] for m in sms}) == 10
    assert queue.finished_job_registry.count == 5  # no batch queued more jobs behind the waiting ones
    assert queue.count == 0 and engine.queued_batches(blast.pk) == 0


def test_a_retried_row_is_taken_by_a_waiting_job_or_queued_by_the_last_one(
    redis_url, settings, sms, django_capture_on_commit_callbacks
):
    from core.queues import get_queue
    from dispatch.blasts.backends import ProviderError
    from dispatch.blasts.backends.simple import LocmemBackend

    settings.SMS_BATCH_SIZE = 2
    blast, owner = factories.blast(contacts=4)
    Blast.objects.filter(pk=blast.pk).update(status="running")
    failed = []
    real_send = LocmemBackend.send

    def send_failing_once(self, **kw):
        if not failed:
            failed.append(kw["to"])
            raise ProviderError("busy", code="503", http_status=503, retryable=True)
        return real_send(self, **kw)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(LocmemBackend, "send", send_failing_once)
        with django_capture_on_commit_callbacks(execute=True):
            engine.fan_out(blast_id=blast.pk)
        _run_queue(get_queue("dispatch"))
    blast.refresh_from_db()
    assert blast.status == "completed"
    assert sorted(m["to"] for m in sms) == sorted(
        Message.objects.filter(blast=blast).values_list("phone", flat=True)
    )
    retried = Message.objects.get(blast=blast, phone=failed[0])
    assert (retried.status, retried.attempts) == ("sent", 2)


def test_the_tick_forgets_a_waiting_job_that_was_deleted_and_queues_its_rows_again(
    redis_url, settings, sms, django_capture_on_commit_callbacks
):
    from rq.job import Job

    from core.queues import get_queue

    settings.SMS_BATCH_SIZE = 3
    blast, owner = factories.blast(contacts=3)
    Blast.objects.filter(pk=blast.pk).update(status="running")
    with django_capture_on_commit_callbacks(execute=True):
        engine.fan_out(blast_id=blast.pk)
    queue = get_queue("dispatch")
    (job_id,) = queue.job_ids
    Job.fetch(job_id, connection=queue.connection).delete()  # e.g. from the rq dashboard
    assert engine.queued_batches(blast.pk) == 1 and engine.pump(blast_id=blast.pk) == 0
    assert engine.tick()["pumped"] == 1
    _run_queue(queue)
    blast.refresh_from_db()
    assert blast.status == "completed" and len(sms) == 3


def test_a_long_batch_renews_its_lease_once_half_of_it_has_passed(sms, settings):
    from tests.clock import ManualClock

    settings.SMS_LEASE_SECONDS = 60
    blast, owner = factories.blast(contacts=3)
    blast = _fanned_out(blast)
    ids = engine.claim(blast_id=blast.pk, owner="w1", limit=3)
    clock = ManualClock()
    batch = engine.Batch(Blast.objects.get(pk=blast.pk), "w1", clock=clock)

    def lease():
        return Message.objects.get(pk=ids[-1]).lease_until

    claimed = lease()
    clock.advance(29.9)
    assert batch.still_running(force=True) and lease() == claimed  # 30 s not yet gone: no rewrite
    clock.advance(0.1)
    assert batch.still_running(force=True)
    renewed = lease()
    assert renewed > claimed
    clock.advance(29.9)
    assert batch.still_running(force=True) and lease() == renewed  # the next renewal is 30 s away
    clock.advance(0.1)
    assert batch.still_running(force=True) and lease() > renewed


@pytest.mark.parametrize("flush_seconds, seen", [(0, [0, 1, 2]), (3600, [0, 0, 0])])
def test_a_batch_writes_its_results_at_its_end_or_each_flush_interval(
    sms, settings, monkeypatch, flush_seconds, seen
):
    settings.SMS_STATE_CHECK_SECONDS = 0
    monkeypatch.setattr(engine.batch, "RESULT_FLUSH_SECONDS", flush_seconds)
    settings.SMS_CONCURRENCY = 1  # one send at a time: the flush before each next decision is visible
    blast, owner = factories.blast(contacts=3)
    blast = _fanned_out(blast)
    ids = engine.claim(blast_id=blast.pk, owner="w1", limit=3)
    batch = engine.Batch(Blast.objects.get(pk=blast.pk), "w1")
    sent_before_each = []
    process = batch.process

    def watching(message):
        sent_before_each.append(Message.objects.filter(blast=blast, status="sent").count())
        return process(message)

    batch.process = watching
    assert batch.run(ids) == {"sent": 3}
    assert sent_before_each == seen
    assert _statuses(blast) == ["sent"] * 3


def test_a_batch_that_finds_its_blast_expired_closes_the_rows_no_batch_holds(sms):
    blast, owner = factories.blast(contacts=4, expires_at=timezone.now() + dt.timedelta(hours=1))
    blast = _fanned_out(blast)
    ids = engine.claim(blast_id=blast.pk, owner="w1", limit=2)
    Blast.objects.filter(pk=blast.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    engine.Batch(Blast.objects.get(pk=blast.pk), "w1").run(ids)
    engine.after_batch(blast.pk, "w1")
    blast.refresh_from_db()
    assert blast.status == "expired" and sms == []
    assert _statuses(blast) == ["skipped"] * 4
    assert set(Message.objects.filter(blast=blast).values_list("reason", flat=True)) == {"expired"}
    assert engine.expire(blast_id=blast.pk) is False  # already ended: nothing moves twice


@pytest.mark.parametrize("seconds, sent", [(3600, 20), (0, 4)])
def test_a_batch_job_claims_the_next_step_while_it_sends_until_its_time_is_up(
    redis_url, sms, settings, seconds, sent
):
    """Steps of min(SMS_BATCH_SIZE, 4 × SMS_CONCURRENCY) rows: with time left the one job claims step after
    step until no row is due; with none, it stops at its own SMS_BATCH_SIZE (the rest is queued work)."""
    settings.SMS_BATCH_SIZE = 4
    settings.SMS_CONCURRENCY = 2  # steps of 4 rows
    settings.SMS_BATCH_SECONDS = seconds
    blast, owner = factories.blast(contacts=20)
    blast = _fanned_out(blast)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine.queueing, "pump", lambda **kw: 0)
        assert engine.batch_run(blast_id=blast.pk) == {"sent": sent}
    assert len(sms) == sent and len({m["to"] for m in sms}) == sent
    assert _statuses(blast).count("pending") == 20 - sent  # nothing left held: given back or sent
    assert not Message.objects.filter(blast=blast, status="sending").exists()


def test_a_jobs_share_ends_on_its_clock_after_its_rows_and_its_seconds(settings):
    """A job claims on while it has claimed fewer than SMS_BATCH_SIZE rows or SMS_BATCH_SECONDS have not
    passed on its clock; then it has claimed its share and claims nothing more."""
    settings.SMS_BATCH_SIZE = 2
    settings.SMS_CONCURRENCY = 1  # steps of min(2, 4) = 2 rows
    settings.SMS_BATCH_SECONDS = 10
    blast, owner = factories.blast(contacts=6)
    blast = _fanned_out(blast)
    clock = ManualClock()
    claims = engine.Claims(blast.pk, "w1", clock=clock)
    assert len(claims()) == 2 and not claims.ended  # its rows, but not its seconds
    clock.advance(9.9)
    assert len(claims()) == 2 and not claims.ended
    clock.advance(0.1)
    assert claims.ended and claims() == []
    assert Message.objects.filter(blast=blast, status="pending").count() == 2


def test_a_long_job_is_auto_paused_while_it_runs_not_at_its_end(fake_twilio, settings, monkeypatch):
    settings.SMS_ERROR_RATE_MIN_SAMPLE = 4
    settings.SMS_BATCH_SECONDS = 3600
    settings.SMS_CONCURRENCY = 1  # one at a time: every result is written before the next decision
    settings.SMS_STATE_CHECK_SECONDS = 0
    monkeypatch.setattr(engine.batch, "RESULT_FLUSH_SECONDS", 0)
    blast, owner = factories.blast(contacts=30)
    for c in blast.audience.organisation.contacts.all():
        fake_twilio.fail_numbers[c.phone] = 30007  # a terminal refusal for everyone
    blast = _fanned_out(blast)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine.queueing, "pump", lambda **kw: 0)
        engine.batch_run(blast_id=blast.pk)
    blast.refresh_from_db()
    assert blast.status == "paused" and "Tự động tạm dừng" in blast.status_reason
    # Paused once the window had its sample, not after the job's 30 rows.
    assert _statuses(blast).count("failed") <= 5
    assert _statuses(blast).count("pending") >= 25
