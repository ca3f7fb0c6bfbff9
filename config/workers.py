"""The rq worker Mùa runs (`manage.py rqworker` picks it up from settings.RQ["WORKER_CLASS"]).

rq's default worker forks a fresh "work horse" for every job. For the blast engine that cost more than the
work: each batch job's horse re-imported the Twilio client, opened a new PostgreSQL connection and a new
HTTPS connection to the provider — about 80 ms per 250-message batch, a third of the sending time. This
worker runs each job in its own process (rq's SimpleWorker), so modules, the database connection (up to
CONN_MAX_AGE) and the provider's keep-alive connection carry over from one batch to the next.

What forking gave, and how it is kept: a job's time limit is still enforced (rq's SIGALRM death penalty
works in the worker's main thread); a job that raises fails alone and the worker goes on; a worker killed
outright (SIGKILL, a crash, the machine) loses nothing, because the blast engine's rows are leased in
PostgreSQL and come back through the reaper. Database connections are checked before and after every job,
as Django does around a request, so a restarted PostgreSQL costs one failed job at most, never the worker;
the DEBUG query log is emptied before each job, as before each request.
"""

from __future__ import annotations

import gc
import logging
import os
import threading

from django.conf import settings
from django.db import close_old_connections, reset_queries
from rq.worker import SimpleWorker

logger = logging.getLogger(__name__)

# rq registers a worker under a key that expires only after its job's timeout (an hour for a batch job)
# when it dies, so killed workers stayed on the dashboard. This worker keeps the key's expiry short from a
# thread of its own, re-registers itself if Redis was flushed, and the registry is cleaned of the expired
# ones at every start and in the dispatch tick.
HEARTBEAT_SECONDS = 10
REGISTRATION_TTL = 45


class MuaWorker(SimpleWorker):
    def work(self, *args, **kwargs):
        from dispatch.blasts.engine import clean_dead_workers

        clean_dead_workers()
        _serve_metrics()
        self._beat = threading.Event()
        threading.Thread(target=self._heartbeats, daemon=True, name="mua-heartbeat").start()
        # What is loaded by now (Django, the apps, the Twilio client) lives as long as the worker: moved out
        # of the collector's generations, the full collections during a batch no longer walk it.
        gc.collect()
        gc.freeze()
        try:
            return super().work(*args, **kwargs)
        finally:
            self._beat.set()

    def _heartbeats(self) -> None:
        while not self._beat.wait(HEARTBEAT_SECONDS):
            try:
                if not self.connection.exists(self.key):  # Redis flushed: be seen again
                    self.register_birth()
                else:
                    self.connection.expire(self.key, REGISTRATION_TTL)
            except Exception as exc:  # Redis away for a moment: the next beat tries again
                logger.warning("worker heartbeat: %s", exc)

    def execute_job(self, job, queue):
        # As Django does around a request: drop broken or expired connections, and with DEBUG on, forget the
        # queries logged so far (a long-lived worker would otherwise keep the last 9,000, batch writes too).
        reset_queries()
        close_old_connections()
        try:
            return super().execute_job(job, queue)
        finally:
            close_old_connections()


def _serve_metrics() -> None:
    """Without a shared PROMETHEUS_MULTIPROC_DIR, a worker serves its own metrics on the first free port
    from METRICS_WORKER_PORT (0: none)."""
    port = int(settings.METRICS_WORKER_PORT)
    if not port or os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return
    from prometheus_client import start_http_server

    for candidate in range(port, port + 64):
        try:
            start_http_server(candidate, addr=settings.METRICS_WORKER_ADDR)
        except OSError:
            continue
        logger.info("worker metrics on %s:%s", settings.METRICS_WORKER_ADDR, candidate)
        return
