"""The report as HTML laid out for WeasyPrint: title page, contents with page numbers,
running header and footer, charts as SVG with their table after them."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _

from mysam.documents.pdf import FONT_STACK, render_pdf
from mysam.insights.report import charts
from mysam.insights.report.document import (
    Chart,
    Heading,
    PageBreak,
    Paragraph,
    ReportDocument,
    RichText,
    Table,
)

CSS = """
@page {
  size: A4; margin: 2.2cm 2cm 2.2cm 2cm;
  @top-left { content: string(report-title); font: 8pt %(font)s; color: #555; }
  @bottom-left { content: string(association); font: 8pt %(font)s; color: #555; }
  @bottom-right { content: "%(page)s " counter(page) " %(of)s " counter(pages); font: 8pt %(font)s; color: #555; }
}
@page :first { @top-left { content: none; } @bottom-left { content: none; } @bottom-right { content: none; } }
html { font-family: %(font)s; font-size: 10pt; line-height: 1.4; color: #111; }
.title-page { page: first; height: 24cm; display: flex; flex-direction: column; justify-content: center; }
.title-page .association { string-set: association content(); font-size: 13pt; color: #1f3a5f; }
.title-page h1 { string-set: report-title content(); font-size: 28pt; color: #1f3a5f; margin: 0.3cm 0; }
.title-page .subtitle { font-size: 15pt; color: #333; }
.title-page .made { margin-top: 2cm; color: #444; }
nav.contents { page-break-after: always; }
nav.contents h2 { font-size: 16pt; color: #1f3a5f; }
nav.contents ol { list-style: none; padding: 0; }
nav.contents li { margin: 0.1cm 0; }
nav.contents li.level-2 { margin-left: 0.8cm; font-size: 9pt; }
nav.contents a { color: #111; text-decoration: none; }
nav.contents a::after { content: leader('.') target-counter(attr(href), page); }
h2.chapter { font-size: 17pt; color: #1f3a5f; page-break-before: always; margin: 0 0 0.3cm; }
h3 { font-size: 12pt; margin: 0.6cm 0 0.2cm; page-break-after: avoid; color: #1f3a5f; }
h4 { font-size: 10pt; margin: 0.35cm 0 0.15cm; page-break-after: avoid; }
p { margin: 0 0 0.25cm; }
p.muted { color: #555; font-style: italic; }
table { border-collapse: collapse; width: 100%%; margin: 0.1cm 0 0.1cm; font-size: 7.5pt; }
caption { text-align: left; font-weight: bold; font-size: 8.5pt; padding-bottom: 2pt; caption-side: top; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
th, td { border: 0.5pt solid #999; padding: 2pt 3pt; text-align: left; vertical-align: top; }
thead th { background: #e8edf3; }
tbody th { font-weight: normal; }
td.num, th.num { text-align: right; }
p.note { font-size: 7.5pt; color: #444; margin-bottom: 0.35cm; }
figure { margin: 0.2cm 0 0.1cm; page-break-inside: avoid; }
.page-break { page-break-after: always; }
"""


def _table(table: Table) -> str:
    num = ' class="num"'

    def cls(index: int) -> str:
        return num if index >= table.numeric_from else ""

    head = "".join(
        f'<th scope="col"{cls(index)}>{escape(h)}</th>' for index, h in enumerate(table.headers)
    )
    body = []
    for row in table.rows:
        cells = [f'<th scope="row">{escape(row[0])}</th>']
        cells += [
            f"<td{cls(index)}>{escape(value)}</td>" for index, value in enumerate(row[1:], start=1)
        ]
        body.append(f"<tr>{''.join(cells)}</tr>")
    html = (
        f"<table><caption>{escape(table.caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )
    if table.note:
        html += f'<p class="note">{escape(table.note)}</p>'
    return html


def document_html(document: ReportDocument) -> str:
    """The whole report as one HTML document."""
    css = CSS % {"font": FONT_STACK, "page": _("Page"), "of": _("of")}
    parts: list[str] = [
        '<section class="title-page">',
        f'<p class="association">{escape(document.association_name)}</p>',
        f"<h1>{escape(document.title)}</h1>",
        f'<p class="subtitle">{escape(document.subtitle)}</p>',
        f'<p class="made">{escape(_("Made on %(date)s") % {"date": document.made_on})}</p>',
        "</section>",
    ]
    contents = []
    body: list[str] = []
    counter = 0
    chart_number = 0
    for block in document.blocks:
        if isinstance(block, Heading):
            counter += 1
            anchor = block.anchor or f"h{counter}"
            if block.level == 1:
                contents.append(
                    f'<li class="level-1"><a href="#{anchor}">{escape(block.text)}</a></li>'
                )
                body.append(f'<h2 class="chapter" id="{anchor}">{escape(block.text)}</h2>')
            elif block.level == 2:
                body.append(f'<h3 id="{anchor}">{escape(block.text)}</h3>')
            else:
                body.append(f"<h4>{escape(block.text)}</h4>")
        elif isinstance(block, Paragraph):
            css_class = ' class="muted"' if block.muted else ""
            body.append(f"<p{css_class}>{escape(block.text)}</p>")
        elif isinstance(block, RichText):
            # The office's text is sanitised when saved (mysam.documents.html rules).
            body.append(f'<div class="rich">{block.html}</div>')
        elif isinstance(block, Table):
            body.append(_table(block))
        elif isinstance(block, Chart):
            chart_number += 1
            svg = charts.chart_svg(block, chart_id=f"diagram-{chart_number}")
            body.append(f"<figure aria-label={quoteattr(block.title)}>{svg}</figure>")
        elif isinstance(block, PageBreak):
            body.append('<div class="page-break"></div>')
    parts.append(
        f'<nav class="contents"><h2>{escape(_("Contents"))}</h2><ol>{"".join(contents)}</ol></nav>'
    )
    parts.extend(body)
    return (
        f'<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">'
        f"<title>{escape(document.title)}</title><style>{css}</style></head>"
        f"<body>{''.join(parts)}</body></html>"
    )


def render(document: ReportDocument) -> tuple[bytes, int]:
    """The PDF and its number of pages."""
    import weasyprint

    rendered = weasyprint.HTML(string=document_html(document)).render()
    return bytes(rendered.write_pdf()), len(rendered.pages)


__all__ = ["document_html", "render", "render_pdf"]
