"""Reads of minutes: one meeting's minutes as a document, the list with search, the
previous minutes a meeting can approve, and the choices the minutes' forms offer.

The document is built in a fixed number of queries whatever the number of items,
decisions and action items; the list costs the same for 5 minutes as for 50.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone

from mysam.accounts.actor import Actor
from mysam.meetings import access
from mysam.meetings.models import (
    ActionItem,
    AgendaItem,
    AgendaItemStatus,
    Attachment,
    Decision,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesChecker,
    MinutesNote,
    MinutesStatus,
    MinutesVersion,
)
from mysam.meetings.selectors.agenda import AttendanceRow, attendance_table
from mysam.organisation.models import CooperationGroup, Membership, Person
from mysam.plans.models import ActionPlan, Activity
from mysam.plans.richtext import sanitize_html

PAGE_SIZE = 25


@dataclass
class MinutesItem:
    """A numbered agenda item with its note, decisions, action items and attachments."""

    number: int
    agenda_item: AgendaItem
    note: MinutesNote | None
    decisions: list[Decision] = field(default_factory=list)
    action_items: list[ActionItem] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)

    @property
    def numbered_decisions(self) -> list[tuple[str, Decision]]:
        """ "4.1", "4.2": the item's number and the decision's number within it."""
        return [(f"{self.number}.{d.number}", d) for d in self.decisions]


@dataclass
class MinutesDocument:
    minutes: Minutes
    meeting: Meeting
    group: CooperationGroup
    items: list[MinutesItem]
    present: list[AttendanceRow]
    absent: list[AttendanceRow]
    attachments: list[Attachment]
    checkers: list[MinutesChecker]
    activity_titles: dict[Any, str]

    @property
    def title(self) -> str:
        # The document's title as the groups write it (seed 003): a Swedish proper heading.
        return f"Minnesanteckningar {self.group.name}"

    @property
    def date(self) -> datetime.date:
        return timezone.localtime(self.meeting.starts_at).date()

    @property
    def time_range(self) -> str:
        """ "13.00–14.30", as seed 003 writes times."""
        start = timezone.localtime(self.meeting.starts_at)
        end = timezone.localtime(self.meeting.ends_at)
        return f"{start:%H.%M}–{end:%H.%M}"

    @property
    def signature_lines(self) -> list[str]:
        """ "Name, title" as two lines, as seed 003 signs."""
        signed = self.minutes.signed_by.strip()
        return [part.strip() for part in signed.split(",", 1)] if signed else []

    @property
    def place(self) -> str:
        return self.meeting.location or self.meeting.video_link


def minutes_document(*, minutes: Minutes) -> MinutesDocument:
    """The minutes with everything the page, the PDF and the Word file show, in a fixed
    number of queries. The attendance table is the agenda area's ``attendance_table``."""
    meeting = minutes.meeting
    agenda = list(
        AgendaItem.objects.filter(meeting=meeting, status=AgendaItemStatus.ACCEPTED).order_by(
            "order", "pk"
        )
    )
    notes = {n.agenda_item_id: n for n in MinutesNote.objects.filter(minutes=minutes)}
    decisions: dict[int, list[Decision]] = {}
    for decision in Decision.objects.filter(minutes=minutes).order_by("agenda_item_id", "number"):
        decisions.setdefault(decision.agenda_item_id, []).append(decision)
    actions: dict[int | None, list[ActionItem]] = {}
    action_rows = list(
        ActionItem.objects.filter(minutes=minutes)
        .select_related("responsible", "responsible__party")
        .order_by("due_date", "pk")
    )
    for action in action_rows:
        actions.setdefault(action.agenda_item_id, []).append(action)
    attachments: dict[int | None, list[Attachment]] = {}
    for attachment in Attachment.objects.filter(meeting=meeting):
        attachments.setdefault(attachment.agenda_item_id, []).append(attachment)
    lineages = {a.plan_activity_lineage for a in action_rows if a.plan_activity_lineage}
    titles: dict[Any, str] = {}
    if lineages:
        for lineage, title in (
            Activity.objects.filter(lineage__in=lineages)
            .order_by("goal__version__number")
            .values_list("lineage", "title")
        ):
            titles[lineage] = title  # the newest version's title wins
    items = [
        MinutesItem(
            number=number,
            agenda_item=item,
            note=notes.get(item.pk),
            decisions=decisions.get(item.pk, []),
            action_items=actions.get(item.pk, []),
            attachments=attachments.get(item.pk, []),
        )
        for number, item in enumerate(agenda, start=1)
    ]
    attendance = attendance_table(meeting)
    checkers = list(
        MinutesChecker.objects.filter(minutes=minutes)
        .select_related("person")
        .order_by("person__last_name")
    )
    return MinutesDocument(
        minutes=minutes,
        meeting=meeting,
        group=meeting.group,
        items=items,
        present=attendance.present,
        absent=attendance.absent,
        attachments=attachments.get(None, []),
        checkers=checkers,
        activity_titles=titles,
    )


def decision_label(decision: Decision, items: list[MinutesItem]) -> str:
    """ "4.2": the item's number in the minutes and the decision's number in the item."""
    for item in items:
        if item.agenda_item.pk == decision.agenda_item_id:
            return f"{item.number}.{decision.number}"
    return str(decision.number)


