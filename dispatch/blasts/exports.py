"""The per-recipient log of a blast as CSV, streamed (a blast may have 100,000 rows)."""

import csv
from collections.abc import Iterator

from django.db.models import QuerySet

from core.exports import Echo, safe_row
from dispatch.models import Message

from .selectors import message_row

HEADER = ["so_dien_thoai", "ho_ten", "trang_thai", "ly_do", "so_phan", "gui_luc", "hoan_den", "ma_loi"]


def messages_csv(messages: QuerySet[Message], *, full_numbers: bool) -> Iterator[str]:
    # Every cell goes through core.exports' formula guard except the phone number, which Mùa normalised
    # itself (E.164, or masked): written as it is stored, as this export always has.
    writer = csv.writer(Echo())
    yield "\ufeff" + writer.writerow(HEADER)
    for message in messages.iterator(chunk_size=2000):
        row = message_row(message, full_numbers=full_numbers)
        cells = [
            row["name"],
            row["status_label"],
            row["reason_text"],
            row["parts"],
            row["sent_at"].isoformat() if row["sent_at"] else "",
            row["defer_until"].isoformat() if row["defer_until"] else "",
            row["error_code"],
        ]
        yield writer.writerow([row["phone"], *safe_row(cells)])
