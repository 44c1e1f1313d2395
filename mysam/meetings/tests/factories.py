"""Test data for meetings: a meeting with a standing agenda, and its minutes."""

from __future__ import annotations

import datetime

from django.utils import timezone

from mysam.meetings import models
from mysam.organisation.models import CooperationGroup

STANDING = [
    ("Välkommen", models.AgendaItemKind.WELCOME),
    ("Dagordning", models.AgendaItemKind.AGENDA),
    ("Föregående minnesanteckningar", models.AgendaItemKind.PREVIOUS_MINUTES),
    ("Trisam", models.AgendaItemKind.TRISAM),
    ("Samordningsförbundet informerar", models.AgendaItemKind.ASSOCIATION_INFORMS),
    ("Statistik", models.AgendaItemKind.STATISTICS),
    ("Övrigt", models.AgendaItemKind.OTHER_BUSINESS),
]


def make_meeting(
    group: CooperationGroup,
    *,
    day: datetime.date = datetime.date(2026, 3, 23),
    start: datetime.time = datetime.time(13, 0),
    minutes: int = 90,
    with_agenda: bool = True,
) -> models.Meeting:
    starts_at = timezone.make_aware(datetime.datetime.combine(day, start))
    meeting = models.Meeting.objects.create(
        group=group,
        title=f"{group.name}",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=minutes),
        location="Teams",
    )
    if with_agenda:
        for order, (title, kind) in enumerate(STANDING, start=1):
            models.AgendaItem.objects.create(meeting=meeting, order=order, title=title, kind=kind)
    return meeting


def make_minutes(
    meeting: models.Meeting, *, status: str = models.MinutesStatus.DRAFT
) -> models.Minutes:
    minutes = models.Minutes.objects.create(
        meeting=meeting,
        status=status,
        approved_at=timezone.now() if status == models.MinutesStatus.APPROVED else None,
    )
    for item in meeting.agenda_items.all():
        models.MinutesNote.objects.create(minutes=minutes, agenda_item=item)
    return minutes
