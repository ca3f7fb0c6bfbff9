"""Real worker processes against PostgreSQL, Redis and the fake Twilio: kill them, flush Redis, pause and
resume at random points, and check with the fake provider's counts that every recipient got one SMS."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from accounts.permissions import actor_for_user
from core.queues import get_connection
from dispatch.blasts import engine
from dispatch.blasts.services import blast_cancel, blast_pause, blast_resume, blast_start
from dispatch.models import Blast, Message
from tests import factories

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ROOT = str(Path(__file__).resolve().parents[3])  # the repository: workers run `python -m tests.…` from it
WORKER_APP = "mua-test-worker"  # the killed workers' database sessions, by name


@pytest.fixture
def workers(redis_url, fake_twilio, settings, reference_data):
    if connection.vendor != "postgresql":
        pytest.skip("worker processes share the test database only on PostgreSQL")
    db = connection.settings_dict
    env = dict(
        os.environ,
        DATABASE_URL=(
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        REDIS_URL=redis_url,
        SMS_BACKEND="twilio",
        TWILIO_ACCOUNT_SID=settings.TWILIO_ACCOUNT_SID,
        TWILIO_AUTH_TOKEN=settings.TWILIO_AUTH_TOKEN,
        TWILIO_API_BASE_URL=fake_twilio.url,
        TWILIO_STATUS_CALLBACK_BASE="",
        SMS_RATE_PER_SECOND="120",
        SMS_BATCH_SIZE="20",
        SMS_RETRY_BACKOFF_SECONDS="0.2",
        SMS_CONCURRENCY="16",  # a whole batch in flight at once
        SMS_THROTTLE_RETRY_SECONDS="0.05",
        LOG_LEVEL="WARNING",
        PGAPPNAME=WORKER_APP,  # libpq's session name: the teardown ends these sessions and no other
    )
    settings.SMS_BATCH_SIZE = 20
    # A provider some milliseconds away: every fault below strikes with many sends in flight.
    fake_twilio.delay, fake_twilio.jitter = 0.01, 0.03
    started = []

    def start(*, burst: bool = False):
        args = [sys.executable, "-m", "tests.dispatch.worker_process"] + (["--burst"] if burst else [])
        proc = subprocess.Popen(args, cwd=ROOT, env=env, start_new_session=True)
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    # A killed worker's session may hold locks a moment longer; the test database's flush must not wait.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND application_name = %s",
            [WORKER_APP],
        )


def _wait(predicate, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    raise AssertionError("timed out waiting")


def _in_flight(blast) -> bool:
    return Message.objects.filter(blast=blast, status="sending").exists()


def _start(n):
    blast, owner = factories.blast(contacts=n)
    blast_start(actor=actor_for_user(owner), blast=blast)  # commits: the fan-out job is queued in Redis
    return blast, actor_for_user(owner)


def _finish(blast, workers):
    """What the scheduler does after trouble: reap expired leases, queue lost work; then drain."""
    for _ in range(5):
        engine.tick(now=timezone.now() + timezone.timedelta(seconds=settings.SMS_LEASE_SECONDS + 1))
        workers(burst=True).wait(timeout=120)
        blast.refresh_from_db()
        if blast.status == "completed":
            return
    raise AssertionError(f"blast still {blast.status}")


def _exactly_once(blast, fake):
    phones = list(Message.objects.filter(blast=blast).values_list("phone", flat=True))
    counts = {p: fake.accepted[p] for p in phones}
    assert sorted(set(counts.values())) == [1], {p: c for p, c in counts.items() if c != 1}
    assert sum(fake.accepted.values()) == len(phones)
    assert set(Message.objects.filter(blast=blast).values_list("status", flat=True)) == {"sent"}


def test_a_worker_killed_mid_blast_loses_nothing_and_doubles_nothing(workers, fake_twilio):
    blast, _ = _start(150)
    worker = workers()
    _wait(lambda: sum(fake_twilio.accepted.values()) >= 45 and _in_flight(blast))
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    assert Message.objects.filter(blast=blast, status="sending").exists()  # killed with rows in hand
    _finish(blast, workers)
    _exactly_once(blast, fake_twilio)


def test_redis_flushed_mid_blast_the_blast_resumes_from_the_database(workers, fake_twilio):
    blast, _ = _start(150)
    worker = workers()
    _wait(lambda: sum(fake_twilio.accepted.values()) >= 40)
    get_connection().flushdb()
    os.killpg(worker.pid, signal.SIGKILL)  # a Redis restart takes its workers' connections with it
    worker.wait()
    _finish(blast, workers)
    _exactly_once(blast, fake_twilio)


def test_pause_and_resume_at_random_points_send_each_recipient_once(workers, fake_twilio):
    rnd = random.Random(6)
    blast, actor = _start(200)
    workers()
    workers()
    for _ in range(3):
        time.sleep(rnd.uniform(0.1, 0.6))
        blast_pause(actor=actor, blast=blast)
        paused_at = sum(fake_twilio.accepted.values())
        time.sleep(1.0)
        # Each of the two workers stops within its batch.
        assert sum(fake_twilio.accepted.values()) - paused_at <= 2 * settings.SMS_BATCH_SIZE
        blast_resume(actor=actor, blast=blast)
    _wait(lambda: Blast.objects.get(pk=blast.pk).status == "completed", timeout=120)
    _exactly_once(blast, fake_twilio)


def test_cancel_at_a_random_point_stops_the_blast_and_doubles_nothing(workers, fake_twilio):
    blast, actor = _start(150)
    workers()
    _wait(lambda: sum(fake_twilio.accepted.values()) >= random.Random(7).randint(10, 60))
    blast_cancel(actor=actor, blast=blast)
    time.sleep(1.5)
    _wait(lambda: not Message.objects.filter(blast=blast, status__in=["pending", "sending"]).exists())
    sent = Message.objects.filter(blast=blast, status="sent")
    assert sum(fake_twilio.accepted.values()) == sent.count() < 150
    assert all(fake_twilio.accepted[p] == 1 for p in sent.values_list("phone", flat=True))
    assert Blast.objects.get(pk=blast.pk).status == "cancelled"


def test_accept_then_drop_and_a_kill_with_many_in_flight_send_each_recipient_once(workers, fake_twilio):
    fake_twilio.storm(drop=0.1, seed=16)  # one in ten accepted, then the connection dropped
    fake_twilio.delay = 0.05
    blast, _ = _start(150)
    worker = workers()
    _wait(lambda: sum(fake_twilio.accepted.values()) >= 40 and _in_flight(blast))
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    _finish(blast, workers)
    _exactly_once(blast, fake_twilio)
    assert Message.objects.filter(blast=blast, reason="adopted").exists()


def test_a_429_storm_through_real_workers_fails_nothing_and_doubles_nothing(workers, fake_twilio):
    fake_twilio.retry_after = 0.05
    fake_twilio.storm(throttle=0.3, error=0.05, drop=0.02, seed=13)
    blast, _ = _start(150)
    workers()
    workers()
    _wait(lambda: Blast.objects.get(pk=blast.pk).status != "running", timeout=120)
    assert Blast.objects.get(pk=blast.pk).status == "completed"
    _exactly_once(blast, fake_twilio)
