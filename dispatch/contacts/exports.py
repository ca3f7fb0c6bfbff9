"""CSV downloads, streamed so a file of 50,000 rejected rows never sits in memory."""

import csv
from collections.abc import Iterator

from dispatch.models import ContactImport


class _Echo:
    def write(self, value: str) -> str:
        return value


def rejections_csv(contact_import: ContactImport) -> Iterator[str]:
    """line, reason code, message, the row as read; with a BOM so Excel opens Vietnamese correctly."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(["dong", "ma_ly_do", "ly_do", "noi_dung_dong"])
    for line, reason, message, raw in (
        contact_import.rejections.order_by("line").values_list("line", "reason", "message", "raw").iterator()
    ):
        yield writer.writerow([line, reason, message, raw])
