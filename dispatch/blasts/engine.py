"""The blast engine: fan-out, batch claiming and sending, the reaper and the release of deferred messages.

The Message rows are the truth; rq jobs only say "there is work for blast N". Every step is safe to repeat:
rows are unique per blast and contact, batch jobs have deterministic ids, a batch claims rows with a lease
(`FOR UPDATE SKIP LOCKED` on PostgreSQL), and a row whose lease ran out comes back "in doubt" and is looked up
at the provider before it is sent again.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import time
import uuid
from collections import defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Min
from django.utils import timezone

from core.queues import get_connection, get_queue
from dispatch.contacts.models import Contact
from dispatch.contacts.selectors import VALID_E164_PREFIXES, audience_contacts, audience_filter_of
from dispatch.models import ACTIVE_MESSAGE_STATUSES, Blast, BlastStatus, Message, MessageStatus, Suppression

from . import compliance, ratelimit, smstext
from .backends import ProviderError, get_backend
from .rendering import renderer

logger = logging.getLogger(__name__)

M = Message._meta.db_table


def _db(value: dt.datetime):
    """A datetime as the backend stores it (SQLite compares text: raw SQL must match Django's format)."""
    return connection.ops.adapt_datetimefield_value(value)


# How often a batch that is still sending writes the results it holds (its progress on the blast page).
RESULT_FLUSH_SECONDS = 1.0


def batch_size() -> int:
    return int(settings.SMS_BATCH_SIZE)


# --- fan-out -------------------------------------------------------------------------------------------


def fan_out(*, blast_id: int) -> int:
    """Materialise one pending Message per audience contact with one INSERT … SELECT; returns rows added."""
    blast = Blast.objects.select_related("audience", "organisation").get(pk=blast_id)
    if blast.status != BlastStatus.RUNNING:
        return 0
    contacts = audience_contacts(
        organisation=blast.organisation, audience_filter=audience_filter_of(blast.audience)
    )
    sub_sql, sub_params = contacts.order_by().values("id", "phone").query.sql_with_params()
    now = timezone.now()
    sql = (
        f"INSERT INTO {M} (blast_id, contact_id, phone, status, reason, text, encoding, parts, provider_id,"
        " error_code, attempts, next_attempt_at, lease_owner, in_doubt, updated_at)"
        f" SELECT %s, c.id, c.phone, 'pending', '', '', '', 0, '', '', 0, %s, '', %s, %s FROM ({sub_sql}) c"
        " WHERE true ON CONFLICT (blast_id, contact_id) DO NOTHING"
    )
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, [blast.pk, _db(now), False, _db(now), *sub_params])
            added = cursor.rowcount
        Blast.objects.filter(pk=blast.pk).update(fanned_out=True)
        transaction.on_commit(lambda: pump(blast_id=blast.pk, tag="fan"))
    return max(added, 0)


# --- enqueuing batch jobs ------------------------------------------------------------------------------


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
    waiting = {b"queued", b"scheduled", b"deferred", "queued", "scheduled", "deferred"}
    stale = [job_id for job_id, st in zip(members, statuses, strict=True) if st not in waiting]
    if stale:
        conn.srem(key, *stale)
    return len(stale)


def pump(*, blast_id: int, tag: str = "") -> int:
    """Enqueue batch jobs for the blast's due rows that the jobs already queued do not cover.

    Each queued job takes up to SMS_BATCH_SIZE rows, so only the shortfall is enqueued (at most
    SMS_MAX_BATCH_JOBS waiting at once): a pump after every batch adds nothing while the fan-out's jobs are
    still waiting. Ids are deterministic (the same state gives the same ids, so concurrent pumps enqueue
    each job once); the ids waiting are kept in a Redis set that each job leaves as it starts."""
    from rq.job import Job

    from dispatch.jobs import blast_batch_job

    blast = Blast.objects.get(pk=blast_id)
    if blast.status != BlastStatus.RUNNING:
        return 0
    due = Message.objects.filter(
        blast_id=blast_id, status=MessageStatus.PENDING, next_attempt_at__lte=timezone.now()
    )
    agg = due.aggregate(first=Min("id"), at=Min("next_attempt_at"))
    if agg["first"] is None:
        finish_if_done(blast_id=blast_id)
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


