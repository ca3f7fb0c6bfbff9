"""Report data in and out as CSV and XLSX: the upload of many weeks, the dashboard's tables."""

from __future__ import annotations

import csv
import io

from core.errors import DomainError
from core.text import fold_words
from core.uploads import TableReader

from .models import FIGURE_LABELS, FIGURES
from .services import REQUIRED_COLUMNS

UPLOAD_COLUMNS = ["week", *FIGURES, "narrative", "evidence_links", "decline_explanation"]
# The template's Vietnamese headers (and the same words typed without accents or in another case).
TEXT_LABELS = {
    "week": "Tuần",
    "narrative": "Thuyết minh",
    "evidence_links": "Đường dẫn minh chứng",
    "decline_explanation": "Giải trình số luỹ kế giảm",
}


def column_labels() -> dict[str, str]:
    """Column → its Vietnamese header, in the template's order."""
    labels = {**TEXT_LABELS, **{name: str(label) for name, label in FIGURE_LABELS.items()}}
    return {name: labels[name] for name in UPLOAD_COLUMNS}


def _column(header: str) -> str:
    """A header as the column it names: the field name itself, or its Vietnamese label."""
    if header in UPLOAD_COLUMNS:
        return header
    by_label = {fold_words(label): name for name, label in column_labels().items()}
    return by_label.get(fold_words(header), header)


def upload_template_csv() -> str:
    """An empty upload template with the Vietnamese headers the upload accepts."""
    return to_csv(list(column_labels().values()), [])


def _cell(value):
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return str(value).strip() if not isinstance(value, int) else value


def _check_header(header: list[str]) -> list[str]:
    header = [_column(str(h or "").strip()) for h in header]
    missing = REQUIRED_COLUMNS - set(header)
    if missing:
        raise DomainError(f"Thiếu cột: {', '.join(sorted(missing))}.", field="file")
    unknown = [h for h in header if h and h not in UPLOAD_COLUMNS]
    if unknown:
        raise DomainError(f"Cột không nhận ra: {', '.join(unknown)}.", field="file")
    if not set(header) & set(FIGURES):
        raise DomainError("Tệp không có cột số liệu nào.", field="file")
    return header


def parse_upload(*, content: bytes) -> list[dict]:
    """Rows of a CSV or XLSX upload as dicts, read by the one upload reader (any encoding or separator the
    offices' spreadsheets produce); a bad header refuses the whole file."""
    rows = iter(TableReader(io.BytesIO(content), size=len(content)))
    first = next(rows, None)
    if first is None:
        raise DomainError("Tệp rỗng.", field="file")
    header = _check_header(first[1])
    return [
        {h: None if v in (None, "") else _cell(v) for h, v in zip(header, cells, strict=False) if h}
        for _line, cells in rows
    ]


def to_csv(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def to_xlsx(sheets: dict[str, tuple[list[str], list[list]]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, (header, rows) in sheets.items():
        sheet = book.create_sheet(title[:31])
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def dashboard_tables(*, news, grid_rows, summary) -> dict[str, tuple[list[str], list[list]]]:
    """The dashboard's figures as plain tables (the same for CSV and XLSX)."""
    weekly = (
        ["week", "counted", "reported", "gap", "target", "met", "shortfall"],
        [[str(t.week), t.counted, t.reported, t.gap, t.target, t.met, t.shortfall] for t in news],
    )
    grid = (["organisation", "week", "status"], grid_rows)
    completeness = (
        ["organisation", "period", "expected", "received", "on_time", "completeness", "timeliness"],
        [
            [
                c.organisation.code,
                c.period,
                c.expected,
                c.received,
                c.on_time,
                None if c.completeness is None else round(c.completeness, 3),
                None if c.timeliness is None else round(c.timeliness, 3),
            ]
            for c in summary
        ],
    )
    return {"news": weekly, "grid": grid, "completeness": completeness}
