"""Raw SQL helpers the engine's statements share."""

from __future__ import annotations

import datetime as dt

from django.db import connection

from dispatch.models import Message

M = Message._meta.db_table


def db_time(value: dt.datetime):
    """A datetime as the backend stores it (SQLite compares text: raw SQL must match Django's format)."""
    return connection.ops.adapt_datetimefield_value(value)


def pg() -> bool:
    return connection.vendor == "postgresql"
