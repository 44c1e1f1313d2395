"""The association's structure as an Excel workbook, for the office and the board.

Sheets: Grupper (groups with municipalities, convener and counts), Medlemmar (every
membership, current and history, in the import's format so that the rows import again
unchanged), Personer and Trisam. Headers are bold and frozen, dates are real dates shown
as ÅÅÅÅ-MM-DD. Seven queries, whatever the size of the association.
"""

from __future__ import annotations

import datetime
import io
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from mysam.accounts.actor import Actor
from mysam.organisation.access import require_reader
from mysam.organisation.models import (
    Association,
    CooperationGroup,
    Membership,
    MembershipRole,
    Person,
    Seat,
    TrisamTeam,
)
from mysam.organisation.transfer.columns import ROLE_LABELS

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
MAX_WIDTH = 50

MEMBER_HEADERS = (
    "Grupp",
    "Part",
    "Förnamn",
    "Efternamn",
    "E-post",
    "Titel",
    "Verksamhet",
    "Roll",
    "Beslutsmandat",
    "Ersätter",
    "Startdatum",
    "Slutdatum",
    "Status",
)


def require_exporter(actor: Actor) -> Association:
    """The actor's association if they may export its structure: the office and the board.

    Members, conveners and others get PermissionDenied: the workbook lists every official's
    contact details and the whole membership history, which is the office's register.
    """
    association = require_reader(actor)
    if not actor.reads_everything:
        raise PermissionDenied
    return association


def _yes_no(value: bool) -> str:
    return "ja" if value else "nej"


def _status(membership: Membership, today: datetime.date) -> str:
    if membership.start_date > today:
        return "kommande"
    if membership.end_date is not None and membership.end_date < today:
        return "avslutad"
    return "nuvarande"


def _person_ref(person: Person) -> str:
    """How the Ersätter column names a member: e-mail when there is one (unambiguous)."""
    return person.email or person.full_name


def _write_sheet(sheet: Worksheet, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(h) for h in headers]
    for values in rows:
        sheet.append(list(values))
        for index, value in enumerate(values):
            shown = 10 if isinstance(value, datetime.date) else len(str(value or ""))
            widths[index] = max(widths[index], shown)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime.date):
                cell.number_format = DATE_FORMAT
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_WIDTH)
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = sheet.dimensions


def structure_workbook(*, actor: Actor) -> tuple[bytes, str]:
    """The structure workbook and its file name; refused (403) for all but office and board."""
    association = require_exporter(actor)
    today = timezone.localdate()
    groups = list(
        CooperationGroup.objects.filter(association=association)
        .prefetch_related("municipalities")
        .order_by("name")
    )
    memberships = list(
        Membership.objects.filter(group__association=association)
        .select_related(
            "group", "person", "person__party", "person__unit", "substitute_for__person"
        )
        .order_by("group__name", "person__last_name", "person__first_name", "start_date")
    )
    people = list(
        Person.objects.filter(association=association)
        .select_related("party", "unit")
        .order_by("last_name", "first_name")
    )
    teams = list(
        TrisamTeam.objects.filter(health_centre__association=association)
        .select_related("health_centre", "health_centre__municipality", "group")
        .order_by("health_centre__name", "name")
    )
    seats = list(Seat.objects.filter(group__association=association, is_active=True))

    current = [m for m in memberships if m.is_current(today)]
    by_group: dict[int, list[Membership]] = defaultdict(list)
    groups_of_person: dict[int, set[str]] = defaultdict(set)
    for membership in current:
        by_group[membership.group_id].append(membership)
        groups_of_person[membership.person_id].add(membership.group.name)
    held_seats = {m.seat_id for m in current if m.seat_id is not None}
    vacant: dict[int, int] = defaultdict(int)
    for seat in seats:
        if seat.pk not in held_seats:
            vacant[seat.group_id] += 1
    teams_of_group: dict[int, int] = defaultdict(int)
    for team in teams:
        if team.group_id is not None and team.is_active:
            teams_of_group[team.group_id] += 1

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook always has one sheet
    sheet.title = "Grupper"
    group_rows = []
    for group in groups:
        in_force = by_group[group.pk]
        conveners = sorted(
            m.person.full_name for m in in_force if m.role == MembershipRole.CONVENER
        )
        roles = [m.role for m in in_force]
        group_rows.append(
            [
                group.name,
                ", ".join(m.name for m in group.municipalities.all()),
                ", ".join(conveners),
                _yes_no(group.is_active),
                len(in_force),
                sum(1 for m in in_force if m.has_decision_mandate),
                roles.count(MembershipRole.SUBSTITUTE),
                roles.count(MembershipRole.CO_OPTED),
                vacant[group.pk],
                teams_of_group[group.pk],
            ]
        )
    _write_sheet(
        sheet,
        (
            "Grupp",
            "Kommuner",
            "Sammankallande",
            "Aktiv",
            "Nuvarande medlemskap",
            "Med beslutsmandat",
            "Ersättare",
            "Adjungerade",
            "Vakanta platser",
            "Trisam-team",
        ),
        group_rows,
    )

    member_rows = []
    for m in memberships:
        person = m.person
        substitute_for = m.substitute_for.person if m.substitute_for is not None else None
        member_rows.append(
            [
                m.group.name,
                person.party.name,
                person.first_name,
                person.last_name,
                person.email,
                person.title,
                person.unit.name if person.unit is not None else "",
                ROLE_LABELS.get(m.role, m.role),
                _yes_no(m.has_decision_mandate),
                _person_ref(substitute_for) if substitute_for is not None else "",
                m.start_date,
                m.end_date,
                _status(m, today),
            ]
        )
    _write_sheet(workbook.create_sheet("Medlemmar"), MEMBER_HEADERS, member_rows)

    _write_sheet(
        workbook.create_sheet("Personer"),
        (
            "Förnamn",
            "Efternamn",
            "Titel",
            "Part",
            "Verksamhet",
            "E-post",
            "Telefon",
            "Nuvarande grupper",
        ),
        [
            [
                p.first_name,
                p.last_name,
                p.title,
                p.party.name,
                p.unit.name if p.unit is not None else "",
                p.email,
                p.phone,
                ", ".join(sorted(groups_of_person[p.pk])),
            ]
            for p in people
        ],
    )
    _write_sheet(
        workbook.create_sheet("Trisam"),
        ("Hälsocentral", "Kommun", "Team", "Grupp", "Startade", "Aktiv"),
        [
            [
                t.health_centre.name,
                t.health_centre.municipality.name,
                t.name,
                t.group.name if t.group is not None else "",
                t.started_on,
                _yes_no(t.is_active),
            ]
            for t in teams
        ],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    file_name = f"mysam-struktur-{association.slug}-{today.isoformat()}.xlsx"
    return buffer.getvalue(), file_name
