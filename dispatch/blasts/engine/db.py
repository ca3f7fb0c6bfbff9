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


def one_of(values: list, sql_type: str):
    """The right side of an `__in` filter over many values: on PostgreSQL one array parameter (a list of
    1,000 placeholders cost more in the driver, splitting and quoting the query, than the query itself)."""
    if not pg():
        return values
    from django.db.models.expressions import RawSQL

    return RawSQL(f"SELECT unnest(%s::{sql_type}[])", [list(values)])
