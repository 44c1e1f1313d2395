"""Server-side SVG charts of survey results: 100 % stacked bars, one bar per group.

Plain data in, SVG markup out, so a chart renders the same in pages, PDF (WeasyPrint) and,
converted to PNG, in Word. Every chart is drawn beside or above a table with the same
numbers (the pages and the report always print it). The same scale step has the same colour
everywhere (`step_colour`); each colour has at least 3:1 contrast against white, segments
are parted by a white line, and the legend names every colour. A hidden (suppressed) group
is drawn as "–" with no bar.

- `item_chart(table)`: the whole association and each group of an `ItemTable`;
- `paired_chart(first, second)`: two items side by side per group (seed 004, appendix 1:
  the two "respect" items per county part);
- `split_chart(first, second, ...)`: each group in two conditions (appendix 2: per
  municipality, staff in structured cooperation and the others).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from mysam.insights.selectors.results import GroupResult, ItemTable, Step
from mysam.lib.formatting import format_number, format_percent
from mysam.organisation.diagram import INK, LINE, MUTED, wrap

# Low steps warm, high steps cool; ordered so neighbours differ in hue and lightness.
SIX_STEPS = ("#99000d", "#d7301f", "#8c510a", "#35978f", "#2166ac", "#053061")
FIVE_STEPS = ("#99000d", "#d7301f", "#8c510a", "#2166ac", "#053061")
YES_NO = ("#1b7837", "#762a83")
CATEGORIES = ("#0b4f7c", "#9a3412", "#1d6b33", "#6b2c91", "#5b6670", "#7a4b00", "#b0175f")

LABEL_WIDTH = 200
BAR_AREA = 360
VALUE_WIDTH = 110
ROW = 30
BAR = 18
WIDTH = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH + 24


def step_colour(steps: Sequence[Step], index: int, *, yes_no: bool = False) -> str:
    """The colour of the `index`-th step (0-based) of a scale with `steps`."""
    if yes_no:
        return YES_NO[index % 2]
    if len(steps) == 6:
        return SIX_STEPS[index]
    if len(steps) == 5:
        return FIVE_STEPS[index]
    return CATEGORIES[index % len(CATEGORIES)]


@dataclass(frozen=True)
class StackRow:
    label: str
    shares: tuple[float, ...] | None  # None: hidden, drawn as "–"
    note: str = ""  # written after the bar, e.g. "n = 10"
    heading: bool = False  # a group heading without a bar


def _colours(table: ItemTable) -> list[str]:
    yes_no = table.item.kind == "yes_no"
    return [step_colour(table.steps, i, yes_no=yes_no) for i in range(len(table.steps))]


def stacked_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    legend: Sequence[tuple[str, str]],
    rows: Sequence[StackRow],
) -> SafeString:
    """100 % stacked horizontal bars with a legend above. ``chart_id`` must be unique on the
    page (the title and description are referenced by id)."""
    colours = [colour for _label, colour in legend]
    parts: list[str] = []
    # The legend: swatches with their labels, wrapped over as many lines as needed.
    x, y = 8.0, 18.0
    for label, colour in legend:
        width = 18 + len(label) * 7.0 + 16
        if x + width > WIDTH - 8:
            x, y = 8.0, y + 20
        parts.append(
            f'<rect x="{x:.0f}" y="{y - 11:.0f}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 17:.0f}" y="{y:.0f}" font-size="12" fill="{INK}">{escape(label)}</text>'
        )
        x += width
    top = y + 22
    y = top
    x0 = LABEL_WIDTH
    for row in rows:
        lines = wrap(row.label, LABEL_WIDTH - 10, 13, bold=row.heading)
        height = max(ROW, 16 * len(lines) + 8)
        mid = y + height / 2
        first = mid - 8 * (len(lines) - 1) + 4
        weight = ' font-weight="700"' if row.heading else ""
        for i, line in enumerate(lines):
            parts.append(
                f'<text x="{x0 - 8}" y="{first + 16 * i:.0f}" font-size="13" fill="{INK}" '
                f'text-anchor="end"{weight}>{escape(line)}</text>'
            )
        if not row.heading:
            if row.shares is None:
                parts.append(
                    f'<text x="{x0 + 4}" y="{mid + 4:.0f}" font-size="13" fill="{INK}">–</text>'
                )
            else:
                left = float(x0)
                for share, colour in zip(row.shares, colours, strict=False):
                    width = BAR_AREA * max(0.0, share)
                    if width > 0:
                        parts.append(
                            f'<rect x="{left:.1f}" y="{mid - BAR / 2:.0f}" width="{width:.1f}" '
                            f'height="{BAR}" fill="{colour}" stroke="#ffffff" stroke-width="1"/>'
                        )
                    left += width
            parts.append(
                f'<text x="{x0 + BAR_AREA + 8}" y="{mid + 4:.0f}" font-size="12" '
                f'fill="{MUTED}">{escape(row.note)}</text>'
            )
        y += height
    bottom = y + 4
    for step in (0, 0.5, 1):
        gx = x0 + BAR_AREA * step
        parts.append(
            f'<line x1="{gx:.1f}" y1="{top - 4:.0f}" x2="{gx:.1f}" y2="{bottom:.0f}" '
            f'stroke="{LINE}" stroke-width="1" stroke-dasharray="3 3"/>'
            f'<text x="{gx:.1f}" y="{bottom + 14:.0f}" font-size="11" fill="{MUTED}" '
            f'text-anchor="middle">{escape(format_percent(step))}</text>'
        )
    total_height = bottom + 22
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" id={quoteattr(chart_id)} role="img" '
        f'aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {WIDTH} {total_height:.0f}" '
        f'width="{WIDTH}" height="{total_height:.0f}" style="max-width:none;height:auto" '
        f'font-family="system-ui, sans-serif">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(description)}</desc>' + "".join(parts) + "</svg>"
    )
    return mark_safe(svg)  # noqa: S308 (every text above is escaped)


def _row(label: str, group: GroupResult) -> StackRow:
    if group.hidden or not group.n:
        note = "–" if group.hidden else _("no answers")
        return StackRow(label=label, shares=None, note=note)
    shares = tuple(cell.share or 0.0 for cell in group.cells)
    return StackRow(label=label, shares=shares, note="n = " + format_number(group.n))


def _legend(table: ItemTable) -> list[tuple[str, str]]:
    return list(zip([step.label for step in table.steps], _colours(table), strict=True))


def _description() -> str:
    return _(
        "Share of the valid answers per step; the same numbers are in the table. "
        "A dash marks a group too small to be shown."
    )


def item_chart(table: ItemTable, *, chart_id: str, title: str = "") -> SafeString:
    """The item's distribution for the whole association and each group of the table."""
    rows = [_row(_("All"), table.total)]
    rows += [_row(group.label, group) for group in table.groups]
    return stacked_chart(
        chart_id=chart_id,
        title=title or table.item.text,
        description=_description(),
        legend=_legend(table),
        rows=rows,
    )


