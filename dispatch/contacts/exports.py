"""CSV downloads, streamed so a file of 50,000 rejected rows never sits in memory."""

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from core.exports import Echo, csv_writer
from dispatch.contacts.models import ContactImport

COLUMNS = [
    ("line", _("Dòng")),
    ("reason", _("Mã lý do")),
    ("message", _("Lý do")),
    ("raw", _("Nội dung dòng")),
]


def rejections_csv(contact_import: ContactImport) -> Iterator[str]:
    """line, reason code, message, the row as read; with a BOM so Excel opens Vietnamese correctly.

    Two header rows: the labels in the language of the request (read now, before streaming starts), then
    the machine codes."""
    labels = [str(label) for _code, label in COLUMNS]
    return _rows(contact_import, labels)


def _rows(contact_import: ContactImport, labels: list[str]) -> Iterator[str]:
    writer = csv_writer(Echo())
    yield "\ufeff" + writer.writerow(labels)
    yield writer.writerow([code for code, _label in COLUMNS])
    for line, reason, message, raw in (
        contact_import.rejections.order_by("line").values_list("line", "reason", "message", "raw").iterator()
    ):
        yield writer.writerow([line, reason, message, raw])
