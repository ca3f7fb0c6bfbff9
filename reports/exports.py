"""Report data in and out as CSV and XLSX: the upload of many weeks, the dashboard's tables."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core import formatting
from core.errors import DomainError
from core.exports import csv_writer, safe_row
from core.formatting import display_name
from core.text import fold_words
from core.uploads import TableReader, UnreadableRow

from .models import FIGURE_LABELS, FIGURES
from .selectors import CELL_LABELS
from .services import REQUIRED_COLUMNS
from .tally import COUNTED_EXPLANATION, COUNTED_LABEL, REPORTED_LABEL

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
    """An empty upload template with the Vietnamese headers the upload accepts (one header row)."""
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly
    csv_writer(out).writerow(list(column_labels().values()))
    return out.getvalue()


def upload_template_xlsx() -> bytes:
    """The same template as an Excel sheet: one row of Vietnamese headers."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = _sheet_title(_("Báo cáo tuần"))
    book.active.append(safe_row(list(column_labels().values())))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


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
        raise DomainError(_("Thiếu cột: %(c)s.") % {"c": ", ".join(sorted(missing))}, field="file")
    unknown = [h for h in header if h and h not in UPLOAD_COLUMNS]
    if unknown:
        raise DomainError(_("Cột không nhận ra: %(c)s.") % {"c": ", ".join(unknown)}, field="file")
    if not set(header) & set(FIGURES):
        raise DomainError(_("Tệp không có cột số liệu nào."), field="file")
    return header


def parse_upload(*, file) -> list[dict]:
    """Rows of a CSV or XLSX upload as dicts, read by the one upload reader (any encoding or separator the
    offices' spreadsheets produce); a bad header refuses the whole file."""
    rows = iter(TableReader(file, size=getattr(file, "size", None)))  # streamed, XLSX included
    first = next(rows, None)
    if first is None:
        raise DomainError(_("Tệp rỗng."), field="file")
    if isinstance(first[1], UnreadableRow):
        raise DomainError(_("Dòng 1 không đọc được: %(m)s") % {"m": first[1].message}, field="file")
    header = _check_header(first[1])
    parsed = []
    for line, cells in rows:
        if isinstance(cells, UnreadableRow):  # a report file is small: refuse it whole, naming the line
            raise DomainError(
                _("Dòng %(line)s không đọc được: %(m)s") % {"line": line, "m": cells.message}, field="file"
            )
        parsed.append(
            {h: None if v in (None, "") else _cell(v) for h, v in zip(header, cells, strict=False) if h}
        )
    return parsed


@dataclass
class Table:
    """A sheet of figures for people: a header row of labels, then a row of the machine codes, then the data
    (labels, names and week labels, never codes). The second header row lets a script find its columns."""

    title: str
    columns: list[tuple[str, str]]  # (code, label)
    rows: list[list] = field(default_factory=list)

    @property
    def header_rows(self) -> list[list[str]]:
        return [[str(label) for _code, label in self.columns], [code for code, _label in self.columns]]


def to_csv(table: Table) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly
    writer = csv_writer(out)
    writer.writerows(table.header_rows)
    writer.writerows(table.rows)
    return out.getvalue()


def to_xlsx(tables: list[Table]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(_sheet_title(table.title))
        for header in table.header_rows:
            sheet.append(safe_row(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(safe_row(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    return "".join(" " if ch in "[]:*?/\\" else ch for ch in str(title))[:31]


def _met(value) -> str:
    return "" if value is None else str(_("Đạt") if value else _("Chưa đạt"))


def _period(value: str) -> str:
    return formatting.month_label(value) if len(value) == 7 and value[4] == "-" else value


def _ratio(value):
    return None if value is None else round(value, 3)


def news_table(news) -> Table:
    """Press and TV items counted per week against the target."""
    columns = [
        ("week", _("Tuần")),
        # The same words as the pages and the API (reports.tally).
        ("counted", COUNTED_LABEL),
        ("reported", REPORTED_LABEL),
        ("gap", _("Chênh lệch")),
        ("target", _("Chỉ tiêu")),
        ("met", _("Kết quả (theo số đếm được)")),
        ("shortfall", _("Còn thiếu")),
    ]
    rows = [
        [formatting.week_label(t.week), t.counted, t.reported, t.gap, t.target, _met(t.met), t.shortfall]
        for t in news
    ]
    return Table(_("Tin bài theo tuần"), columns, rows)


def dashboard_tables(*, news, grid, orgs, weeks, summary) -> list[Table]:
    """The dashboard's figures as tables for people (the same for CSV and XLSX)."""
    grid_table = Table(
        _("Tình trạng nộp"),
        [("organisation", _("Tổ chức")), ("week", _("Tuần")), ("status", _("Tình trạng"))],
        [
            [display_name(org), formatting.week_label(w), str(CELL_LABELS[grid[(org.pk, str(w))]])]
            for org in orgs
            for w in weeks
        ],
    )
    completeness = Table(
        _("Mức đầy đủ"),
        [
            ("organisation", _("Tổ chức")),
            ("period", _("Kỳ")),
            ("expected", _("Phải nộp")),
            ("received", _("Đã nhận")),
            ("on_time", _("Đúng hạn")),
            ("completeness", _("Tỷ lệ đầy đủ")),
            ("timeliness", _("Tỷ lệ đúng hạn")),
        ],
        [
            [
                display_name(c.organisation),
                _period(c.period),
                c.expected,
                c.received,
                c.on_time,
                _ratio(c.completeness),
                _ratio(c.timeliness),
            ]
            for c in summary
        ],
    )
    explanation = Table(_("Giải thích"), [("note", _("Ghi chú"))], [[str(COUNTED_EXPLANATION)]])
    return [news_table(news), grid_table, completeness, explanation]


def dashboard_csv(*, news, grid, orgs) -> str:
    """One CSV: each week's count against the target, then each organisation's filing status that week."""
    table = news_table(news)
    table.columns += [(org.code, display_name(org)) for org in orgs]
    for row, tally in zip(table.rows, news, strict=True):
        row += [str(CELL_LABELS[grid[(org.pk, str(tally.week))]]) for org in orgs]
    return to_csv(table)
