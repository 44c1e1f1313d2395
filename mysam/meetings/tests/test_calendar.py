"""The calendar pages: lists, planning, changing and cancelling meetings, series, the office
calendar and personal calendar feeds, role by role."""

from __future__ import annotations

import datetime
from typing import Any

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mysam.meetings.models import (
    AgendaItemKind,
    AgendaTemplate,
    AgendaTemplateItem,
    CalendarFeed,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    SeriesRule,
)
from mysam.meetings.services import calendar as services
from mysam.meetings.tests.factories import make_meeting
from mysam.organisation import models as org
from mysam.organisation.tests import factories as f

FUTURE = datetime.date(2030, 3, 12)


def _upcoming(world: Any, day: datetime.date = FUTURE) -> Meeting:
    return make_meeting(world.group, day=day)


def _meeting_post(**overrides: str) -> dict[str, str]:
    data = {
        "title": "",
        "date": "2030-04-14",
        "start_time": "13:00",
        "end_time": "15:00",
        "location": "Hofors kommunhus",
        "video_link": "",
        "form_token": "0123456789abcdef0123456789abcdef",
    }
    data.update(overrides)
    return data


# --- Permissions, view by view -------------------------------------------------------------

READ = {
    "member": 200,
    "convener": 200,
    "outsider": 404,
    "board": 200,
    "admin": 200,
    "other_admin": 404,
}
WRITE = {
    "member": 403,
    "convener": 200,
    "outsider": 404,
    "board": 403,
    "admin": 200,
    "other_admin": 404,
}


def _urls(world: Any) -> dict[str, tuple[str, dict[str, int]]]:
    meeting = _upcoming(world)
    series = services.series_create(
        group=world.group,
        rule=SeriesRule.DATES,
        first_date=None,
        last_date=None,
        dates=[datetime.date(2030, 5, 5)],
        start_time=datetime.time(9),
        end_time=datetime.time(10),
    )
    return {
        "meeting_detail": (reverse("meetings:meeting_detail", args=[meeting.pk]), READ),
        "group_meetings": (reverse("meetings:group_meetings", args=[world.group.pk]), READ),
        "series_detail": (reverse("meetings:series_detail", args=[series.pk]), READ),
        "meeting_edit": (reverse("meetings:meeting_edit", args=[meeting.pk]), WRITE),
        "meeting_cancel": (reverse("meetings:meeting_cancel", args=[meeting.pk]), WRITE),
        "notice_send": (reverse("meetings:notice_send", args=[meeting.pk]), WRITE),
        "meeting_create": (reverse("meetings:meeting_create", args=[world.group.pk]), WRITE),
        "series_create": (reverse("meetings:series_create", args=[world.group.pk]), WRITE),
        "office_calendar": (
            reverse("meetings:office_calendar"),
            {
                "member": 403,
                "convener": 403,
                "outsider": 403,
                "board": 200,
                "admin": 200,
                "other_admin": 200,
            },
        ),
        "meeting_list": (reverse("meetings:meeting_list"), dict.fromkeys(READ, 200)),
        "calendar_feed_settings": (
            reverse("meetings:calendar_feed_settings"),
            dict.fromkeys(READ, 200),
        ),
    }


class TestPermissions:
    def test_every_page_answers_each_role_as_documented(self, world, clients) -> None:  # type: ignore[no-untyped-def]
        for name, (url, expected) in _urls(world).items():
            for role, status in expected.items():
                got = clients[role].get(url).status_code
                assert got == status, f"{name} as {role}: {got}, expected {status}"
            anonymous = clients["anonymous"].get(url)
            assert anonymous.status_code == 302, name
            assert "/konto/login/" in anonymous["Location"], name

    @pytest.mark.parametrize("role", ["member", "board", "outsider", "other_admin"])
    def test_writes_are_refused_and_change_nothing(self, world, clients, role) -> None:  # type: ignore[no-untyped-def]
        meeting = _upcoming(world)
        status = WRITE[role]
        client = clients[role]
        assert (
            client.post(reverse("meetings:meeting_cancel", args=[meeting.pk])).status_code == status
        )
        assert (
            client.post(
                reverse("meetings:meeting_edit", args=[meeting.pk]), _meeting_post()
            ).status_code
            == status
        )
        assert (
            client.post(
                reverse("meetings:meeting_create", args=[world.group.pk]), _meeting_post()
            ).status_code
            == status
        )
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.PLANNED
        assert Meeting.objects.count() == 1

    def test_a_meeting_of_another_association_is_not_found(self, world, clients) -> None:  # type: ignore[no-untyped-def]
        other = make_meeting(world.other_group, day=FUTURE)
        for role in ("admin", "board", "member", "convener"):
            url = reverse("meetings:meeting_detail", args=[other.pk])
            assert clients[role].get(url).status_code == 404