# --- claiming ------------------------------------------------------------------------------------------


def claim(*, blast_id: int, owner: str, limit: int) -> list[int]:
    """Lease up to `limit` due pending rows of a blast to `owner`; concurrent claimers never share a row."""
    now = timezone.now()
    lease_until = now + dt.timedelta(seconds=int(settings.SMS_LEASE_SECONDS))
    pg = connection.vendor == "postgresql"
    # A materialised CTE is evaluated once: a LIMIT subquery inside IN (...) may be re-run per row.
    sql = (
        f"WITH c AS {'MATERIALIZED ' if pg else ''}(SELECT id FROM {M}"
        " WHERE blast_id = %s AND status = 'pending' AND next_attempt_at <= %s"
        f" ORDER BY next_attempt_at, id LIMIT %s{' FOR UPDATE SKIP LOCKED' if pg else ''})"
        f" UPDATE {M} SET status = 'sending', lease_owner = %s, lease_until = %s,"
        # An in-doubt row keeps the time of its first claim: the provider is searched from then on.
        " claimed_at = CASE WHEN in_doubt THEN COALESCE(claimed_at, %s) ELSE %s END"
        " WHERE status = 'pending' AND id IN (SELECT id FROM c) RETURNING id"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [blast_id, _db(now), limit, owner, _db(lease_until), _db(now), _db(now)])
        return sorted(row[0] for row in cursor.fetchall())


def _release(owner: str, *, status: str = MessageStatus.PENDING, reason: str = "") -> int:
    """Give back the rows a batch still holds (pause), or close them (cancel, expiry)."""
    return Message.objects.filter(lease_owner=owner, status=MessageStatus.SENDING).update(
        status=status, reason=reason, lease_owner="", lease_until=None, updated_at=timezone.now()
    )


# --- recording results ---------------------------------------------------------------------------------

# The columns a message's result may set, with their PostgreSQL types. A column a result leaves out (None)
# keeps its value.
RESULT_COLUMNS = {
    "reason": "varchar",
    "text": "text",
    "encoding": "varchar",
    "parts": "smallint",
    "provider_id": "varchar",
    "error_code": "varchar",
    "attempts": "smallint",
    "next_attempt_at": "timestamptz",
    "defer_until": "timestamptz",
    "in_doubt": "boolean",
    "sent_at": "timestamptz",
}


def _results_source() -> str:
    """The buffered results as a table `v`, read from one JSON parameter."""
    names = {"id": "bigint", "status": "varchar", **RESULT_COLUMNS}
    if connection.vendor == "postgresql":
        return f"jsonb_to_recordset(%s::jsonb) AS v({', '.join(f'{n} {t}' for n, t in names.items())})"
    picks = ", ".join(f"json_extract(value, '$.{n}') AS {n}" for n in names)
    return f"(SELECT {picks} FROM json_each(%s)) AS v"


def write_results(owner: str, writes: list[tuple[int, str, dict]]) -> int:
    """Close a batch's rows with their results in one UPDATE, touching only rows `owner` still holds (a row
    reaped and re-claimed meanwhile is not overwritten).

    The rows travel as one JSON parameter: one UPDATE per message cost as much CPU as the HTTP call, and one
    UPDATE … VALUES with a placeholder per field spent most of its time in the driver splitting and quoting
    thousands of placeholders."""
    pg = connection.vendor == "postgresql"
    rows = []
    for pk, status, fields in writes:
        if fields.keys() - RESULT_COLUMNS.keys():
            raise ValueError(f"not a result column: {sorted(fields.keys() - RESULT_COLUMNS.keys())}")
        row = {"id": pk, "status": status}
        for name, value in fields.items():
            if isinstance(value, dt.datetime):  # ISO 8601 for PostgreSQL; the backend's own text for SQLite
                value = value.isoformat() if pg else _db(value)
            if value is not None:
                row[name] = value
        rows.append(row)
    sets = ", ".join(f"{n} = COALESCE(v.{n}, {M}.{n})" for n in RESULT_COLUMNS)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {M} SET status = v.status, {sets}, lease_owner = '', lease_until = NULL, updated_at = %s"
            f" FROM {_results_source()}"
            f" WHERE {M}.id = v.id AND {M}.lease_owner = %s AND {M}.status = 'sending'",
            [_db(timezone.now()), json.dumps(rows, ensure_ascii=False), owner],
        )
        return cursor.rowcount


