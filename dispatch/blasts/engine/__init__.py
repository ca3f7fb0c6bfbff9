"""The blast engine, one idea per module:

- `fanout`: one pending Message row per audience contact, in one statement;
- `queueing`: batch jobs in rq for the due rows (only the shortfall), rq's registry kept clean;
- `leases`: claims (`FOR UPDATE SKIP LOCKED`), lease renewal, release, the reaper;
- `batch`: one claimed batch decided in order and sent (claiming its next step while it sends), its
  state watched;
- `rows`: the claimed rows loaded as plain records;
- `sending`: send concurrency, a pool of threads around the blocking provider client;
- `results`: the intent before a send and the result after, never erasing a send;
- `errorrate`: the auto-pause on terminal provider errors;
- `lifecycle`: how a blast ends (completed, expired, rows closed);
- `run`: a batch job from its claims (steps, for SMS_BATCH_SECONDS) to carrying the blast on;
- `tick`: the scheduler's minute.
The shared rate limiter and its adaptive rate: `dispatch.blasts.ratelimit`; the design: docs/sms-engine.md.

The Message rows are the truth; rq jobs only say "there is work for blast N". Every step is safe to repeat:
rows are unique per blast and contact, batch jobs have deterministic ids, a batch claims rows with a lease,
and a row whose lease ran out comes back "in doubt" and is looked up at the provider before it is sent
again.
"""

from .batch import RESULT_FLUSH_SECONDS, Batch
from .errorrate import check_error_rate, record_outcomes, reset_outcomes
from .fanout import fan_out
from .leases import claim, reap, release
from .lifecycle import close_unsent, expire, finish_if_done
from .queueing import batch_size, batch_started, clean_dead_workers, prune_queued, pump, queued_batches
from .results import RESULT_COLUMNS, write_results
from .run import Claims, after_batch, batch_run, carry_on
from .tick import release_deferred, tick

__all__ = [
    "RESULT_COLUMNS",
    "RESULT_FLUSH_SECONDS",
    "Batch",
    "Claims",
    "after_batch",
    "batch_run",
    "batch_size",
    "batch_started",
    "carry_on",
    "check_error_rate",
    "claim",
    "clean_dead_workers",
    "close_unsent",
    "expire",
    "fan_out",
    "finish_if_done",
    "prune_queued",
    "pump",
    "queued_batches",
    "reap",
    "record_outcomes",
    "release",
    "release_deferred",
    "reset_outcomes",
    "tick",
    "write_results",
]
