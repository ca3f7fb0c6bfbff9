"""A batch job from start to end: claim, send (claiming more as the sends drain, for up to
SMS_BATCH_SECONDS), give back what is left, carry the blast on."""

from __future__ import annotations

import time
import uuid

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from core.clock import SYSTEM_CLOCK, Clock
from dispatch.models import Blast, BlastStatus, Message, MessageStatus

from . import errorrate, leases, lifecycle, queueing
from .batch import Batch


def batch_run(*, blast_id: int, job_id: str | None = None) -> dict[str, int]:
    """Claim the blast's due rows and send them; then finish the blast or queue what is left."""
    queueing.batch_started(blast_id, job_id)
    blast = Blast.objects.select_related("revision", "audience").get(pk=blast_id)
    if blast.status != BlastStatus.RUNNING:
        return {}
    owner = uuid.uuid4().hex
    claims = Claims(blast_id, owner)
    ids = claims()
    counts: dict[str, int] = {}
    if ids:
        try:
            counts = Batch(blast, owner).run(ids, more=claims)
        finally:
            after_batch(blast_id, owner)
    errorrate.check_error_rate(blast_id=blast_id)
    carry_on(blast_id)
    return counts


class Claims:
    """A batch job's claims, all under one lease owner, in steps of min(SMS_BATCH_SIZE, 4 ×
    SMS_CONCURRENCY) rows: small enough that claiming and loading the next step never leaves the send pool
    without work (a 1,000-row step took up to a second on a loaded machine, and the pool ran dry), while
    the batch goes on claiming for at least SMS_BATCH_SIZE rows and for SMS_BATCH_SECONDS from the job's
    start. Then the job drains and ends, and the next queued job (maybe another blast's) gets the
    worker. Returns [] once it is done (`ended`) or no row is due now."""

    def __init__(self, blast_id: int, owner: str, *, clock: Clock = SYSTEM_CLOCK):
        self.blast_id, self.owner = blast_id, owner
        self.clock = clock
        self.total = 0
        self.size = queueing.batch_size()
        self.step = max(1, min(self.size, 4 * int(settings.SMS_CONCURRENCY)))
        self.until = clock.now() + float(settings.SMS_BATCH_SECONDS)

    @property
    def ended(self) -> bool:
        """The job has claimed its share: what it holds is sent, and the next job claims the rest."""
        return self.total >= self.size and self.clock.now() >= self.until

    def __call__(self) -> list[int]:
        if self.ended:
            return []
        ids = leases.claim(blast_id=self.blast_id, owner=self.owner, limit=self.step)
        self.total += len(ids)
        return ids


def after_batch(blast_id: int, owner: str) -> None:
    """Rows the batch still holds unsent go back to pending, or are closed if the blast ended."""
    status = Blast.objects.values_list("status", flat=True).get(pk=blast_id)
    if status in (BlastStatus.CANCELLED, BlastStatus.EXPIRED):
        reason = "cancelled" if status == BlastStatus.CANCELLED else "expired"
        leases.release(owner, status=MessageStatus.SKIPPED, reason=reason)
        # The cancel closed the rows pending then; a row this batch held at that moment and wrote back
        # as pending afterwards (a 5xx retry, a throttled message handed back) is closed now.
        lifecycle.close_unsent(blast_id=blast_id, reason=reason)
    else:
        leases.release(owner)


def carry_on(blast_id: int) -> None:
    """The last batch job to run carries the blast on: with other batch jobs still queued, they take the
    due rows (retried ones too, once due), and the last of them gets here. Then: finish, or queue what is
    left; retries due within a minute are waited for here."""
    if queueing.queued_batches(blast_id) > 0:
        return
    due = Message.objects.filter(blast_id=blast_id, status=MessageStatus.PENDING)
    nxt = due.aggregate(t=Min("next_attempt_at"))["t"]
    if nxt is None:
        lifecycle.finish_if_done(blast_id=blast_id)
        return
    wait = (nxt - timezone.now()).total_seconds()
    if wait > 60:
        return  # the scheduler's tick picks it up
    if wait > 0:
        time.sleep(wait)
    queueing.pump(blast_id=blast_id)