# --- sending one batch ---------------------------------------------------------------------------------


# What sending reads of a row, its contact (rendering, consent, validity) and the contact's province.
MESSAGE_FIELDS = (
    "id",
    "phone",
    "attempts",
    "in_doubt",
    "claimed_at",
    "updated_at",
    "contact_id",
    "contact__name",
    "contact__phone",
    "contact__consent_source",
    "contact__phone_invalid_at",
    "contact__province_id",
    "contact__province__name",
)


class Batch:
    """One claimed set of rows, processed in order, watching the blast's state as it goes."""

    def __init__(self, blast: Blast, owner: str):
        self.blast = blast
        self.owner = owner
        self.backend = get_backend()
        self.rules = compliance.Rules.from_settings()
        self.text = blast.revision.body
        self.render = renderer(self.text)
        self.require_consent = blast.audience.consent_required
        self.checked_at = time.monotonic()
        # The claim leased the rows for SMS_LEASE_SECONDS; renewed once half of that has passed (a batch
        # normally ends long before: renewing at every check rewrote every held row five times a second).
        self.renew_at = self.checked_at + int(settings.SMS_LEASE_SECONDS) / 2
        self.history: dict[str, list[dt.datetime]] = defaultdict(list)
        self.phones: list[str] = []
        self.suppressed: set[str] = set()
        # Results are written in one statement at the end of the batch, and every RESULT_FLUSH_SECONDS
        # during a long one (a rate-limited blast), not one commit per message: a row whose result was lost
        # with its worker is still "sending", comes back in doubt and is looked up before any resend.
        self.writes: list[tuple[int, str, dict]] = []
        self.flushed_at = self.checked_at
        self.outcomes: list[bool] = []

    def run(self, ids: list[int]) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        messages = (
            Message.objects.filter(pk__in=ids, lease_owner=self.owner)
            .select_related("contact__province")
            .only(*MESSAGE_FIELDS)
            .order_by("id")
        )
        messages = list(messages)
        self.phones = [m.phone for m in messages]
        self._load_history(self.phones)
        try:
            for i, message in enumerate(messages):
                if not self._still_running(force=i == 0):
                    break
                counts[self.process(message)] += 1
        finally:
            self.flush()
        return dict(counts)

    def flush(self) -> None:
        """Write the buffered results (only for rows this batch still holds) and the error-rate outcomes."""
        writes, self.writes = self.writes, []
        self.flushed_at = time.monotonic()
        if writes:
            write_results(self.owner, writes)
        outcomes, self.outcomes = self.outcomes, []
        if outcomes:
            record_outcomes(self.blast.pk, outcomes)

    def _still_running(self, *, force: bool = False) -> bool:
        """Every SMS_STATE_CHECK_SECONDS: re-read the blast, stop on pause/cancel/expiry, renew the lease."""
        if not force and time.monotonic() - self.checked_at < float(settings.SMS_STATE_CHECK_SECONDS):
            return True
        self.checked_at = time.monotonic()
        if self.checked_at - self.flushed_at >= RESULT_FLUSH_SECONDS:
            self.flush()
        self.blast.refresh_from_db(fields=["status", "expires_at"])
        if (
            self.blast.status == BlastStatus.RUNNING
            and self.blast.expires_at
            and timezone.now() >= self.blast.expires_at
        ):
            expire(blast_id=self.blast.pk)
            self.blast.status = BlastStatus.EXPIRED
        if self.blast.status != BlastStatus.RUNNING:
            return False
        if self.checked_at >= self.renew_at:
            self.renew_at = self.checked_at + int(settings.SMS_LEASE_SECONDS) / 2
            lease_until = timezone.now() + dt.timedelta(seconds=int(settings.SMS_LEASE_SECONDS))
            Message.objects.filter(lease_owner=self.owner, status=MessageStatus.SENDING).update(
                lease_until=lease_until
            )
        # A refusal recorded since the last check applies from the next message on.
        if self.rules.applies(self.blast.category, "suppression"):
            self.suppressed = set(
                Suppression.objects.filter(phone__in=self.phones).values_list("phone", flat=True)
            )
        return True

    def _load_history(self, phones: list[str]) -> None:
        if not self.rules.applies(self.blast.category, "cap"):
            return
        since = timezone.now() - self.rules.cap_window
        sent = Message.objects.filter(
            phone__in=phones,
            sent_at__gt=since,
            blast__category=compliance.ADVERTISING,
            blast__organisation_id=self.blast.organisation_id,
        ).values_list("phone", "sent_at")
        for phone, sent_at in sent:
            self.history[phone].append(sent_at)

    def process(self, message: Message) -> str:
        """Decide, send and record one message; returns the status it ended in."""
        contact: Contact = message.contact
        if message.phone[:5] not in VALID_E164_PREFIXES or contact.phone_invalid_at:
            return self._close(message, MessageStatus.SKIPPED, reason="invalid_number")
        if self.require_consent and not contact.has_consent:
            return self._close(message, MessageStatus.SKIPPED, reason="no_consent")
        try:
            body = self.render(contact)
        except Exception as exc:  # the sandbox's verdict for this contact: recorded, not retried
            logger.warning("blast %s message %s: %s", self.blast.pk, message.pk, exc)
            return self._close(message, MessageStatus.FAILED, reason="render_error")
        if self.blast.unaccented:
            body = smstext.unaccent(body)
        now = timezone.now()
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
            now=now,
            rules=self.rules,
        )
        if decision.action == compliance.NEVER:
            return self._close(message, MessageStatus.SKIPPED, reason=decision.reason)
        if decision.action == compliance.DEFER:
            return self._close(
                message, MessageStatus.DEFERRED, reason=decision.reason, defer_until=decision.until
            )
        return self._send(message, body)

    def _send(self, message: Message, body: str) -> str:
        info = smstext.describe(body)
        fields = {"text": body, "encoding": info.encoding, "parts": info.parts}
        try:
            if message.in_doubt:
                found = self.backend.lookup(
                    to=message.phone, body=body, since=message.claimed_at or message.updated_at
                )
                if found is not None:
                    return self._sent(message, found.provider_id, adopted=True, **fields)
            ratelimit.acquire(self.blast.sender, info.parts)
            result = self.backend.send(
                to=message.phone, body=body, sender=self.blast.sender, message_id=message.pk
            )
        except ProviderError as exc:
            return self._provider_error(message, exc, fields)
        return self._sent(message, result.provider_id, **fields)

    def _sent(self, message: Message, provider_id: str, *, adopted: bool = False, **fields) -> str:
        now = timezone.now()
        self.history[message.phone].append(now)
        self.outcomes.append(True)
        return self._close(
            message,
            MessageStatus.SENT,
            provider_id=provider_id,
            sent_at=now,
            attempts=message.attempts + (not adopted),
            reason="adopted" if adopted else "",
            **fields,
        )

    def _provider_error(self, message: Message, exc: ProviderError, fields: dict) -> str:
        attempts = message.attempts + 1
        kind = exc.kind
        if kind == "retry" and attempts < int(settings.SMS_MAX_ATTEMPTS):
            delay = float(settings.SMS_RETRY_BACKOFF_SECONDS) * 2 ** (attempts - 1)
            return self._close(
                message,
                MessageStatus.PENDING,
                error_code=exc.code,
                attempts=attempts,
                in_doubt=kind == "retry" and exc.code == "connection",
                next_attempt_at=timezone.now() + dt.timedelta(seconds=delay),
                **fields,
            )
        if kind == "opted_out":
            from dispatch.contacts.services import PROVIDER, suppression_add

            suppression_add(
                phone=message.phone, reason="provider_opt_out", note=f"Twilio {exc.code}", actor=PROVIDER
            )
            self.suppressed.add(message.phone)
            return self._close(
                message,
                MessageStatus.SKIPPED,
                reason="opted_out",
                error_code=exc.code,
                attempts=attempts,
                **fields,
            )
        self.outcomes.append(False)
        if kind == "invalid_number":
            Contact.objects.filter(pk=message.contact_id).update(phone_invalid_at=timezone.now())
            return self._close(
                message,
                MessageStatus.FAILED,
                reason="invalid_number",
                error_code=exc.code,
                attempts=attempts,
                **fields,
            )
        reason = "retries_exhausted" if kind == "retry" else "provider_error"
        return self._close(
            message, MessageStatus.FAILED, reason=reason, error_code=exc.code, attempts=attempts, **fields
        )

    def _close(self, message: Message, status: str, **fields) -> str:
        """Buffer the row's outcome; `flush` writes it while this batch still holds the row."""
        fields.setdefault("in_doubt", False)
        self.writes.append((message.pk, status, fields))
        return status


