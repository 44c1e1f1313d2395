"""Walk every URL pattern as every role and check the status docs/permissions.md promises.

docs/permissions.md is the single table of who may do what. This test reads that table,
fails if a URL pattern of the project is missing from it (so a new view cannot skip the
table), and requests each URL (GET) as anonymous, member, convener, outsider, board, admin
and an admin of another association.
"""

from __future__ import annotations

import datetime
import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from mysam.conftest import ROLES, World, client_for
from mysam.meetings.models import Minutes, MinutesStatus
from mysam.meetings.services import agenda as agenda_services
from mysam.meetings.services import calendar as calendar_services
from mysam.meetings.services import minutes as minutes_services
from mysam.meetings.tests.factories import make_meeting, make_minutes
from mysam.organisation import models as org
from mysam.organisation.tests import factories as f
from mysam.plans.models import Activity, PlanGoal, Spending, VersionStatus
from mysam.plans.tests.factories import TargetGroupFactory, make_plan, make_template

DOCS = Path(__file__).resolve().parents[2] / "docs"
# The main table, and one table per later app in docs/permissions/<app>.md.
TABLE_FILES = [DOCS / "permissions.md", *sorted((DOCS / "permissions").glob("*.md"))]
# Later apps bring their own table objects: any mysam/<app>/tests/permission_objects*.py
# with `objects(world) -> dict[str, Callable[[], dict[str, Any]]]`.
OBJECT_MODULES = sorted(
    ".".join(path.relative_to(DOCS.parent).with_suffix("").parts)
    for path in (DOCS.parent / "mysam").glob("*/tests/permission_objects*.py")
)
# Operators' technical admin (Django admin, is_staff only) and Django's media helper are
# not part of the application's permission model; they are covered by Django itself.
IGNORED_NAMESPACES = ("admin",)


@dataclass(frozen=True)
class Row:
    name: str
    obj: str
    expected: dict[str, str]


def read_table() -> list[Row]:
    rows = []
    header: list[str] | None = None
    lines = [
        line for doc in TABLE_FILES for line in [*doc.read_text(encoding="utf-8").splitlines(), ""]
    ]
    for line in lines:
        if not line.startswith("|"):
            header = None if not line.strip() else header
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0].lower() == "url name":
            header = [c.lower() for c in cells]
            continue
        if header is None or set(cells[0]) <= {"-", ":", " "}:
            continue
        record = dict(zip(header, cells, strict=False))
        name = record["url name"].strip("`")
        rows.append(
            Row(
                name=name,
                obj=record.get("object", "").strip("`") or "-",
                expected={role: record[role] for role in ROLES},
            )
        )
    return rows


def url_names() -> Iterator[tuple[str, list[str]]]:
    """Every named URL pattern with the names of its arguments (outer patterns' included)."""

    def walk(patterns: list[Any], ns: str, keys: list[str]) -> Iterator[tuple[str, list[str]]]:
        for p in patterns:
            here = keys + list(p.pattern.regex.groupindex)
            if isinstance(p, URLResolver):
                inner = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
                if inner in IGNORED_NAMESPACES:
                    continue
                yield from walk(p.url_patterns, inner or "", here)
            elif isinstance(p, URLPattern) and p.name:
                yield (f"{ns}:{p.name}" if ns else p.name), here

    yield from walk(get_resolver().url_patterns, "", [])


TABLE = read_table()


def test_every_url_pattern_is_in_the_permissions_table():
    documented = {row.name for row in TABLE}
    missing = sorted({name for name, _ in url_names()} - documented)
    assert missing == [], f"Add these URL names to docs/permissions.md: {missing}"


def test_the_table_names_only_existing_urls():
    existing = {name for name, _ in url_names()}
    stale = sorted({row.name for row in TABLE} - existing)
    assert stale == [], f"docs/permissions.md names URLs that no longer exist: {stale}"


# --- The objects a URL is requested for -----------------------------------------------------


