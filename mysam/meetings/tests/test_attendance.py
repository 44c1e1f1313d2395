"""Attendance: present/absent per member, substitutes replacing an absent member, guests
and invited co-opted; shown as in seed 003 (Deltagare / Roll / Organisation, Frånvarande)."""

from __future__ import annotations

import pytest
from django.utils import translation

from mysam.meetings.models import Attendance, AttendanceStatus
from mysam.meetings.selectors.agenda import attendance_form, attendance_table
from mysam.meetings.services.agenda import AttendanceEntry, attendance_record
from mysam.meetings.tests.factories import make_meeting
from mysam.organisation import models as org
from mysam.organisation.tests import factories as f

pytestmark = pytest.mark.django_db


def _substitute(world, first="Filipa", last="Correia"):  # type: ignore[no-untyped-def]
    person = f.PersonFactory(
        association=world.association,
        first_name=first,
        last_name=last,
        title="Rehabkoordinator",
        party=world.parties["region"],
    )
    return f.MembershipFactory(
        group=world.group,
        person=person,
        role=org.MembershipRole.SUBSTITUTE,
        substitute_for=world.memberships["member"],
    )


class TestAttendanceRecord:
    def test_it_shows_a_substitute_replacing_an_absent_member_like_the_minutes(self, world):  # type: ignore[no-untyped-def]
        meeting = make_meeting(world.group)
        sub = _substitute(world)
        attendance_record(
            meeting=meeting,
            entries=[
                AttendanceEntry(person=world.people["convener"], present=True),
                AttendanceEntry(person=world.people["member"], present=False),
                AttendanceEntry(person=sub.person, present=True, replaces=world.people["member"]),
            ],
        )
        with translation.override("en"):
            table = attendance_table(meeting)
        names = [r.name for r in table.present]
        assert "Filipa Correia/replaces Åsa Öberg" in names
        assert [r.name for r in table.absent] == ["Åsa Öberg"]
        assert table.rows[-1].organisation == "Hofors kommun"
        row = next(r for r in table.present if r.replaces)
        assert (row.role, row.organisation) == ("Rehabkoordinator", "Region Gävleborg")


def _roster_post(client, meeting, statuses, replaces=None):  # type: ignore[no-untyped-def]
    from django.urls import reverse

    data = {f"status_{pk}": value for pk, value in statuses.items()}
    for pk, replaced in (replaces or {}).items():
        data[f"replaces_{pk}"] = str(replaced)
    return client.post(reverse("meetings:attendance", args=[meeting.pk]), data)


