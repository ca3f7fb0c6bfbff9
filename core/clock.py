"""The clock that code which waits reads and sleeps on: monotonic seconds, and sleeping. Code that schedules
by time takes one (default: the real one), so a test can pass a clock it moves itself instead of waiting
and measuring real time."""

from __future__ import annotations

import time


class Clock:
    """The real clock: time.monotonic() and time.sleep()."""

    def now(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)


SYSTEM_CLOCK = Clock()
