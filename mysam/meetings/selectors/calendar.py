"""Reads of the calendar: meeting lists by month, the office calendar, a meeting's page,
series, the recipients of a notice and personal calendar feeds.

Every list costs a fixed number of queries whatever the number of meetings.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from mysam.accounts.actor import Actor
from mysam.meetings import access
from mysam.meetings.models import (
    AgendaItem,
    AgendaItemStatus,
    CalendarFeed,
    Meeting,
    MeetingSeries,
)
from mysam.organisation.models import CooperationGroup, Membership, MembershipRole

# Who gets the notice without being invited one meeting at a time.
NOTICE_ROLES = (
    MembershipRole.MEMBER,
    MembershipRole.CONVENER,
    MembershipRole.SUBSTITUTE,
    MembershipRole.GUEST,
)
PAST_DAYS = 365


@dataclass
class MonthGroup:
    month: datetime.date  # the first day of the month
    meetings: list[Meeting] = field(default_factory=list)


@dataclass
class WeekGroup:
    year: int
    week: int
    monday: datetime.date
    sunday: datetime.date
    meetings: list[Meeting] = field(default_factory=list)


@dataclass
class Recipient:
    email: str
    name: str
    membership: Membership


def _by_month(meetings: Iterable[Meeting]) -> list[MonthGroup]:
    months: list[MonthGroup] = []
    for meeting in meetings:
        first = meeting.date.replace(day=1)
        if not months or months[-1].month != first:
            months.append(MonthGroup(first))
        months[-1].meetings.append(meeting)
    return months


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def readable_groups(actor: Actor) -> list[CooperationGroup]:
    """The groups whose meetings the actor reads (all of the association's for the office
    and the board), by name."""
    association_id = actor.association_id
    if association_id is None:
        return []
    groups = CooperationGroup.objects.filter(association_id=association_id)
    if not actor.reads_everything:
        groups = groups.filter(pk__in=list(actor.group_roles))
    return list(groups.order_by("name"))


def meeting_list(
    *, actor: Actor, group_id: int | None = None, today: datetime.date | None = None
) -> dict[str, Any]:
    """The actor's upcoming meetings and those of the past twelve months, grouped by month,
    optionally for one group; the groups to filter by and those the actor plans meetings
    for. Meetings of groups the actor does not read never appear."""
    today = today or timezone.localdate()
    meetings = access.visible_meetings(actor).select_related("group", "series")
    groups = readable_groups(actor)
    if group_id is not None:
        meetings = meetings.filter(group_id=group_id)
    since = _start_of_day(today - datetime.timedelta(days=PAST_DAYS))
    rows = list(meetings.filter(starts_at__gte=since).order_by("starts_at", "pk"))
    now = _start_of_day(today)
    upcoming = [m for m in rows if m.starts_at >= now]
    past = [m for m in reversed(rows) if m.starts_at < now]
    return {
        "upcoming": _by_month(upcoming),
        "past": _by_month(past),
        "groups": groups,
        "writable_groups": [g for g in groups if access.can_write_group(actor, g.pk)],
        "selected_group_id": group_id,
    }


def group_meetings(
    *, group: CooperationGroup, today: datetime.date | None = None
) -> dict[str, Any]:
    """All meetings of one group (the caller checked access): upcoming and past by month,
    and its series."""
    today = today or timezone.localdate()
    now = _start_of_day(today)
    rows = list(
        Meeting.objects.filter(group=group).select_related("series").order_by("starts_at", "pk")
    )
    return {
        "upcoming": _by_month(m for m in rows if m.starts_at >= now),
        "past": _by_month(m for m in reversed(rows) if m.starts_at < now),
        "series": list(MeetingSeries.objects.filter(group=group).order_by("-first_date")),
    }


def parse_month(value: str | None, today: datetime.date | None = None) -> datetime.date:
    """``2026-03`` → 2026-03-01; anything else → this month."""
    today = today or timezone.localdate()
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return datetime.date(year, month, 1)
    except (ValueError, TypeError):
        return today.replace(day=1)


def _next_month(first: datetime.date) -> datetime.date:
    return (
        first.replace(year=first.year + 1, month=1)
        if first.month == 12
        else first.replace(month=first.month + 1)
    )


def office_calendar(*, actor: Actor, month: datetime.date) -> dict[str, Any]:
    """All groups' meetings in one month, per ISO week (the caller checked office/board)."""
    first = month.replace(day=1)
    after = _next_month(first)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    meetings = list(
        access.visible_meetings(actor)
        .filter(starts_at__gte=_start_of_day(first), starts_at__lt=_start_of_day(after))
        .select_related("group")
        .order_by("starts_at", "group__name", "pk")
    )
    weeks: list[WeekGroup] = []
    day = first - datetime.timedelta(days=first.weekday())
    while day < after:
        iso = day.isocalendar()
        weeks.append(WeekGroup(iso.year, iso.week, day, day + datetime.timedelta(days=6)))
        day += datetime.timedelta(days=7)
    for meeting in meetings:
        iso = meeting.date.isocalendar()
        for week in weeks:
            if (week.year, week.week) == (iso.year, iso.week):
                week.meetings.append(meeting)
                break
    return {
        "month": first,
        "previous": previous,
        "next": after,
        "weeks": weeks,
        "count": len(meetings),
    }


