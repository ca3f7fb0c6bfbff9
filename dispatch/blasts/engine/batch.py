"""One batch: the claimed rows decided in order (validity, consent, rendering, Vietnam's rules), sent with
many in flight, every result recorded, the blast's state watched all along.

The batch's own thread makes every decision and every database write; the send pool's threads only talk
to the provider. Given its job's further claims (`run.Claims`), the batch claims its next step whenever
fewer than a pool's worth of rows are left to decide, so the pool never drains between claims. Every
SMS_STATE_CHECK_SECONDS the batch re-reads its blast (pause, cancel and expiry stop new sends: a send
waiting for its rate-limiter slot gives it up), renews its lease when half of it has passed, reloads the
suppressions, and writes the results it holds (at most every RESULT_FLUSH_SECONDS).
A row whose result was lost with its worker is still `sending`, comes back in doubt and is looked up
before any resend.

Throttling never consumes an attempt: a throttled message waits (Retry-After, or about
SMS_THROTTLE_RETRY_SECONDS, jittered) in the batch's retry heap while the other sends go on, and the
sender's shared rate is cut (dispatch/blasts/ratelimit.py).
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import itertools
import logging
import random
import threading
from collections import defaultdict, deque
from collections.abc import Callable

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from core.clock import SYSTEM_CLOCK, Clock
from dispatch import compliance
from dispatch.contacts.models import Contact
from dispatch.contacts.selectors import VALID_E164_PREFIXES
from dispatch.models import Blast, BlastStatus, Message, MessageStatus, Suppression

from .. import metrics, ratelimit, smstext
from ..backends import ProviderError, get_backend
from ..rendering import renderer
from . import errorrate, leases, lifecycle
from .db import one_of
from .results import write_intents, write_results
from .rows import Row, RowContact, load_rows
from .sending import Attempt, Outcome, SendPool

logger = logging.getLogger(__name__)

# How often a batch that is still sending writes the results it holds (its progress on the blast page).
RESULT_FLUSH_SECONDS = 0.25
# How often it reloads the suppressions of the numbers it has not decided yet (one query with up to a
# batch's numbers: at every state check it cost a fifth of the batch thread's time at 200 ms latency).
SUPPRESSION_RELOAD_SECONDS = 1.0
# Decided messages are handed to the send pool this many at a time.
SUBMIT_EVERY = 32


class Batch:
    """One claimed set of rows, decided in order and sent with up to SMS_CONCURRENCY in flight."""

    def __init__(self, blast: Blast, owner: str, *, clock: Clock = SYSTEM_CLOCK):
        self.blast = blast
        self.clock = clock  # state checks, lease renewal, flushes and Retry-After run on it
        self.owner = owner
        self.backend = get_backend()
        self.rules = compliance.Rules.from_settings()
        self.render = _renderer(blast.revision.body)
        self.require_consent = blast.audience.consent_required
        self.checked_at = clock.now()
        # The claim leased the rows for SMS_LEASE_SECONDS; renewed once half of that has passed.
        self.renew_at = self.checked_at + int(settings.SMS_LEASE_SECONDS) / 2
        self.history: dict[str, list[dt.datetime]] = defaultdict(list)
        self.taken: set[int] = set()  # every row this batch has claimed (its own rows are not history)
        self.more: Callable[[], list[int]] | None = None
        self.claim_at = self.checked_at  # a claim that found nothing due is tried again from then on
        self.handing_back = False  # the job has claimed its share: throttled messages go back (_hand_back)
        self.suppressed: set[str] = set()
        self.undecided: deque = deque()
        self.suppressions_at = self.checked_at  # loaded with the rows (_take), then reloaded once a second
        self.writes: list[tuple[int, str, dict]] = []
        self.flushed_at = self.checked_at
        self.outcomes: list[bool] = []
        self.counts: dict[str, int] = defaultdict(int)
        self.stop = threading.Event()
        self.pool = SendPool(max(1, int(settings.SMS_CONCURRENCY)), clock=clock)
        self.ready: list[Attempt] = []  # decided to send, not yet submitted
        self.retries: list[tuple[float, int, Attempt]] = []  # throttled: (monotonic time due, seq, attempt)
        self._seq = itertools.count()

    def run(self, ids: list[int], more: Callable[[], list[int]] | None = None) -> dict[str, int]:
        """Decide and send the claimed rows `ids`. With `more` (a further claim under the same lease owner),
        the batch claims again whenever what is left to decide drops below the pool's lookahead, so the
        pool stays fed instead of draining to zero between claims; it stops claiming when `more` returns
        nothing (no due rows, or the job's time is up)."""
        self.more = more
        self._take(ids)
        try:
            self._loop(self.undecided)
        finally:
            self.stop.set()  # what has not started yet gives its slot up; what is at the provider ends
            for outcome in self.pool.drain():
                self._settle(outcome)
            self.flush()
        return dict(self.counts)

    def _take(self, ids: list[int]) -> None:
        """Load claimed rows to decide: the rows, the cap's history and the suppressions of their numbers."""
        rows = load_rows(ids, self.owner)
        self.undecided.extend(rows)
        phones = [m.phone for m in rows]
        self.taken.update(ids)
        self._load_history(phones)
        if phones and self.rules.applies(self.blast.category, "suppression"):
            self.suppressed |= set(
                Suppression.objects.filter(phone__in=one_of(phones, "varchar")).values_list(
                    "phone", flat=True
                )
            )

    def _loop(self, queue: deque) -> None:
        first = True
        while queue or self.retries or self.pool.busy or self.more is not None:
            for outcome in self.pool.completed(self._wait_time(queue)):
                self._settle(outcome)
            if not self.still_running(force=first):
                return
            first = False
            self._refill(queue)
            self._fill(queue)

    def _refill(self, queue: deque) -> None:
        """Claim the next rows while the pool still has the current ones to send (overlapping the claim
        with the sends in flight). A claim that finds nothing due is tried again at the next state check
        while this batch still has sends in flight or throttled messages waiting: rows retried after a 5xx
        come due meanwhile, and would otherwise wait for the next job (a storm's last seconds were mostly
        that wait). The batch stops claiming once its job has claimed its share (`ended`), or when nothing
        is due and it has nothing else to do."""
        if self.more is None or len(queue) > self.pool.size or self.clock.now() < self.claim_at:
            return
        ids = self.more()
        if ids:
            self._take(ids)
        elif getattr(self.more, "ended", False):
            self.more = None
            self._hand_back()
        elif not (self.retries or self.pool.busy or queue):
            self.more = None
        else:
            self.claim_at = self.clock.now() + float(settings.SMS_STATE_CHECK_SECONDS)

    def _hand_back(self) -> None:
        """The job has claimed its share: the throttled messages it holds go back to the table, due at
        their Retry-After with their attempts unchanged, for the next job, instead of keeping this job
        (and its worker) waiting out chains of 429s while nothing new is sent. From now on a throttled
        message goes straight back too."""
        self.handing_back = True
        while self.retries:
            due, _, attempt = heapq.heappop(self.retries)
            self._requeue(attempt, due - self.clock.now())

    def _requeue(self, attempt: Attempt, wait: float) -> None:
        self._close(
            attempt.message_id,
            MessageStatus.PENDING,
            next_attempt_at=timezone.now() + dt.timedelta(seconds=max(0.0, wait)),
            attempts=attempt.attempts,
        )

    def _wait_time(self, queue: deque) -> float:
        """How long the loop may wait for a send to end before it has something else to do."""
        now = self.clock.now()
        next_check = self.checked_at + float(settings.SMS_STATE_CHECK_SECONDS) - now
        if self.pool.room() > 0 and (queue or (self.retries and self.retries[0][0] <= now)):
            return 0.0
        if self.retries:
            next_check = min(next_check, self.retries[0][0] - now)
        if self.more is not None and self.claim_at > now:  # an empty claim is tried again then
            next_check = min(next_check, self.claim_at - now)
        return max(0.0, next_check)

    def _fill(self, queue: deque) -> None:
        """Decide the next messages while there is room in the pool, handing them to it SUBMIT_EVERY at a
        time (a batch starting with an empty pool sends its first messages after 32 decisions, not 256)."""
        now = self.clock.now()
        while self.pool.room() - len(self.ready) > 0:
            if len(self.ready) >= SUBMIT_EVERY:
                self._submit()
            if self.retries and self.retries[0][0] <= now:
                self.ready.append(heapq.heappop(self.retries)[2])
                continue
            if not queue:
                break
            status = self.process(queue.popleft())
            if status is not None:
                self.counts[status] += 1
        self._submit()

    def _submit(self) -> None:
        """Send what was decided (its intent written first when callbacks may race the result)."""
        if not self.ready:
            return
        ready, self.ready = self.ready, []
        if self.backend.callbacks:  # a callback may beat the result: the row must already say what was sent
            write_intents(self.owner, [(a.message_id, a.body, *_described(a), a.attempts + 1) for a in ready])
        for attempt in ready:
            self.pool.submit(self.backend, self.blast.sender, attempt, self.stop)

    def flush(self) -> None:
        """Write the buffered results (only for rows this batch still holds) and the error-rate outcomes."""
        writes, self.writes = self.writes, []
        self.flushed_at = self.clock.now()
        if writes:
            write_results(self.owner, writes)
        outcomes, self.outcomes = self.outcomes, []
        if outcomes:
            errorrate.record_outcomes(self.blast.pk, outcomes)
            if not all(outcomes):  # a terminal error: judged now, not at the job's end (a job runs long)
                errorrate.check_error_rate(blast_id=self.blast.pk)

    def still_running(self, *, force: bool = False) -> bool:
        """Every SMS_STATE_CHECK_SECONDS: re-read the blast, stop on pause/cancel/expiry, renew the lease."""
        # The same sum _wait_time waits until: as a difference it may round just below the interval, and a
        # clock that moves only when slept on then never reaches the check (a test's ManualClock spun here).
        if not force and self.clock.now() < self.checked_at + float(settings.SMS_STATE_CHECK_SECONDS):
            return True
        self.checked_at = self.clock.now()
        if self.checked_at - self.flushed_at >= RESULT_FLUSH_SECONDS:
            self.flush()
        self.blast.refresh_from_db(fields=["status", "expires_at"])
        if (
            self.blast.status == BlastStatus.RUNNING
            and self.blast.expires_at
            and timezone.now() >= self.blast.expires_at
        ):
            lifecycle.expire(blast_id=self.blast.pk)
            self.blast.status = BlastStatus.EXPIRED
        if self.blast.status != BlastStatus.RUNNING:
            self.stop.set()
            return False
        if self.checked_at >= self.renew_at:
            self.renew_at = self.checked_at + int(settings.SMS_LEASE_SECONDS) / 2
            leases.renew(self.owner)
        # A refusal recorded since the last reload applies from the next message decided on.
        if (
            self.rules.applies(self.blast.category, "suppression")
            and self.checked_at - self.suppressions_at >= SUPPRESSION_RELOAD_SECONDS
        ):
            self.suppressions_at = self.checked_at
            phones = [m.phone for m in self.undecided]
            self.suppressed |= set(
                Suppression.objects.filter(phone__in=one_of(phones, "varchar")).values_list(
                    "phone", flat=True
                )
            )
        return True

    def _load_history(self, phones: list[str]) -> None:
        """The advertiser's messages to these numbers in the cap's window that may have reached the phone:
        sent (whatever a callback said since), and in doubt or in flight (claimed by another batch now,
        or returned by the reaper), counted from their claim. This batch's own rows are not history (they
        are counted as they are decided)."""
        if not phones or not self.rules.applies(self.blast.category, "cap"):
            return
        since = timezone.now() - self.rules.cap_window
        maybe = Q(sent_at__gt=since) | (
            Q(sent_at__isnull=True, claimed_at__gt=since)
            & (Q(status=MessageStatus.SENDING) | Q(in_doubt=True, status=MessageStatus.PENDING))
        )
        rows = Message.objects.filter(
            maybe,
            phone__in=one_of(phones, "varchar"),
            blast__category=compliance.ADVERTISING,
            blast__organisation_id=self.blast.organisation_id,
        )
        rows = rows.exclude(lease_owner=self.owner).values_list("id", "phone", "sent_at", "claimed_at")
        for pk, phone, sent_at, claimed_at in rows:
            if pk not in self.taken:
                self.history[phone].append(sent_at or claimed_at)

    def process(self, message: Row | Message) -> str | None:
        """Decide one message: the status it was closed in, or None when it goes to the provider."""
        contact: RowContact | Contact = message.contact
        if message.phone[:5] not in VALID_E164_PREFIXES or contact.phone_invalid_at:
            return self._close(message.pk, MessageStatus.SKIPPED, reason="invalid_number")
        if self.require_consent and not contact.has_consent:
            return self._close(message.pk, MessageStatus.SKIPPED, reason="no_consent")
        try:
            body = self.render(contact)
        except Exception as exc:  # the sandbox's verdict for this contact: recorded, not retried
            logger.warning("blast %s message %s: %s", self.blast.pk, message.pk, exc)
            return self._close(message.pk, MessageStatus.FAILED, reason="render_error")
        if self.blast.unaccented:
            body = smstext.unaccent(body)
        recipient = compliance.Recipient(
            has_consent=contact.has_consent,
            suppressed=message.phone in self.suppressed,
            advertising_sent=tuple(self.history.get(message.phone, ())),
        )
        decision = compliance.decide(
            text=body,
            category=self.blast.category,
            brandname=self.blast.sender,
            recipient=recipient,
            now=timezone.now(),
            rules=self.rules,
        )
        if decision.action == compliance.NEVER:
            return self._close(message.pk, MessageStatus.SKIPPED, reason=decision.reason)
        if decision.action == compliance.DEFER:
            return self._close(
                message.pk, MessageStatus.DEFERRED, reason=decision.reason, defer_until=decision.until
            )
        attempt = _attempt(message, body)
        if self.rules.applies(self.blast.category, "hours"):
            attempt.not_after = compliance.window_end(timezone.now(), self.rules)
        self.ready.append(attempt)
        # Counted at once, so a later message of this batch to the same number sees it.
        self.history[message.phone].append(timezone.now())
        return None

    def _settle(self, outcome: Outcome) -> None:
        """Record what the provider said about one attempt (or put a throttled one back in the heap)."""
        attempt = outcome.attempt
        if outcome.stopped:
            return  # still `sending` under this lease: released (or closed, if cancelled) after the batch
        if outcome.late:
            until = compliance.next_allowed_hour(timezone.now(), self.rules)
            status = self._close(
                attempt.message_id, MessageStatus.DEFERRED, reason="outside_hours", defer_until=until
            )
            self.counts[status] += 1
            return
        if not outcome.adopted and (outcome.error is None or outcome.error.kind != "throttled"):
            ratelimit.answered(self.blast.sender)  # the share of 429s that sets how hard a 429 cuts
        if outcome.error is None:
            status = self._sent(attempt, outcome.provider_id, adopted=outcome.adopted)
        else:
            status = self._provider_error(attempt, outcome.error)
        if status is not None:
            self.counts[status] += 1

    def _sent(self, attempt: Attempt, provider_id: str, *, adopted: bool = False) -> str:
        self.outcomes.append(True)
        return self._close(
            attempt.message_id,
            MessageStatus.SENT,
            provider_id=provider_id,
            sent_at=timezone.now(),
            attempts=attempt.attempts + (not adopted),
            reason="adopted" if adopted else "",
            **attempt.fields,
        )

    def _provider_error(self, attempt: Attempt, exc: ProviderError) -> str | None:
        kind = exc.kind
        if kind == "throttled":
            self._throttled(attempt, exc)
            return None
        attempts = attempt.attempts + 1
        fields = {"error_code": exc.code, "attempts": attempts, **attempt.fields}
        if kind == "retry" and attempts < int(settings.SMS_MAX_ATTEMPTS):
            delay = float(settings.SMS_RETRY_BACKOFF_SECONDS) * 2 ** (attempts - 1) * random.uniform(0.5, 1.5)
            return self._close(
                attempt.message_id,
                MessageStatus.PENDING,
                in_doubt=exc.code == "connection",  # a dropped connection or a timeout: maybe accepted
                next_attempt_at=timezone.now() + dt.timedelta(seconds=delay),
                **fields,
            )
        if kind == "opted_out":
            from dispatch.contacts.suppression import PROVIDER, suppression_add

            suppression_add(
                phone=attempt.phone, reason="provider_opt_out", note=f"Twilio {exc.code}", actor=PROVIDER
            )
            self.suppressed.add(attempt.phone)
            return self._close(attempt.message_id, MessageStatus.SKIPPED, reason="opted_out", **fields)
        self.outcomes.append(False)  # a terminal provider error: what the auto-pause counts
        if kind == "invalid_number":
            Contact.objects.filter(pk=attempt.contact_id).update(phone_invalid_at=timezone.now())
            return self._close(attempt.message_id, MessageStatus.FAILED, reason="invalid_number", **fields)
        reason = "retries_exhausted" if kind == "retry" else "provider_error"
        return self._close(attempt.message_id, MessageStatus.FAILED, reason=reason, **fields)

    def _throttled(self, attempt: Attempt, exc: ProviderError) -> None:
        """Slow the sender down and try the message again after Retry-After: no attempt is consumed."""
        ratelimit.throttled(self.blast.sender)
        base = float(settings.SMS_THROTTLE_RETRY_SECONDS)
        wait = exc.retry_after if exc.retry_after is not None else base * random.uniform(0.5, 1.5)
        if self.handing_back:
            self._requeue(attempt, wait)
        else:
            heapq.heappush(self.retries, (self.clock.now() + wait, next(self._seq), attempt))

    def _close(self, message_id: int, status: str, **fields) -> str:
        """Buffer the row's outcome; `flush` writes it while this batch still holds the row."""
        fields.setdefault("in_doubt", False)
        self.writes.append((message_id, status, fields))
        if status != MessageStatus.PENDING:
            metrics.MESSAGES.labels(status, fields.get("reason", "")).inc()
        return status


# A blast's template compiled once per worker, not once per batch job (~0.1 s on a loaded machine, at the
# start of every job). Keyed by the text: the same text renders the same for everyone.
_renderer = functools.lru_cache(maxsize=16)(renderer)


def _attempt(message: Row | Message, body: str) -> Attempt:
    info = smstext.describe(body)
    return Attempt(
        message_id=message.pk,
        contact_id=message.contact_id,
        phone=message.phone,
        body=body,
        parts=info.parts,
        attempts=message.attempts,
        in_doubt=message.in_doubt,
        since=message.claimed_at or message.updated_at,
        fields={"text": body, "encoding": info.encoding, "parts": info.parts},
    )


def _described(attempt: Attempt) -> tuple[str, int]:
    return attempt.fields["encoding"], attempt.fields["parts"]
