"""Word documents through python-docx: sanitised rich text as paragraphs and runs,
tables with a header row that repeats on each page, page numbers and a base font.

Kept to what Word, LibreOffice and python-docx all read back the same way: numbered list
items carry their number as text (Word's list numbering would continue across lists
unless each list got its own numbering definition), and links are real hyperlinks.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from typing import Any

from docx import Document as new_document
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from mysam.documents.html import Block, Run, read_blocks

LINK_COLOUR = RGBColor(0x1F, 0x4E, 0x96)
BASE_FONT = "Calibri"  # Word's own default; has å, ä and ö; LibreOffice maps it to Carlito


def create(*, font: str = BASE_FONT, size: float = 11) -> Document:
    """A new A4 document with the base font set on the Normal style (also for East Asian
    text, which Word otherwise takes from the theme)."""
    document = new_document()
    for section in document.sections:
        section.page_height = Cm(29.7)
        section.page_width = Cm(21.0)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.2)
    normal = document.styles["Normal"]
    normal.font.name = font  # type: ignore[attr-defined]
    normal.font.size = Pt(size)  # type: ignore[attr-defined]
    fonts = normal.element.rPr.rFonts  # type: ignore[attr-defined]
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), font)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        style = document.styles[name]
        style.font.name = font  # type: ignore[attr-defined]
    return document


def to_bytes(document: Document) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- Rich text ---------------------------------------------------------------------------


def _add_hyperlink(paragraph: Paragraph, run: Run) -> None:
    part = paragraph.part
    r_id = part.relate_to(run.href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    element = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), str(LINK_COLOUR))
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(colour)
    properties.append(underline)
    if run.bold:
        properties.append(OxmlElement("w:b"))
    if run.italic:
        properties.append(OxmlElement("w:i"))
    element.append(properties)
    text = OxmlElement("w:t")
    text.text = run.text
    text.set(qn("xml:space"), "preserve")
    element.append(text)
    link.append(element)
    paragraph._p.append(link)


def add_runs(paragraph: Paragraph, runs: Sequence[Run]) -> None:
    """Runs with bold, italic, line breaks and links."""
    for run in runs:
        if run.text == "\n":
            paragraph.add_run().add_break()
        elif run.href.startswith(("http://", "https://", "mailto:")):
            _add_hyperlink(paragraph, run)
        else:
            added = paragraph.add_run(run.text)
            added.bold = run.bold or None
            added.italic = run.italic or None


def _add_block(container: Any, block: Block) -> Paragraph:
    if block.kind in ("h3", "h4"):
        paragraph = container.add_paragraph(
            style="Heading 3" if block.kind == "h3" else "Heading 4"
        )
        add_runs(paragraph, block.runs)
        return paragraph
    if block.kind == "li" and not block.ordered:
        style = "List Bullet" if block.level <= 1 else "List Bullet 2"
        paragraph = container.add_paragraph(style=style)
        add_runs(paragraph, block.runs)
        return paragraph
    paragraph = container.add_paragraph()
    if block.kind == "li":
        # An ordered item: its number as text, hanging like a list.
        indent = 0.75 * block.level
        paragraph.paragraph_format.left_indent = Cm(indent)
        paragraph.paragraph_format.first_line_indent = Cm(-0.75)
        paragraph.add_run(f"{block.number}.\t")
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(indent))
        paragraph.paragraph_format.space_after = Pt(2)
    add_runs(paragraph, block.runs)
    return paragraph


def add_html(container: Any, html: str) -> list[Paragraph]:
    """Sanitised HTML (p, ul, ol, li, strong, em, a, h3, h4, br) as paragraphs of a
    document or a table cell. Returns the paragraphs added."""
    return [_add_block(container, block) for block in read_blocks(html)]


def add_numbered(container: Any, items: Sequence[str]) -> list[Paragraph]:
    """A numbered list ("1.", "2.", …) with the numbers as text."""
    blocks = [
        Block("li", [Run(text)], level=1, ordered=True, number=number)
        for number, text in enumerate(items, start=1)
    ]
    return [_add_block(container, block) for block in blocks]


# --- Tables ------------------------------------------------------------------------------


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def add_table(
    document: Document,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    widths: Sequence[float] | None = None,
    right_aligned: Sequence[int] = (),
    font_size: float | None = 9,
) -> Table:
    """A grid table with a bold header row repeated on each page. ``widths`` in cm;
    ``right_aligned`` lists the columns holding numbers."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    header_row = table.rows[0]
    _repeat_header(header_row)
    for index, text in enumerate(headers):
        cell = header_row.cells[index]
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        if font_size:
            run.font.size = Pt(font_size)
        if index in right_aligned:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for values in rows:
        row = table.add_row()
        # A row stays on one page.
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        cells = row.cells
        for index, value in enumerate(values):
            cells[index].text = ""
            run = cells[index].paragraphs[0].add_run(value)
            if font_size:
                run.font.size = Pt(font_size)
            if index in right_aligned:
                cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if widths:
        # Word reads the cells' widths, LibreOffice the grid's: set both.
        table.autofit = False
        for index, width in enumerate(widths):
            table.columns[index].width = Cm(width)
        for row in table.rows:
            for index, width in enumerate(widths):
                row.cells[index].width = Cm(width)
    return table


# --- Page furniture ----------------------------------------------------------------------


def add_field(paragraph: Paragraph, instruction: str) -> None:
    """A field such as ``PAGE`` or ``NUMPAGES``, updated by Word when it opens the file."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = instruction
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, code, separate, placeholder, end):
        run._r.append(element)


def set_header_footer(
    document: Document,
    *,
    header: str,
    footer: str,
    stamp: str = "",
    page_label: str = "",
    of_label: str = "",
) -> None:
    """A header line (with a red stamp such as a draft mark before it) and a footer with
    the text and "page N of M" at the right margin."""
    for section in document.sections:
        paragraph = section.header.paragraphs[0]
        paragraph.text = ""
        if stamp:
            run = paragraph.add_run(stamp + "  ")
            run.bold = True
            run.font.size = Pt(16)
            run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
        run = paragraph.add_run(header)
        run.font.size = Pt(9)
        paragraph = section.footer.paragraphs[0]
        paragraph.text = ""
        # Normal has no tab stops of its own (Footer has a centred one that would catch
        # the tab before the page number).
        paragraph.style = document.styles["Normal"]
        run = paragraph.add_run(footer)
        run.font.size = Pt(9)
        if page_label:
            # The page number at the right margin.
            width = section.page_width - section.left_margin - section.right_margin  # type: ignore[operator]
            paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
            paragraph.add_run("\t")
            run = paragraph.add_run(page_label + " ")
            run.font.size = Pt(9)
            add_field(paragraph, "PAGE")
            if of_label:
                paragraph.add_run(f" {of_label} ").font.size = Pt(9)
                add_field(paragraph, "NUMPAGES")
