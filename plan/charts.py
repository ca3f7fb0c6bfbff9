"""Small inline SVG charts for the plan's progress page (drawn on the server: no JavaScript, no CDN)."""

from __future__ import annotations

from django.utils.html import escape

WIDTH, HEIGHT, PAD = 180, 44, 3


def sparkline_svg(
    points: list[tuple[str, float | None]], *, target: float | None = None, label: str = ""
) -> str:
    """Bars of the actual per period and, when a target is given, a dashed target line."""
    values = [v for _, v in points if v is not None]
    if not values:
        return ""
    peak = max(values + [target or 0, 1])
    step = (WIDTH - 2 * PAD) / max(len(points), 1)

    def y(value: float) -> float:
        return HEIGHT - PAD - value / peak * (HEIGHT - 2 * PAD)

    parts = [
        f'<svg class="spark" role="img" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" aria-label="{escape(label)}">'
    ]
    for i, (period, value) in enumerate(points):
        if value is None:
            continue
        x = PAD + i * step + step * 0.15
        parts.append(
            f'<rect x="{x:.1f}" y="{y(value):.1f}" width="{step * 0.7:.1f}" height="{y(0) - y(value):.1f}" '
            f'fill="#2f6b2f"><title>{escape(period)}: {value:,.0f}</title></rect>'
        )
    if target:
        parts.append(
            f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
            f'stroke="#b3261e" stroke-dasharray="4 2"/>'
        )
    parts.append("</svg>")
    return "".join(parts)
