import threading
import time

import pytest

from dispatch.blasts import ratelimit


@pytest.mark.redis
def test_four_workers_together_never_exceed_the_senders_rate(redis_url, settings):
    settings.SMS_RATE_PER_SECOND = 100
    sent: list[float] = []
    lock = threading.Lock()

    def worker():
        for _ in range(25):
            ratelimit.acquire("MUA1034", 2)
            with lock:
                sent.append(time.monotonic())

    threads = [threading.Thread(target=worker) for _ in range(4)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    # 100 messages of 2 parts at 100 parts/s: 2 s of timeline, the first at once.
    assert 1.9 <= elapsed <= 2.4
    sent.sort()
    # No 1-second window carries more than the rate + 2%, give or take the OS's wake-up jitter (a message).
    for i, t in enumerate(sent):
        in_window = sum(1 for u in sent[i:] if u - t < 1.0)
        assert in_window * 2 <= 100 * 1.02 + 2 * 2


@pytest.mark.redis
def test_each_sender_has_its_own_timeline(redis_url, settings):
    settings.SMS_RATE_PER_SECOND = 10
    assert ratelimit.reserve("A", 1) == 0
    assert 0.09 <= ratelimit.reserve("A", 1) <= 0.1
    assert ratelimit.reserve("B", 1) == 0


def test_a_per_sender_limit_overrides_the_default(settings):
    settings.SMS_RATE_PER_SECOND = 10
    settings.SMS_RATE_LIMITS = {"VNPOST": 50}
    assert ratelimit.rate_for("VNPOST") == 50 and ratelimit.rate_for("MUA1034") == 10


def test_a_rate_of_zero_turns_the_limiter_off(settings):
    settings.SMS_RATE_PER_SECOND = 0
    assert ratelimit.acquire("MUA1034", 5, sleep=pytest.fail) == 0
