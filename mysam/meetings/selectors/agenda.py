"""Reads of a meeting's agenda, attachments and attendance, with fixed query counts.

``attendance_table`` gives the attendance as the minutes show it (seed 003): the present,
a substitute as "Filipa …/ersätter Susanne …", then the absent; the minutes' PDF and Word
files reuse it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mysam.meetings.models import (
    ActionItem,
    ActionItemStatus,
    AgendaItem,
    AgendaItemKind,
    AgendaItemStatus,
    AgendaTemplate,
    AgendaTemplateItem,
    Attachment,
    Attendance,
    AttendanceStatus,
    Meeting,
)
from mysam.organisation.models import Membership, MembershipRole, Person

# --- The agenda template --------------------------------------------------------------------


def agenda_template_items(template: AgendaTemplate | None) -> list[AgendaTemplateItem]:
    if template is None:
        return []
    return list(template.items.order_by("order", "pk"))


# --- The agenda ---------------------------------------------------------------------------


@dataclass
class AgendaRow:
    item: AgendaItem
    number: int | None
    starts: datetime.datetime | None
    attachments: list[Attachment]


@dataclass
class Agenda:
    meeting: Meeting
    rows: list[AgendaRow]
    proposed: list[AgendaItem]
    declined: list[AgendaItem]
    meeting_attachments: list[Attachment]
    total_minutes: int
    ends: datetime.datetime

    @property
    def has_plan_follow_up(self) -> bool:
        return any(r.item.kind == AgendaItemKind.PLAN_FOLLOW_UP for r in self.rows)

    @property
    def action_item_ids(self) -> set[int]:
        items = [r.item for r in self.rows] + self.proposed
        return {i.action_item_id for i in items if i.action_item_id is not None}


def agenda_for_meeting(meeting: Meeting) -> Agenda:
    """The agenda: numbered accepted items with the running clock time from the meeting's
    start, the proposed and declined items, and the attachments. Two queries."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("proposed_by", "action_item", "action_item__responsible")
        .order_by("order", "pk")
    )
    attachments = list(Attachment.objects.filter(meeting=meeting).order_by("uploaded_at", "pk"))
    by_item: dict[int, list[Attachment]] = {}
    for attachment in attachments:
        if attachment.agenda_item_id is not None:
            by_item.setdefault(attachment.agenda_item_id, []).append(attachment)
    clock = timezone.localtime(meeting.starts_at)
    rows: list[AgendaRow] = []
    total = 0
    for item in items:
        if item.status != AgendaItemStatus.ACCEPTED:
            continue
        rows.append(AgendaRow(item, len(rows) + 1, clock, by_item.get(item.pk, [])))
        minutes = item.estimated_minutes or 0
        total += minutes
        clock += datetime.timedelta(minutes=minutes)
    return Agenda(
        meeting=meeting,
        rows=rows,
        proposed=[i for i in items if i.status == AgendaItemStatus.PROPOSED],
        declined=[i for i in items if i.status == AgendaItemStatus.DECLINED],
        meeting_attachments=[a for a in attachments if a.agenda_item_id is None],
        total_minutes=total,
        ends=clock,
    )


def item_position(item: AgendaItem) -> tuple[int, int]:
    """An accepted item's number and the number of accepted items (for announcements)."""
    accepted = list(
        AgendaItem.objects.filter(
            meeting_id=item.meeting_id, status=AgendaItemStatus.ACCEPTED
        ).values_list("pk", flat=True)
    )
    return accepted.index(item.pk) + 1 if item.pk in accepted else 0, len(accepted)


def open_action_items(meeting: Meeting, *, exclude: set[int] | None = None) -> list[ActionItem]:
    """Open action items from the minutes of the group's earlier meetings."""
    rows = (
        ActionItem.objects.filter(
            minutes__meeting__group_id=meeting.group_id,
            minutes__meeting__starts_at__lt=meeting.starts_at,
            status=ActionItemStatus.OPEN,
        )
        .exclude(pk__in=exclude or set())
        .select_related("responsible", "minutes__meeting")
        .order_by("due_date", "pk")
    )
    return list(rows)


def group_has_plan(meeting: Meeting) -> bool:
    from mysam.plans.models import ActionPlan

    return ActionPlan.objects.filter(group_id=meeting.group_id).exists()