def batch_run(*, blast_id: int, job_id: str | None = None) -> dict[str, int]:
    """Claim one batch of the blast's due rows and send it; then finish the blast or queue what is left."""
    batch_started(blast_id, job_id)
    blast = Blast.objects.select_related("revision", "audience").get(pk=blast_id)
    if blast.status != BlastStatus.RUNNING:
        return {}
    owner = uuid.uuid4().hex
    ids = claim(blast_id=blast_id, owner=owner, limit=batch_size())
    counts: dict[str, int] = {}
    if ids:
        try:
            counts = Batch(blast, owner).run(ids)
        finally:
            _after_batch(blast_id, owner)
    check_error_rate(blast_id=blast_id)
    _continue(blast_id)
    return counts


def _after_batch(blast_id: int, owner: str) -> None:
    status = Blast.objects.values_list("status", flat=True).get(pk=blast_id)
    if status in (BlastStatus.CANCELLED, BlastStatus.EXPIRED):
        reason = "cancelled" if status == BlastStatus.CANCELLED else "expired"
        _release(owner, status=MessageStatus.SKIPPED, reason=reason)
    else:
        _release(owner)


def _continue(blast_id: int) -> None:
    """The last batch job to run carries the blast on: with other batch jobs still queued, they take the
    due rows (retried ones too, once due), and the last of them gets here. Then: finish, or queue what is
    left; retries due within a minute are waited for here."""
    if queued_batches(blast_id) > 0:
        return
    due = Message.objects.filter(blast_id=blast_id, status=MessageStatus.PENDING)
    nxt = due.aggregate(t=Min("next_attempt_at"))["t"]
    if nxt is None:
        finish_if_done(blast_id=blast_id)
        return
    wait = (nxt - timezone.now()).total_seconds()
    if wait > 60:
        return  # the scheduler's tick picks it up
    if wait > 0:
        time.sleep(wait)
    pump(blast_id=blast_id)


