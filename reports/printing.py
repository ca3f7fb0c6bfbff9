"""The printable monthly report for the Postal Department: a Jinja2 template rendered to HTML.

The template is ours, not user-written, but it still renders in the sandbox with StrictUndefined so a
missing figure is an error in tests, never a blank in a printed report. PDF: no well-kept pure-Python
library renders this HTML and its SVG without a browser or system libraries (WeasyPrint needs Pango), so
the page is laid out for the browser's "Print → Save as PDF".

The page follows the administrative document format of Decree 30/2020/NĐ-CP (Appendix I): the issuing body
top left (its superior above, the unit below and underlined) with the number and symbol under it; the
national title and motto top right with the place and date in italics under them; the document type and
subject; the body; "Nơi nhận" bottom left and the signature block bottom right. A4 portrait with the
decree's margins (core/static/core/print.css); the wide roll-up table is an annex on landscape pages.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.templatetags.static import static
from django.utils import translation
from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from calendars.weeks import LOCAL_TZ, format_month, weeks_of_month
from core.formatting import number

from . import rollups
from . import selectors as sel
from .chart import news_chart_svg
from .models import FIGURE_LABELS


@lru_cache(maxsize=1)
def _env() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=FileSystemLoader(Path(__file__).parent / "jinja"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
    )
    env.filters["num"] = number
    return env


# Who issues the report and to whom it goes; a deployment overrides any part with the setting
# MUA_MONTHLY_REPORT_ISSUER (a dict with the same keys).
ISSUER = {
    "superior": "BỘ THÔNG TIN VÀ TRUYỀN THÔNG",
    "unit": "VỤ BƯU CHÍNH",
    "unit_name": "Vụ Bưu chính",  # in running text
    "symbol": "BC-VBC",
    "place": "Hà Nội",
    "position": "VỤ TRƯỞNG",
    "signer": "",
    "recipients": [
        "Lãnh đạo Bộ (để báo cáo)",
        "Tổ công tác Đề án 1034",
        "Các doanh nghiệp bưu chính",
        "Sở Thông tin và Truyền thông các tỉnh, thành phố",
        "Lưu: VT, VBC",
    ],
}
# What a reader may fill in on the screen before printing (the number is given at registration).
FILLABLE = {"number": 10, "signer": 80, "position": 80}


def issued_date(day: dt.date, place: str) -> str:
    """'Hà Nội, ngày 05 tháng 01 năm 2022': days below 10 and months 1 and 2 written with a leading 0."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def document_parts(*, now: dt.datetime, filled: dict | None = None) -> dict:
    """The document's header and closing: issuer, number and symbol, place and date, recipients, signer."""
    parts = {**ISSUER, **getattr(settings, "MUA_MONTHLY_REPORT_ISSUER", {})}
    for key, limit in FILLABLE.items():
        value = " ".join(str((filled or {}).get(key) or "").split())[:limit]
        if value:
            parts[key] = value
    if parts.get("number") and not str(parts["number"]).isdigit():
        parts["number"] = ""
    parts["number"] = parts.get("number", "")
    parts["issued"] = issued_date(now.astimezone(LOCAL_TZ).date(), parts["place"])
    return parts


def monthly_context(
    *, year: int, month: int, organisations, now: dt.datetime, filled: dict | None = None
) -> dict:
    weeks = weeks_of_month(year, month)
    news = sel.news_tally(first=weeks[0], last=weeks[-1])
    summary = (
        sel.completeness_summary(
            organisations=organisations, periods={format_month(year, month): weeks}, now=now
        )
        if organisations
        else []
    )
    rollup = rollups.rollup_month(year=year, month=month, organisations=organisations)
    return {
        "doc": document_parts(now=now, filled=filled),
        "month": f"{month:02d}/{year}",
        "weeks": weeks,
        "news": news,
        "news_total": sum(t.counted for t in news),
        "met": sum(1 for t in news if t.met),
        "rollup": rollup,
        "totals": {name: sum(r.sums.get(name) or 0 for r in rollup) for name in sel.SUMMED_FIGURES},
        "accepted": sum(1 for r in rollup if r.status == "accepted"),
        "summary": summary,
        "labels": FIGURE_LABELS,
        "chart": Markup(news_chart_svg(news)),  # built from numbers only
        "stylesheet": static("core/print.css"),
        "printed_at": now.astimezone(LOCAL_TZ).strftime("%H:%M %d/%m/%Y"),
    }


def render_monthly(
    *, year: int, month: int, organisations, now: dt.datetime, filled: dict | None = None
) -> str:
    with translation.override("vi"):  # an administrative document in Vietnamese, numbers as 12.480
        context = monthly_context(year=year, month=month, organisations=organisations, now=now, filled=filled)
        return _env().get_template("monthly.html.j2").render(**context)
