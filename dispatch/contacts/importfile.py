"""Contact files: which column is which (Vietnamese or English headers, with or without accents), over the
one upload reader (core/uploads.py) that handles encodings, separators and XLSX."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.utils.translation import gettext as _

from core.errors import DomainError
from core.uploads import TableReader, UnreadableRow, header_fold

# Canonical column -> names people use (compared folded: lower-case, unaccented, letters and digits only).
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
    return _LOOKUP.get(header_fold(name))


@dataclass
class Row:
    line: int  # 1-based line number in the file (the header is line 1)
    values: dict[str, str | float | int | None]  # canonical column -> cell
    raw: list[str]  # the row as read, for the rejected-rows download
    error: tuple[str, str] | None = None  # (reason, message) of a row the reader could not read


class FileReader:
    """Iterate `Row`s of a contact file; `columns` are the canonical columns its header names."""

    def __init__(self, stream: BinaryIO, *, size: int | None = None, required: tuple[str, ...] = ("phone",)):
        self.table = TableReader(stream, size=size)
        self.required = required
        self.header: list[str] = []
        self.columns: set[str] = set()  # canonical columns found in the header

    @property
    def fraction(self) -> float:
        return self.table.fraction

    def __iter__(self) -> Iterator[Row]:
        rows = iter(self.table)
        first = next(rows, None)
        if first is None:
            self._columns([])
            return
        header = first[1]
        if isinstance(header, UnreadableRow):
            raise DomainError(_("Dòng tiêu đề không đọc được: %(m)s") % {"m": header.message}, field="file")
        keys = self._columns(header)
        if keys == ["phone"] and header and header_key(self.header[0]) is None:
            yield Row(line=1, values={"phone": self.header[0]}, raw=self.header)  # headerless: line 1 is data
        for line, cells in rows:
            if isinstance(cells, UnreadableRow):  # rejected alone; the rest of the file goes on
                yield Row(line=line, values={}, raw=[], error=(cells.reason, cells.message))
                continue
            missing = "" if self.table.kind == "csv" else None  # cells are text in a CSV row
            values = {k: cells[i] if i < len(cells) else missing for i, k in enumerate(keys) if k}
            yield Row(line=line, values=values, raw=["" if c is None else str(c) for c in cells])

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
                _("Tệp thiếu cột bắt buộc: %(missing)s (dòng tiêu đề đọc được: %(header)s).")
                % {"missing": ", ".join(missing), "header": self.header},
                field="file",
            )
        return keys
