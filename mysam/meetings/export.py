"""Minutes as Word and PDF, laid out like the groups' own minutes (seed 003): the title
"Minnesanteckningar <group>", Datum, Tidpunkt and Plats, the attendance table (Deltagare,
Roll, Organisation; "X/ersätter Y") with Frånvarande, the numbered items with notes,
decisions ("Beslut 4.1") and action items, and the signature. Both are built from
``selectors.minutes.minutes_document``; the PDF shares the page's document template.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from mysam.documents import docx as word
from mysam.documents.pdf import FONT_STACK, render_pdf
from mysam.lib.formatting import format_date
from mysam.meetings.models import ActionItem, MinutesStatus
from mysam.meetings.selectors.minutes import AttendanceRow, MinutesDocument

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def file_name(document: MinutesDocument, extension: str) -> str:
    """ASCII-safe, e.g. ``minnesanteckningar-mysam-hofors-2026-03-23.pdf``."""
    group = slugify(document.group.name) or "grupp"
    return f"minnesanteckningar-{group}-{document.date.isoformat()}.{extension}"


def status_line(document: MinutesDocument) -> str:
    """ "Draft", "Ready for checking" or "Approved 2026-04-20 · version 2"."""
    minutes = document.minutes
    if minutes.status == MinutesStatus.APPROVED and minutes.approved_at is not None:
        from django.utils import timezone

        text = _("Approved %(date)s") % {
            "date": format_date(timezone.localtime(minutes.approved_at).date())
        }
        if minutes.version > 1:
            text += " · " + _("version %(number)s") % {"number": minutes.version}
        return text
    return str(minutes.get_status_display())


def action_line(action: ActionItem, activity_titles: dict[object, str]) -> str:
    """ "Åtgärd: … – Ansvarig: … – Klart senast 2026-04-30 (Öppen)"."""
    text = _("Action item: %(text)s – responsible: %(who)s – by %(date)s (%(status)s)") % {
        "text": action.text,
        "who": action.responsible.full_name,
        "date": format_date(action.due_date),
        "status": action.get_status_display(),
    }
    title = activity_titles.get(action.plan_activity_lineage)
    if title:
        text += " – " + _("action plan: %(activity)s") % {"activity": title}
    return text


def _attendance_rows(rows: list[AttendanceRow]) -> list[list[str]]:
    return [[r.name, r.role, r.organisation] for r in rows]


# --- Word --------------------------------------------------------------------------------


def minutes_docx(document: MinutesDocument) -> bytes:
    """The minutes as a .docx file."""
    doc = word.create()
    doc.core_properties.title = document.title
    doc.core_properties.subject = status_line(document)
    doc.core_properties.language = "sv-SE"
    draft = document.minutes.status != MinutesStatus.APPROVED
    word.set_header_footer(
        doc,
        header=f"{document.title} {format_date(document.date)} · {status_line(document)}",
        footer=document.group.association.name,
        stamp=_("DRAFT") if document.minutes.status == MinutesStatus.DRAFT else "",
        page_label=_("Page"),
        of_label=_("of"),
    )
    doc.add_heading(document.title, level=0)
    for label, value in (
        (_("Date"), format_date(document.date)),
        (pgettext("time of a meeting, as in Tidpunkt", "Time"), document.time_range),
        (_("Place"), document.place),
    ):
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{label}: {value}").bold = True
    if draft:
        doc.add_paragraph(status_line(document))
    present = _attendance_rows(document.present)
    absent = _attendance_rows(document.absent)
    if present or absent:
        table = word.add_table(
            doc,
            [_("Participants"), _("Role"), _("Organisation")],
            present,
            widths=[6.5, 4.5, 5.0],
        )
        if absent:
            row = table.add_row()
            row.cells[0].text = ""
            row.cells[0].paragraphs[0].add_run(_("Absent")).bold = True
            for values in absent:
                cells = table.add_row().cells
                for index, value in enumerate(values):
                    cells[index].text = value
        doc.add_paragraph()
    doc.add_heading(_("Minutes"), level=1)
    for item in document.items:
        doc.add_heading(f"{item.number}. {item.agenda_item.title}", level=2)
        if item.note is not None and item.note.body:
            word.add_html(doc, item.note.body)
        for label, decision in item.numbered_decisions:
            paragraph = doc.add_paragraph()
            paragraph.add_run(_("Decision %(number)s:") % {"number": label} + " ").bold = True
            paragraph.add_run(decision.text)
        for action in item.action_items:
            doc.add_paragraph(action_line(action, document.activity_titles), style="List Bullet")
        for attachment in item.attachments:
            doc.add_paragraph(_("Attachment: %(title)s") % {"title": attachment.title})
    if document.attachments:
        doc.add_heading(_("Attachments"), level=2)
        for attachment in document.attachments:
            doc.add_paragraph(attachment.title, style="List Bullet")
    if document.signature_lines:
        doc.add_paragraph()
        for line in document.signature_lines:
            doc.add_paragraph(line)
    return word.to_bytes(doc)


# --- PDF ---------------------------------------------------------------------------------


def css_string(value: str) -> str:
    """A quoted CSS string (for page headers in ``@page``), safe inside a style element."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return '"' + " ".join(escaped.split()) + '"'


def minutes_html(document: MinutesDocument) -> str:
    """The complete HTML document WeasyPrint turns into the PDF."""
    return render_to_string(
        "meetings/export/minutes.html",
        {
            "document": document,
            "minutes": document.minutes,
            "status_line": status_line(document),
            "font_stack": FONT_STACK,
            "css": {
                "title": css_string(f"{document.title} {format_date(document.date)}"),
                "status": css_string(status_line(document)),
                "association": css_string(document.group.association.name),
                "page": css_string(_("Page")),
                "of": css_string(_("of")),
            },
            "for_print": True,
        },
    )


def minutes_pdf(document: MinutesDocument) -> bytes:
    """The minutes as a PDF."""
    return render_pdf(minutes_html(document))