def _objects(world: World) -> dict[str, Callable[[], dict[str, Any]]]:
    """Keys of the table's 'object' column → the URL kwargs, built from the world."""
    assoc = world.association

    def pk(obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk}

    app_objects: dict[str, Callable[[], dict[str, Any]]] = {}
    for name in OBJECT_MODULES:
        app_objects.update(importlib.import_module(name).objects(world))
    return app_objects | {
        "-": dict,
        "group": lambda: pk(world.group),
        "person": lambda: pk(world.people["member"]),
        "membership": lambda: pk(world.memberships["member"]),
        "party": lambda: pk(world.parties["region"]),
        "county_part": lambda: pk(world.county_part),
        "municipality": lambda: pk(world.municipality),
        "unit": lambda: pk(f.UnitFactory(party=world.parties["municipality"])),
        "health_centre": lambda: pk(
            f.HealthCentreFactory(association=assoc, municipality=world.municipality)
        ),
        "seat": lambda: pk(f.SeatFactory(group=world.group, party=world.parties["fk"])),
        "trisam_team": lambda: pk(
            f.TrisamTeamFactory(
                health_centre=f.HealthCentreFactory(
                    association=assoc, municipality=world.municipality
                ),
                group=world.group,
            )
        ),
        "steering_group": lambda: pk(
            f.SteeringGroupFactory(group=world.group, municipality=world.municipality)
        ),
        "steering_group_member": lambda: pk(
            org.SteeringGroupMember.objects.create(
                steering_group=f.SteeringGroupFactory(
                    group=world.group, municipality=world.municipality
                ),
                person=world.people["member"],
                start_date=datetime.date(2025, 1, 1),
            )
        ),
        "association_role": lambda: pk(world.users["board"].association_roles.get()),
        # Action plans of world.group: a draft plan, and an adopted one.
        "plan": lambda: pk(make_plan(world.group)),
        "adopted_plan": lambda: pk(make_plan(world.group, status=VersionStatus.ADOPTED)),
        "version": lambda: pk(make_plan(world.group).versions.get()),
        "adopted_version": lambda: pk(
            make_plan(world.group, status=VersionStatus.ADOPTED).versions.get()
        ),
        "section": lambda: pk(make_plan(world.group).versions.get().sections.first()),
        "goal": lambda: pk(_goal(world)),
        "activity": lambda: pk(Activity.objects.create(goal=_goal(world), title="Aktivitet")),
        "spending": lambda: pk(
            Spending.objects.create(
                plan=make_plan(world.group),
                date=datetime.date(2026, 1, 20),
                amount=Decimal("100"),
                description="Lokalhyra",
            )
        ),
        "plan_group": lambda: {"group_pk": world.group.pk},
        "version_area": lambda: _version_area(world),
        "template": lambda: pk(make_template(assoc)),
        "with_template": lambda: (make_template(assoc), {})[1],
        "target_group": lambda: pk(TargetGroupFactory(association=assoc)),
        # Meetings of world.group; minutes in each state (URLs take the meeting's pk).
        "group_pk": lambda: {"group_pk": world.group.pk},
        "meeting": lambda: pk(make_meeting(world.group)),
        "series": lambda: pk(
            calendar_services.series_create(
                group=world.group,
                rule="dates",
                first_date=None,
                last_date=None,
                dates=[datetime.date(2030, 5, 6)],
                start_time=datetime.time(9),
                end_time=datetime.time(10),
            )
        ),
        "feed_token": lambda: {
            "token": calendar_services.calendar_feed_get_or_create(user=world.users["member"]).token
        },
        "agenda_item": lambda: pk(make_meeting(world.group).agenda_items.first()),
        "attachment": lambda: pk(
            agenda_services.attachment_add(
                meeting=make_meeting(world.group),
                file=SimpleUploadedFile("bilaga.pdf", b"%PDF-1.4 test"),
                user=world.users["convener"],
            )
        ),
        "guest": lambda: _guest(world),
        "no_minutes": lambda: {"meeting_pk": make_meeting(world.group).pk},
        "draft_minutes": lambda: {"meeting_pk": _minutes(world, MinutesStatus.DRAFT).meeting_id},
        "ready_minutes": lambda: {"meeting_pk": _minutes(world, MinutesStatus.READY).meeting_id},
        "approved_minutes": lambda: {
            "meeting_pk": _minutes(world, MinutesStatus.APPROVED).meeting_id
        },
        "minutes_note": lambda: pk(_minutes(world, MinutesStatus.READY).notes.first()),
        "ready_agenda_item": lambda: {
            "agenda_item_pk": _minutes(world, MinutesStatus.READY).meeting.agenda_items.first().pk
        },
        "decision": lambda: pk(_decision(world)),
        "action_item": lambda: pk(_action_item(world)),
        "dashboard_group": lambda: pk(world.group),
        "party_kind": lambda: {"kind": "region"},
        "unknown_token": lambda: {"token": "okand-fil"},
        "reset_key": lambda: {"uidb36": "0", "key": "ogiltig"},
        "confirm_key": lambda: {"key": "ogiltig"},
        "saml": lambda: {"organization_slug": "okand"},
        "oidc": lambda: {"provider_id": "okand"},
    }


