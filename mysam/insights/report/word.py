"""The report as a Word document: the same blocks as the PDF, headings as Word's
Heading styles (so Word's navigation pane and table of contents work), diagrams as PNG."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from docx.enum.text import WD_BREAK
from docx.shared import Cm, Pt, RGBColor

from mysam.documents import docx as word
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

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


TEXT_WIDTH = 16.0  # cm between the margins


def _widths(columns: int) -> list[float]:
    """The first column (the group's name) wider than the number columns."""
    if columns <= 1:
        return [TEXT_WIDTH]
    first = 3.4 if columns > 4 else 5.0
    rest = (TEXT_WIDTH - first) / (columns - 1)
    return [first] + [rest] * (columns - 1)


def render(document: ReportDocument) -> bytes:
    doc = word.create(size=10)
    word.set_header_footer(
        doc,
        header=document.title,
        footer=document.association_name,
        page_label=_("Page"),
        of_label=_("of"),
    )
    # Title page.
    for _index in range(6):
        doc.add_paragraph()
    association = doc.add_paragraph()
    association.add_run(document.association_name).font.size = Pt(13)
    doc.add_paragraph(document.title, style="Title")
    subtitle = doc.add_paragraph()
    subtitle.add_run(document.subtitle).font.size = Pt(15)
    doc.add_paragraph(_("Made on %(date)s") % {"date": document.made_on})
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    # Contents: a Word field, filled in when Word updates fields (F9); LibreOffice on open.
    doc.add_paragraph(_("Contents"), style="Heading 1")
    for heading in document.headings:
        doc.add_paragraph(heading.text)
    for block in document.blocks:
        if isinstance(block, Heading):
            if block.level == 1:
                doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            doc.add_paragraph(block.text, style=f"Heading {min(block.level, 3)}")
        elif isinstance(block, Paragraph):
            paragraph = doc.add_paragraph()
            run = paragraph.add_run(block.text)
            if block.muted:
                run.italic = True
                run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
        elif isinstance(block, RichText):
            word.add_html(doc, block.html)
        elif isinstance(block, Table):
            caption = doc.add_paragraph()
            caption.add_run(block.caption).bold = True
            caption.paragraph_format.keep_with_next = True
            caption.paragraph_format.space_after = Pt(2)
            word.add_table(
                doc,
                block.headers,
                block.rows,
                right_aligned=range(block.numeric_from, len(block.headers)),
                font_size=7,
                widths=_widths(len(block.headers)),
            )
            if block.note:
                note = doc.add_paragraph()
                run = note.add_run(block.note)
                run.font.size = Pt(7.5)
            else:
                doc.add_paragraph()
        elif isinstance(block, Chart):
            paragraph = doc.add_paragraph()
            paragraph.paragraph_format.keep_with_next = True
            run = paragraph.add_run()
            run.add_picture(BytesIO(charts.chart_png(block)), width=Cm(16))
        elif isinstance(block, PageBreak):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    return word.to_bytes(doc)
