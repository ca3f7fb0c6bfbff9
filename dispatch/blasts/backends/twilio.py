"""The Twilio backend: the real `twilio` client, with a configurable API base URL and always a timeout."""

from __future__ import annotations

import datetime as dt
import threading

from django.conf import settings
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from .base import BaseBackend, ProviderError, ProviderMessage

TWILIO_API = "https://api.twilio.com"
_local = threading.local()


class BaseUrlHttpClient(TwilioHttpClient):
    """Sends what the client addresses to api.twilio.com to TWILIO_API_BASE_URL (tests, benchmarks)."""

    def __init__(self, base_url: str, **kwargs):
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")

    def request(self, method, url, *args, **kwargs):
        if self.base_url and url.startswith(TWILIO_API):
            url = self.base_url + url[len(TWILIO_API) :]
        self.retry_after = None
        response = super().request(method, url, *args, **kwargs)
        if response.status_code == 429:  # the exception the client raises does not carry the headers
            self.retry_after = (response.headers or {}).get("Retry-After")
        return response


def _client() -> Client:
    """One client per thread and configuration, each with its own keep-alive connection: a worker sending
    from SMS_CONCURRENCY threads holds that many connections to the provider, reused batch after batch."""
    key = (settings.TWILIO_ACCOUNT_SID, settings.TWILIO_API_BASE_URL, settings.TWILIO_TIMEOUT)
    if getattr(_local, "key", None) != key:
        http = BaseUrlHttpClient(settings.TWILIO_API_BASE_URL, timeout=settings.TWILIO_TIMEOUT)
        _local.client = Client(settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN, http_client=http)
        _local.key = key
    return _local.client


def status_callback_url(message_id: int) -> str:
    base = settings.TWILIO_STATUS_CALLBACK_BASE.rstrip("/")
    return f"{base}/hooks/twilio/status?m={message_id}" if base else ""


def _retry_after(client: Client) -> float | None:
    """The Retry-After (seconds) of the thread's last response, when it gave one in seconds."""
    value = getattr(client.http_client, "retry_after", None)
    try:
        return max(0.0, min(float(value), 3600.0))
    except (TypeError, ValueError):
        return None


def _error(exc: Exception, client: Client | None = None) -> ProviderError:
    """Twilio's client raises TwilioRestException for HTTP errors and plain TwilioException (or requests'
    errors) for connection trouble and timeouts: every one becomes a ProviderError saying whether to retry."""
    if isinstance(exc, TwilioRestException):
        code = str(exc.code or exc.status)
        retryable = exc.status == 429 or exc.status >= 500 or code in {"20429"}
        retry_after = _retry_after(client) if client is not None and exc.status == 429 else None
        return ProviderError(
            exc.msg or str(exc),
            code=code,
            http_status=exc.status,
            retryable=retryable,
            retry_after=retry_after,
        )
    return ProviderError(f"{type(exc).__name__}: {exc}", code="connection", retryable=True)


class TwilioBackend(BaseBackend):
    @property
    def callbacks(self) -> bool:
        return bool(settings.TWILIO_STATUS_CALLBACK_BASE)

    def send(self, *, to, body, sender, message_id):
        kwargs = {"to": to, "body": body}
        if sender.startswith("MG"):
            kwargs["messaging_service_sid"] = sender
        else:
            kwargs["from_"] = sender
        if settings.TWILIO_MESSAGING_SERVICE_SID and "messaging_service_sid" not in kwargs:
            kwargs["messaging_service_sid"] = settings.TWILIO_MESSAGING_SERVICE_SID
        callback = status_callback_url(message_id)
        if callback:
            kwargs["status_callback"] = callback
        if settings.TWILIO_VALIDITY_PERIOD:
            kwargs["validity_period"] = settings.TWILIO_VALIDITY_PERIOD
        client = _client()
        try:
            msg = client.messages.create(**kwargs)
        except (TwilioException, OSError, ValueError) as exc:
            raise _error(exc, client) from exc
        except Exception as exc:  # requests' ConnectionError/Timeout are not TwilioException subclasses
            if type(exc).__module__.startswith(("requests", "urllib3")):
                raise _error(exc) from exc
            raise
        return ProviderMessage(msg.sid, msg.status or "queued")

    def lookup(self, *, to, body, since: dt.datetime):
        """The newest messages to `to` (no DateSent filter: a message still queued at Twilio has no
        date_sent yet), matched on body and creation time."""
        try:
            found = _client().messages.list(to=to, limit=50)
        except Exception as exc:
            raise _error(exc) from exc
        after = since - dt.timedelta(seconds=5)
        for msg in found:
            created = msg.date_created
            if msg.body == body and (created is None or created >= after):
                return ProviderMessage(msg.sid, msg.status or "sent")
        return None
