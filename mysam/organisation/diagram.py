"""The structure picture: server-side SVG of the association, county parts, Mysam groups and
Trisam teams (cf. the 2016 decision on the Mysam structure, seed 002).

Built from plain data, so it needs no database and renders the same in pages and PDFs. The
picture is a convenience: the page always follows it with the same facts as HTML tables.
Colour is never the only carrier of meaning: each party mark carries a letter, and a
mark for a party without members is drawn hollow with the number 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

# The same hexes as the CSS variables --c-party-* in mysam.css.
PARTY_COLOURS = {
    "municipality": "#0b4f7c",
    "region": "#6b2c91",
    "fk": "#1d6b33",
    "af": "#9a3412",
}
PARTY_KINDS = tuple(PARTY_COLOURS)
INK = "#1a1a1a"
MUTED = "#4a4f55"
LINE = "#8a9199"
SURFACE = "#f4f6f8"
PRIMARY = "#0b4f7c"
LINK = "#0a5a8f"
OK = "#1d6b33"
WARN = "#7a4b00"

MARGIN = 16
COLUMN_WIDTH = 240
STACKED_WIDTH = 290  # with the margins, fits a 375 px phone inside the page's padding
GAP = 16
PAD = 10
INDENT = 20  # groups hang off a spine this far inside their county part's column
MARK_WIDTH = 44
MARK_HEIGHT = 24
MARK_GAP = 8
TEAM_HEIGHT = 24


def party_letter(kind: str) -> str:
    """The letter that marks a party kind in the picture and its legend."""
    return {
        "municipality": pgettext("party letter for municipality", "M"),
        "region": pgettext("party letter for the Region", "R"),
        "fk": pgettext("party letter for Försäkringskassan", "F"),
        "af": pgettext("party letter for Arbetsförmedlingen", "A"),
    }[kind]


def party_kind_name(kind: str) -> str:
    return {
        "municipality": _("Municipality"),
        "region": _("Region"),
        "fk": "Försäkringskassan",
        "af": "Arbetsförmedlingen",
    }[kind]


@dataclass(frozen=True)
class DiagramGroup:
    name: str
    url: str
    municipalities: str
    counts: Mapping[str, int]  # current members per party kind (PARTY_KINDS)
    convener: str = ""
    teams: Sequence[str] = ()
    flag_count: int = 0


@dataclass(frozen=True)
class DiagramColumn:
    name: str
    municipalities: str
    groups: Sequence[DiagramGroup] = field(default_factory=tuple)


def wrap(text: str, width: float, size: float, *, bold: bool = False) -> list[str]:
    """Break a text into lines that fit ``width`` pixels; overlong words are cut."""
    per_line = max(4, int(width / (size * (0.62 if bold else 0.56))))
    lines: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > per_line:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[: per_line - 1] + "-")
            word = word[per_line - 1 :]
        candidate = f"{current} {word}".strip()
        if len(candidate) <= per_line:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines or [""]


@dataclass(frozen=True)
class Hotspot:
    """A link laid over a group's box in the picture (like an HTML image map)."""

    url: str
    label: str
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Picture:
    """The SVG and the links over its group boxes.

    The SVG itself has ``role="img"``, whose content is presentational, so it must hold no
    links; the links are HTML anchors positioned over the boxes instead. They have the
    group's name as text, so keyboard and screen-reader users can use them too.
    """

    svg: SafeString
    width: int
    height: int
    hotspots: tuple[Hotspot, ...]

    @property
    def html(self) -> SafeString:
        links = "".join(
            f'<a href={quoteattr(h.url)} style="left:{h.x:.0f}px;top:{h.y:.0f}px;'
            f'width:{h.width:.0f}px;height:{h.height:.0f}px">'
            f'<span class="visually-hidden">{escape(h.label)}</span></a>'
            for h in self.hotspots
        )
        return mark_safe(  # noqa: S308 (all text escaped)
            f'<div class="structure-picture" style="position:relative;width:{self.width}px">'
            f"{self.svg}{links}</div>"
        )


class _Svg:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.hotspots: list[Hotspot] = []

    def add(self, markup: str) -> None:
        self.parts.append(markup)

    def text(
        self,
        x: float,
        y: float,
        content: str,
        *,
        size: int = 12,
        bold: bool = False,
        fill: str = INK,
        anchor: str = "start",
        underline: bool = False,
    ) -> None:
        attrs = f'x="{x:.0f}" y="{y:.0f}" font-size="{size}" fill="{fill}"'
        if bold:
            attrs += ' font-weight="700"'
        if anchor != "start":
            attrs += f' text-anchor="{anchor}"'
        if underline:
            attrs += ' text-decoration="underline"'
        self.add(f"<text {attrs}>{escape(content)}</text>")

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        fill: str = "#ffffff",
        stroke: str = LINE,
        width: float = 1,
        radius: int = 4,
        dash: str = "",
    ) -> None:
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        self.add(
            f'<rect x="{x:.0f}" y="{y:.0f}" width="{w:.0f}" height="{h:.0f}" rx="{radius}" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"{extra}/>'
        )

    def line(self, x1: float, y1: float, x2: float, y2: float, *, stroke: str = LINE) -> None:
        self.add(
            f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" '
            f'stroke="{stroke}" stroke-width="2"/>'
        )


