"""Every table: the right rows, constant query counts, CSV equal to JSON, paging."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mysam.api.selectors.base import Table
from mysam.api.tables import TABLES
from mysam.api.tests.data import populate
from mysam.api.tests.helpers import api_get, csv_rows, json_of, make_token
from mysam.conftest import World
from mysam.funding import models as fund
from mysam.meetings.models import Attendance, AttendanceStatus
from mysam.meetings.tests.factories import make_meeting, make_minutes
from mysam.plans.models import VersionStatus
from mysam.plans.tests.factories import make_plan

pytestmark = pytest.mark.django_db
V1 = "/api/v1/"


def _queries(path: str, secret: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = api_get(path, secret, limit=1000)
    assert response.status_code == 200, response.content
    return len(captured), json_of(response)["count"]


@pytest.mark.parametrize("table", TABLES, ids=[t.path for t in TABLES])
def test_each_list_costs_the_same_queries_for_more_rows(world: World, table: Table) -> None:
    secret = make_token(world.association)
    api_get(V1 + table.path, secret)  # the day's first use records last_used_on
    populate(world, 1)
    small, small_count = _queries(V1 + table.path, secret)
    populate(world, 3)
    large, large_count = _queries(V1 + table.path, secret)
    assert large_count > small_count
    assert small == large


@pytest.mark.parametrize("table", TABLES, ids=[t.path for t in TABLES])
def test_each_csv_holds_the_json_rows(world: World, table: Table) -> None:
    secret = make_token(world.association)
    populate(world, 2)
    body = json_of(api_get(V1 + table.path, secret, limit=1000))
    assert body["results"], "the table should have rows"
    rows = csv_rows(api_get(f"{V1}{table.path}.csv", secret))
    assert list(rows[0]) == list(table.item.model_fields)

    def text(value: object) -> str:
        return (
            "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
        )

    assert rows == [{k: text(v) for k, v in row.items()} for row in body["results"]]


@pytest.mark.parametrize("table", [t for t in TABLES if t.detail], ids=lambda t: t.path)
def test_each_detail_is_the_list_row_and_hidden_from_others(world: World, table: Table) -> None:
    secret = make_token(world.association)
    other = make_token(world.other_association)
    populate(world, 1)
    row = json_of(api_get(V1 + table.path, secret))["results"][0]
    assert json_of(api_get(f"{V1}{table.path}/{row['id']}", secret)) == row
    missing = api_get(f"{V1}{table.path}/{row['id']}", other)
    assert missing.status_code == 404
    assert json_of(missing) == {"detail": "Not found."}
    assert json_of(api_get(V1 + table.path, other))["results"] == [] or table.path in {"groups"}


def test_it_pages_with_limit_offset_and_a_next_link(world: World) -> None:
    secret = make_token(world.association)
    populate(world, 3)
    first = json_of(api_get(V1 + "parties", secret, limit=2))
    assert first["count"] == 7  # the world's four parties and three more
    assert len(first["results"]) == 2
    assert first["next"] == "http://testserver/api/v1/parties?limit=2&offset=2"
    second = json_of(api_get(V1 + "parties", secret, limit=2, offset=2))
    ids = [r["id"] for r in first["results"] + second["results"]]
    assert len(set(ids)) == 4
    last = json_of(api_get(V1 + "parties", secret, limit=2, offset=6))
    assert last["next"] is None and len(last["results"]) == 1
    assert api_get(V1 + "parties", secret, limit=0).status_code == 422
    assert api_get(V1 + "parties", secret, limit=1001).status_code == 422


def test_groups_carry_their_counts(world: World) -> None:
    secret = make_token(world.association)
    make_meeting(world.group)
    make_plan(world.group)
    rows = json_of(api_get(V1 + "groups", secret))["results"]
    assert rows == [
        {
            "id": world.group.pk,
            "name": "Mysam Hofors",
            "is_active": True,
            "municipality_count": 1,
            "current_member_count": world.group.memberships.current().exclude(role="guest").count(),
            "meeting_count": 1,
            "plan_count": 1,
        }
    ]
    assert rows[0]["current_member_count"] > 0


def test_meetings_give_metadata_and_attendance_counts(world: World) -> None:
    secret = make_token(world.association)
    meeting = make_meeting(world.group, day=datetime.date(2026, 3, 23))
    make_minutes(meeting, status="approved")
    Attendance.objects.create(
        meeting=meeting, person=world.people["member"], status=AttendanceStatus.PRESENT
    )
    Attendance.objects.create(
        meeting=meeting, person=world.people["convener"], status=AttendanceStatus.ABSENT
    )
    make_meeting(world.group, day=datetime.date(2025, 5, 5))
    rows = json_of(api_get(V1 + "meetings", secret, year=2026))["results"]
    assert len(rows) == 1
    row = rows[0]
    assert row["date"] == "2026-03-23"
    assert row["group_id"] == world.group.pk
    assert (row["status"], row["minutes_status"]) == ("planned", "approved")
    assert (row["present_count"], row["absent_count"], row["guest_count"]) == (1, 1, 0)
    assert "location" not in row and "notes" not in row
    by_place = json_of(api_get(V1 + "meetings", secret, municipality=world.municipality.pk))
    assert by_place["count"] == 2


def test_plans_show_their_latest_and_adopted_version(world: World) -> None:
    secret = make_token(world.association)
    plan = make_plan(world.group, status=VersionStatus.ADOPTED)
    plan.versions.create(number=2, status=VersionStatus.DRAFT, plan_date=datetime.date(2026, 6, 1))
    row = json_of(api_get(f"{V1}plans/{plan.pk}", secret))
    assert (row["latest_version_number"], row["latest_version_status"]) == (2, "draft")
    assert row["adopted_version_number"] == 1
    versions = json_of(api_get(V1 + "plan-versions", secret))["results"]
    assert [(v["number"], v["status"]) for v in versions] == [(1, "adopted"), (2, "draft")]


def test_funding_gives_amounts_and_totals(world: World) -> None:
    from mysam.funding.tests.factories import application

    secret = make_token(world.association)
    granted = application(association=world.association, status="granted_in_part")
    row = json_of(api_get(f"{V1}applications/{granted.pk}", secret))
    assert row["status"] == "granted_in_part"
    assert row["requested_amount"] == 200000.5
    assert row["granted_amount"] == 100000.25
    assert "contact_name" not in row and "purpose" not in row
    intervention = fund.Intervention.objects.create(
        association=world.association,
        name="IPS",
        kind="individual",
        start_date=datetime.date(2025, 1, 1),
    )
    for year in (2025, 2026):
        fund.InterventionBudget.objects.create(
            intervention=intervention, year=year, amount=Decimal("324651")
        )
    row = json_of(api_get(f"{V1}interventions/{intervention.pk}", secret))
    assert (row["budget_total"], row["spent_total"]) == (649302.0, 0.0)


def test_trisam_months_filter_by_year_and_municipality(world: World) -> None:
    secret = make_token(world.association)
    populate(world, 2)
    rows = json_of(api_get(V1 + "trisam-months", secret, year=2026))["results"]
    assert len(rows) == 2 and {(r["discussed"], r["took_part"]) for r in rows} == {(10, 8)}
    one = rows[0]["municipality_id"]
    only = json_of(api_get(V1 + "trisam-months", secret, municipality=one))["results"]
    assert [r["id"] for r in only] == [rows[0]["id"]]
    assert json_of(api_get(V1 + "trisam-months", secret, year=2020))["count"] == 0