def _goal(world: World) -> PlanGoal:
    plan = make_plan(world.group)
    return PlanGoal.objects.create(
        version=plan.versions.get(), goal_area=plan.template.goal_areas.first(), text="Mål"
    )


def _version_area(world: World) -> dict[str, Any]:
    plan = make_plan(world.group)
    return {"version_pk": plan.versions.get().pk, "area_pk": plan.template.goal_areas.first().pk}


def _minutes(world: World, status: str) -> Minutes:
    return make_minutes(make_meeting(world.group), status=status)


def _decision(world: World) -> Any:
    minutes = _minutes(world, MinutesStatus.READY)
    item = minutes.meeting.agenda_items.first()
    return minutes_services.decision_create(minutes=minutes, agenda_item=item, text="Godkänns")


def _action_item(world: World) -> Any:
    minutes = _minutes(world, MinutesStatus.READY)
    return minutes_services.action_item_create(
        minutes=minutes,
        agenda_item=minutes.meeting.agenda_items.first(),
        text="Boka lokal",
        responsible=world.people["member"],
        due_date=datetime.date(2030, 1, 1),
    )


def _guest(world: World) -> dict[str, Any]:
    meeting = make_meeting(world.group)
    agenda_services.attendance_add_guest(meeting=meeting, person=world.people["outsider"])
    return {"pk": meeting.pk, "person_pk": world.people["outsider"].pk}


def _check(response: Any, expected: str) -> str | None:
    status = response.status_code
    if expected == "login":
        location = response.get("Location", "")
        if status == 302 and location.startswith(reverse("account_login")):
            return None
        return f"expected a redirect to login, got {status} {location}"
    if expected.startswith("302"):
        # "302" alone: any redirect; "302 /path": a redirect to that path.
        target = expected[3:].strip()
        location = response.get("Location", "")
        if status == 302 and location.startswith(target):
            return None
        return f"expected {expected}, got {status} {location}"
    return None if str(status) == expected else f"expected {expected}, got {status}"


@pytest.mark.django_db
@pytest.mark.parametrize("row", TABLE, ids=[row.name for row in TABLE])
def test_each_role_gets_the_documented_status(
    row: Row, world: World, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    kwargs = _objects(world)[row.obj]()
    url = reverse(row.name, kwargs=kwargs or None)
    problems = []
    for role in ROLES:
        client: Client = client_for(world, role)
        response = client.get(url)
        problem = _check(response, row.expected[role])
        if problem:
            problems.append(f"{role}: {problem}")
    assert problems == [], f"{row.name} ({url}):\n" + "\n".join(problems)


def test_the_table_uses_only_known_cells():
    allowed = re.compile(r"^(login|200|302( /\S*)?|401|403|404|405)$")
    bad = [
        (row.name, role, cell)
        for row in TABLE
        for role, cell in row.expected.items()
        if not allowed.match(cell)
    ]
    assert bad == []
