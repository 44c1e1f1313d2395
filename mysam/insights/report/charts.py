"""The report's diagrams, drawn by mysam.insights.charts (the same charts as the pages):
SVG in the PDF; in the Word file the same rows and colours drawn as PNG with Pillow
(WeasyPrint's own image library), since no SVG-to-PNG converter is installed and Word
does not show SVG everywhere. The numbers are always in the table after the diagram.
"""

from __future__ import annotations

import io
import re

from django.utils.translation import gettext as _

from mysam.insights import charts
from mysam.insights.charts import StackRow
from mysam.insights.report.document import Chart
from mysam.insights.selectors.results import GroupResult, ItemTable
from mysam.lib.formatting import format_number, format_percent

FONT_FILE = "DejaVuSans.ttf"
SCALE = 2  # pixels per SVG unit: sharp when printed at 16 cm


PRINT_WIDTH_CM = 16.0
_VIEW_BOX = re.compile(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"')
_SIZE = re.compile(r'width="[0-9.]+" height="[0-9.]+" style="[^"]*"')


def _for_print(svg: str) -> str:
    """The page's SVG sized for the printed page (WeasyPrint needs a definite size)."""
    found = _VIEW_BOX.search(svg)
    if found is None:
        return svg
    width, height = float(found.group(1)), float(found.group(2))
    size = f'width="{PRINT_WIDTH_CM}cm" height="{PRINT_WIDTH_CM * height / width:.2f}cm"'
    return _SIZE.sub(size, svg, count=1)


def chart_svg(chart: Chart, *, chart_id: str) -> str:
    first = chart.tables[0]
    if chart.kind == "item":
        svg = charts.item_chart(first, chart_id=chart_id, title=chart.title)
    else:
        draw = charts.paired_chart if chart.kind == "paired" else charts.split_chart
        svg = draw(first, chart.tables[1], chart_id=chart_id, title=chart.title, short=chart.short)
    return _for_print(str(svg))


def _row(label: str, group: GroupResult) -> StackRow:
    if group.hidden or not group.n:
        return StackRow(label=label, shares=None, note="–" if group.hidden else _("no answers"))
    return StackRow(
        label=label,
        shares=tuple(cell.share or 0.0 for cell in group.cells),
        note="n = " + format_number(group.n),
    )


def chart_rows(chart: Chart) -> tuple[list[tuple[str, str]], list[StackRow]]:
    """The legend (label, colour) and the rows the chart draws."""
    first: ItemTable = chart.tables[0]
    yes_no = first.item.kind == "yes_no"
    legend = [
        (step.label, charts.step_colour(first.steps, index, yes_no=yes_no))
        for index, step in enumerate(first.steps)
    ]
    if chart.kind == "item":
        rows = [_row(_("All"), first.total)] + [_row(g.label, g) for g in first.groups]
        return legend, rows
    second = chart.tables[1]
    seconds = {group.key: group for group in second.groups}
    pairs = [(_("All"), first.total, second.total)] + [
        (g.label, g, seconds.get(g.key, GroupResult(g.key, g.label, True))) for g in first.groups
    ]
    rows = []
    for label, one, two in pairs:
        rows.append(StackRow(label=label, shares=None, heading=True))
        rows.append(_row(chart.short[0], one))
        rows.append(_row(chart.short[1], two))
    return legend, rows


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def chart_png(chart: Chart) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    def font(size: float, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        try:
            name = "DejaVuSans-Bold.ttf" if bold else FONT_FILE
            return ImageFont.truetype(name, round(size * SCALE))
        except OSError:
            return ImageFont.load_default()

    legend, rows = chart_rows(chart)
    label_width, bar_area, row_height, bar = 200, 360, 26, 18
    width = label_width + bar_area + 110
    # Legend lines first, as the SVG does.
    placed: list[tuple[float, float, str, str]] = []
    x, y = 8.0, 6.0
    for label, colour in legend:
        w = 18 + len(label) * 7.0 + 16
        if x + w > width - 8:
            x, y = 8.0, y + 20
        placed.append((x, y, label, colour))
        x += w
    top = y + 24
    height = top + row_height * len(rows) + 8
    image = Image.new("RGB", (width * SCALE, int(height * SCALE)), "white")
    draw = ImageDraw.Draw(image)
    ink = (26, 26, 26)
    muted = (74, 79, 85)
    text_font, small = font(12), font(11)
    for lx, ly, label, colour in placed:
        draw.rectangle(
            [lx * SCALE, ly * SCALE, (lx + 12) * SCALE, (ly + 12) * SCALE], fill=_rgb(colour)
        )
        draw.text(((lx + 17) * SCALE, (ly + 6) * SCALE), label, font=small, fill=ink, anchor="lm")
    y = top
    for row in rows:
        mid = y + row_height / 2
        draw.text(
            ((label_width - 8) * SCALE, mid * SCALE),
            row.label[:34],
            font=font(12, bold=row.heading),
            fill=ink,
            anchor="rm",
        )
        if not row.heading:
            if row.shares is None:
                draw.text(
                    ((label_width + 4) * SCALE, mid * SCALE),
                    "–",
                    font=text_font,
                    fill=ink,
                    anchor="lm",
                )
            else:
                left = float(label_width)
                for share, (_label, colour) in zip(row.shares, legend, strict=False):
                    w = bar_area * max(0.0, share)
                    if w > 0:
                        draw.rectangle(
                            [
                                left * SCALE,
                                (mid - bar / 2) * SCALE,
                                (left + w) * SCALE,
                                (mid + bar / 2) * SCALE,
                            ],
                            fill=_rgb(colour),
                            outline=(255, 255, 255),
                        )
                    left += w
            draw.text(
                ((label_width + bar_area + 8) * SCALE, mid * SCALE),
                row.note,
                font=small,
                fill=muted,
                anchor="lm",
            )
        y += row_height
    for step in (0.0, 0.5, 1.0):
        gx = (label_width + bar_area * step) * SCALE
        draw.line([gx, (top - 4) * SCALE, gx, y * SCALE], fill=(138, 145, 153), width=1)
        draw.text((gx, (y + 2) * SCALE), format_percent(step), font=small, fill=muted, anchor="mt")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