class TestAttendancePage:
    def test_the_convener_records_a_substitute_for_an_absent_member(self, world, clients):  # type: ignore[no-untyped-def]
        from django.urls import reverse

        meeting = make_meeting(world.group)
        sub = _substitute(world)
        url = reverse("meetings:attendance", args=[meeting.pk])
        page = clients["convener"].get(url)
        html = page.content.decode()
        assert "<legend>Filipa Correia" in html and "<legend>Åsa Öberg" in html
        # The substitute's "replaces" defaults to the member they stand in for.
        assert page.context["form"][f"replaces_{sub.person.pk}"].initial == str(
            world.people["member"].pk
        )
        convener, member = world.people["convener"], world.people["member"]
        response = _roster_post(
            clients["convener"],
            meeting,
            {convener.pk: "present", member.pk: "absent", sub.person.pk: "present"},
            {sub.person.pk: member.pk},
        )
        assert response.status_code == 302
        row = Attendance.objects.get(meeting=meeting, person=sub.person)
        assert row.replaces == member and row.status == AttendanceStatus.PRESENT
        html = clients["member"].get(url).content.decode()
        assert "Filipa Correia/" in html and "Åsa Öberg" in html
        # Saved again after the meeting: one row per person.
        _roster_post(
            clients["convener"],
            meeting,
            {convener.pk: "present", member.pk: "present", sub.person.pk: "absent"},
        )
        assert Attendance.objects.filter(meeting=meeting).count() == 3
        assert not Attendance.objects.filter(meeting=meeting, replaces__isnull=False).exists()

    def test_a_substitute_cannot_replace_someone_present(self, world, clients):  # type: ignore[no-untyped-def]
        meeting = make_meeting(world.group)
        sub = _substitute(world)
        convener, member = world.people["convener"], world.people["member"]
        response = _roster_post(
            clients["convener"],
            meeting,
            {convener.pk: "present", member.pk: "present", sub.person.pk: "present"},
            {sub.person.pk: member.pk},
        )
        assert response.status_code == 200
        assert "error-summary" in response.content.decode()
        assert not Attendance.objects.filter(meeting=meeting).exists()

    def test_everyone_must_be_marked(self, world, clients):  # type: ignore[no-untyped-def]
        meeting = make_meeting(world.group)
        response = _roster_post(
            clients["convener"], meeting, {world.people["convener"].pk: "present"}
        )
        assert response.status_code == 200
        assert "Åsa Öberg" in response.content.decode()
        assert not Attendance.objects.exists()

    def test_guests_and_invited_co_opted_are_added(self, world, clients):  # type: ignore[no-untyped-def]
        from django.urls import reverse

        meeting = make_meeting(world.group)
        office = f.PersonFactory(
            association=world.association,
            first_name="Anna Karin",
            last_name="Hainsworth",
            title="Förbundschef",
            party=world.parties["region"],
        )
        co_opted = f.MembershipFactory(group=world.group, role=org.MembershipRole.CO_OPTED)
        other = f.PersonFactory(association=world.other_association)
        url = reverse("meetings:attendance", args=[meeting.pk])
        html = clients["convener"].get(url).content.decode()
        assert f"<legend>{co_opted.person.full_name}" not in html  # not invited
        add = reverse("meetings:attendance_add", args=[meeting.pk])
        assert clients["member"].post(add, {"person": office.pk}).status_code == 403
        clients["convener"].post(add, {"person": office.pk})
        clients["convener"].post(add, {"person": co_opted.person.pk})
        clients["convener"].post(add, {"person": other.pk})  # another association: refused
        guest = Attendance.objects.get(meeting=meeting, person=office)
        assert guest.is_guest and guest.role_label == "Förbundschef"
        assert not Attendance.objects.get(meeting=meeting, person=co_opted.person).is_guest
        assert not Attendance.objects.filter(person=other).exists()
        roster = attendance_form(meeting)
        assert {r.person.pk for r in roster.rows} >= {office.pk, co_opted.person.pk}
        table = attendance_table(meeting)
        assert table.present[-1].name == "Anna Karin Hainsworth"
        assert table.present[-1].organisation == "Region Gävleborg"
        remove = reverse("meetings:attendance_remove", args=[meeting.pk, office.pk])
        assert clients["convener"].post(remove).status_code == 302
        assert not Attendance.objects.filter(meeting=meeting, person=office).exists()

    def test_members_who_ended_before_the_meeting_are_not_listed(self, world):  # type: ignore[no-untyped-def]
        import datetime

        ended = f.MembershipFactory(group=world.group, end_date=datetime.date(2025, 12, 31))
        meeting = make_meeting(world.group)
        assert ended.person.pk not in {r.person.pk for r in attendance_form(meeting).rows}


class TestAttendancePermissions:
    @pytest.mark.parametrize(
        ("role", "read", "write"),
        [
            ("anonymous", 302, 302),
            ("member", 200, 403),
            ("convener", 200, 200),
            ("outsider", 404, 404),
            ("board", 200, 403),
            ("admin", 200, 200),
            ("other_admin", 404, 404),
        ],
    )
    def test_who_reads_and_takes_attendance(self, world, clients, role, read, write):  # type: ignore[no-untyped-def]
        from django.urls import reverse

        meeting = make_meeting(world.group)
        url = reverse("meetings:attendance", args=[meeting.pk])
        response = clients[role].get(url)
        assert response.status_code == read
        if read == 200:
            assert ("form" in response.context) == (write == 200)
        post = clients[role].post(url, {})
        assert post.status_code == write
        add = clients[role].post(reverse("meetings:attendance_add", args=[meeting.pk]), {})
        assert add.status_code == (302 if write == 200 else write)


class TestAttendanceQueries:
    def test_the_page_does_not_grow_with_members(self, world, clients):  # type: ignore[no-untyped-def]
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        from django.urls import reverse

        counts = []
        for n in (2, 20):
            group = f.CooperationGroupFactory(association=world.association, name=f"Grupp {n}")
            f.MembershipFactory(
                group=group, person=world.people["convener"], role=org.MembershipRole.CONVENER
            )
            members = [f.MembershipFactory(group=group) for _ in range(n)]
            sub = f.MembershipFactory(
                group=group, role=org.MembershipRole.SUBSTITUTE, substitute_for=members[0]
            )
            meeting = make_meeting(group)
            entries = [AttendanceEntry(person=mm.person, present=True) for mm in members[1:]]
            entries += [
                AttendanceEntry(person=members[0].person, present=False),
                AttendanceEntry(person=sub.person, present=True, replaces=members[0].person),
            ]
            attendance_record(meeting=meeting, entries=entries)
            with CaptureQueriesContext(connection) as ctx:
                response = clients["convener"].get(
                    reverse("meetings:attendance", args=[meeting.pk])
                )
                assert response.status_code == 200
            counts.append(len(ctx.captured_queries))
        assert counts[0] == counts[1]
