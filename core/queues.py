"""rq queues for Mùa: a real Redis at REDIS_URL, or, with none, an in-process queue on rq's own code path.

With REDIS_URL unset (tests, a bare `manage.py` call) the queue is rq's `Queue(is_async=False)` over an
in-memory fakeredis connection: enqueue builds a real rq Job, serialises it and performs it at once in
this process, so the code path is rq's, only without a separate worker. `make run` instead starts an
embedded Redis-protocol server (config/devserver.py) and sets REDIS_URL, so a real worker process runs.
"""

from functools import lru_cache

import redis
import rq
from django.conf import settings
from django.db import transaction


@lru_cache(maxsize=4)
def _connection(url: str):
    if url:
        return redis.Redis.from_url(url)
    import fakeredis

    return fakeredis.FakeRedis()


def get_connection():
    return _connection(settings.REDIS_URL)


def forget_connections() -> None:
    """Drop the cached connections, so the next get_connection() follows a changed REDIS_URL (tests)."""
    _connection.cache_clear()


def get_queue(name: str = "default") -> rq.Queue:
    if name not in settings.MUA_QUEUES:
        raise ValueError(f"unknown queue {name!r}; known: {settings.MUA_QUEUES}")
    # The same default timeout django-rq's workers read, so enqueuing here and there agree.
    timeout = settings.RQ_QUEUES.get(name, {}).get("DEFAULT_TIMEOUT")
    return rq.Queue(
        name, connection=get_connection(), is_async=bool(settings.REDIS_URL), default_timeout=timeout
    )


def enqueue_on_commit(func, *args, queue: str = "default", job_id: str | None = None, **kwargs) -> None:
    """Enqueue once the current transaction commits, so a worker never sees rows that are not there yet."""
    transaction.on_commit(lambda: get_queue(queue).enqueue(func, *args, job_id=job_id, **kwargs))