# --- Lists ---------------------------------------------------------------------------------


class TestMeetingList:
    def test_it_shows_my_meetings_by_month_and_marks_cancelled_ones(self, world, clients) -> None:  # type: ignore[no-untyped-def]
        planned = _upcoming(world)
        cancelled = _upcoming(world, datetime.date(2030, 4, 2))
        services.meeting_cancel(meeting=cancelled)
        make_meeting(world.other_group, day=FUTURE)
        html = clients["member"].get(reverse("meetings:meeting_list")).content.decode()
        assert "2030-03-12" in html
        assert "13:00–14:30" in html
        assert reverse("meetings:meeting_detail", args=[planned.pk]) in html
        assert "<s>2030-04-02</s>" in html
        assert 'class="tag tag--error">' in html
        assert "Mysam Annanstans" not in html
        # The member plans nothing.
        assert reverse("meetings:meeting_create", args=[world.group.pk]) not in html

    def test_the_convener_is_offered_planning(self, world, clients) -> None:  # type: ignore[no-untyped-def]
        html = clients["convener"].get(reverse("meetings:meeting_list")).content.decode()
        assert reverse("meetings:meeting_create", args=[world.group.pk]) in html
        assert reverse("meetings:series_create", args=[world.group.pk]) in html

    def test_the_office_filters_by_group(self, world, clients) -> None:  # type: ignore[no-untyped-def]
        second = f.CooperationGroupFactory(association=world.association, name="Mysam Ockelbo")
        _upcoming(world)
        make_meeting(second, day=FUTURE)
        url = reverse("meetings:meeting_list")
        both = clients["admin"].get(url).content.decode()
        assert "Mysam Ockelbo" in both
        only = clients["admin"].get(url, {"grupp": second.pk}).content.decode()
        assert only.count("<td>Mysam Ockelbo</td>") == 1
        assert "<td>Mysam Hofors</td>" not in only

    def test_filtering_by_a_group_one_does_not_read_is_not_found(self, world, clients) -> None:  # type: ignore[no-untyped-def]
        url = reverse("meetings:meeting_list")
        assert clients["outsider"].get(url, {"grupp": world.group.pk}).status_code == 404
        assert clients["admin"].get(url, {"grupp": world.other_group.pk}).status_code == 404
        assert clients["admin"].get(url, {"grupp": "x"}).status_code == 404

    def test_the_list_costs_the_same_queries_for_2_and_20_meetings(  # type: ignore[no-untyped-def]
        self, world, clients, django_assert_num_queries
    ) -> None:
        url = reverse("meetings:meeting_list")
        client = clients["member"]
        for day in range(2):
            _upcoming(world, FUTURE + datetime.timedelta(days=day))
        client.get(url)
        with django_assert_num_queries(_count(client, url)) as few:
            client.get(url)
        for day in range(2, 20):
            _upcoming(world, FUTURE + datetime.timedelta(days=day * 9))
        with django_assert_num_queries(len(few.captured_queries)):
            client.get(url)


def test_a_groups_page_costs_the_same_queries_for_2_and_20_meetings(  # type: ignore[no-untyped-def]
    world, clients, django_assert_num_queries
) -> None:
    url = reverse("meetings:group_meetings", args=[world.group.pk])
    for day in range(2):
        _upcoming(world, FUTURE + datetime.timedelta(days=day))
    count = _count(clients["convener"], url)
    for day in range(2, 20):
        _upcoming(world, FUTURE - datetime.timedelta(days=day * 20))
    with django_assert_num_queries(count):
        clients["convener"].get(url)


def _count(client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx.captured_queries)


