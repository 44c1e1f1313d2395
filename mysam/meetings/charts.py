"""Server-side SVG charts for meetings: horizontal bars of a share (attendance).

Plain data in, SVG out (like mysam/organisation/diagram.py), so the chart renders the same
in pages and documents. The page always shows the same numbers in a table. Colour is never
the only carrier of meaning: every bar has its label and its value written beside it, and
party bars also carry the party's letter from the structure picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe

from mysam.lib.formatting import format_percent
from mysam.organisation.diagram import INK, LINE, MUTED, PARTY_COLOURS, PRIMARY, wrap

NEUTRAL = "#5b6670"  # parties other than the four (the association, others)
LABEL_WIDTH = 190
BAR_AREA = 300
VALUE_WIDTH = 130
MARK = 22
ROW = 34
BAR = 18
TOP = 28
WIDTH = LABEL_WIDTH + MARK + BAR_AREA + VALUE_WIDTH + 16


@dataclass(frozen=True)
class Bar:
    label: str
    share: float | None  # 0..1; None when there is nothing to count
    value: str  # the text written after the bar, e.g. "75 % (12 av 16)"
    colour: str = PRIMARY
    letter: str = ""  # a party's letter, drawn in a box before the bar


def party_colour(kind: str) -> str:
    return PARTY_COLOURS.get(kind, NEUTRAL)


def bar_chart(*, chart_id: str, title: str, description: str, bars: Sequence[Bar]) -> SafeString:
    """A horizontal bar chart with a scale from 0 to 100 %. ``chart_id`` must be unique on
    the page: the title and description are referenced by id (role="img" +
    aria-labelledby). Drawn at its own size (readable text); on a phone the page's
    scrollable .diagram region scrolls it sideways."""
    rows: list[str] = []
    label_lines = [wrap(bar.label, LABEL_WIDTH - 8, 13) for bar in bars]
    y = TOP
    x0 = LABEL_WIDTH + MARK
    for bar, lines in zip(bars, label_lines, strict=True):
        height = max(ROW, 16 * len(lines) + 10)
        mid = y + height / 2
        first = mid - 8 * (len(lines) - 1) + 4
        for i, line in enumerate(lines):
            rows.append(
                f'<text x="{LABEL_WIDTH - 8}" y="{first + 16 * i:.0f}" font-size="13" '
                f'fill="{INK}" text-anchor="end">{escape(line)}</text>'
            )
        if bar.letter:
            rows.append(
                f'<rect x="{LABEL_WIDTH}" y="{mid - 9:.0f}" width="18" height="18" rx="3" '
                f'fill="{bar.colour}"/><text x="{LABEL_WIDTH + 9}" y="{mid + 4:.0f}" '
                f'font-size="12" font-weight="700" fill="#ffffff" text-anchor="middle">'
                f"{escape(bar.letter)}</text>"
            )
        width = BAR_AREA * max(0.0, min(1.0, bar.share or 0.0))
        rows.append(
            f'<rect x="{x0}" y="{mid - BAR / 2:.0f}" width="{width:.1f}" height="{BAR}" '
            f'fill="{bar.colour}"/>'
        )
        rows.append(
            f'<text x="{x0 + BAR_AREA + 8}" y="{mid + 4:.0f}" font-size="13" '
            f'fill="{INK}">{escape(bar.value)}</text>'
        )
        y += height
    bottom = y + 4
    grid = []
    for step in (0, 0.25, 0.5, 0.75, 1):
        x = x0 + BAR_AREA * step
        dash = "" if step == 0 else ' stroke-dasharray="3 3"'
        grid.append(
            f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{bottom}" stroke="{LINE}" '
            f'stroke-width="1"{dash}/>'
        )
        grid.append(
            f'<text x="{x:.1f}" y="{TOP - 10}" font-size="11" fill="{MUTED}" '
            f'text-anchor="middle">{escape(format_percent(step))}</text>'
        )
    height = bottom + 8
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" id={quoteattr(chart_id)} role="img" '
        f'aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="{WIDTH}" height="{height:.0f}" '
        f'style="max-width:none;height:auto" font-family="system-ui, sans-serif">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(description)}</desc>'
        + "".join(grid)
        + "".join(rows)
        + "</svg>"
    )
    return mark_safe(svg)  # noqa: S308 (every text above is escaped)
