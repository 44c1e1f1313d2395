"""The association's default agenda template: the standing items of seed 003 (the Hofors
minutes of 2026-03-23) plus the follow-up of the action plan."""

from __future__ import annotations

from django.db import transaction

from mysam.meetings.models import AgendaItemKind, AgendaTemplate, AgendaTemplateItem
from mysam.organisation.models import Association

# Swedish by nature: the standing items as the association writes them (seed 003).
DEFAULT_TEMPLATE_NAME = "Dagordning Mysam"
DEFAULT_ITEMS: list[tuple[str, str, int]] = [
    ("Välkommen", AgendaItemKind.WELCOME, 5),
    ("Dagordning", AgendaItemKind.AGENDA, 5),
    ("Föregående minnesanteckningar", AgendaItemKind.PREVIOUS_MINUTES, 5),
    ("Trisam", AgendaItemKind.TRISAM, 20),
    ("Samordningsförbundet informerar", AgendaItemKind.ASSOCIATION_INFORMS, 20),
    ("Statistik", AgendaItemKind.STATISTICS, 10),
    ("Uppföljning av handlingsplanen", AgendaItemKind.PLAN_FOLLOW_UP, 15),
    ("Övrigt", AgendaItemKind.OTHER_BUSINESS, 10),
]


@transaction.atomic
def agenda_template_create_default(*, association: Association) -> AgendaTemplate:
    """The association's current agenda template, created with the standing items when
    there is none. Idempotent: an existing template is returned unchanged."""
    existing = (
        AgendaTemplate.objects.select_for_update()
        .filter(association=association, is_current=True)
        .first()
    )
    if existing is not None:
        return existing
    template = AgendaTemplate.objects.create(association=association, name=DEFAULT_TEMPLATE_NAME)
    AgendaTemplateItem.objects.bulk_create(
        AgendaTemplateItem(
            template=template, order=order, title=title, kind=kind, estimated_minutes=minutes
        )
        for order, (title, kind, minutes) in enumerate(DEFAULT_ITEMS, start=1)
    )
    return template
