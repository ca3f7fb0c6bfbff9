"""Send concurrency: a batch keeps up to SMS_CONCURRENCY sends in flight from a pool of threads around the
blocking `twilio` client.

Threads, not asyncio: the engine's work around a send (claims, compliance, rendering, result writes) is
synchronous Django, and the provider call is I/O that releases the GIL. Measured against the fake provider
at 200 ms (bench/RESULTS.md): 64 threads with the sync client reach the same rate as the twilio async
client over aiohttp with 64 in flight, so threads keep one code path and one client.

The pool lives as long as the worker process (its threads, and each thread's keep-alive connection to
the provider, carry over from batch to batch). The threads do only the provider's part — the in-doubt
lookup, the wait for the shared rate limiter, the send — and never touch the database: every decision and
every write stays in the batch's own thread.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from django.utils import timezone

from core.clock import SYSTEM_CLOCK, Clock

from .. import metrics, ratelimit
from ..backends import BaseBackend, ProviderError


@dataclass
class Attempt:
    """One message on its way to the provider, with what its result needs."""

    message_id: int
    contact_id: int
    phone: str
    body: str
    parts: int
    attempts: int  # tries already counted before this one
    in_doubt: bool
    since: dt.datetime | None
    fields: dict = field(default_factory=dict)  # text, encoding, parts
    not_after: dt.datetime | None = None  # the end of the sending hours it was decided in


@dataclass
class Outcome:
    attempt: Attempt
    provider_id: str = ""
    adopted: bool = False
    error: ProviderError | None = None
    stopped: bool = False  # the blast stopped while it waited: nothing was sent
    late: bool = False  # its slot came after the sending hours it was decided in: nothing was sent


def _timed(operation: str, call):
    t0 = time.monotonic()
    outcome = "ok"
    try:
        return call()
    except ProviderError as exc:
        outcome = exc.kind
        raise
    finally:
        metrics.PROVIDER_LATENCY.labels(operation, outcome).observe(time.monotonic() - t0)


def send_one(backend: BaseBackend, sender: str, attempt: Attempt, stop: threading.Event) -> Outcome:
    """The provider's part of one message: look an in-doubt row up first, wait for its slot, send."""
    metrics.IN_FLIGHT.inc()
    try:
        if attempt.in_doubt:
            found = _timed(
                "lookup", lambda: backend.lookup(to=attempt.phone, body=attempt.body, since=attempt.since)
            )
            metrics.IN_DOUBT_LOOKUPS.labels("adopted" if found else "not_found").inc()
            if found is not None:
                return Outcome(attempt, found.provider_id, adopted=True)
        if stop.is_set():
            return Outcome(attempt, stopped=True)
        ratelimit.acquire(sender, attempt.parts, stop=stop)
        if stop.is_set():  # paused or cancelled while it waited: its slot is left unused
            return Outcome(attempt, stopped=True)
        if attempt.not_after is not None and timezone.now() >= attempt.not_after:
            return Outcome(attempt, late=True)
        result = _timed(
            "send",
            lambda: backend.send(
                to=attempt.phone, body=attempt.body, sender=sender, message_id=attempt.message_id
            ),
        )
        return Outcome(attempt, result.provider_id)
    except ProviderError as exc:
        return Outcome(attempt, error=exc)
    finally:
        metrics.IN_FLIGHT.dec()


# Sends decided ahead of the pool, in pools' worth (see SendPool).
AHEAD = 3

_executors: dict[int, ThreadPoolExecutor] = {}
_lock = threading.Lock()


def executor(size: int) -> ThreadPoolExecutor:
    """The process's send threads (one pool per size, made once)."""
    with _lock:
        if size not in _executors:
            _executors[size] = ThreadPoolExecutor(size, thread_name_prefix="sms-send")
        return _executors[size]


class SendPool:
    """At most `size` sends of one batch at the provider; completed outcomes handed back to the batch.

    Up to AHEAD × `size` more wait in the executor's queue, decided ahead, so a thread that finishes takes
    the next at once instead of waiting for the batch's thread, which also claims, loads and writes: on a
    busy machine one of its database round trips took up to half a second, and with one pool's worth
    ahead the pool ran dry meanwhile. A waiting send checks the stop event when it starts, so pause/cancel
    still reach it (it is then given back unsent). With size 1 nothing waits ahead: strictly one at a
    time."""

    def __init__(self, size: int, *, clock: Clock = SYSTEM_CLOCK):
        self.size = size
        self.clock = clock  # an idle pool waits on it
        self.ahead = AHEAD * size if size > 1 else 0
        self.executor = executor(size)
        self.futures: set[Future] = set()

    @property
    def busy(self) -> bool:
        return bool(self.futures)

    def room(self) -> int:
        return self.size + self.ahead - len(self.futures)

    def submit(self, backend: BaseBackend, sender: str, attempt: Attempt, stop: threading.Event) -> None:
        self.futures.add(self.executor.submit(send_one, backend, sender, attempt, stop))

    def completed(self, timeout: float) -> list[Outcome]:
        """Outcomes finished so far, waiting up to `timeout` for the first one."""
        if not self.futures:
            self.clock.sleep(timeout)
            return []
        done, _ = wait(self.futures, timeout=max(0.0, timeout), return_when=FIRST_COMPLETED)
        self.futures -= done
        return [f.result() for f in done]

    def drain(self) -> list[Outcome]:
        """Every outcome still due (the batch is ending: nothing new starts)."""
        done, _ = wait(self.futures)
        self.futures.clear()
        return [f.result() for f in done]
