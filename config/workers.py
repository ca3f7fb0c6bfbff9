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

from django.db import close_old_connections, reset_queries
from rq.worker import SimpleWorker


class MuaWorker(SimpleWorker):
    def work(self, *args, **kwargs):
        # What is loaded by now (Django, the apps, the Twilio client) lives as long as the worker: moved out
        # of the collector's generations, the full collections during a batch no longer walk it.
        gc.collect()
        gc.freeze()
        return super().work(*args, **kwargs)

    def execute_job(self, job, queue):
        # As Django does around a request: drop broken or expired connections, and with DEBUG on, forget the
        # queries logged so far (a long-lived worker would otherwise keep the last 9,000, batch writes too).
        reset_queries()
        close_old_connections()
        try:
            return super().execute_job(job, queue)
        finally:
            close_old_connections()
