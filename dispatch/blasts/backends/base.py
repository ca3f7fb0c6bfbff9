"""What every SMS backend offers: send one message, and look one up after a crash."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

THROTTLED_CODES = {"429", "20429"}
OPTED_OUT_CODES = {"21610"}
INVALID_NUMBER_CODES = {"21211", "21614"}


@dataclass(frozen=True)
class ProviderMessage:
    provider_id: str
    status: str = "sent"


class ProviderError(Exception):
    """A refusal or failure of the provider. `retryable` for 429/5xx/timeouts/connection errors;
    `retry_after` is the provider's `Retry-After` (seconds) when it gave one."""

    def __init__(
        self,
        message: str,
        *,
        code: str = "",
        http_status: int | None = None,
        retryable: bool = False,
        retry_after: float | None = None,
    ):
        super().__init__(message)
        self.code = code
        self.http_status = http_status
        self.retryable = retryable
        self.retry_after = retry_after

    @property
    def kind(self) -> str:
        """throttled (429 / Twilio 20429: slow down, never an attempt), retry (5xx, timeouts, dropped
        connections: bounded attempts), opted_out, invalid_number, failed (every other refusal)."""
        if self.http_status == 429 or self.code in THROTTLED_CODES:
            return "throttled"
        if self.retryable:
            return "retry"
        if self.code in OPTED_OUT_CODES:
            return "opted_out"
        if self.code in INVALID_NUMBER_CODES:
            return "invalid_number"
        return "failed"


class BaseBackend:
    # True when the provider may post status callbacks for what this backend sends (the engine then writes
    # a message's text, parts and attempt before the send, so a callback racing the result never finds a
    # row without them).
    callbacks = False

    def send(self, *, to: str, body: str, sender: str, message_id: int) -> ProviderMessage:
        raise NotImplementedError

    def lookup(self, *, to: str, body: str, since: dt.datetime) -> ProviderMessage | None:
        """The provider's record of a message to `to` with `body` accepted since `since`, or None."""
        return None
