"""The office dashboard: attendance per group and party, unapproved minutes, overdue items."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mysam.meetings import charts, models
from mysam.meetings.selectors.dashboard import dashboard_overview, twelve_months_before
from mysam.meetings.tests.factories import make_meeting, make_minutes
from mysam.organisation import models as org
from mysam.organisation.tests import factories as f

URL = reverse("meetings:dashboard")


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _present(meeting, person, *, replaces=None):
    return models.Attendance.objects.create(
        meeting=meeting, person=person, status=models.AttendanceStatus.PRESENT, replaces=replaces
    )


def _absent(meeting, person):
    return models.Attendance.objects.create(
        meeting=meeting, person=person, status=models.AttendanceStatus.ABSENT
    )


@pytest.fixture
def held(world):
    """Two held meetings of world.group: at the first both members came; at the second the
    member was away and a substitute replaced her. One more meeting without attendance."""
    substitute = f.PersonFactory(association=world.association, party=world.parties["municipality"])
    f.MembershipFactory(
        group=world.group,
        person=substitute,
        role=org.MembershipRole.SUBSTITUTE,
        substitute_for=world.memberships["member"],
        start_date=datetime.date(2024, 1, 1),
    )
    first = make_meeting(world.group, day=_days_ago(60))
    _present(first, world.people["member"])
    _present(first, world.people["convener"])
    second = make_meeting(world.group, day=_days_ago(20))
    _absent(second, world.people["member"])
    _present(second, substitute, replaces=world.people["member"])
    _absent(second, world.people["convener"])
    make_meeting(world.group, day=_days_ago(10))  # attendance not taken
    make_meeting(world.group, day=_days_ago(400))  # outside the period
    return first, second, substitute


class TestAttendance:
    def test_it_counts_members_and_a_replacing_substitute(self, world, held, clients):
        board = dashboard_overview(actor=clients["board"].get(URL).wsgi_request.actor)
        hofors = next(row for row in board.by_group if row.group_id == world.group.pk)
        assert (hofors.rate.present, hofors.rate.expected, hofors.rate.meetings) == (3, 4, 2)
        parties = {row.kind: row.rate for row in board.by_party}
        assert (parties["municipality"].present, parties["municipality"].expected) == (2, 2)
        assert (parties["region"].present, parties["region"].expected) == (1, 2)

    def test_it_only_expects_members_on_the_meeting_day(self, world, held, clients):
        first, second, _ = held
        late = f.PersonFactory(association=world.association, party=world.parties["fk"])
        f.MembershipFactory(group=world.group, person=late, start_date=_days_ago(30))
        board = dashboard_overview(actor=clients["admin"].get(URL).wsgi_request.actor)
        parties = {row.kind: row.rate for row in board.by_party}
        # Expected only at the second meeting, where nobody recorded her.
        assert (parties["fk"].present, parties["fk"].expected, parties["fk"].meetings) == (0, 1, 1)

    def test_the_page_shows_chart_and_table(self, world, held, clients):
        response = clients["board"].get(URL)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'role="img"' in html and 'aria-labelledby="attendance-groups-title' in html
        assert '<title id="attendance-groups-title">' in html
        assert "75 %" in html
        assert reverse("meetings:dashboard_group_attendance", args=[world.group.pk]) in html
        assert reverse("meetings:dashboard_party_attendance", args=["region"]) in html
        assert "#6b2c91" in html  # the Region's colour from the structure picture

    def test_the_group_detail_lists_its_meetings(self, world, held, clients):
        response = clients["admin"].get(
            reverse("meetings:dashboard_group_attendance", args=[world.group.pk])
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert held[0].date.isoformat() in html and held[1].date.isoformat() in html
        assert "100 %" in html and "50 %" in html

    def test_the_party_detail_counts_only_that_party(self, world, held, clients):
        response = clients["admin"].get(
            reverse("meetings:dashboard_party_attendance", args=["region"])
        )
        assert response.status_code == 200
        detail = response.context["detail"]
        assert [(r.rate.present, r.rate.expected) for r in detail.rows] == [(0, 1), (1, 1)]

    def test_an_unknown_party_or_another_associations_group_is_404(self, world, clients):
        assert (
            clients["admin"]
            .get(reverse("meetings:dashboard_party_attendance", args=["nobody"]))
            .status_code
            == 404
        )
        other = reverse("meetings:dashboard_group_attendance", args=[world.other_group.pk])
        assert clients["admin"].get(other).status_code == 404


class TestFollowUp:
    def test_it_lists_unapproved_minutes_and_overdue_items(self, world, clients):
        approved = make_meeting(world.group, day=_days_ago(90))
        make_minutes(approved, status=models.MinutesStatus.APPROVED)
        ready = make_meeting(world.group, day=_days_ago(30))
        minutes = make_minutes(ready, status=models.MinutesStatus.READY)
        no_minutes = make_meeting(world.group, day=_days_ago(5))
        make_meeting(world.group, day=_days_ago(-10))  # not held yet
        overdue = models.ActionItem.objects.create(
            minutes=minutes,
            text="Bjud in psykiatrin",
            responsible=world.people["member"],
            due_date=_days_ago(3),
        )
        models.ActionItem.objects.create(
            minutes=minutes,
            text="Klar sedan länge",
            responsible=world.people["member"],
            due_date=_days_ago(3),
            status=models.ActionItemStatus.DONE,
        )
        models.ActionItem.objects.create(
            minutes=minutes,
            text="Inte än",
            responsible=world.people["member"],
            due_date=timezone.localdate(),
        )
        board = dashboard_overview(actor=clients["board"].get(URL).wsgi_request.actor)
        assert [(r.meeting, r.days_since) for r in board.unapproved] == [
            (ready, 30),
            (no_minutes, 5),
        ]
        assert [(r.item, r.days_overdue) for r in board.overdue] == [(overdue, 3)]
        html = clients["board"].get(URL).content.decode()
        assert "Bjud in psykiatrin" in html and "Klar sedan länge" not in html
        assert "Åsa Öberg" in html


class TestQueries:
    def _build(self, world, start: int, groups: int) -> None:
        for i in range(start, start + groups):
            group = f.CooperationGroupFactory(association=world.association, name=f"Grupp {i}")
            person = f.PersonFactory(association=world.association, party=world.parties["af"])
            f.MembershipFactory(group=group, person=person, start_date=datetime.date(2024, 1, 1))
            meeting = make_meeting(group, day=_days_ago(10 + i), with_agenda=False)
            _present(meeting, person)
            minutes = make_minutes(meeting)
            models.ActionItem.objects.create(
                minutes=minutes, text="x", responsible=person, due_date=_days_ago(1)
            )

    def _count(self, client) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    def test_it_costs_the_same_with_2_or_20_groups(self, world, clients):
        self._build(world, 0, 2)
        small = self._count(clients["board"])
        self._build(world, 2, 18)
        assert self._count(clients["board"]) == small


class TestPermissions:
    @pytest.mark.parametrize(
        "role,status",
        [("member", 403), ("convener", 403), ("outsider", 403), ("board", 200), ("admin", 200)],
    )
    def test_it_is_for_the_office_and_the_board(self, clients, role, status):
        for url in (URL, reverse("meetings:dashboard_party_attendance", args=["fk"])):
            assert clients[role].get(url).status_code == status

    def test_it_sends_anonymous_to_login(self, world, clients):
        response = clients["anonymous"].get(URL)
        assert response.status_code == 302 and reverse("account_login") in response["Location"]

    def test_the_group_detail_is_forbidden_to_group_members(self, world, clients):
        url = reverse("meetings:dashboard_group_attendance", args=[world.group.pk])
        assert clients["convener"].get(url).status_code == 403
        assert clients["anonymous"].get(url).status_code == 302

    def test_another_associations_admin_sees_only_their_own(self, world, held, clients):
        response = clients["other_admin"].get(URL)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Mysam Hofors" not in html and "Mysam Annanstans" in html
        url = reverse("meetings:dashboard_group_attendance", args=[world.group.pk])
        assert clients["other_admin"].get(url).status_code == 404


def test_the_chart_never_relies_on_colour_alone():
    svg = charts.bar_chart(
        chart_id="c",
        title="T",
        description="D",
        bars=[charts.Bar(label="Region", share=0.5, value="50 % (1 av 2)", letter="R")],
    )
    assert ">R</text>" in svg and "50 % (1 av 2)" in svg and '<title id="c-title">' in svg


def test_the_period_is_twelve_months():
    assert twelve_months_before(datetime.date(2026, 11, 23)) == datetime.date(2025, 11, 24)
    assert twelve_months_before(datetime.date(2028, 2, 29)) == datetime.date(2027, 3, 1)