@dataclass
class _GroupLayout:
    group: DiagramGroup
    title: list[str]
    municipalities: list[str]
    convener: list[str]
    box_height: int
    teams: list[str]

    @property
    def total_height(self) -> int:
        teams = len(self.teams) * (TEAM_HEIGHT + 6) + (6 if self.teams else 0)
        return self.box_height + teams


def _layout_group(group: DiagramGroup, inner: float) -> _GroupLayout:
    title = wrap(group.name, inner, 14, bold=True)
    municipalities = wrap(group.municipalities, inner, 12) if group.municipalities else []
    convener = (
        wrap(_("Convener: %(name)s") % {"name": group.convener}, inner, 12)
        if group.convener
        else [_("No convener")]
    )
    height = PAD + 18 * len(title) + 16 * len(municipalities) + 8 + MARK_HEIGHT + 8
    height += 16 * len(convener) + 16 + PAD
    teams = [t for name in group.teams for t in wrap(name, inner - 24, 12)[:1]]
    return _GroupLayout(group, title, municipalities, convener, height, teams)


def _party_mark(svg: _Svg, x: float, y: float, kind: str, count: int) -> None:
    colour = PARTY_COLOURS[kind]
    label = f"{party_letter(kind)} {count}"
    if count:
        svg.rect(x, y, MARK_WIDTH, MARK_HEIGHT, fill=colour, stroke=colour, width=2)
        svg.text(
            x + MARK_WIDTH / 2, y + 17, label, size=13, bold=True, fill="#ffffff", anchor="middle"
        )
    else:
        svg.rect(x, y, MARK_WIDTH, MARK_HEIGHT, fill="#ffffff", stroke=colour, width=2, dash="4 2")
        svg.text(
            x + MARK_WIDTH / 2, y + 17, label, size=13, bold=True, fill=colour, anchor="middle"
        )


def _draw_group(svg: _Svg, layout: _GroupLayout, x: float, y: float, width: float) -> None:
    group = layout.group
    svg.hotspots.append(Hotspot(group.url, group.name, x, y, width, layout.box_height))
    svg.rect(x, y, width, layout.box_height, stroke=INK, width=1.5)
    cy = y + PAD + 13
    for line in layout.title:
        svg.text(x + PAD, cy, line, size=14, bold=True, fill=LINK, underline=True)
        cy += 18
    for line in layout.municipalities:
        svg.text(x + PAD, cy, line, size=12, fill=MUTED)
        cy += 16
    cy += 8 - 13
    mx = x + PAD
    for kind in PARTY_KINDS:
        _party_mark(svg, mx, cy, kind, int(group.counts.get(kind, 0)))
        mx += MARK_WIDTH + MARK_GAP
    cy += MARK_HEIGHT + 8 + 12
    for line in layout.convener:
        svg.text(x + PAD, cy, line, size=12)
        cy += 16
    if group.flag_count:
        flags = ngettext(
            "! %(count)s representation flag",
            "! %(count)s representation flags",
            group.flag_count,
        ) % {"count": group.flag_count}
        svg.text(x + PAD, cy, flags, size=12, bold=True, fill=WARN)
    else:
        svg.text(x + PAD, cy, _("✓ Representation OK"), size=12, bold=True, fill=OK)
    ty = y + layout.box_height + 6
    spine = x + 12
    if layout.teams:
        svg.line(spine, y + layout.box_height, spine, ty + (len(layout.teams) - 1) * 30 + 12)
    for name in layout.teams:
        svg.line(spine, ty + 12, x + 24, ty + 12)
        svg.rect(x + 24, ty, width - 24, TEAM_HEIGHT, fill=SURFACE, stroke=LINE, dash="3 2")
        svg.text(x + 32, ty + 16, name, size=12)
        ty += TEAM_HEIGHT + 6


def _header_lines(column: DiagramColumn, width: float) -> tuple[list[str], list[str]]:
    return (
        wrap(column.name, width - 2 * PAD, 14, bold=True),
        wrap(column.municipalities, width - 2 * PAD, 12) if column.municipalities else [],
    )


def _header_height(lines: tuple[list[str], list[str]]) -> int:
    return 2 * PAD + 18 * len(lines[0]) + 16 * len(lines[1])


