"""Server-side SVG: a sparkline of session scores, and mastery per topic over time. No script,
so the pages work without JavaScript and print as they look."""

from __future__ import annotations

from markupsafe import Markup, escape

PALETTE = ["#2563eb", "#db2777", "#059669", "#d97706", "#7c3aed", "#0891b2", "#dc2626", "#4b5563"]


def _points(values: list[float], width: float, height: float, pad: float = 2.0) -> str:
    if len(values) == 1:
        values = values * 2
    step = (width - 2 * pad) / (len(values) - 1)
    return " ".join(f"{pad + i * step:.1f},{height - pad - (v / 5) * (height - 2 * pad):.1f}"
                    for i, v in enumerate(values))


def sparkline(values: list[float], width: int = 96, height: int = 24) -> Markup:
    if not values:
        return Markup("")
    label = ", ".join(f"{v:.1f}" for v in values)
    return Markup(
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="session scores out of 5: {escape(label)}">'
        f'<polyline fill="none" stroke="#2563eb" stroke-width="1.5" '
        f'points="{_points(values, width, height)}"/></svg>')


def mastery_chart(series: list[tuple[str, list[float]]], width: int = 640, height: int = 220) -> Markup:
    """One line per topic: its score (0-5) in each session that asked it, in order."""
    if not series:
        return Markup("")
    left, bottom = 28, 18
    inner_w, inner_h = width - left - 150, height - bottom
    parts = [f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
             f'role="img" aria-label="mastery per topic over sessions">']
    for grade in range(6):
        y = inner_h - grade / 5 * (inner_h - 4) - 2
        parts.append(f'<line x1="{left}" x2="{left + inner_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e7eb"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="10">{grade}</text>')
    for n, (name, values) in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        points = " ".join(f"{left + float(x):.1f},{y}" for x, y in
                          (p.split(",") for p in _points(values, inner_w, inner_h).split()))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>')
        parts.append(f'<text x="{left + inner_w + 8}" y="{14 + n * 14}" font-size="11" fill="{colour}">'
                     f'{escape(name)} ({values[-1]:.1f})</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
