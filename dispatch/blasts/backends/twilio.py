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
        return super().request(method, url, *args, **kwargs)


def _client() -> Client:
    """One client (and its connection pool) per thread and configuration."""
    key = (settings.TWILIO_ACCOUNT_SID, settings.TWILIO_API_BASE_URL, settings.TWILIO_TIMEOUT)
    if getattr(_local, "key", None) != key:
        http = BaseUrlHttpClient(settings.TWILIO_API_BASE_URL, timeout=settings.TWILIO_TIMEOUT)
        _local.client = Client(settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN, http_client=http)
        _local.key = key
    return _local.client


def status_callback_url(message_id: int) -> str:
    base = settings.TWILIO_STATUS_CALLBACK_BASE.rstrip("/")
    return f"{base}/hooks/twilio/status?m={message_id}" if base else ""


def _error(exc: Exception) -> ProviderError:
    """Twilio's client raises TwilioRestException for HTTP errors and plain TwilioException (or requests'
    errors) for connection trouble and timeouts: every one becomes a ProviderError saying whether to retry."""
    if isinstance(exc, TwilioRestException):
        code = str(exc.code or exc.status)
        retryable = exc.status == 429 or exc.status >= 500 or code in {"20429"}
        return ProviderError(exc.msg or str(exc), code=code, http_status=exc.status, retryable=retryable)
    return ProviderError(f"{type(exc).__name__}: {exc}", code="connection", retryable=True)


class TwilioBackend(BaseBackend):
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
        try:
            msg = _client().messages.create(**kwargs)
        except (TwilioException, OSError, ValueError) as exc:
            raise _error(exc) from exc
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