def _draw_column(
    svg: _Svg, column: DiagramColumn, x: float, top: float, width: float, header_h: float
) -> float:
    """A county part's header with its groups hanging below; returns the bottom edge."""
    svg.rect(x, top, width, header_h, fill=SURFACE, stroke=INK)
    name_lines, muni_lines = _header_lines(column, width)
    ty = top + PAD + 14
    for line in name_lines:
        svg.text(x + PAD, ty, line, size=14, bold=True)
        ty += 18
    for line in muni_lines:
        svg.text(x + PAD, ty, line, size=12, fill=MUTED)
        ty += 16
    gy = top + header_h + 16
    group_w = width - INDENT
    spine = x + INDENT / 2
    last_mid = None
    for group in column.groups:
        layout = _layout_group(group, group_w - 2 * PAD)
        svg.line(spine, gy + 18, x + INDENT, gy + 18)
        _draw_group(svg, layout, x + INDENT, gy, group_w)
        last_mid = gy + 18
        gy += layout.total_height + 16
    if last_mid is not None:
        svg.line(spine, top + header_h, spine, last_mid)
    else:
        svg.text(x + PAD, gy + 12, _("No Mysam group"), size=12, fill=MUTED)
        gy += 24
    return gy


def structure_picture(
    *,
    association: str,
    columns: Sequence[DiagramColumn],
    title: str,
    description: str,
    id_prefix: str = "structure",
    stacked: bool = False,
) -> Picture:
    """The picture: one ``<svg>`` element with ``role="img"``, a title and a description,
    and a link over each group's box.

    Side by side (the default), the county parts are columns under the association and the
    width follows their number; ``stacked`` puts them one below the other in a picture
    narrow enough for a phone. The size is fixed in pixels, so that where the picture is
    wider than the screen it scrolls inside its ``.diagram`` frame instead of shrinking to
    an unreadable size.
    """
    n = max(1, len(columns))
    columns_width = STACKED_WIDTH if stacked else n * COLUMN_WIDTH + (n - 1) * GAP
    width = 2 * MARGIN + columns_width
    inner_width = width - 2 * MARGIN
    svg = _Svg()

    # Legend: one mark per party kind with its name, as many per row as fit.
    per_row = max(1, int(inner_width // 230))
    y = MARGIN
    for i, kind in enumerate(PARTY_KINDS):
        col, row = i % per_row, i // per_row
        lx = MARGIN + col * 230
        ly = y + row * (MARK_HEIGHT + 8)
        _party_mark(svg, lx, ly, kind, 1)
        svg.text(lx + MARK_WIDTH + 8, ly + 17, party_kind_name(kind), size=13)
    rows = (len(PARTY_KINDS) + per_row - 1) // per_row
    y += rows * (MARK_HEIGHT + 8)
    legend = _(
        "The number after the letter: current members (co-opted, substitutes and guests "
        "not counted)."
    )
    for line in wrap(legend, inner_width, 12):
        y += 16
        svg.text(MARGIN, y, line, size=12, fill=MUTED)
    y += 20

    # The association at the top.
    box_w = min(inner_width, 380)
    assoc_lines = wrap(association, box_w - 2 * PAD, 16, bold=True)
    assoc_h = 2 * PAD + 20 * len(assoc_lines)
    ax = (width - box_w) / 2
    svg.rect(ax, y, box_w, assoc_h, fill=PRIMARY, stroke=PRIMARY)
    for i, line in enumerate(assoc_lines):
        svg.text(
            width / 2,
            y + PAD + 15 + 20 * i,
            line,
            size=16,
            bold=True,
            fill="#ffffff",
            anchor="middle",
        )
    y += assoc_h

    bottom: float
    if stacked:
        # A spine down the left edge from the association to each county part.
        spine = MARGIN + 4
        x = MARGIN + 14
        top: float = y + 16
        last_mid: float = y
        for column in columns:
            header_h = _header_height(_header_lines(column, width - MARGIN - x))
            svg.line(spine, top + header_h / 2, x, top + header_h / 2)
            last_mid = top + header_h / 2
            top = _draw_column(svg, column, x, top, width - MARGIN - x, header_h) + 8
        svg.line(spine, y, spine, last_mid)
        bottom = top
    else:
        # A bus from the association to the county parts, whose headers share one height
        # so that the groups line up.
        bus = y + 16
        centres = [MARGIN + i * (COLUMN_WIDTH + GAP) + COLUMN_WIDTH / 2 for i in range(n)]
        svg.line(width / 2, y, width / 2, bus)
        if columns:
            svg.line(min(centres[0], width / 2), bus, max(centres[-1], width / 2), bus)
        top = bus + 16
        header_h = max(
            (_header_height(_header_lines(c, COLUMN_WIDTH)) for c in columns), default=40
        )
        bottom = top + header_h
        for i, column in enumerate(columns):
            svg.line(centres[i], bus, centres[i], top)
            cx = MARGIN + i * (COLUMN_WIDTH + GAP)
            bottom = max(bottom, _draw_column(svg, column, cx, top, COLUMN_WIDTH, header_h))

    height = bottom + MARGIN
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" width="{width}" height="{height:.0f}" '
        f'viewBox="0 0 {width} {height:.0f}" style="max-width:none" '
        f'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(description)}</desc>'
    )
    markup = mark_safe(head + "".join(svg.parts) + "</svg>")  # noqa: S308 (all text escaped)
    return Picture(markup, width, int(height), tuple(svg.hotspots))
