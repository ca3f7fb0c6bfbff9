"""The weekly news chart as inline SVG, drawn on the server (no JavaScript, no CDN)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.translation import gettext as _

from core import formatting

from .tally import COUNTED_LABEL, REPORTED_LABEL

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 900, 260, 36, 30, 14


def _bar_title(t) -> str:
    """A week's figures in words: 'Tuần 23/2022: Đếm được 3 · Đơn vị báo cáo 8 · chỉ tiêu 2'."""
    parts = [f"{COUNTED_LABEL} {formatting.number(t.counted)}"]
    if t.reported is not None:
        parts.append(f"{REPORTED_LABEL} {formatting.number(t.reported)}")
    if t.target is not None:
        parts.append(_("chỉ tiêu %(target)s") % {"target": formatting.number(t.target)})
    return f"{formatting.week_label(t.week, with_days=False)}: " + " · ".join(parts)


def _week_marks(t, *, x: float, step: float, y, link) -> list[str]:
    """One week's bar of counted items (linked to its drill-down) and the mark of what was reported."""
    kind = "none" if t.met is None else "met" if t.met else "missed"
    title = _bar_title(t)
    bar = (
        f'<rect class="bar {kind}" data-week="{t.week}" data-count="{t.counted}" '
        f'x="{x + step * 0.15:.1f}" '
        f'y="{y(t.counted):.1f}" width="{step * 0.7:.1f}" height="{y(0) - y(t.counted):.1f}">'
        f"<title>{escape(title)}</title></rect>"
    )
    marks = [f'<a href="{escape(link(t.week))}" aria-label="{escape(title)}">{bar}</a>' if link else bar]
    if t.reported is not None:
        # What organisations reported: a dark mark across the bar at its height.
        marks.append(
            f'<rect class="reported" data-week="{t.week}" data-reported="{t.reported}" '
            f'x="{x + step * 0.05:.1f}" y="{y(t.reported) - 1.5:.1f}" '
            f'width="{step * 0.9:.1f}" height="3"/>'
        )
    return marks


def news_chart_svg(tallies, *, link=None) -> str:
    """Bars of counted press+TV items per week (green met, red missed, grey no target), a mark at what
    organisations reported, and the target line.

    `link(week)` gives each bar's drill-down URL.
    """
    if not tallies:
        return '<svg id="news-chart" aria-hidden="true" width="0" height="0"></svg>'
    peak = max(
        [t.counted for t in tallies]
        + [t.reported or 0 for t in tallies]
        + [t.target or 0 for t in tallies]
        + [1]
    )
    plot_h = HEIGHT - BOTTOM - TOP
    step = (WIDTH - LEFT) / len(tallies)

    def y(value: float) -> float:
        return TOP + plot_h - value / peak * plot_h

    parts = [
        f'<svg id="news-chart" role="{"group" if link else "img"}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" aria-label="{escape(_("Tin, bài báo chí và truyền hình mỗi tuần so với chỉ tiêu"))}">',
        f'<line x1="{LEFT}" y1="{y(0):.1f}" x2="{WIDTH}" y2="{y(0):.1f}" stroke="#555"/>',
    ]
    for tick in sorted({0, peak, (peak + 1) // 2}):
        parts.append(
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="11">{tick}</text>'
        )
    points = []
    for i, t in enumerate(tallies):
        x = LEFT + i * step
        parts += _week_marks(t, x=x, step=step, y=y, link=link)
        if t.target is not None:
            points.append(f"{x:.1f},{y(t.target):.1f} {x + step:.1f},{y(t.target):.1f}")
        if t.week.week % 4 == 1:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{HEIGHT - 10}" font-size="10" text-anchor="middle">'
                f"T{t.week.week:02d}</text>"
            )
    if points:
        parts.append(
            f'<polyline id="target-line" class="target" fill="none" stroke="#b3261e" stroke-width="2" '
            f'stroke-dasharray="6 3" points="{" ".join(points)}"/>'
        )
    parts.append("</svg>")
    return "".join(parts)