def finish_if_done(*, blast_id: int) -> bool:
    """A running blast with no pending, deferred or in-flight row is completed."""
    with transaction.atomic():
        blast = Blast.objects.select_for_update().get(pk=blast_id)
        if blast.status != BlastStatus.RUNNING or not blast.fanned_out:
            return False
        if Message.objects.filter(blast_id=blast_id, status__in=ACTIVE_MESSAGE_STATUSES).exists():
            return False
        blast.complete()
        return True


# --- error rate ----------------------------------------------------------------------------------------


def _outcomes_key(blast_id: int) -> str:
    return f"mua:blast:{blast_id}:outcomes"


def record_outcomes(blast_id: int, outcomes: list[bool]) -> None:
    """Remember the last attempts' outcomes (1 = failed) for the error-rate check."""
    window = int(settings.SMS_ERROR_RATE_WINDOW)
    with get_connection().pipeline() as pipe:
        pipe.lpush(_outcomes_key(blast_id), *[0 if ok else 1 for ok in outcomes])
        pipe.ltrim(_outcomes_key(blast_id), 0, window - 1)
        pipe.expire(_outcomes_key(blast_id), 7 * 86400)
        pipe.execute()


def check_error_rate(*, blast_id: int) -> bool:
    """Pause a running blast whose recent failure rate passes SMS_ERROR_RATE_PAUSE; True if paused."""
    values = [int(v) for v in get_connection().lrange(_outcomes_key(blast_id), 0, -1)]
    if len(values) < int(settings.SMS_ERROR_RATE_MIN_SAMPLE):
        return False
    rate = sum(values) / len(values)
    if rate <= float(settings.SMS_ERROR_RATE_PAUSE):
        return False
    with transaction.atomic():
        blast = Blast.objects.select_for_update().get(pk=blast_id)
        if blast.status != BlastStatus.RUNNING:
            return False
        blast.pause(f"Tự động tạm dừng: {rate:.0%} trong {len(values)} lần gửi gần nhất bị lỗi.")
    return True


