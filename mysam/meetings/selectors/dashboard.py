"""The office dashboard: attendance per group and per party over the last twelve months,
meetings whose minutes are not approved, and overdue action items.

Attendance is the share of *expected* participants who were present. Expected are the
group's members and conveners whose membership was in force on the meeting day (co-opted
members, substitutes and guests are not expected). A present substitute who "replaces" a
member counts for that member, so the seat is filled. Only meetings where attendance was
taken count: a meeting without any attendance rows says nothing about who came.

Every read costs a fixed number of queries, whatever the number of groups and meetings: the
rows are fetched in a few flat queries and counted in Python.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from mysam.accounts.actor import Actor
from mysam.meetings import access
from mysam.meetings.models import (
    ActionItem,
    ActionItemStatus,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
)
from mysam.organisation.models import CooperationGroup, Membership, MembershipRole, PartyKind

# The roles that are expected at every meeting (see the module docstring).
EXPECTED_ROLES = (MembershipRole.MEMBER, MembershipRole.CONVENER)
# Parties in the order of the structure picture; the association and others come last.
PARTY_ORDER = (
    PartyKind.MUNICIPALITY,
    PartyKind.REGION,
    PartyKind.FK,
    PartyKind.AF,
    PartyKind.ASSOCIATION,
    PartyKind.OTHER,
)


@dataclass
class Rate:
    """Present of expected, for a group, a party kind or one meeting."""

    present: int = 0
    expected: int = 0
    meetings: int = 0

    @property
    def share(self) -> float | None:
        return self.present / self.expected if self.expected else None


@dataclass
class GroupRate:
    group_id: int
    name: str
    rate: Rate


@dataclass
class PartyRate:
    kind: str
    label: str
    rate: Rate


@dataclass
class MeetingRate:
    meeting: Meeting
    rate: Rate


@dataclass
class UnapprovedMinutes:
    meeting: Meeting
    minutes: Minutes | None
    days_since: int

    @property
    def status_label(self) -> str:
        from django.utils.translation import gettext as _

        if self.minutes is None:
            return _("No minutes yet")
        return str(self.minutes.get_status_display())


@dataclass
class OverdueItem:
    item: ActionItem
    days_overdue: int


@dataclass
class Dashboard:
    since: datetime.date
    today: datetime.date
    by_group: list[GroupRate]
    by_party: list[PartyRate]
    total: Rate
    unapproved: list[UnapprovedMinutes] = field(default_factory=list)
    overdue: list[OverdueItem] = field(default_factory=list)


def twelve_months_before(today: datetime.date) -> datetime.date:
    """The first day of the period: the same date a year earlier (28 Feb for 29 Feb)."""
    try:
        return today.replace(year=today.year - 1) + datetime.timedelta(days=1)
    except ValueError:
        return datetime.date(today.year - 1, 3, 1)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _held_meetings(association_id: int, since: datetime.date, now: datetime.datetime) -> QuerySet:
    """Meetings of the period that took place and had their attendance taken."""
    return Meeting.objects.filter(
        group__association_id=association_id,
        status=MeetingStatus.PLANNED,
        starts_at__gte=_start_of(since),
        starts_at__lt=now,
    ).filter(Exists(Attendance.objects.filter(meeting_id=OuterRef("pk"))))


@dataclass(frozen=True)
class _Expected:
    person_id: int
    party_kind: str


def _attendance_by_meeting(
    association_id: int, since: datetime.date, now: datetime.datetime
) -> list[tuple[Meeting, list[tuple[_Expected, bool]]]]:
    """For each held meeting: its expected participants and whether each one's seat was
    filled (present, or replaced by a present substitute). Three queries."""
    today = timezone.localdate(now)
    held = _held_meetings(association_id, since, now)
    meetings = list(held.select_related("group").order_by("starts_at", "pk"))
    memberships: dict[int, list[tuple[datetime.date, datetime.date | None, _Expected]]] = (
        defaultdict(list)
    )
    rows = (
        Membership.objects.filter(
            group__association_id=association_id,
            role__in=EXPECTED_ROLES,
            start_date__lte=today,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=since))
        .values_list("group_id", "start_date", "end_date", "person_id", "person__party__kind")
    )
    for group_id, start, end, person_id, kind in rows:
        memberships[group_id].append((start, end, _Expected(person_id, kind)))
    filled: dict[int, set[int]] = defaultdict(set)
    present_rows = Attendance.objects.filter(
        meeting__in=held, status=AttendanceStatus.PRESENT
    ).values_list("meeting_id", "person_id", "replaces_id")
    for meeting_id, person_id, replaces_id in present_rows:
        filled[meeting_id].add(person_id)
        if replaces_id is not None:
            filled[meeting_id].add(replaces_id)
    result = []
    for meeting in meetings:
        day = meeting.date
        expected: dict[int, _Expected] = {}
        for start, end, who in memberships[meeting.group_id]:
            if start <= day and (end is None or end >= day):
                expected.setdefault(who.person_id, who)
        seats = [(who, who.person_id in filled[meeting.pk]) for who in expected.values()]
        result.append((meeting, seats))
    return result


def _add(rate: Rate, seats: Iterable[tuple[_Expected, bool]]) -> None:
    counted = False
    for _who, present in seats:
        counted = True
        rate.expected += 1
        rate.present += int(present)
    if counted:
        rate.meetings += 1


def party_label(kind: str) -> str:
    from django.utils.translation import gettext as _

    labels: dict[str, str] = {
        PartyKind.MUNICIPALITY: _("The municipalities"),
        PartyKind.REGION: _("Region"),
        PartyKind.FK: "Försäkringskassan",
        PartyKind.AF: "Arbetsförmedlingen",
        PartyKind.ASSOCIATION: _("The association"),
        PartyKind.OTHER: _("Other"),
    }
    return str(labels.get(kind, kind))


def dashboard_overview(*, actor: Actor, today: datetime.date | None = None) -> Dashboard:
    """Everything on the office dashboard for the actor's association. The office and the
    board only (403 for others). Six queries, whatever the amount of data."""
    access.require_office_or_board(actor)
    association_id = actor.association_id
    assert association_id is not None  # noqa: S101 (require_office_or_board checked it)
    now = timezone.now()
    today = today or timezone.localdate(now)
    since = twelve_months_before(today)

    groups = list(
        CooperationGroup.objects.filter(association_id=association_id, is_active=True)
        .order_by("name")
        .values_list("pk", "name")
    )
    by_group = {pk: GroupRate(pk, name, Rate()) for pk, name in groups}
    by_party: dict[str, Rate] = defaultdict(Rate)
    total = Rate()
    for meeting, seats in _attendance_by_meeting(association_id, since, now):
        if meeting.group_id not in by_group:  # an inactive group with meetings in the period
            by_group[meeting.group_id] = GroupRate(meeting.group_id, meeting.group.name, Rate())
        _add(by_group[meeting.group_id].rate, seats)
        _add(total, seats)
        kinds = {who.party_kind for who, _p in seats}
        for kind in kinds:
            _add(by_party[kind], [(who, p) for who, p in seats if who.party_kind == kind])
    party_rates = [
        PartyRate(kind, party_label(kind), by_party[kind])
        for kind in PARTY_ORDER
        if kind in by_party
    ]

    unapproved = [
        UnapprovedMinutes(
            meeting=meeting,
            minutes=getattr(meeting, "minutes", None),
            days_since=(today - meeting.date).days,
        )
        for meeting in Meeting.objects.filter(
            group__association_id=association_id,
            status=MeetingStatus.PLANNED,
            ends_at__lt=now,
        )
        .exclude(minutes__status=MinutesStatus.APPROVED)
        .select_related("group", "minutes")
        .order_by("starts_at", "pk")
    ]
    overdue = [
        OverdueItem(item=item, days_overdue=(today - item.due_date).days)
        for item in ActionItem.objects.filter(
            minutes__meeting__group__association_id=association_id,
            status=ActionItemStatus.OPEN,
            due_date__lt=today,
        )
        .select_related("responsible", "responsible__party", "minutes__meeting__group")
        .order_by("due_date", "pk")
    ]
    return Dashboard(
        since=since,
        today=today,
        by_group=sorted(by_group.values(), key=lambda g: g.name),
        by_party=party_rates,
        total=total,
        unapproved=unapproved,
        overdue=overdue,
    )


@dataclass
class AttendanceDetail:
    """Attendance meeting by meeting, for one group or one party kind."""

    since: datetime.date
    today: datetime.date
    title: str
    rows: list[MeetingRate]
    total: Rate


def dashboard_attendance_detail(
    *,
    actor: Actor,
    group_id: int | None = None,
    party_kind: str | None = None,
    today: datetime.date | None = None,
) -> AttendanceDetail | None:
    """The meetings behind one bar of the dashboard: a group's meetings, or every meeting
    counted only for one party's members. None when the group or party is unknown (the
    view answers 404). The office and the board only (403 for others). Four queries."""
    access.require_office_or_board(actor)
    association_id = actor.association_id
    assert association_id is not None  # noqa: S101 (require_office_or_board checked it)
    now = timezone.now()
    today = today or timezone.localdate(now)
    since = twelve_months_before(today)
    if group_id is not None:
        group = CooperationGroup.objects.filter(association_id=association_id, pk=group_id).first()
        if group is None:
            return None
        title = group.name
    elif party_kind in PARTY_ORDER:
        title = party_label(party_kind)
    else:
        return None
    rows = []
    total = Rate()
    for meeting, seats in _attendance_by_meeting(association_id, since, now):
        if group_id is not None and meeting.group_id != group_id:
            continue
        if party_kind is not None:
            seats = [(who, p) for who, p in seats if who.party_kind == party_kind]
            if not seats:
                continue
        rate = Rate()
        _add(rate, seats)
        _add(total, seats)
        rows.append(MeetingRate(meeting, rate))
    rows.reverse()  # newest first
    return AttendanceDetail(since=since, today=today, title=title, rows=rows, total=total)
