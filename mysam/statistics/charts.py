"""Server-side SVG charts for statistics: Trisam rates reuse the meetings' bar chart
(mysam/meetings/charts.py); trends over years are a line chart drawn here, in the same
style (colours from mysam/organisation/diagram.py). Every chart has a title and a
description and the page shows the same numbers in a table. Lines differ in dash pattern
and carry their label at the end, so colour is not the only carrier of meaning."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe

from mysam.lib.formatting import format_number
from mysam.meetings.charts import Bar, bar_chart
from mysam.organisation.diagram import INK, LINE, MUTED, PRIMARY

__all__ = ["Bar", "Series", "bar_chart", "line_chart"]

SECOND = "#7a4b00"
LEFT = 70
RIGHT = 170
TOP = 20
PLOT_H = 200
STEP = 56


@dataclass(frozen=True)
class Series:
    label: str
    points: Sequence[tuple[int, Decimal | None]]  # (year, value); None = no figure
    colour: str = PRIMARY
    dashed: bool = False


def _decimals(value: float) -> int:
    """As few decimals as the axis value needs (0, 1 or 2)."""
    for decimals in (0, 1):
        if round(value, decimals) == value:
            return decimals
    return 2


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return float(step * magnitude)
    return float(10 * magnitude)


def line_chart(
    *, chart_id: str, title: str, description: str, years: Sequence[int], series: Sequence[Series]
) -> SafeString:
    """Values over years, one line per series, a y axis from 0. ``chart_id`` must be unique
    on the page (title and description are referenced by id)."""
    values = [float(v) for s in series for _y, v in s.points if v is not None]
    top = _nice_max(max(values, default=0.0))
    width = LEFT + max(1, len(years) - 1) * STEP + RIGHT
    height = TOP + PLOT_H + 40
    x_of = {year: LEFT + i * STEP for i, year in enumerate(years)}

    def y_of(value: float) -> float:
        return TOP + PLOT_H - PLOT_H * value / top

    parts: list[str] = []
    for i in range(5):
        value = top * i / 4
        y = y_of(value)
        dash = "" if i == 0 else ' stroke-dasharray="3 3"'
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{width - RIGHT + 10}" y2="{y:.1f}" '
            f'stroke="{LINE}" stroke-width="1"{dash}/>'
        )
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" font-size="11" fill="{MUTED}" '
            f'text-anchor="end">{escape(format_number(value, _decimals(value)))}</text>'
        )
    for year, x in x_of.items():
        parts.append(
            f'<text x="{x}" y="{TOP + PLOT_H + 20}" font-size="12" fill="{INK}" '
            f'text-anchor="middle">{year}</text>'
        )
    ends: list[tuple[float, float, str]] = []  # (x, y, label) of each line's last point
    for s in series:
        known = [(x_of[y], y_of(float(v))) for y, v in s.points if v is not None and y in x_of]
        if not known:
            continue
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        path = " ".join(
            f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(known)
        )
        parts.append(f'<path d="{path}" fill="none" stroke="{s.colour}" stroke-width="2.5"{dash}/>')
        for x, y in known:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{s.colour}"/>')
        ends.append((*known[-1], s.label[:24]))
    # Labels at the lines' ends, moved apart when lines end close together.
    last_y = -1000.0
    for end_x, end_y, label in sorted(ends, key=lambda end: end[1]):
        last_y = max(end_y + 4, last_y + 15)
        parts.append(
            f'<text x="{end_x + 8:.1f}" y="{last_y:.1f}" font-size="12" fill="{INK}">'
            f"{escape(label)}</text>"
        )
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" id={quoteattr(chart_id)} role="img" '
        f'aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" style="max-width:none;height:auto" '
        f'font-family="system-ui, sans-serif">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(description)}</desc>' + "".join(parts) + "</svg>"
    )
    return mark_safe(svg)  # noqa: S308 (every text above is escaped)