# --- periodic: reaper, deferred release, scheduled starts, recovery ------------------------------------


def reap(*, now: dt.datetime | None = None) -> int:
    """Rows whose lease ran out (a worker died) go back to pending, in doubt: looked up before any resend."""
    now = now or timezone.now()
    return Message.objects.filter(status=MessageStatus.SENDING, lease_until__lt=now).update(
        status=MessageStatus.PENDING, in_doubt=True, lease_owner="", lease_until=None, updated_at=now
    )


def close_unsent(*, blast_id: int, reason: str, now: dt.datetime | None = None) -> int:
    """A blast that ends early (cancelled, expired) closes its rows not yet claimed as skipped, with why."""
    return Message.objects.filter(
        blast_id=blast_id, status__in=[MessageStatus.PENDING, MessageStatus.DEFERRED]
    ).update(status=MessageStatus.SKIPPED, reason=reason, updated_at=now or timezone.now())


def expire(*, blast_id: int, now: dt.datetime | None = None) -> bool:
    """A blast past its "do not send after": expired, with every row not yet claimed closed as skipped.
    The one way both the tick and a batch that notices the time end a blast (the batch used to expire
    the blast alone, leaving the rows no batch held pending for ever). False if it had already ended."""
    with transaction.atomic():
        blast = Blast.objects.select_for_update().get(pk=blast_id)
        if blast.status not in (BlastStatus.SCHEDULED, BlastStatus.RUNNING, BlastStatus.PAUSED):
            return False
        blast.expire()
        close_unsent(blast_id=blast_id, reason="expired", now=now)
    return True


def release_deferred(*, now: dt.datetime | None = None) -> int:
    """Deferred rows whose time has come become pending again (compliance is checked again when sent)."""
    now = now or timezone.now()
    return Message.objects.filter(status=MessageStatus.DEFERRED, defer_until__lte=now).update(
        status=MessageStatus.PENDING, next_attempt_at=now, updated_at=now
    )


def tick(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The scheduler's minute: start due blasts, expire, reap, release deferred, re-queue lost work."""
    from .services import blast_begin

    now = now or timezone.now()
    started = 0
    for blast_id in Blast.objects.filter(status=BlastStatus.SCHEDULED, scheduled_at__lte=now).values_list(
        "id", flat=True
    ):
        blast_begin(blast_id=blast_id)
        started += 1
    expiring = Blast.objects.filter(
        status__in=[BlastStatus.SCHEDULED, BlastStatus.RUNNING, BlastStatus.PAUSED], expires_at__lte=now
    )
    expired = sum(expire(blast_id=blast_id, now=now) for blast_id in expiring.values_list("id", flat=True))
    reaped = reap(now=now)
    released = release_deferred(now=now)
    pumped = 0
    for blast_id in Blast.objects.filter(status=BlastStatus.RUNNING, fanned_out=True).values_list(
        "id", flat=True
    ):
        prune_queued(blast_id)
        pumped += pump(blast_id=blast_id)
    for blast_id in Blast.objects.filter(status=BlastStatus.RUNNING, fanned_out=False).values_list(
        "id", flat=True
    ):
        fan_out(blast_id=blast_id)
    return {"started": started, "expired": expired, "reaped": reaped, "released": released, "pumped": pumped}
