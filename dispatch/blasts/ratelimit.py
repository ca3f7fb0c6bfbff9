"""The shared rate limiter and its adaptive (AIMD) rate: one schedule per sender in Redis, counting message
parts, exact across threads, processes and machines.

A GCRA-style reservation in one Lua script: each caller reserves the next `parts / rate` seconds of the
sender's timeline (from Redis's own clock, so machines need not agree on time) and sleeps until its slot.
No burst is ever granted, so no window can exceed the rate; a caller that dies (or is stopped) after
reserving only leaves its slot unused. Many threads of one worker reserving at once simply take
consecutive slots. A flushed Redis starts the timeline again from now.

The rate used is the sender's limit (SMS_RATE_LIMITS / SMS_RATE_PER_SECOND), or less after the provider
throttled us: a 429 cuts the sender's rate multiplicatively (at most once per
SMS_THROTTLE_COOLDOWN_SECONDS, never below SMS_THROTTLE_MIN_FRACTION of the limit), and it recovers
additively (SMS_THROTTLE_RECOVERY of the limit per second) until it is back at the limit. How hard a 429
cuts follows the share of 429s among this process's recent answers for the sender (DCTCP's rule, RFC 8257:
cut by that share times (1 - SMS_THROTTLE_BACKOFF)): when every answer is a 429 the rate is multiplied by
SMS_THROTTLE_BACKOFF (0.5, halved); one 429 among many answers cuts it a little. A fixed 20% cut at any
429 had held the rate at half its limit under even a light scatter of 429s, whatever their share. The
adaptive state is shared in Redis, so every worker of every machine slows down together. With no limit (0)
there is no rate to adapt: a throttled message only waits (Retry-After) before its retry.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from django.conf import settings

from core.queues import get_connection

from . import metrics

# The rate in force now, from the adaptive state (rate at the last cut, time of the cut, recovery per
# second) and the limit. Shared by both scripts. "Now" is Redis's own clock, unless the last argument gives
# one (a test's clock, in microseconds; -1 = Redis's).
CURRENT = """
local now = tonumber(ARGV[#ARGV])
if now < 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local limit = tonumber(ARGV[1])
local recovery = tonumber(ARGV[2])
local rate = limit
local a = redis.call('HMGET', KEYS[2], 'rate', 'at', 'cut')
if a[1] then
  rate = math.min(limit, tonumber(a[1]) + recovery * (now - tonumber(a[2])) / 1000000)
end
"""

# KEYS[1] = the sender's "theoretical arrival time" in microseconds, KEYS[2] = its adaptive state;
# ARGV = limit (parts/s), recovery (parts/s per s), parts, now. Returns {microseconds to wait, rate in force}.
RESERVE = (
    CURRENT
    + """
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(tat, now)
local cost = math.floor(1000000 * tonumber(ARGV[3]) / rate)
redis.call('SET', KEYS[1], start + cost, 'PX', math.floor((start + cost - now) / 1000) + 60000)
return {start - now, tostring(rate)}
"""
)

# ARGV = limit, recovery, backoff factor, floor (parts/s), cooldown (microseconds), now. Returns the new
# rate.
THROTTLED = (
    CURRENT
    + """
if a[3] and now - tonumber(a[3]) < tonumber(ARGV[5]) then
  return tostring(rate)
end
rate = math.max(tonumber(ARGV[4]), rate * tonumber(ARGV[3]))
redis.call('HSET', KEYS[2], 'rate', tostring(rate), 'at', now, 'cut', now)
redis.call('PEXPIRE', KEYS[2], 3600000)
return tostring(rate)
"""
)


# A clock for the limiter: seconds (a float) since any fixed origin. None, the default, is Redis's own clock,
# the one every worker of every machine shares; tests pass their own to drive time deterministically.
Clock = Callable[[], float] | None


def _now_argument(clock: Clock) -> int:
    return -1 if clock is None else int(round(clock() * 1_000_000))


def key(sender: str) -> str:
    return f"mua:rate:{sender}"


def adaptive_key(sender: str) -> str:
    return f"mua:rate:{sender}:aimd"


def rate_for(sender: str) -> float:
    """Parts per second allowed for a sender (SMS_RATE_LIMITS[sender], else SMS_RATE_PER_SECOND)."""
    return float(settings.SMS_RATE_LIMITS.get(sender, settings.SMS_RATE_PER_SECOND))


def _recovery(limit: float) -> float:
    return limit * float(settings.SMS_THROTTLE_RECOVERY)


def reserve(sender: str, parts: int, *, clock: Clock = None) -> float:
    """Reserve `parts` on the sender's timeline; seconds to wait before sending (0 when rate is 0 = off)."""
    limit = rate_for(sender)
    if limit <= 0:
        return 0.0
    conn = get_connection()
    waited, rate = conn.eval(
        RESERVE,
        2,
        key(sender),
        adaptive_key(sender),
        limit,
        _recovery(limit),
        max(1, parts),
        _now_argument(clock),
    )
    metrics.ADAPTIVE_RATE.labels(sender).set(float(rate))
    return int(waited) / 1_000_000


# The answers a share of 429s is taken over: the last ANSWERS_KEPT of this process per sender, and never
# fewer than MIN_SAMPLE (a 429 among the first few answers is weak evidence: it cuts by at most 1/20 of a
# full cut).
ANSWERS_KEPT = 200
MIN_SAMPLE = 20


class Answers:
    """This process's last answers from the provider for one sender: 429 or not."""

    def __init__(self, kept: int = ANSWERS_KEPT):
        self.recent: deque[bool] = deque(maxlen=kept)
        self.throttled = 0
        self.lock = threading.Lock()

    def add(self, throttled: bool) -> None:
        with self.lock:
            if len(self.recent) == self.recent.maxlen:
                self.throttled -= self.recent[0]
            self.recent.append(throttled)
            self.throttled += throttled

    def share(self) -> float:
        """The share of 429s, over at least MIN_SAMPLE answers."""
        with self.lock:
            return self.throttled / max(len(self.recent), MIN_SAMPLE)


_answers: dict[str, Answers] = {}


def answers(sender: str) -> Answers:
    if sender not in _answers:
        _answers[sender] = Answers()
    return _answers[sender]


def forget_answers() -> None:
    """Start with no recorded answers (a new process; each test)."""
    _answers.clear()


def answered(sender: str) -> None:
    """The provider answered a send for this sender with something other than a 429."""
    answers(sender).add(False)


def throttled(sender: str, *, share: float | None = None, clock: Clock = None) -> float:
    """The provider answered 429 for this sender: cut its shared rate (once per cooldown) by `share` (the
    share of 429s among recent answers; default: this process's) of a full cut; the new rate."""
    metrics.THROTTLED.labels(sender).inc()
    recent = answers(sender)
    recent.add(True)
    limit = rate_for(sender)
    if limit <= 0:
        return 0.0
    if share is None:
        share = recent.share()
    factor = 1 - (1 - float(settings.SMS_THROTTLE_BACKOFF)) * min(1.0, max(0.0, share))
    rate = get_connection().eval(
        THROTTLED,
        2,
        key(sender),
        adaptive_key(sender),
        limit,
        _recovery(limit),
        factor,
        max(0.1, limit * float(settings.SMS_THROTTLE_MIN_FRACTION)),
        int(float(settings.SMS_THROTTLE_COOLDOWN_SECONDS) * 1_000_000),
        _now_argument(clock),
    )
    metrics.ADAPTIVE_RATE.labels(sender).set(float(rate))
    return float(rate)


def acquire(
    sender: str,
    parts: int,
    *,
    sleep=time.sleep,
    stop: threading.Event | None = None,
    clock: Clock = None,
) -> float:
    """Block until this message may go; returns the seconds waited. With `stop`, the wait ends early when
    it is set (a paused blast): the caller checks it and gives its slot up unused."""
    wait = reserve(sender, parts, clock=clock)
    if wait > 0:
        metrics.RATE_WAIT.observe(wait)
        if stop is not None:
            stop.wait(wait)
        else:
            sleep(wait)
    return wait
