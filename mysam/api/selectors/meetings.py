"""Meetings as metadata: when, which group, status, attendance counts. Never minutes text,
agenda text or who attended."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import F, QuerySet
from django.db.models.functions import TruncDate
from ninja import Schema

from mysam.api.selectors.base import Table, YearFilters, count_by
from mysam.meetings.models import Attendance, AttendanceStatus, Meeting


class MeetingItem(Schema):
    id: int
    group_id: int
    title: str
    date: datetime.date
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    status: str
    minutes_status: str | None
    present_count: int
    absent_count: int
    guest_count: int


def meetings(association_id: int, filters: YearFilters) -> QuerySet[Any]:
    rows = Meeting.objects.filter(group__association_id=association_id)
    if filters.year is not None:
        rows = rows.filter(starts_at__year=filters.year)
    if filters.group is not None:
        rows = rows.filter(group_id=filters.group)
    if filters.municipality is not None:
        rows = rows.filter(group__municipalities=filters.municipality)
    present = Attendance.objects.filter(status=AttendanceStatus.PRESENT)
    return (
        rows.annotate(
            present_count=count_by(present, "meeting"),
            absent_count=count_by(
                Attendance.objects.filter(status=AttendanceStatus.ABSENT), "meeting"
            ),
            guest_count=count_by(present.filter(is_guest=True), "meeting"),
        )
        .order_by("starts_at", "pk")
        .values(
            "id",
            "group_id",
            "title",
            "starts_at",
            "ends_at",
            "status",
            "present_count",
            "absent_count",
            "guest_count",
            minutes_status=F("minutes__status"),
            date=TruncDate("starts_at"),
        )
    )


TABLES = [
    Table(
        "meetings",
        "Meetings",
        "Meetings of the groups (metadata only). status: planned, cancelled; minutes_status: "
        "draft, ready, approved or null; counts of present (guests included), absent and "
        "present guests. year filters on the start date.",
        MeetingItem,
        meetings,
        YearFilters,
    )
]