def meeting_detail(*, meeting: Meeting) -> dict[str, Any]:
    """What a meeting's page shows besides the meeting: its agenda (the items on it) and the
    co-opted members invited. Two queries whatever the length of the agenda."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting, status=AgendaItemStatus.ACCEPTED).order_by(
            "order", "pk"
        )
    )
    invited = list(meeting.invited_co_opted.select_related("person").order_by("person__last_name"))
    return {"agenda": items, "invited": invited}


def series_detail(*, series: MeetingSeries) -> list[Meeting]:
    """The meetings of a series, in order (exceptions and cancelled ones included)."""
    return list(series.meetings.order_by("starts_at", "pk"))


def group_co_opted(*, group: CooperationGroup) -> QuerySet[Membership]:
    """The group's current co-opted members, who get a notice only when invited."""
    return (
        Membership.objects.current()
        .filter(group=group, role=MembershipRole.CO_OPTED)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )


def notice_agenda(*, meeting: Meeting) -> list[AgendaItem]:
    """The agenda items a notice lists (those on the agenda, not mere proposals)."""
    return list(
        AgendaItem.objects.filter(meeting=meeting, status=AgendaItemStatus.ACCEPTED).order_by(
            "order", "pk"
        )
    )


def notice_recipients(*, meeting: Meeting) -> list[Recipient]:
    """Who receives a meeting's notice: the group's current members, conveners, substitutes
    and guests with an e-mail address, and co-opted members only when invited to this
    meeting. One e-mail address receives one notice."""
    invited = meeting.invited_co_opted.values("pk")
    memberships = (
        Membership.objects.current()
        .filter(group_id=meeting.group_id)
        .filter(Q(role__in=NOTICE_ROLES) | Q(role=MembershipRole.CO_OPTED, pk__in=invited))
        .select_related("person", "person__user")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    seen: set[str] = set()
    result = []
    for membership in memberships:
        person = membership.person
        email = person.email or (person.user.email if person.user else "")
        if not email or email.lower() in seen:
            continue
        seen.add(email.lower())
        result.append(Recipient(email=email, name=person.full_name, membership=membership))
    return result


# --- Personal feeds ------------------------------------------------------------------------


def calendar_feed_for_token(*, token: str) -> CalendarFeed:
    """The feed whose secret token this is (the token is the only key: no login); 404 for
    an unknown token."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not token or not feed.user.is_active:
        raise Http404
    return feed


def feed_meetings(*, feed: CalendarFeed, today: datetime.date | None = None) -> list[Meeting]:
    """The meetings of every group in which the feed's user has a current membership (in
    any association): the past twelve months and all future ones, cancelled included."""
    today = today or timezone.localdate()
    group_ids = (
        Membership.objects.current(today).filter(person__user_id=feed.user_id).values("group_id")
    )
    since = _start_of_day(today - datetime.timedelta(days=PAST_DAYS))
    return list(
        Meeting.objects.filter(group_id__in=group_ids, starts_at__gte=since)
        .select_related("group")
        .order_by("starts_at", "pk")
    )


# --- Notices -------------------------------------------------------------------------------


def notice_context(*, meeting: Meeting, cancelled: bool = False) -> dict[str, Any]:
    """What the notice's templates need: the meeting, its agenda, its absolute URL and
    whether it is a first notice, an update or a cancellation."""
    url = settings.SITE_URL.rstrip("/") + reverse("meetings:meeting_detail", args=[meeting.pk])
    return {
        "meeting": meeting,
        "agenda": notice_agenda(meeting=meeting),
        "url": url,
        "cancelled": cancelled,
        "update": not cancelled and meeting.notice_sent_at is not None,
    }


def notice_preview(*, meeting: Meeting) -> dict[str, Any]:
    """The notice page: who would receive it now and the e-mail's subject and text."""
    context = notice_context(meeting=meeting)
    subject = render_to_string("meetings/email/notice_subject.txt", context)
    return {
        "recipients": notice_recipients(meeting=meeting),
        "subject": " ".join(subject.split()),
        "body": render_to_string("meetings/email/notice_body.txt", context),
    }
