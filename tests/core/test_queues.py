import pytest
from rq import SimpleWorker
from rq.job import JobStatus

from core.jobs import ping
from core.queues import enqueue_on_commit, get_queue


def test_without_redis_jobs_run_inline_through_rq(settings):
    settings.REDIS_URL = ""
    queue = get_queue("default")
    assert queue.is_async is False
    job = queue.enqueue(ping, "inline")
    assert job.get_status() == JobStatus.FINISHED
    assert job.return_value() == "pong inline"


def test_unknown_queue_is_refused():
    with pytest.raises(ValueError, match="unknown queue 'nope'"):
        get_queue("nope")


@pytest.mark.redis
def test_with_redis_a_worker_consumes_the_job(redis_url):
    queue = get_queue("default")
    assert queue.is_async is True
    job = queue.enqueue(ping, "redis")
    assert job.get_status() == JobStatus.QUEUED
    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    assert job.get_status(refresh=True) == JobStatus.FINISHED
    assert job.return_value() == "pong redis"


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_enqueue_on_commit_waits_for_the_commit(redis_url):
    from django.db import transaction

    queue = get_queue("default")
    with transaction.atomic():
        enqueue_on_commit(ping, "after-commit", job_id="ping-after-commit")
        assert queue.count == 0
    assert queue.job_ids == ["ping-after-commit"]


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_enqueues_nothing(redis_url):
    from django.db import transaction

    queue = get_queue("default")
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            enqueue_on_commit(ping, "never")
            raise RuntimeError("rollback")
    assert queue.count == 0


def test_queues_take_the_configured_default_timeout(settings):
    settings.RQ_QUEUES = {
        **settings.RQ_QUEUES,
        "feeds": {**settings.RQ_QUEUES["feeds"], "DEFAULT_TIMEOUT": 1234},
    }
    assert get_queue("feeds").create_job(print).timeout == 1234
