"""Series dates and the iCalendar files, read back with the icalendar parser."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core.exceptions import ValidationError

from mysam.meetings import ical
from mysam.meetings.models import MeetingStatus, SeriesRule
from mysam.meetings.services import calendar as services
from mysam.meetings.tests.factories import make_meeting

STOCKHOLM = ZoneInfo("Europe/Stockholm")


class TestSeriesDates:
    def test_it_gives_every_sixth_week_up_to_the_last_date(self) -> None:
        days = services.series_dates(
            rule=SeriesRule.EVERY_N_WEEKS,
            first_date=datetime.date(2026, 1, 13),
            last_date=datetime.date(2026, 6, 30),
            interval_weeks=6,
        )
        assert days == [
            datetime.date(2026, 1, 13),
            datetime.date(2026, 2, 24),
            datetime.date(2026, 4, 7),
            datetime.date(2026, 5, 19),
            datetime.date(2026, 6, 30),
        ]

    def test_it_gives_the_second_tuesday_of_every_month(self) -> None:
        days = services.series_dates(
            rule=SeriesRule.MONTHLY_WEEKDAY,
            first_date=datetime.date(2026, 1, 13),  # 2nd Tuesday of January
            last_date=datetime.date(2026, 5, 31),
        )
        assert days == [
            datetime.date(2026, 1, 13),
            datetime.date(2026, 2, 10),
            datetime.date(2026, 3, 10),
            datetime.date(2026, 4, 14),
            datetime.date(2026, 5, 12),
        ]
        assert all(d.weekday() == 1 for d in days)

    def test_it_reads_a_fifth_weekday_as_the_last_of_each_month(self) -> None:
        days = services.series_dates(
            rule=SeriesRule.MONTHLY_WEEKDAY,
            first_date=datetime.date(2026, 3, 31),  # 5th Tuesday of March
            last_date=datetime.date(2026, 5, 31),
        )
        assert days == [
            datetime.date(2026, 3, 31),
            datetime.date(2026, 4, 28),
            datetime.date(2026, 5, 26),
        ]

    def test_it_takes_chosen_dates_sorted_without_duplicates(self) -> None:
        days = services.series_dates(
            rule=SeriesRule.DATES,
            first_date=datetime.date(2026, 1, 1),
            dates=[
                datetime.date(2026, 10, 6),
                datetime.date(2026, 3, 10),
                datetime.date(2026, 3, 10),
            ],
        )
        assert days == [datetime.date(2026, 3, 10), datetime.date(2026, 10, 6)]

    def test_it_refuses_a_rule_without_an_interval_or_an_end(self) -> None:
        with pytest.raises(ValidationError):
            services.series_dates(
                rule=SeriesRule.EVERY_N_WEEKS,
                first_date=datetime.date(2026, 1, 1),
                last_date=datetime.date(2026, 2, 1),
            )
        with pytest.raises(ValidationError):
            services.series_dates(
                rule=SeriesRule.MONTHLY_WEEKDAY, first_date=datetime.date(2026, 1, 1)
            )

    def test_it_refuses_an_endless_series(self) -> None:
        with pytest.raises(ValidationError):
            services.series_dates(
                rule=SeriesRule.EVERY_N_WEEKS,
                first_date=datetime.date(2026, 1, 1),
                last_date=datetime.date(2062, 1, 1),
                interval_weeks=1,
            )

    def test_it_keeps_13_00_local_across_the_october_dst_change(self) -> None:
        days = services.series_dates(
            rule=SeriesRule.EVERY_N_WEEKS,
            first_date=datetime.date(2026, 10, 20),
            last_date=datetime.date(2026, 11, 3),
            interval_weeks=1,
        )
        starts = [services.local_datetime(day=d, time=datetime.time(13, 0)) for d in days]
        assert [s.astimezone(STOCKHOLM).hour for s in starts] == [13, 13, 13]
        # Summer time (UTC+2) before 2026-10-25, winter time (UTC+1) after.
        assert [s.astimezone(datetime.UTC).hour for s in starts] == [11, 12, 12]


def _event(data: bytes) -> tuple[icalendar.Calendar, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    return cal, events[0]


@pytest.fixture(autouse=True)
def _from_address(settings):  # type: ignore[no-untyped-def]
    settings.DEFAULT_FROM_EMAIL = "Mysam <noreply@mysam.example>"


@pytest.mark.django_db
class TestInvitation:
    def test_it_is_a_request_with_times_in_stockholm(self, world) -> None:  # type: ignore[no-untyped-def]
        meeting = make_meeting(world.group, day=datetime.date(2026, 3, 23))
        meeting.video_link = "https://teams.example/m/1"
        data = ical.invitation(
            meeting, method=ical.REQUEST, attendees=[("a@example.se", "Åsa Öberg")]
        )
        cal, event = _event(data)
        assert cal["METHOD"] == "REQUEST"
        assert str(event["UID"]) == f"{meeting.ical_uid}@mysam"
        assert event["SEQUENCE"] == 0
        start = event.decoded("DTSTART")
        assert start.tzinfo is not None
        assert start == datetime.datetime(2026, 3, 23, 13, 0, tzinfo=STOCKHOLM)
        assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
        assert list(cal.walk("VTIMEZONE")), "a VTIMEZONE for Outlook"
        assert event.decoded("DTEND") - start == datetime.timedelta(minutes=90)
        assert str(event["SUMMARY"]) == meeting.title
        assert str(event["LOCATION"]) == "Teams"
        assert "https://teams.example/m/1" in str(event["DESCRIPTION"])
        assert str(event["ORGANIZER"]) == "mailto:noreply@mysam.example"
        attendees = event["ATTENDEE"]
        attendees = attendees if isinstance(attendees, list) else [attendees]
        assert [str(a) for a in attendees] == ["mailto:a@example.se"]
        assert attendees[0].params["CN"] == "Åsa Öberg"

    def test_an_update_keeps_the_uid_and_raises_the_sequence(self, world) -> None:  # type: ignore[no-untyped-def]
        meeting = make_meeting(world.group)
        _cal, first = _event(ical.invitation(meeting, method=ical.REQUEST, attendees=[]))
        meeting.ical_sequence = 1
        _cal, second = _event(ical.invitation(meeting, method=ical.REQUEST, attendees=[]))
        assert second["UID"] == first["UID"]
        assert second["SEQUENCE"] > first["SEQUENCE"]

    def test_a_cancellation_has_method_cancel_and_the_same_uid(self, world) -> None:  # type: ignore[no-untyped-def]
        meeting = make_meeting(world.group)
        meeting.status = MeetingStatus.CANCELLED
        meeting.ical_sequence = 2
        cal, event = _event(ical.invitation(meeting, method=ical.CANCEL, attendees=[]))
        assert cal["METHOD"] == "CANCEL"
        assert event["STATUS"] == "CANCELLED"
        assert str(event["UID"]) == f"{meeting.ical_uid}@mysam"
        assert event["SEQUENCE"] == 2

    def test_a_meeting_after_the_dst_change_is_still_at_13_local(self, world) -> None:  # type: ignore[no-untyped-def]
        meeting = make_meeting(world.group, day=datetime.date(2026, 10, 26))
        _cal, event = _event(ical.invitation(meeting, method=ical.REQUEST, attendees=[]))
        start = event.decoded("DTSTART")
        assert start.astimezone(STOCKHOLM).hour == 13
        assert start.astimezone(datetime.UTC).hour == 12
