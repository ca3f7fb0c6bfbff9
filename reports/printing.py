"""The printable monthly report for the Postal Department: a Jinja2 template rendered to HTML.

The template is ours, not user-written, but it still renders in the sandbox with StrictUndefined so a
missing figure is an error in tests, never a blank in a printed report. PDF: no well-kept pure-Python
library renders this HTML and its SVG without a browser or system libraries (WeasyPrint needs Pango), so
the page is laid out for the browser's "Print → Save as PDF".
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from django.templatetags.static import static
from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from calendars.weeks import LOCAL_TZ, format_month, weeks_of_month

from . import rollups
from . import selectors as sel
from .chart import news_chart_svg
from .models import FIGURE_LABELS


@lru_cache(maxsize=1)
def _env() -> SandboxedEnvironment:
    return SandboxedEnvironment(
        loader=FileSystemLoader(Path(__file__).parent / "jinja"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
    )


def monthly_context(*, year: int, month: int, organisations, now: dt.datetime) -> dict:
    weeks = weeks_of_month(year, month)
    news = sel.news_tally(first=weeks[0], last=weeks[-1])
    summary = (
        sel.completeness_summary(
            organisations=organisations, periods={format_month(year, month): weeks}, now=now
        )
        if organisations
        else []
    )
    return {
        "month": f"{month:02d}/{year}",
        "weeks": weeks,
        "news": news,
        "news_total": sum(t.counted for t in news),
        "met": sum(1 for t in news if t.met),
        "rollup": rollups.rollup_month(year=year, month=month, organisations=organisations),
        "summary": summary,
        "labels": FIGURE_LABELS,
        "chart": Markup(news_chart_svg(news)),  # built from numbers only
        "stylesheet": static("core/print.css"),
        "printed_at": now.astimezone(LOCAL_TZ).strftime("%H:%M %d/%m/%Y"),
    }


def render_monthly(*, year: int, month: int, organisations, now: dt.datetime) -> str:
    context = monthly_context(year=year, month=month, organisations=organisations, now=now)
    return _env().get_template("monthly.html.j2").render(**context)