def paired_chart(
    first: ItemTable, second: ItemTable, *, chart_id: str, title: str, short: tuple[str, str]
) -> SafeString:
    """Two items with the same scale side by side per group (e.g. per county part):
    a heading per group, then one bar per item labelled with `short` names."""
    rows: list[StackRow] = []
    firsts = {group.key: group for group in first.groups}
    seconds = {group.key: group for group in second.groups}
    keys = list(firsts) + [key for key in seconds if key not in firsts]

    def side(groups: dict[object, GroupResult], key: object, label: str) -> GroupResult:
        # A group absent from one side had no answers there (not a hidden group).
        return groups.get(key) or GroupResult(key=key, label=label, hidden=False, n=0)

    pairs = [(_("All"), first.total, second.total)]
    for key in keys:
        label = (firsts.get(key) or seconds[key]).label
        pairs.append((label, side(firsts, key, label), side(seconds, key, label)))
    for label, one, two in pairs:
        rows.append(StackRow(label=label, shares=None, heading=True))
        rows.append(_row(short[0], one))
        rows.append(_row(short[1], two))
    return stacked_chart(
        chart_id=chart_id,
        title=title,
        description=_description(),
        legend=_legend(first),
        rows=rows,
    )


def split_chart(
    first: ItemTable, second: ItemTable, *, chart_id: str, title: str, short: tuple[str, str]
) -> SafeString:
    """One item per group in two conditions (e.g. per municipality, staff in structured
    cooperation and the others): `first` and `second` are the same breakdown filtered."""
    return paired_chart(first, second, chart_id=chart_id, title=title, short=short)
