import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from rq import SimpleWorker

from content.jobs import content_expire
from content.models import ContentItem, ItemStatus
from core.queues import get_queue
from tests import factories

pytestmark = pytest.mark.django_db


def past_due_item():
    item = factories.content_item(planned_at=timezone.now() + dt.timedelta(minutes=5))
    ContentItem.objects.filter(pk=item.pk).update(planned_at=timezone.now() - dt.timedelta(minutes=1))
    return item


def test_the_expiry_job_runs_through_the_queue():
    item = past_due_item()
    job = get_queue("default").enqueue(content_expire)
    assert job.return_value() == 1
    item.refresh_from_db()
    assert item.status == ItemStatus.EXPIRED


@pytest.mark.redis
def test_the_expiry_job_runs_on_a_worker(redis_url):
    item = past_due_item()
    queue = get_queue("default")
    job = queue.enqueue(content_expire)
    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    assert job.return_value() == 1
    item.refresh_from_db()
    assert item.status == ItemStatus.EXPIRED


def test_expire_content_command(capsys):
    past_due_item()
    call_command("expire_content")
    assert capsys.readouterr().out.strip() == "expired: 1"
    call_command("expire_content")
    assert capsys.readouterr().out.strip() == "expired: 0"


def test_the_expiry_job_is_in_the_central_schedule_hourly():
    from config.cron import SCHEDULE

    (entry,) = [job for job in SCHEDULE if job.func == "content.jobs.content_expire"]
    assert entry.cron == "10 * * * *"


@pytest.mark.redis
def test_two_overlapping_expiry_runs_never_both_work(redis_url):
    from content.jobs import EXPIRE_LOCK
    from core.locks import lock_key

    item = past_due_item()
    queue = get_queue("default")
    held = queue.connection.lock(lock_key(EXPIRE_LOCK), timeout=60)
    assert held.acquire(blocking=False)
    try:
        job = queue.enqueue(content_expire)
        SimpleWorker([queue], connection=queue.connection).work(burst=True)
        assert job.return_value() is None
    finally:
        held.release()
    item.refresh_from_db()
    assert item.status == ItemStatus.DRAFT
