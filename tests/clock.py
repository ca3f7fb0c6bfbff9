"""A clock the test moves: `now()` stands still until `advance()` or `sleep()` moves it (never the wall
clock). Passed where code takes a clock (core.clock.Clock, or a callable `now` such as the rate limiter's)."""

import threading

from core.clock import Clock


class ManualClock(Clock):
    def __init__(self, start: float = 1_000_000.0):
        self._now = start
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += seconds

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            self.advance(seconds)
