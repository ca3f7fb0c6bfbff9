"""Backends without a provider: console (prints), file (appends JSON lines), locmem (tests)."""

from __future__ import annotations

import datetime as dt
import json
import sys
import threading
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .base import BaseBackend, ProviderMessage

# locmem's outbox, like django.core.mail.outbox: a list of dicts, cleared by tests.
outbox: list[dict] = []
_lock = threading.Lock()


def _record(to: str, body: str, sender: str, message_id: int) -> dict:
    return {
        "sid": "SM" + uuid.uuid4().hex,
        "to": to,
        "body": body,
        "sender": sender,
        "message_id": message_id,
        "at": timezone.now(),
    }


class ConsoleBackend(BaseBackend):
    def send(self, *, to, body, sender, message_id):
        rec = _record(to, body, sender, message_id)
        sys.stdout.write(f"SMS {rec['sid']} {sender} -> {to}: {body}\n")
        return ProviderMessage(rec["sid"])


class FileBackend(BaseBackend):
    """One JSON line per message in settings.SMS_FILE_PATH."""

    def send(self, *, to, body, sender, message_id):
        rec = _record(to, body, sender, message_id)
        path = Path(settings.SMS_FILE_PATH)
        path.parent.mkdir(parents=True, exist_ok=True)
        with _lock, path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps({**rec, "at": rec["at"].isoformat()}, ensure_ascii=False) + "\n")
        return ProviderMessage(rec["sid"])


class LocmemBackend(BaseBackend):
    def send(self, *, to, body, sender, message_id):
        rec = _record(to, body, sender, message_id)
        with _lock:
            outbox.append(rec)
        return ProviderMessage(rec["sid"])

    def lookup(self, *, to: str, body: str, since: dt.datetime):
        with _lock:
            found = [r for r in outbox if r["to"] == to and r["body"] == body and r["at"] >= since]
        return ProviderMessage(found[-1]["sid"]) if found else None
