"""Every CSV/XLSX a person downloads is written through here, so that no cell can run as a formula.

Text from users (a wave's title, a withdraw comment, a contact row as uploaded) that begins with `=`, `+`,
`-`, `@`, a tab or a carriage return is read by Excel, LibreOffice and Google Sheets as a formula
(`=HYPERLINK(...)`, `@SUM(...)`, DDE). OWASP's rule: such a cell is prefixed with a single quote, which
makes the spreadsheet show it as text. Numbers, dates and empty cells are left as they are.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value to write in a cell: text that a spreadsheet would evaluate gets a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


class SafeWriter:
    """`csv.writer` whose rows are neutralised cell by cell (it returns what the writer returns, so it
    also serves streamed responses through an echo buffer)."""

    def __init__(self, out, **kwargs):
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out, **kwargs) -> SafeWriter:
    """The one way exports write CSV."""
    return SafeWriter(out, **kwargs)


class Echo:
    """A file-like object whose write returns what it is given: a csv writer over it yields each row as
    text, for streamed downloads (StreamingHttpResponse)."""

    def write(self, value: str) -> str:
        return value
