"""The one upload reader: CSV or XLSX as Vietnamese offices produce them, read as a stream.

`TableReader` yields one row at a time with its line number (the header is line 1) and says how far through
the file it is, so memory stays flat whatever the size. CSV: UTF-8 with or without BOM, UTF-16 (BOM or
not), else Windows-1258; `,`, `;` or tab separated (whichever the first line uses most). XLSX: the first
sheet, read in openpyxl's read-only (streaming) mode. Every text cell is NFC-normalised (Windows-1258 and
macOS files carry decomposed tone marks); blank rows are skipped. Contact imports (dispatch) and weekly
report uploads (reports) both read through it, since the same offices upload both.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections.abc import Iterator
from typing import BinaryIO

from .errors import DomainError
from .text import unaccent

SNIFF_BYTES = 64 * 1024
XLSX_MAGIC = b"PK\x03\x04"


def header_fold(name) -> str:
    """A header as compared: unaccented lower-case letters and digits ('Số điện thoại' → 'sodienthoai')."""
    flat = unaccent(unicodedata.normalize("NFC", str(name or ""))).lower()
    return "".join(ch for ch in flat if ch.isalnum())


class TableReader:
    """Iterate `(line, cells)` of a CSV/XLSX binary stream, header row first; `fraction` is the progress."""

    def __init__(self, stream: BinaryIO, *, size: int | None = None):
        self.stream = stream
        self.size = size
        self.kind = ""  # "csv" or "xlsx", known once iteration starts
        self._fraction = 0.0

    @property
    def fraction(self) -> float:
        return self._fraction

    def __iter__(self) -> Iterator[tuple[int, list]]:
        head = self.stream.read(4)
        self.stream.seek(0)
        self.kind = "xlsx" if head == XLSX_MAGIC else "csv"
        yield from (self._xlsx() if self.kind == "xlsx" else self._csv())
        self._fraction = 1.0

    def _csv(self) -> Iterator[tuple[int, list]]:
        encoding = detect_encoding(self.stream.read(SNIFF_BYTES))
        self.stream.seek(0)
        text = io.TextIOWrapper(self.stream, encoding=encoding, errors="replace", newline="")
        first = text.readline()
        delimiter = max(",;\t", key=first.count)
        reader = csv.reader(_chain(first, text), delimiter=delimiter)
        for cells in reader:
            if reader.line_num > 1 and not "".join(cells).strip():
                continue
            if self.size:
                self._fraction = min(self.stream.tell() / self.size, 1.0)
            yield reader.line_num, [c if c.isascii() else _nfc(c) for c in cells]
        text.detach()  # leave the caller's stream open

    def _xlsx(self) -> Iterator[tuple[int, list]]:
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(self.stream, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise DomainError(f"Không đọc được tệp XLSX: {exc}", field="file") from None
        try:
            sheet = workbook.worksheets[0]
            total = sheet.max_row or 0
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                if number > 1 and not any(c not in (None, "") for c in cells):
                    continue
                if total:
                    self._fraction = min(number / total, 1.0)
                yield number, [_nfc(c) if isinstance(c, str) else c for c in cells]
        finally:
            workbook.close()


def _nfc(value) -> str:
    return unicodedata.normalize("NFC", "" if value is None else str(value))


def _chain(first: str, rest) -> Iterator[str]:
    yield first
    yield from rest


def detect_encoding(sample: bytes) -> str:
    """BOM first; then UTF-16 by its NUL bytes; then UTF-8 if the sample decodes; else Windows-1258."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if sample[:200].count(b"\x00") > len(sample[:200]) // 4:
        return "utf-16-le" if sample[1:2] == b"\x00" else "utf-16-be"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "cp1258"
    return "utf-8"
