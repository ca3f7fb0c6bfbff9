"""What every SMS backend offers: send one message, and look one up after a crash."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

RETRYABLE_CODES = {"429", "20429"}
OPTED_OUT_CODES = {"21610"}
INVALID_NUMBER_CODES = {"21211", "21614"}


@dataclass(frozen=True)
class ProviderMessage:
    provider_id: str
    status: str = "sent"


class ProviderError(Exception):
    """A refusal or failure of the provider. `retryable` for 429/5xx/timeouts/connection errors."""

    def __init__(
        self, message: str, *, code: str = "", http_status: int | None = None, retryable: bool = False
    ):
        super().__init__(message)
        self.code = code
        self.http_status = http_status
        self.retryable = retryable

    @property
    def kind(self) -> str:
        if self.retryable:
            return "retry"
        if self.code in OPTED_OUT_CODES:
            return "opted_out"
        if self.code in INVALID_NUMBER_CODES:
            return "invalid_number"
        return "failed"


class BaseBackend:
    def send(self, *, to: str, body: str, sender: str, message_id: int) -> ProviderMessage:
        raise NotImplementedError

    def lookup(self, *, to: str, body: str, since: dt.datetime) -> ProviderMessage | None:
        """The provider's record of a message to `to` with `body` accepted since `since`, or None."""
        return None
