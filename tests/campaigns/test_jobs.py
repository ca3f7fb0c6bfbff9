import datetime as dt

import pytest
from django.utils import timezone
from rq import SimpleWorker

from campaigns.jobs import DAILY_LOCK, campaigns_advance_daily
from campaigns.models import Campaign
from config.cron import SCHEDULE
from core.cron import build_scheduler, catch_up
from core.locks import exclusive, lock_key
from core.queues import get_connection, get_queue
from tests import factories

pytestmark = pytest.mark.django_db


def due_today() -> Campaign:
    return factories.campaign(harvest_start=timezone.localdate() + dt.timedelta(days=30))


def test_the_daily_job_moves_waves_due_today_in_vietnam(settings):
    settings.REDIS_URL = ""
    wave = due_today()
    later = factories.campaign(harvest_start=timezone.localdate() + dt.timedelta(days=31))
    result = campaigns_advance_daily()
    assert result["preparing"] == [wave.pk] and result["today"] == timezone.localdate().isoformat()
    assert Campaign.objects.get(pk=later.pk).status == "planned"
    again = campaigns_advance_daily()
    assert (again["preparing"], again["live"], again["closed"]) == ([], [], [])


def test_a_second_run_while_one_holds_the_lock_does_nothing(settings):
    settings.REDIS_URL = ""
    wave = due_today()
    lock = get_connection().lock(lock_key(DAILY_LOCK), timeout=60)
    assert lock.acquire(blocking=False)
    try:
        assert campaigns_advance_daily() == {"skipped": True}
    finally:
        lock.release()
    assert Campaign.objects.get(pk=wave.pk).status == "planned"
    with exclusive(DAILY_LOCK) as acquired:
        assert acquired
        with exclusive(DAILY_LOCK) as second:
            assert not second


def test_the_central_schedule_runs_the_advance_at_five_past_midnight_in_vietnam():
    (entry,) = [job for job in SCHEDULE if job.name == "campaigns-advance-daily"]
    assert entry.func == "campaigns.jobs.campaigns_advance_daily"
    scheduler = build_scheduler(get_connection(), SCHEDULE)
    (cron_job,) = [job for job in scheduler.get_jobs() if job.name == entry.name]
    assert cron_job.func is campaigns_advance_daily and cron_job.cron == entry.cron
    local = cron_job.next_enqueue_time.astimezone(dt.timezone(dt.timedelta(hours=7)))
    assert (local.hour, local.minute) == (0, 5)


@pytest.mark.redis
def test_with_redis_the_scheduled_job_runs_on_a_worker(redis_url):
    wave = due_today()
    queue = get_queue("default")
    catch_up(SCHEDULE)
    assert queue.count == len(SCHEDULE)  # every periodic job once
    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    assert Campaign.objects.get(pk=wave.pk).status == "preparing"


@pytest.mark.redis
def test_with_redis_two_overlapping_runs_never_both_work(redis_url):
    wave = due_today()
    queue = get_queue("default")
    held = queue.connection.lock(lock_key(DAILY_LOCK), timeout=60)
    assert held.acquire(blocking=False)
    try:
        job = queue.enqueue(campaigns_advance_daily)
        SimpleWorker([queue], connection=queue.connection).work(burst=True)
        assert job.return_value() == {"skipped": True}
    finally:
        held.release()
    assert Campaign.objects.get(pk=wave.pk).status == "planned"