class TestOfficeCalendar:
    def test_it_shows_all_groups_meetings_of_a_month_per_week(self, world, clients) -> None:  # type: ignore[no-untyped-def]
        second = f.CooperationGroupFactory(association=world.association, name="Mysam Ockelbo")
        make_meeting(world.group, day=datetime.date(2030, 3, 12))
        make_meeting(second, day=datetime.date(2030, 3, 25))
        make_meeting(second, day=datetime.date(2030, 4, 2))
        make_meeting(world.other_group, day=datetime.date(2030, 3, 13))
        response = clients["board"].get(reverse("meetings:office_calendar"), {"manad": "2030-03"})
        html = response.content.decode()
        assert "2030-03-12" in html and "2030-03-25" in html
        assert "2030-04-02" not in html
        assert "Mysam Annanstans" not in html
        assert "?manad=2030-04" in html and "?manad=2030-02" in html
        assert response.context["count"] == 2

    def test_its_queries_do_not_grow(self, world, clients, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
        url = reverse("meetings:office_calendar") + "?manad=2030-03"
        make_meeting(world.group, day=datetime.date(2030, 3, 2))
        count = _count(clients["admin"], url)
        for day in range(3, 28):
            make_meeting(world.group, day=datetime.date(2030, 3, day))
        with django_assert_num_queries(count):
            clients["admin"].get(url)


# --- One meeting ---------------------------------------------------------------------------


class TestMeetingDetail:
    def test_it_shows_the_facts_and_the_agenda(self, world, clients) -> None:  # type: ignore[no-untyped-def]
        meeting = _upcoming(world)
        html = clients["member"].get(reverse("meetings:meeting_detail", args=[meeting.pk]))
        text = html.content.decode()
        assert "2030-03-12" in text and "13:00–14:30" in text
        assert "Trisam" in text and "Övrigt" in text
        assert reverse("meetings:meeting_edit", args=[meeting.pk]) not in text

    def test_its_queries_do_not_grow_with_the_agenda(  # type: ignore[no-untyped-def]
        self, world, clients, django_assert_num_queries
    ) -> None:
        short = make_meeting(world.group, day=FUTURE, with_agenda=False)
        long = make_meeting(world.group, day=FUTURE, with_agenda=False)
        from mysam.meetings.models import AgendaItem

        for order in range(2):
            AgendaItem.objects.create(meeting=short, order=order, title=f"Punkt {order}")
        for order in range(20):
            AgendaItem.objects.create(meeting=long, order=order, title=f"Punkt {order}")
        client = clients["convener"]
        client.get(reverse("meetings:meeting_detail", args=[short.pk]))
        count = _count(client, reverse("meetings:meeting_detail", args=[short.pk]))
        with django_assert_num_queries(count):
            client.get(reverse("meetings:meeting_detail", args=[long.pk]))


class TestMeetingCreate:
    def test_the_convener_plans_a_meeting_with_the_templates_agenda(self, world, clients) -> None:  # type: ignore[no-untyped-def]
        template = AgendaTemplate.objects.create(association=world.association, name="Standard")
        AgendaTemplateItem.objects.create(
            template=template, order=1, title="Välkommen", kind=AgendaItemKind.WELCOME
        )
        AgendaTemplateItem.objects.create(
            template=template, order=2, title="Trisam", kind=AgendaItemKind.TRISAM
        )
        url = reverse("meetings:meeting_create", args=[world.group.pk])
        assert 'value="Mysam Hofors"' in clients["convener"].get(url).content.decode()
        response = clients["convener"].post(url, _meeting_post())
        meeting = Meeting.objects.get()
        assert response.status_code == 302
        assert response["Location"] == meeting.get_absolute_url()
        assert meeting.title == "Mysam Hofors"
        local = timezone.localtime(meeting.starts_at)
        assert (local.date(), local.hour) == (datetime.date(2030, 4, 14), 13)
        assert [i.title for i in meeting.agenda_items.all()] == ["Välkommen", "Trisam"]
        assert meeting.created_by == world.users["convener"]

    def test_a_double_submit_stores_once(self, world, clients) -> None:  # type: ignore[no-untyped-def]
        url = reverse("meetings:meeting_create", args=[world.group.pk])
        data = _meeting_post()
        assert clients["convener"].post(url, data).status_code == 302
        assert clients["convener"].post(url, data).status_code == 302
        assert Meeting.objects.count() == 1

    def test_it_refuses_a_meeting_ending_before_it_starts(self, world, clients) -> None:  # type: ignore[no-untyped-def]
        url = reverse("meetings:meeting_create", args=[world.group.pk])
        response = clients["admin"].post(url, _meeting_post(end_time="12:00"))
        assert response.status_code == 200
        assert 'class="error-summary"' in response.content.decode()
        assert not Meeting.objects.exists()


class TestMeetingEdit:
    def test_moving_a_meeting_of_a_series_makes_it_an_exception(self, world, clients) -> None:  # type: ignore[no-untyped-def]
        series = services.series_create(
            group=world.group,
            rule=SeriesRule.EVERY_N_WEEKS,
            interval_weeks=6,
            first_date=datetime.date(2030, 1, 8),
            last_date=datetime.date(2030, 6, 30),
            start_time=datetime.time(13),
            end_time=datetime.time(15),
        )
        first, second, *_rest = list(series.meetings.order_by("starts_at"))
        url = reverse("meetings:meeting_edit", args=[second.pk])
        response = clients["convener"].post(
            url, _meeting_post(title=second.title, date="2030-02-20")
        )
        assert response.status_code == 302
        second.refresh_from_db()
        first.refresh_from_db()
        assert second.is_exception and not first.is_exception
        assert second.date == datetime.date(2030, 2, 20)
        html = clients["member"].get(reverse("meetings:series_detail", args=[series.pk]))
        assert html.content.decode().count("tag--warn") == 1

    def test_co_opted_members_are_invited_on_the_edit_form(self, world, clients) -> None:  # type: ignore[no-untyped-def]
        co_opted = f.MembershipFactory(group=world.group, role=org.MembershipRole.CO_OPTED)
        meeting = _upcoming(world)
        url = reverse("meetings:meeting_edit", args=[meeting.pk])
        assert co_opted.person.full_name in clients["convener"].get(url).content.decode()
        clients["convener"].post(
            url, _meeting_post(title=meeting.title, invited_co_opted=str(co_opted.pk))
        )
        assert list(meeting.invited_co_opted.all()) == [co_opted]


class TestMeetingCancel:
    def test_get_asks_and_post_cancels(self, world, clients) -> None:  # type: ignore[no-untyped-def]
        meeting = _upcoming(world)
        url = reverse("meetings:meeting_cancel", args=[meeting.pk])
        assert clients["convener"].get(url).status_code == 200
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.PLANNED
        assert clients["convener"].post(url).status_code == 302
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.CANCELLED
        assert meeting.ical_sequence == 1


# --- Series --------------------------------------------------------------------------------


class TestSeriesCreate:
    def _post(self, **overrides: str) -> dict[str, str]:
        data = {
            "title": "",
            "rule": "every_n_weeks",
            "interval_weeks": "6",
            "first_date": "2030-01-08",
            "last_date": "2030-06-30",
            "dates": "",
            "start_time": "13:00",
            "end_time": "15:00",
            "location": "Kommunhuset",
            "video_link": "",
            "form_token": "fedcba9876543210fedcba9876543210",
        }
        data.update(overrides)
        return data

    def test_it_previews_the_dates_then_saves_the_meetings(self, world, clients) -> None:  # type: ignore[no-untyped-def]
        url = reverse("meetings:series_create", args=[world.group.pk])
        preview = clients["convener"].post(url, self._post(action="preview"))
        html = preview.content.decode()
        assert preview.status_code == 200
        for day in ("2030-01-08", "2030-02-19", "2030-04-02", "2030-05-14", "2030-06-25"):
            assert day in html
        assert not Meeting.objects.exists()
        saved = clients["convener"].post(url, self._post(action="save"))
        series = MeetingSeries.objects.get()
        assert saved["Location"] == reverse("meetings:series_detail", args=[series.pk])
        assert series.meetings.count() == 5
        again = clients["convener"].post(url, self._post(action="save"))
        assert again.status_code == 302
        assert MeetingSeries.objects.count() == 1 and Meeting.objects.count() == 5

    def test_chosen_dates_twice_a_term(self, world, clients) -> None:  # type: ignore[no-untyped-def]
        url = reverse("meetings:series_create", args=[world.group.pk])
        clients["admin"].post(
            url, self._post(rule="dates", dates="2030-03-10\n\n2030-10-06\n", action="save")
        )
        dates = [m.date for m in Meeting.objects.order_by("starts_at")]
        assert dates == [datetime.date(2030, 3, 10), datetime.date(2030, 10, 6)]

    def test_a_wrong_date_line_is_named(self, world, clients) -> None:  # type: ignore[no-untyped-def]
        url = reverse("meetings:series_create", args=[world.group.pk])
        response = clients["admin"].post(
            url, self._post(rule="dates", dates="2030-03-10\n10 okt", action="preview")
        )
        assert "10 okt" in response.content.decode()
        assert not Meeting.objects.exists()


# --- Personal feed -------------------------------------------------------------------------


def _feed_events(response: Any) -> list[icalendar.Event]:
    assert response["Content-Type"].startswith("text/calendar")
    return list(icalendar.Calendar.from_ical(response.content).walk("VEVENT"))


class TestCalendarFeed:
    def test_the_settings_page_shows_an_absolute_url_and_outlook_steps(  # type: ignore[no-untyped-def]
        self, world, clients, settings
    ) -> None:
        settings.SITE_URL = "https://mysam.example.se"
        html = clients["member"].get(reverse("meetings:calendar_feed_settings")).content.decode()
        feed = CalendarFeed.objects.get(user=world.users["member"])
        assert f"https://mysam.example.se/moten/kalender/{feed.token}.ics" in html
        assert "Från internet" in html

    def test_the_token_works_without_login_and_shows_only_my_groups(self, world, clients) -> None:  # type: ignore[no-untyped-def]
        mine = _upcoming(world)
        cancelled = _upcoming(world, datetime.date(2030, 4, 2))
        services.meeting_cancel(meeting=cancelled)
        old = make_meeting(world.group, day=timezone.localdate() - datetime.timedelta(days=400))
        second = f.CooperationGroupFactory(association=world.association, name="Mysam Ockelbo")
        not_mine = make_meeting(second, day=FUTURE)
        elsewhere = make_meeting(world.other_group, day=FUTURE)
        feed = services.calendar_feed_get_or_create(user=world.users["member"])
        response = Client().get(reverse("meetings:calendar_feed", args=[feed.token]))
        assert response.status_code == 200
        events = {str(e["UID"]): e for e in _feed_events(response)}
        assert set(events) == {f"{mine.ical_uid}@mysam", f"{cancelled.ical_uid}@mysam"}
        assert events[f"{cancelled.ical_uid}@mysam"]["STATUS"] == "CANCELLED"
        for meeting in (old, not_mine, elsewhere):
            assert f"{meeting.ical_uid}@mysam" not in events

    def test_it_spans_memberships_in_every_association(self, world) -> None:  # type: ignore[no-untyped-def]
        other_person = f.PersonFactory(
            association=world.other_association, user=world.users["member"]
        )
        f.MembershipFactory(group=world.other_group, person=other_person)
        there = make_meeting(world.other_group, day=FUTURE)
        feed = services.calendar_feed_get_or_create(user=world.users["member"])
        response = Client().get(reverse("meetings:calendar_feed", args=[feed.token]))
        assert f"{there.ical_uid}@mysam" in {str(e["UID"]) for e in _feed_events(response)}

    def test_a_regenerated_token_invalidates_the_old_one(self, world, clients) -> None:  # type: ignore[no-untyped-def]
        old = services.calendar_feed_get_or_create(user=world.users["member"]).token
        response = clients["member"].post(reverse("meetings:calendar_feed_regenerate"))
        assert response.status_code == 302
        new = CalendarFeed.objects.get(user=world.users["member"]).token
        assert new != old
        assert Client().get(reverse("meetings:calendar_feed", args=[old])).status_code == 404
        assert Client().get(reverse("meetings:calendar_feed", args=[new])).status_code == 200

    def test_an_unknown_token_is_not_found(self, db) -> None:  # type: ignore[no-untyped-def]
        url = reverse("meetings:calendar_feed", args=["nonsense"])
        assert Client().get(url).status_code == 404

    def test_regenerating_needs_login_and_a_post(self, world, clients) -> None:  # type: ignore[no-untyped-def]
        url = reverse("meetings:calendar_feed_regenerate")
        assert clients["anonymous"].post(url).status_code == 302
        assert clients["member"].get(url).status_code == 405
