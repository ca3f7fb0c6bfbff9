"""Queueing: batch jobs in rq for a blast's due rows, never more than the rows need, and rq's registry kept
clean of dead workers.

Each queued job takes up to SMS_BATCH_SIZE rows, so only the shortfall is enqueued (at most
SMS_MAX_BATCH_JOBS waiting at once). Ids are deterministic (the same state gives the same ids, so
concurrent pumps enqueue each job once); the ids waiting are kept in a Redis set that each job leaves as
it starts.
"""

from __future__ import annotations

import logging
import math

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from core.queues import get_connection, get_queue
from dispatch.models import Blast, BlastStatus, Message, MessageStatus

from .. import metrics
from . import lifecycle

logger = logging.getLogger(__name__)

WAITING = {b"queued", b"scheduled", b"deferred", "queued", "scheduled", "deferred"}


def batch_size() -> int:
    return int(settings.SMS_BATCH_SIZE)


def _queued_key(blast_id: int) -> str:
    """The ids of the blast's batch jobs that are queued and not yet started."""
    return f"mua:blast:{blast_id}:queued"


def queued_batches(blast_id: int) -> int:
    return get_connection().scard(_queued_key(blast_id))


def batch_started(blast_id: int, job_id: str | None) -> None:
    """A batch job began: it no longer counts as queued work for its blast."""
    if job_id:
        get_connection().srem(_queued_key(blast_id), job_id)


def prune_queued(blast_id: int) -> int:
    """Forget queued ids whose job is gone or no longer waiting (deleted from the dashboard, or taken by a
    worker that died before the batch began): an id that never runs must not hold back new jobs."""
    from rq.job import Job

    conn = get_connection()
    key = _queued_key(blast_id)
    members = [m.decode() if isinstance(m, bytes) else m for m in conn.smembers(key)]
    if not members:
        return 0
    with conn.pipeline() as pipe:
        for job_id in members:
            pipe.hget(Job.key_for(job_id), "status")
        statuses = pipe.execute()
    stale = [job_id for job_id, st in zip(members, statuses, strict=True) if st not in WAITING]
    if stale:
        conn.srem(key, *stale)
    return len(stale)


def pump(*, blast_id: int, tag: str = "") -> int:
    """Enqueue batch jobs for the blast's due rows that the jobs already queued do not cover."""
    blast = Blast.objects.get(pk=blast_id)
    if blast.status != BlastStatus.RUNNING:
        return 0
    due = Message.objects.filter(
        blast_id=blast_id, status=MessageStatus.PENDING, next_attempt_at__lte=timezone.now()
    )
    agg = due.aggregate(first=Min("id"), at=Min("next_attempt_at"))
    if agg["first"] is None:
        lifecycle.finish_if_done(blast_id=blast_id)
        return 0
    cap = int(settings.SMS_MAX_BATCH_JOBS)
    outstanding = queued_batches(blast_id)
    if outstanding >= cap:
        return 0
    n = min(math.ceil(due.count() / batch_size()), cap) - outstanding
    if n <= 0:
        return 0
    # The same due rows give the same ids (a repeated pump enqueues nothing); a retried row is due later.
    tag = tag or f"m{agg['first']}t{int(agg['at'].timestamp() * 1000)}"
    ids = [f"blast-{blast_id}-r{blast.round}-{tag}-b{outstanding + k}" for k in range(n)]
    return _enqueue(blast_id, ids)


def _enqueue(blast_id: int, ids: list[str]) -> int:
    """Enqueue the batch jobs of these ids that do not exist yet, in one pipeline; how many."""
    from rq.job import Job

    from dispatch.jobs import blast_batch_job

    queue = get_queue("dispatch")
    conn = get_connection()
    with conn.pipeline() as pipe:
        for job_id in ids:
            pipe.exists(Job.key_for(job_id))
        exists = pipe.execute()
    fresh = [job_id for job_id, found in zip(ids, exists, strict=True) if not found]
    if not fresh:
        return 0
    key = _queued_key(blast_id)
    timeout = int(settings.SMS_BATCH_JOB_TIMEOUT)
    if not queue.is_async:  # inline (tests): rq runs each job as it is enqueued
        conn.sadd(key, *fresh)
        for job_id in fresh:
            queue.enqueue(blast_batch_job, blast_id, job_id=job_id, job_timeout=timeout)
        return len(fresh)
    datas = [
        queue.prepare_data(blast_batch_job, args=(blast_id,), job_id=job_id, timeout=timeout, result_ttl=3600)
        for job_id in fresh
    ]
    with conn.pipeline() as pipe:
        pipe.sadd(key, *fresh)
        pipe.expire(key, 7 * 86400)
        queue.enqueue_many(datas, pipeline=pipe)
        pipe.execute()
    return len(fresh)


def clean_dead_workers() -> int:
    """Remove workers whose registration expired from rq's registry (a killed worker's key lapses within
    a minute: MuaWorker keeps it short with its own heartbeat); returns how many were removed. Run at
    each worker's start and in the tick."""
    from rq.worker_registration import REDIS_WORKER_KEYS, clean_worker_registry

    removed = 0
    for name in settings.MUA_QUEUES:
        queue = get_queue(name)
        if not queue.is_async:
            continue
        before = queue.connection.scard(REDIS_WORKER_KEYS)
        clean_worker_registry(queue)
        removed += before - queue.connection.scard(REDIS_WORKER_KEYS)
    if removed:
        metrics.DEAD_WORKERS.inc(removed)
        logger.info("rq registry: %s dead workers removed", removed)
    return removed
