"""The report's diagrams: one stacked bar per group, a segment per scale step.

Drawn as SVG for the PDF; the Word file draws the same bars as shaded table cells
(`word.py`), since no SVG-to-PNG converter is installed. The numbers are always in the
table printed right after the diagram.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from mysam.insights.report.document import Chart
from mysam.lib.formatting import format_percent

# Light to dark for the low to high steps, so that "high values" read as the dark end.
STEP_COLOURS = ("#d7e3ef", "#b3cbe0", "#86aacb", "#5686b3", "#2c6396", "#0b3f6b")
TEXT_ON = ("#111111", "#111111", "#111111", "#ffffff", "#ffffff", "#ffffff")
LABEL = 150
WIDTH = 620
BAR_AREA = WIDTH - LABEL - 10
ROW = 22
LEGEND_X = 20
BAR = 15


def step_colours(count: int) -> list[tuple[str, str]]:
    """(fill, text) per step; a five-step scale skips the lightest colour."""
    start = max(len(STEP_COLOURS) - count, 0)
    pairs = list(zip(STEP_COLOURS, TEXT_ON, strict=True))[start:]
    while len(pairs) < count:
        pairs.append(pairs[-1])
    return pairs[:count]


def stacked_svg(chart: Chart, *, chart_id: str) -> str:
    colours = step_colours(len(chart.steps))
    rows = []
    y = 30
    # Legend.
    legend = []
    x = float(LEGEND_X)
    for (fill, _text), step in zip(colours, chart.steps, strict=True):
        legend.append(
            f'<rect x="{x:.1f}" y="4" width="10" height="10" fill="{fill}" stroke="#555" stroke-width="0.3"/>'
            f'<text x="{x + 13:.1f}" y="13" font-size="8.5">{escape(step)}</text>'
        )
        x += 18 + 5.2 * len(step)
    for label, shares in chart.bars:
        rows.append(
            f'<text x="{LABEL - 6}" y="{y + 11}" font-size="9" text-anchor="end">{escape(label[:30])}</text>'
        )
        if shares is None:
            rows.append(
                f'<text x="{LABEL}" y="{y + 11}" font-size="9" fill="#555">– (för få svar)</text>'
            )
        else:
            x0 = float(LABEL)
            for (fill, ink), share in zip(colours, shares, strict=True):
                width = BAR_AREA * share
                if width <= 0:
                    continue
                rows.append(
                    f'<rect x="{x0:.1f}" y="{y}" width="{width:.1f}" height="{BAR}" fill="{fill}"/>'
                )
                if width > 22:
                    rows.append(
                        f'<text x="{x0 + width / 2:.1f}" y="{y + 11}" font-size="8" fill="{ink}" '
                        f'text-anchor="middle">{escape(format_percent(share))}</text>'
                    )
                x0 += width
        y += ROW
    height = y + 4
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{chart_id}" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-label="{escape(chart.title)}" '
        f'font-family="DejaVu Sans, sans-serif">'
        f"<title>{escape(chart.title)}</title>{''.join(legend)}{''.join(rows)}</svg>"
    )


FONT_FILE = "DejaVuSans.ttf"
SCALE = 3  # pixels per SVG unit: sharp when printed at the page's width


def _hex(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def stacked_png(chart: Chart) -> bytes:
    """The same diagram as `stacked_svg`, drawn with Pillow (WeasyPrint's own image
    library) for the Word file, which cannot show SVG everywhere."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    def font(size: float) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        try:
            return ImageFont.truetype(FONT_FILE, int(size * SCALE))
        except OSError:
            return ImageFont.load_default()

    colours = step_colours(len(chart.steps))
    height = 30 + ROW * len(chart.bars) + 4
    image = Image.new("RGB", (WIDTH * SCALE, height * SCALE), "white")
    draw = ImageDraw.Draw(image)
    small, label_font = font(8.5), font(9)
    x = float(LEGEND_X)
    for (fill, _text), step in zip(colours, chart.steps, strict=True):
        draw.rectangle(
            [x * SCALE, 4 * SCALE, (x + 10) * SCALE, 14 * SCALE],
            fill=_hex(fill),
            outline=(85, 85, 85),
        )
        draw.text(((x + 13) * SCALE, 3 * SCALE), step, font=small, fill=(17, 17, 17))
        x += 18 + 5.2 * len(step)
    y = 30
    for label, shares in chart.bars:
        draw.text(
            ((LABEL - 6) * SCALE, (y + 7.5) * SCALE),
            label[:30],
            font=label_font,
            fill=(17, 17, 17),
            anchor="rm",
        )
        if shares is None:
            draw.text(
                (LABEL * SCALE, (y + 7.5) * SCALE),
                "– (för få svar)",
                font=label_font,
                fill=(85, 85, 85),
                anchor="lm",
            )
        else:
            x0 = float(LABEL)
            for (fill, ink), share in zip(colours, shares, strict=True):
                width = BAR_AREA * share
                if width <= 0:
                    continue
                draw.rectangle(
                    [x0 * SCALE, y * SCALE, (x0 + width) * SCALE, (y + BAR) * SCALE],
                    fill=_hex(fill),
                )
                if width > 22:
                    draw.text(
                        ((x0 + width / 2) * SCALE, (y + 7.5) * SCALE),
                        format_percent(share),
                        font=font(8),
                        fill=_hex(ink),
                        anchor="mm",
                    )
                x0 += width
        y += ROW
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