def follow_up_since(meeting: Meeting) -> datetime.date:
    """The follow-up looks at what changed since the group's previous meeting (else the
    last three months)."""
    previous = (
        Meeting.objects.filter(group_id=meeting.group_id, starts_at__lt=meeting.starts_at)
        .exclude(status="cancelled")
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    if previous is not None:
        return timezone.localtime(previous).date()
    return meeting.date - datetime.timedelta(days=90)


def attachment_choices(meeting: Meeting) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(meeting=meeting, status=AgendaItemStatus.ACCEPTED).order_by(
        "order", "pk"
    )


# --- Attendance --------------------------------------------------------------------------


def _organisation(person: Person) -> str:
    return person.party.name if person.party_id else ""


@dataclass
class AttendanceRow:
    """One line of the attendance table: "Deltagare / Roll / Organisation"."""

    person: Person
    name: str
    role: str
    organisation: str
    present: bool
    replaces: Person | None = None
    is_guest: bool = False


@dataclass
class AttendanceTable:
    present: list[AttendanceRow] = field(default_factory=list)
    absent: list[AttendanceRow] = field(default_factory=list)

    @property
    def rows(self) -> list[AttendanceRow]:
        """The present (with "ersätter"), then the absent."""
        return self.present + self.absent

    @property
    def is_empty(self) -> bool:
        return not self.present and not self.absent


def attendance_table(meeting: Meeting) -> AttendanceTable:
    """The recorded attendance as the minutes show it. One query."""
    rows = (
        Attendance.objects.filter(meeting=meeting)
        .select_related("person", "person__party", "replaces", "membership")
        .order_by("is_guest", "person__last_name", "person__first_name", "pk")
    )
    table = AttendanceTable()
    for a in rows:
        present = a.status == AttendanceStatus.PRESENT
        name = a.person.full_name
        if present and a.replaces is not None:
            name = _("%(name)s/replaces %(replaced)s") % {
                "name": name,
                "replaced": a.replaces.full_name,
            }
        row = AttendanceRow(
            person=a.person,
            name=name,
            role=a.role_label or a.person.title,
            organisation=_organisation(a.person),
            present=present,
            replaces=a.replaces if present else None,
            is_guest=a.is_guest,
        )
        (table.present if present else table.absent).append(row)
    return table


ROLE_ORDER = {
    MembershipRole.CONVENER: 0,
    MembershipRole.MEMBER: 1,
    MembershipRole.SUBSTITUTE: 2,
    MembershipRole.CO_OPTED: 3,
    MembershipRole.GUEST: 4,
}


@dataclass
class AttendanceFormRow:
    """A person on the attendance form, with what is recorded so far."""

    person: Person
    membership: Membership | None
    role: str
    present: bool | None
    replaces_id: int | None
    is_guest: bool
    can_replace: bool = False

    @property
    def key(self) -> str:
        return str(self.person.pk)


@dataclass
class AttendanceForm:
    rows: list[AttendanceFormRow]
    # People of the association who may be added as guests (not on the list yet).
    guest_candidates: list[Person]
    # Co-opted members of the group not invited to this meeting.
    co_opted_candidates: list[Membership]

    @property
    def replaceable(self) -> list[AttendanceFormRow]:
        """Members a substitute may replace: everyone on the list who is not a substitute
        or guest."""
        return [r for r in self.rows if not r.can_replace and not r.is_guest]


def attendance_form(meeting: Meeting) -> AttendanceForm:
    """The people to mark on the attendance form: the group's memberships current on the
    meeting day (co-opted only when invited or already recorded), and guests recorded so
    far. Four queries, whatever the size of the group."""
    day = meeting.date
    memberships = list(
        Membership.objects.current(day)
        .filter(group_id=meeting.group_id)
        .select_related("person", "person__party", "seat", "substitute_for")
    )
    invited = set(meeting.invited_co_opted.values_list("pk", flat=True))
    recorded = {
        a.person_id: a
        for a in Attendance.objects.filter(meeting=meeting).select_related(
            "person", "person__party", "membership"
        )
    }
    rows: dict[int, AttendanceFormRow] = {}
    co_opted: list[Membership] = []
    for m in sorted(memberships, key=lambda m: (ROLE_ORDER.get(m.role, 9), m.person.last_name)):  # type: ignore[call-overload]
        if m.person_id in rows:
            continue
        if (
            m.role == MembershipRole.CO_OPTED
            and m.pk not in invited
            and m.person_id not in recorded
        ):
            co_opted.append(m)
            continue
        a = recorded.get(m.person_id)
        default_replaces = None
        if m.substitute_for is not None:
            default_replaces = m.substitute_for.person_id
        rows[m.person_id] = AttendanceFormRow(
            person=m.person,
            membership=m,
            role=m.get_role_display(),
            present=None if a is None else a.status == AttendanceStatus.PRESENT,
            replaces_id=(a.replaces_id if a is not None and a.replaces_id else default_replaces)
            if m.role == MembershipRole.SUBSTITUTE
            else None,
            is_guest=m.role == MembershipRole.GUEST,
            can_replace=m.role == MembershipRole.SUBSTITUTE,
        )
    for person_id, a in recorded.items():
        if person_id in rows:
            continue
        rows[person_id] = AttendanceFormRow(
            person=a.person,
            membership=a.membership,
            role=_("Guest") if a.is_guest else (a.role_label or ""),
            present=a.status == AttendanceStatus.PRESENT,
            replaces_id=a.replaces_id,
            is_guest=True,
            can_replace=a.replaces_id is not None,
        )
    candidates = list(
        Person.objects.filter(association_id=meeting.group.association_id)
        .exclude(pk__in=list(rows))
        .select_related("party")
        .order_by("last_name", "first_name")
    )
    return AttendanceForm(
        rows=list(rows.values()), guest_candidates=candidates, co_opted_candidates=co_opted
    )


def person_for_attendance(meeting: Meeting, pk: int) -> Person | None:
    """A person of the meeting's association (for adding a guest), or None."""
    return Person.objects.filter(association_id=meeting.group.association_id, pk=pk).first()


def membership_for_invite(meeting: Meeting, pk: int) -> Membership | None:
    """A co-opted membership of the meeting's group current on the meeting day."""
    return (
        Membership.objects.current(meeting.date)
        .filter(group_id=meeting.group_id, pk=pk, role=MembershipRole.CO_OPTED)
        .select_related("person")
        .first()
    )


def guest_attendance(meeting: Meeting, person_pk: int) -> Attendance | None:
    """A guest's attendance row at the meeting, or None."""
    return (
        Attendance.objects.filter(meeting=meeting, person_id=person_pk, is_guest=True)
        .select_related("person")
        .first()
    )
