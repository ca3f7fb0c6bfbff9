"""The shared rate limiter, driven by a clock the test moves (tests.clock.ManualClock) instead of the wall
clock: every wait it hands out is exact. One test keeps the default clock (Redis's own), the one every
worker of every machine shares in production."""

import threading

import pytest

from dispatch.blasts import ratelimit
from tests.clock import ManualClock


@pytest.mark.redis
def test_four_workers_together_never_exceed_the_senders_rate(redis_url, settings):
    settings.SMS_RATE_PER_SECOND = 100
    clock = ManualClock()
    start = clock.now()
    sent: list[float] = []
    lock = threading.Lock()

    def worker():
        for _ in range(25):
            waits = []
            ratelimit.acquire("MUA1034", 2, clock=clock.now, sleep=waits.append)
            with lock:
                sent.append(clock.now() + sum(waits) - start)  # when this message goes

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # 100 messages of 2 parts at 100 parts/s: consecutive slots 0.02 s apart, the first at once, none shared.
    assert [round(t * 1_000_000) for t in sorted(sent)] == [20_000 * i for i in range(100)]
    # So no 1-second window carries more than the rate (100 parts, 50 messages).
    assert max(sum(1 for u in sent if t <= u < t + 1.0) for t in sent) == 50


@pytest.mark.redis
def test_each_sender_has_its_own_timeline(redis_url, settings):
    settings.SMS_RATE_PER_SECOND = 10
    clock = ManualClock()
    assert ratelimit.reserve("A", 1, clock=clock.now) == 0
    assert ratelimit.reserve("A", 1, clock=clock.now) == pytest.approx(0.1)
    assert ratelimit.reserve("B", 1, clock=clock.now) == 0
    clock.advance(0.05)
    assert ratelimit.reserve("A", 1, clock=clock.now) == pytest.approx(0.15)
    clock.advance(10)  # an idle sender starts again from now, with no burst saved up
    assert ratelimit.reserve("A", 3, clock=clock.now) == 0
    assert ratelimit.reserve("A", 1, clock=clock.now) == pytest.approx(0.3)


@pytest.mark.redis
def test_by_default_the_timeline_runs_on_redis_own_clock(redis_url, settings):
    settings.SMS_RATE_PER_SECOND = 10
    assert ratelimit.reserve("A", 100) == 0  # ten seconds of the sender's timeline
    assert 0 < ratelimit.reserve("A", 1) <= 10


@pytest.mark.redis
def test_a_stopped_wait_ends_at_once_and_never_sleeps(redis_url, settings):
    settings.SMS_RATE_PER_SECOND = 1
    clock = ManualClock()
    stop = threading.Event()
    stop.set()
    assert ratelimit.acquire("MUA1034", 30, clock=clock.now, sleep=pytest.fail, stop=stop) == 0
    # Its slot was 30 s away; the paused caller returns without waiting for it.
    assert ratelimit.acquire("MUA1034", 1, clock=clock.now, sleep=pytest.fail, stop=stop) == 30


def test_a_per_sender_limit_overrides_the_default(settings):
    settings.SMS_RATE_PER_SECOND = 10
    settings.SMS_RATE_LIMITS = {"VNPOST": 50}
    assert ratelimit.rate_for("VNPOST") == 50 and ratelimit.rate_for("MUA1034") == 10


def test_a_rate_of_zero_turns_the_limiter_off(settings):
    settings.SMS_RATE_PER_SECOND = 0
    assert ratelimit.acquire("MUA1034", 5, sleep=pytest.fail) == 0


@pytest.mark.redis
def test_a_429_cuts_the_senders_shared_rate_once_per_cooldown_and_it_recovers(redis_url, settings):
    settings.SMS_RATE_PER_SECOND = 100
    settings.SMS_THROTTLE_BACKOFF = 0.5
    settings.SMS_THROTTLE_COOLDOWN_SECONDS = 0.3
    settings.SMS_THROTTLE_RECOVERY = 0.5  # 50 parts/s more each second
    clock = ManualClock()
    now = clock.now
    # share=1: every recent answer was a 429, a full cut (x SMS_THROTTLE_BACKOFF).
    assert ratelimit.throttled("MUA1034", share=1, clock=now) == pytest.approx(50)
    clock.advance(0.2)
    assert ratelimit.throttled("MUA1034", share=1, clock=now) == pytest.approx(60)  # within the cooldown
    # At 60 parts/s a 12-part reservation holds the timeline for 0.2 s (0.12 s at the limit).
    ratelimit.reserve("MUA1034", 12, clock=now)
    assert ratelimit.reserve("MUA1034", 1, clock=now) == pytest.approx(0.2)
    clock.advance(0.15)  # 0.35 s after the cut, past the cooldown: 67.5 parts/s, cut again
    assert ratelimit.throttled("MUA1034", share=1, clock=now) == pytest.approx(33.75)
    clock.advance(0.825)  # recovering additively: 33.75 + 50 x 0.825 = 75 parts/s
    ratelimit.reserve("MUA1034", 15, clock=now)
    assert ratelimit.reserve("MUA1034", 1, clock=now) == pytest.approx(0.2)
    clock.advance(10)  # recovered to the limit, never above it
    ratelimit.reserve("MUA1034", 10, clock=now)
    assert ratelimit.reserve("MUA1034", 1, clock=now) == pytest.approx(0.1)
    assert ratelimit.throttled("OTHER", share=1, clock=now) == pytest.approx(50)  # per sender


@pytest.mark.redis
def test_a_429_cuts_in_proportion_to_the_share_of_429s_among_recent_answers(redis_url, settings):
    """DCTCP's rule: one 429 among many answers cuts the rate a little, all 429s halve it."""
    settings.SMS_RATE_PER_SECOND = 100
    settings.SMS_THROTTLE_COOLDOWN_SECONDS = 0  # every 429 may cut
    settings.SMS_THROTTLE_RECOVERY = 0
    clock = ManualClock()
    for _ in range(189):
        ratelimit.answered("MUA1034")
    assert ratelimit.throttled("MUA1034", clock=clock.now) == pytest.approx(100 * (1 - 0.5 * 1 / 190))
    for _ in range(9):
        ratelimit.throttled("MUA1034", clock=clock.now)
    # 10 of the last 199 answers were 429s; with the next one, 11 of 200: it cuts by 11/200 of a full cut.
    before = ratelimit.throttled("OTHER", share=0, clock=clock.now)  # no cut at all for share 0
    assert before == pytest.approx(100)
    rate = float(ratelimit.get_connection().hget(ratelimit.adaptive_key("MUA1034"), "rate"))
    assert ratelimit.throttled("MUA1034", clock=clock.now) == pytest.approx(rate * (1 - 0.5 * 11 / 200))
    # Only the last 200 answers count: 200 answers later a 429 is 1 in 200 again.
    for _ in range(200):
        ratelimit.answered("MUA1034")
    rate = float(ratelimit.get_connection().hget(ratelimit.adaptive_key("MUA1034"), "rate"))
    assert ratelimit.throttled("MUA1034", clock=clock.now) == pytest.approx(rate * (1 - 0.5 * 1 / 200))
    # With fewer than 20 answers a single 429 is weak evidence: 1/20 of a full cut.
    assert ratelimit.throttled("NEW", clock=clock.now) == pytest.approx(100 * (1 - 0.5 / 20))


def test_with_no_limit_a_429_only_makes_the_message_wait(settings):
    settings.SMS_RATE_PER_SECOND = 0
    assert ratelimit.throttled("MUA1034") == 0.0 and ratelimit.reserve("MUA1034", 5) == 0.0
