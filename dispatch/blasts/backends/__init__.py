"""SMS provider backends, chosen like Django's email backends by settings.SMS_BACKEND.

`console`, `file`, `locmem` and `twilio` name the backends here; any other value is a dotted path to a class.
"""

from django.conf import settings
from django.utils.module_loading import import_string

from .base import BaseBackend, ProviderError, ProviderMessage

ALIASES = {
    "console": "dispatch.blasts.backends.simple.ConsoleBackend",
    "file": "dispatch.blasts.backends.simple.FileBackend",
    "locmem": "dispatch.blasts.backends.simple.LocmemBackend",
    "twilio": "dispatch.blasts.backends.twilio.TwilioBackend",
}


def get_backend(name: str | None = None) -> BaseBackend:
    path = name or settings.SMS_BACKEND
    return import_string(ALIASES.get(path, path))()


__all__ = ["BaseBackend", "ProviderError", "ProviderMessage", "get_backend"]
