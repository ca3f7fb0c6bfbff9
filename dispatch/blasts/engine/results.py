"""Recording what happened to each message: the intent before a send (when callbacks may race it) and the
result after, written in one statement for many rows.

A result is written for every row the batch still holds (`lease_owner`), whatever its status: a status
callback that arrived first may have moved the row to `sent` or `delivered`, and the result must still
leave its provider id, sent time, text, parts and attempts. The status itself only moves forward: a row a
callback already moved keeps the callback's status (the provider knows more than our answer).
"""

from __future__ import annotations

import datetime as dt
import json

from django.db import connection, transaction
from django.utils import timezone

from .db import M, db_time, pg

# The columns a message's result may set, with their PostgreSQL types. A column a result leaves out (None)
# keeps its value.
RESULT_COLUMNS = {
    "reason": "varchar",
    "text": "text",
    "encoding": "varchar",
    "parts": "smallint",
    "provider_id": "varchar",
    "error_code": "varchar",
    "attempts": "smallint",
    "next_attempt_at": "timestamptz",
    "defer_until": "timestamptz",
    "in_doubt": "boolean",
    "sent_at": "timestamptz",
}


def _source(names: dict[str, str]) -> str:
    """The rows as a table `v`, read from one JSON parameter."""
    if pg():
        return f"jsonb_to_recordset(%s::jsonb) AS v({', '.join(f'{n} {t}' for n, t in names.items())})"
    picks = ", ".join(f"json_extract(value, '$.{n}') AS {n}" for n in names)
    return f"(SELECT {picks} FROM json_each(%s)) AS v"


def _rows(writes: list[tuple[int, str, dict]]) -> str:
    rows = []
    for pk, status, fields in writes:
        if fields.keys() - RESULT_COLUMNS.keys():
            raise ValueError(f"not a result column: {sorted(fields.keys() - RESULT_COLUMNS.keys())}")
        row = {"id": pk, "status": status}
        for name, value in fields.items():
            if isinstance(value, dt.datetime):  # ISO 8601 for PostgreSQL; the backend's own text for SQLite
                value = value.isoformat() if pg() else db_time(value)
            if value is not None:
                row[name] = value
        rows.append(row)
    return json.dumps(rows, ensure_ascii=False)


def write_results(owner: str, writes: list[tuple[int, str, dict]]) -> int:
    """Close a batch's rows with their results in one UPDATE, touching only rows `owner` still holds (a row
    reaped and re-claimed meanwhile is not overwritten).

    The rows travel as one JSON parameter: one UPDATE per message cost as much CPU as the HTTP call, and one
    UPDATE … VALUES with a placeholder per field spent most of its time in the driver splitting and quoting
    thousands of placeholders."""
    if not writes:
        return 0
    sets = ", ".join(f"{n} = COALESCE(v.{n}, {M}.{n})" for n in RESULT_COLUMNS)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {M} SET status = CASE WHEN {M}.status = 'sending' THEN v.status ELSE {M}.status END,"
            f" {sets}, lease_owner = '', lease_until = NULL, updated_at = %s"
            f" FROM {_source({'id': 'bigint', 'status': 'varchar', **RESULT_COLUMNS})}"
            f" WHERE {M}.id = v.id AND {M}.lease_owner = %s",
            [db_time(timezone.now()), _rows(writes), owner],
        )
        return cursor.rowcount


def write_intents(owner: str, intents: list[tuple[int, str, str, int, int]]) -> int:
    """Before sending (id, text, encoding, parts, attempts): what a callback beating the result must not
    find missing. Only rows `owner` holds."""
    if not intents:
        return 0
    rows = json.dumps(
        [{"id": i, "text": t, "encoding": e, "parts": p, "attempts": a} for i, t, e, p, a in intents],
        ensure_ascii=False,
    )
    names = {
        "id": "bigint",
        "text": "text",
        "encoding": "varchar",
        "parts": "smallint",
        "attempts": "smallint",
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {M} SET text = v.text, encoding = v.encoding, parts = v.parts, attempts = v.attempts"
            f" FROM {_source(names)} WHERE {M}.id = v.id AND {M}.lease_owner = %s",
            [rows, owner],
        )
        return cursor.rowcount
