"""iCalendar (.ics) for meetings: invitations sent with the notice and personal feeds.

One meeting is one VEVENT whose UID never changes (``<ical_uid>@mysam``); every change sent
out raises SEQUENCE, so Outlook and other calendars update the entry they already have
instead of adding a second one. A cancellation is METHOD:CANCEL with STATUS:CANCELLED and
the same UID. Times carry TZID=Europe/Stockholm with a VTIMEZONE, so 13:00 stays 13:00 local
time on both sides of a daylight-saving change.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from email.utils import parseaddr

import icalendar
from django.conf import settings
from django.utils import timezone

from mysam.meetings.models import Meeting, MeetingStatus

PRODID = "-//Mysam//Meetings//SV"
REQUEST = "REQUEST"
CANCEL = "CANCEL"
PUBLISH = "PUBLISH"


def meeting_uid(meeting: Meeting) -> str:
    return f"{meeting.ical_uid}@mysam"


def _organizer() -> icalendar.vCalAddress:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = icalendar.vCalAddress(f"mailto:{address or settings.DEFAULT_FROM_EMAIL}")
    if name:
        organizer.params["CN"] = name
    return organizer


def _attendee(email: str, name: str = "") -> icalendar.vCalAddress:
    attendee = icalendar.vCalAddress(f"mailto:{email}")
    if name:
        attendee.params["CN"] = name
    attendee.params["ROLE"] = "REQ-PARTICIPANT"
    attendee.params["PARTSTAT"] = "NEEDS-ACTION"
    attendee.params["RSVP"] = "FALSE"
    return attendee


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value, timezone.get_default_timezone())


def meeting_event(
    meeting: Meeting,
    *,
    url: str = "",
    attendees: Sequence[tuple[str, str]] = (),
    cancelled: bool | None = None,
    description: str = "",
) -> icalendar.Event:
    """The VEVENT of one meeting. ``attendees`` are (e-mail, name) pairs."""
    is_cancelled = meeting.status == MeetingStatus.CANCELLED if cancelled is None else cancelled
    event = icalendar.Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.ical_sequence)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", _local(meeting.starts_at))
    event.add("dtend", _local(meeting.ends_at))
    event.add("summary", meeting.title)
    if meeting.location:
        event.add("location", meeting.location)
    lines = []
    if meeting.video_link:
        lines.append(meeting.video_link)
    if description:
        lines.append(description)
    if url:
        lines.append(url)
    if lines:
        event.add("description", "\n\n".join(lines))
    if meeting.video_link:
        event.add("url", meeting.video_link)
    elif url:
        event.add("url", url)
    event.add("status", "CANCELLED" if is_cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    event["organizer"] = _organizer()
    for email, name in attendees:
        event.add("attendee", _attendee(email, name), encode=False)
    return event


def _calendar(method: str | None, name: str = "") -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", settings.TIME_ZONE)
    return cal


def invitation(
    meeting: Meeting,
    *,
    method: str,
    attendees: Sequence[tuple[str, str]],
    url: str = "",
    description: str = "",
) -> bytes:
    """An invitation (METHOD:REQUEST) or a cancellation (METHOD:CANCEL) of one meeting."""
    cal = _calendar(method)
    cal.add_component(
        meeting_event(
            meeting,
            url=url,
            attendees=attendees,
            cancelled=True if method == CANCEL else None,
            description=description,
        )
    )
    cal.add_missing_timezones()
    return cal.to_ical()


def feed(meetings: Iterable[Meeting], *, name: str, url_for: dict[int, str]) -> bytes:
    """A subscribable calendar (no METHOD needed; PUBLISH for older clients)."""
    cal = _calendar(PUBLISH, name)
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, url=url_for.get(meeting.pk, "")))
    cal.add_missing_timezones()
    return cal.to_ical()
