"""The calendar, minutes and dashboard pages in Chromium: no axe-core WCAG 2.1 A/AA
violation at desktop and phone width, and nothing wider than a phone screen."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from mysam.conftest import page_problems
from mysam.meetings import models as m
from mysam.meetings.services import minutes as minutes_services
from mysam.meetings.tests.factories import make_meeting, make_minutes


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_calendar_minutes_and_dashboard_pages_pass_axe(chromium, live_server, world):  # type: ignore[no-untyped-def]
    earlier = make_meeting(world.group, day=datetime.date(2026, 2, 9))
    approved = make_minutes(earlier, status=m.MinutesStatus.APPROVED)
    meeting = make_meeting(world.group)
    draft = make_minutes(meeting)
    item = meeting.agenda_items.get(title="Trisam")
    minutes_services.decision_create(minutes=draft, agenda_item=item, text="Godkänns")
    minutes_services.action_item_create(
        minutes=draft,
        agenda_item=item,
        text="Ta fram statistik för nästa möte",
        responsible=world.people["member"],
        due_date=datetime.date(2026, 4, 30),
    )
    convener, member, admin = (world.users[r] for r in ("convener", "member", "admin"))
    pages = [
        (convener, reverse("meetings:meeting_list")),
        (convener, reverse("meetings:group_meetings", kwargs={"group_pk": world.group.pk})),
        (convener, reverse("meetings:meeting_create", kwargs={"group_pk": world.group.pk})),
        (convener, reverse("meetings:series_create", kwargs={"group_pk": world.group.pk})),
        (convener, reverse("meetings:meeting_detail", args=[meeting.pk])),
        (convener, reverse("meetings:meeting_edit", args=[meeting.pk])),
        (convener, reverse("meetings:notice_send", args=[meeting.pk])),
        (convener, reverse("meetings:calendar_feed_settings")),
        (convener, reverse("meetings:minutes_detail", kwargs={"meeting_pk": meeting.pk})),
        (convener, reverse("meetings:minutes_note_edit", args=[draft.notes.first().pk])),
        (convener, reverse("meetings:minutes_ready", kwargs={"meeting_pk": meeting.pk})),
        (member, reverse("meetings:minutes_detail", kwargs={"meeting_pk": earlier.pk})),
        (member, reverse("meetings:minutes_list")),
        (convener, reverse("meetings:minutes_correct", kwargs={"meeting_pk": earlier.pk})),
        (admin, reverse("meetings:office_calendar")),
        (admin, reverse("meetings:dashboard")),
    ]
    assert approved.status == m.MinutesStatus.APPROVED
    problems = page_problems(chromium, live_server, pages)
    assert not problems, "\n".join(problems)
