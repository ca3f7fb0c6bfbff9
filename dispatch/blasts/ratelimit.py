"""The shared rate limiter: one schedule per sender in Redis, counting message parts, exact across processes.

A GCRA-style reservation in one Lua script: each caller reserves the next `parts / rate` seconds of the
sender's timeline (from Redis's own clock, so machines need not agree on time) and sleeps until its slot.
No burst is ever granted, so no window can exceed the rate; a caller that dies after reserving only leaves
its slot unused. A flushed Redis starts the timeline again from now.
"""

from __future__ import annotations

import time

from django.conf import settings

from core.queues import get_connection

# KEYS[1] = the sender's "theoretical arrival time" in microseconds; ARGV[1] = microseconds per part,
# ARGV[2] = parts. Returns the microseconds to wait before sending.
RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(tat, now)
local cost = tonumber(ARGV[1]) * tonumber(ARGV[2])
redis.call('SET', KEYS[1], start + cost, 'PX', math.floor((start + cost - now) / 1000) + 60000)
return start - now
"""


def key(sender: str) -> str:
    return f"mua:rate:{sender}"


def rate_for(sender: str) -> float:
    """Parts per second allowed for a sender (SMS_RATE_LIMITS[sender], else SMS_RATE_PER_SECOND)."""
    return float(settings.SMS_RATE_LIMITS.get(sender, settings.SMS_RATE_PER_SECOND))


def reserve(sender: str, parts: int) -> float:
    """Reserve `parts` on the sender's timeline; seconds to wait before sending (0 when rate is 0 = off)."""
    rate = rate_for(sender)
    if rate <= 0:
        return 0.0
    conn = get_connection()
    waited = conn.eval(RESERVE, 1, key(sender), int(1_000_000 / rate), max(1, parts))
    return int(waited) / 1_000_000


def acquire(sender: str, parts: int, *, sleep=time.sleep) -> float:
    """Block until this message may go; returns the seconds waited."""
    wait = reserve(sender, parts)
    if wait > 0:
        sleep(wait)
    return wait
