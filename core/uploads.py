"""Reading contact files as they arrive: CSV or XLSX, any of the encodings Vietnamese offices produce.

`read_rows` streams: it yields one row at a time with its line number, and reports how far through the
file it is, so memory stays flat whatever the size. CSV: UTF-8 with or without BOM, UTF-16 (BOM or not),
else Windows-1258; `,`, `;` or tab separated. Every cell is NFC-normalised (Windows-1258 and macOS files
carry decomposed tone marks). Headers are matched in Vietnamese or English, with or without accents.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from config.errors import DomainError

from .smstext import unaccent

SNIFF_BYTES = 64 * 1024

# Canonical column -> names people use (compared lower-case, unaccented, without spaces/_/-/.).
HEADERS = {
    "phone": [
        "phone",
        "mobile",
        "msisdn",
        "sdt",
        "sodienthoai",
        "dienthoai",
        "sodt",
        "didong",
        "so",
        "number",
    ],
    "name": ["name", "fullname", "hoten", "ten", "hovaten", "tenkhachhang", "chuho", "tenchuho"],
    "province": ["province", "tinh", "tinhthanh", "tinhthanhpho", "tinhtp", "provincecode", "matinh"],
    "kind": ["kind", "type", "loai", "doituong", "loaidoituong", "nhom"],
    "tags": ["tags", "tag", "nhan", "the"],
    "consent": ["consent", "dongy", "dongynhantin", "chophepnhantin"],
    "consent_at": ["consentat", "consentdate", "ngaydongy", "thoigiandongy"],
}
_LOOKUP = {alias: key for key, aliases in HEADERS.items() for alias in aliases}


def header_key(name: str) -> str | None:
    """'Số điện thoại' -> 'phone'; unknown headers -> None (their cells are ignored)."""
    flat = unaccent(unicodedata.normalize("NFC", str(name or ""))).lower()
    flat = "".join(ch for ch in flat if ch.isalnum())
    return _LOOKUP.get(flat)


@dataclass
class Row:
    line: int  # 1-based line number in the file (the header is line 1)
    values: dict[str, str | float | int | None]  # canonical column -> cell
    raw: list[str]  # the row as read, for the rejected-rows download


class FileReader:
    """Iterate `Row`s of a CSV/XLSX binary file; `fraction` says how far through it the reader is."""

    def __init__(self, stream: BinaryIO, *, size: int | None = None, required: tuple[str, ...] = ("phone",)):
        self.stream = stream
        self.size = size
        self.required = required
        self.header: list[str] = []
        self.columns: set[str] = set()  # canonical columns found in the header
        self._fraction = 0.0

    @property
    def fraction(self) -> float:
        return self._fraction

    def __iter__(self) -> Iterator[Row]:
        head = self.stream.read(4)
        self.stream.seek(0)
        if head == b"PK\x03\x04":
            yield from self._xlsx()
        else:
            yield from self._csv()

    def _columns(self, header: list) -> list[str | None]:
        self.header = ["" if h is None else str(h) for h in header]
        keys = [header_key(h) for h in self.header]
        if len(keys) == 1 and keys[0] is None and self.required == ("phone",):
            # A bare list of numbers (the Do-Not-Call file) has no header at all.
            self.columns = {"phone"}
            return ["phone"]
        self.columns = {k for k in keys if k}
        missing = [k for k in self.required if k not in keys]
        if missing:
            raise DomainError(
                f"Tệp thiếu cột bắt buộc: {', '.join(missing)} (dòng tiêu đề đọc được: {self.header}).",
                field="file",
            )
        return keys

    def _csv(self) -> Iterator[Row]:
        encoding = detect_encoding(self.stream.read(SNIFF_BYTES))
        self.stream.seek(0)
        text = io.TextIOWrapper(self.stream, encoding=encoding, errors="replace", newline="")
        first = text.readline()
        delimiter = max(",;\t", key=first.count)
        reader = csv.reader(_chain(first, text), delimiter=delimiter)
        header = [_nfc(h) for h in next(reader, [])]
        keys = self._columns(header)
        if keys == ["phone"] and header_key(header[0] if header else "") is None and header:
            yield Row(line=1, values={"phone": header[0]}, raw=header)  # headerless: line 1 is data
        for cells in reader:
            if not "".join(cells).strip():
                continue
            cells = [c if c.isascii() else _nfc(c) for c in cells]
            values = {k: cells[i] if i < len(cells) else "" for i, k in enumerate(keys) if k}
            if self.size:
                self._fraction = min(self.stream.tell() / self.size, 1.0)
            yield Row(line=reader.line_num, values=values, raw=cells)
        self._fraction = 1.0
        text.detach()  # leave the caller's stream open

    def _xlsx(self) -> Iterator[Row]:
        from openpyxl import load_workbook

        workbook = load_workbook(self.stream, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            total = sheet.max_row or 0
            rows = sheet.iter_rows(values_only=True)
            header = [_nfc(h) if isinstance(h, str) else h for h in next(rows, ())]
            keys = self._columns(header)
            for number, cells in enumerate(rows, start=2):
                if not any(c not in (None, "") for c in cells):
                    continue
                cells = [_nfc(c) if isinstance(c, str) else c for c in cells]
                values = {k: cells[i] if i < len(cells) else None for i, k in enumerate(keys) if k}
                if total:
                    self._fraction = min(number / total, 1.0)
                yield Row(line=number, values=values, raw=["" if c is None else str(c) for c in cells])
        finally:
            workbook.close()
        self._fraction = 1.0


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