def item_number(*, agenda_item: AgendaItem) -> int:
    """The position of an accepted agenda item in its meeting's minutes (1, 2, …)."""
    return (
        AgendaItem.objects.filter(meeting_id=agenda_item.meeting_id, status="accepted")
        .filter(Q(order__lt=agenda_item.order) | Q(order=agenda_item.order, pk__lt=agenda_item.pk))
        .count()
        + 1
    )


# --- Approval at the next meeting ------------------------------------------------------------


def previous_meeting(*, meeting: Meeting) -> Meeting | None:
    """The group's meeting before this one (cancelled meetings skipped)."""
    return (
        Meeting.objects.filter(group_id=meeting.group_id, starts_at__lt=meeting.starts_at)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-starts_at")
        .first()
    )


def previous_minutes_to_approve(*, meeting: Meeting) -> Minutes | None:
    """The previous meeting's minutes if they wait for approval at this meeting."""
    previous = previous_meeting(meeting=meeting)
    if previous is None:
        return None
    return (
        Minutes.objects.filter(
            meeting=previous,
            status=MinutesStatus.READY,
            approval_method="next_meeting",
        )
        .select_related("meeting")
        .first()
    )


def minutes_approved_here(*, meeting: Meeting) -> list[Minutes]:
    """Minutes of earlier meetings approved at this meeting."""
    return list(Minutes.objects.filter(approved_at_meeting=meeting).select_related("meeting"))


# --- Choices for the forms -------------------------------------------------------------------


def group_people(*, group: CooperationGroup, on: datetime.date | None = None) -> QuerySet[Person]:
    """People with a membership in force in the group (checkers are chosen among them)."""
    person_ids = Membership.objects.current(on).filter(group=group).values("person_id")
    return (
        Person.objects.filter(pk__in=person_ids)
        .select_related("party")
        .order_by("last_name", "first_name")
    )


def association_people(*, association_id: int) -> QuerySet[Person]:
    """The association's people (anyone may be responsible for an action item)."""
    return (
        Person.objects.filter(association_id=association_id)
        .select_related("party")
        .order_by("last_name", "first_name")
    )


def plan_activities(*, group: CooperationGroup) -> QuerySet[Activity]:
    """The activities of the newest version of the group's newest action plan."""
    plan = ActionPlan.objects.filter(group=group).order_by("-start_year", "-pk").first()
    if plan is None:
        return Activity.objects.none()
    version = plan.versions.order_by("-number").first()
    if version is None:
        return Activity.objects.none()
    return (
        Activity.objects.filter(goal__version=version)
        .select_related("goal", "goal__version__plan", "goal__goal_area")
        .order_by("goal__goal_area__number", "goal__order", "order", "pk")
    )


def minutes_versions(*, minutes: Minutes) -> list[MinutesVersion]:
    """The frozen versions, newest first, with their content sanitised again for display."""
    versions = list(
        MinutesVersion.objects.filter(minutes=minutes)
        .select_related("created_by")
        .order_by("-number")
    )
    for version in versions:
        for item in version.content.get("items", []):
            item["body"] = sanitize_html(item.get("body", ""))
    return versions


# --- The list of minutes ---------------------------------------------------------------------


@dataclass
class MinutesFilter:
    q: str = ""
    group_id: int | None = None
    year: int | None = None
    status: str = ""


def minutes_list(*, actor: Actor, filters: MinutesFilter, page: int | str = 1) -> Page[Minutes]:
    """Minutes the actor may read, newest meeting first, filtered and searched (the text of
    notes, decisions, action items and the group's name). Two queries: count and page."""
    minutes = access.visible_minutes(actor).select_related("meeting", "meeting__group")
    if filters.q:
        for word in filters.q.split():
            minutes = minutes.filter(search_text__icontains=word)
    if filters.group_id:
        minutes = minutes.filter(meeting__group_id=filters.group_id)
    if filters.year:
        minutes = minutes.filter(meeting__starts_at__year=filters.year)
    if filters.status:
        minutes = minutes.filter(status=filters.status)
    paginator = Paginator(minutes.order_by("-meeting__starts_at", "-pk"), PAGE_SIZE)
    return paginator.get_page(page)


def minutes_filter_choices(*, actor: Actor) -> tuple[list[CooperationGroup], list[int]]:
    """Groups and years offered in the list's filters (two queries)."""
    visible = access.visible_minutes(actor)
    group_ids = visible.values("meeting__group_id")
    groups = list(CooperationGroup.objects.filter(pk__in=group_ids).order_by("name"))
    years = sorted({d.year for d in visible.dates("meeting__starts_at", "year")}, reverse=True)
    return groups, years


def checker_for_user(*, minutes: Minutes, user_id: int | None) -> MinutesChecker | None:
    """The user's checker row on these minutes, if they are a named checker."""
    if user_id is None:
        return None
    return (
        MinutesChecker.objects.filter(minutes=minutes, person__user_id=user_id)
        .select_related("person")
        .first()
    )


def notes_for_correction(*, minutes: Minutes) -> list[tuple[int, MinutesNote]]:
    """The notes with their item numbers, in agenda order."""
    notes = list(
        MinutesNote.objects.filter(minutes=minutes, agenda_item__status="accepted")
        .select_related("agenda_item")
        .order_by("agenda_item__order", "agenda_item__pk")
    )
    return list(enumerate(notes, start=1))
