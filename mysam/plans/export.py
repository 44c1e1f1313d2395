"""The plan as Word and PDF, laid out like the association's own document (seed 001):
the title, the cooperation partners, the template's sections in order, prioritised
groups as a numbered list, goal areas with goals and activity tables, the budget and the
participant tables. Both are built from ``selectors.versions.version_document``.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mysam.documents import docx as word
from mysam.documents.pdf import FONT_STACK, render_pdf
from mysam.lib.formatting import format_amount, format_date
from mysam.plans.models import Activity, ParticipantKind, PlanVersion, SectionKind
from mysam.plans.selectors.versions import DocumentSection, ParticipantTable, PlanDocument

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def file_name(version: PlanVersion, extension: str) -> str:
    """ASCII-safe, e.g. ``handlingsplan-mysam-ljusdal-2019-v2.pdf``."""
    plan = version.plan
    period = str(plan.start_year)
    if plan.end_year != plan.start_year:
        period += f"-{plan.end_year}"
    group = slugify(plan.group.name) or "grupp"
    return f"handlingsplan-{group}-{period}-v{version.number}.{extension}"


def status_line(version: PlanVersion) -> str:
    """ "Version 2 · adopted 2019-02-01" or "Version 3 · draft · plan date 2019-01-15"."""
    if version.is_locked and version.adopted_at is not None:
        return _("Version %(number)s · adopted %(date)s") % {
            "number": version.number,
            "date": format_date(_local(version.adopted_at)),
        }
    return _("Version %(number)s · draft · plan date %(date)s") % {
        "number": version.number,
        "date": format_date(version.plan_date),
    }


def _local(value):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    return timezone.localtime(value) if timezone.is_aware(value) else value


def responsible(activity: Activity) -> str:
    parts = []
    if activity.responsible_party is not None:
        parts.append(activity.responsible_party.name)
    if activity.responsible_person is not None:
        parts.append(activity.responsible_person.full_name)
    return ", ".join(parts)


def activity_row(activity: Activity) -> list[str]:
    return [
        activity.title,
        responsible(activity),
        format_date(activity.start_date) if activity.start_date else "",
        format_date(activity.due_date) if activity.due_date else "",
        str(activity.get_status_display()),
        format_amount(activity.planned_amount) if activity.planned_amount is not None else "",
    ]


def activity_headers() -> list[str]:
    return [_("Activity"), _("Responsible"), _("Start"), _("Due"), _("Status"), _("Planned amount")]


def participant_headers() -> list[str]:
    return [_("Cooperation partner"), _("Name"), _("Title")]


# --- Word --------------------------------------------------------------------------------


def _docx_tables(document: word.Document, tables: list[ParticipantTable]) -> None:
    for table in tables:
        if table.titled:
            document.add_heading(table.title, level=2)
        if table.kind == ParticipantKind.TRISAM_TEAM:
            if table.rows:
                for row in table.rows:
                    text = row.name + (f" ({row.party_name})" if row.party_name else "")
                    document.add_paragraph(text, style="List Bullet")
            else:
                document.add_paragraph(_("None."))
            continue
        if not table.rows:
            document.add_paragraph(_("None."))
            continue
        word.add_table(
            document,
            participant_headers(),
            [[r.party_name, r.name, r.title] for r in table.rows],
            widths=[5.0, 5.0, 6.0],
        )
        document.add_paragraph()


def _docx_section(
    document: word.Document, plan_doc: PlanDocument, section: DocumentSection
) -> None:
    document.add_heading(section.title, level=1)
    word.add_html(document, section.body)
    if section.kind == SectionKind.TARGET_GROUPS:
        if plan_doc.target_groups:
            word.add_numbered(
                document,
                [t.name + (f" – {t.note}" if t.note else "") for t in plan_doc.target_groups],
            )
        else:
            document.add_paragraph(_("No prioritised target groups."))
    elif section.kind == SectionKind.GOALS:
        for block in plan_doc.goal_areas:
            document.add_heading(f"{block.area.number}. {block.area.title}", level=2)
            if not block.goals:
                document.add_paragraph(_("No goals in this area."))
            for goal in block.goals:
                paragraph = document.add_paragraph()
                paragraph.paragraph_format.keep_with_next = True
                paragraph.add_run(_("Goal:") + " ").bold = True
                paragraph.add_run(goal.text)
                if goal.activities:
                    word.add_table(
                        document,
                        activity_headers(),
                        [activity_row(a) for a in goal.activities],
                        widths=[4.5, 2.8, 2.4, 2.4, 1.8, 2.1],
                        right_aligned=[5],
                    )
                    document.add_paragraph()
                else:
                    document.add_paragraph(_("No activities."))
    elif section.kind == SectionKind.BUDGET:
        for sentence in plan_doc.budget_sentences:
            document.add_paragraph(sentence)
        document.add_paragraph(
            _("Planned in the activities: %(amount)s.")
            % {"amount": format_amount(plan_doc.planned_total)}
        )
    _docx_tables(document, section.tables)


def plan_docx(plan_doc: PlanDocument) -> bytes:
    """The version as a .docx file."""
    version = plan_doc.version
    document = word.create()
    document.core_properties.title = plan_doc.plan.title
    document.core_properties.subject = status_line(version)
    document.core_properties.language = "sv-SE"
    word.set_header_footer(
        document,
        header=f"{plan_doc.plan.title} · {status_line(version)}",
        footer=plan_doc.association_name,
        stamp=_("DRAFT") if not version.is_locked else "",
        page_label=_("Page"),
        of_label=_("of"),
    )
    document.add_heading(plan_doc.plan.title, level=0)
    document.add_paragraph(f"{plan_doc.plan.group.name} · {status_line(version)}")
    if plan_doc.show_parties:
        document.add_heading(_("Cooperation partners"), level=1)
        document.add_paragraph(plan_doc.parties_text + ".")
    for section in plan_doc.sections:
        _docx_section(document, plan_doc, section)
    return word.to_bytes(document)


# --- PDF ---------------------------------------------------------------------------------


def css_string(value: str) -> str:
    """A quoted CSS string (for page headers in ``@page``), safe inside a style element."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return '"' + " ".join(escaped.split()) + '"'


def plan_html(plan_doc: PlanDocument) -> str:
    """The complete HTML document WeasyPrint turns into the PDF."""
    version = plan_doc.version
    return render_to_string(
        "plans/export/plan.html",
        {
            "document": plan_doc,
            "version": version,
            "plan": plan_doc.plan,
            "status_line": status_line(version),
            "font_stack": FONT_STACK,
            "css": {
                "title": css_string(plan_doc.plan.title),
                "status": css_string(status_line(version)),
                "association": css_string(plan_doc.association_name),
                "page": css_string(_("Page")),
                "of": css_string(_("of")),
            },
            "for_print": True,
        },
    )


def plan_pdf(plan_doc: PlanDocument) -> bytes:
    """The version as a PDF."""
    return render_pdf(plan_html(plan_doc))
