"""The per-recipient log of a blast as CSV, streamed (a blast may have 100,000 rows)."""

from collections.abc import Iterator

from django.db.models import QuerySet

from core.exports import csv_writer
from dispatch.models import Message

from .selectors import message_row

HEADER = ["so_dien_thoai", "ho_ten", "trang_thai", "ly_do", "so_phan", "gui_luc", "hoan_den", "ma_loi"]


class _Echo:
    def write(self, value: str) -> str:
        return value


def messages_csv(messages: QuerySet[Message], *, full_numbers: bool) -> Iterator[str]:
    """One row per message; a name typed by someone else never runs as a formula (core.exports)."""
    writer = csv_writer(_Echo())
    yield "\ufeff" + writer.writerow(HEADER)
    for message in messages.iterator(chunk_size=2000):
        row = message_row(message, full_numbers=full_numbers)
        yield writer.writerow(
            [
                row["phone"],
                row["name"],
                row["status_label"],
                row["reason_text"],
                row["parts"],
                row["sent_at"].isoformat() if row["sent_at"] else "",
                row["defer_until"].isoformat() if row["defer_until"] else "",
                row["error_code"],
            ]
        )
