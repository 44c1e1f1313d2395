"""The organisation tables: county parts, municipalities, parties, units and groups.

No personal data: officials' names, e-mails and phones are not in the API (the registry
pages show them to signed-in users); groups carry head counts only."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet
from django.utils import timezone
from ninja import Schema

from mysam.api.selectors.base import Paging, Table, count_by
from mysam.meetings.models import Meeting
from mysam.organisation import models as org
from mysam.plans.models import ActionPlan


class CountyPartItem(Schema):
    id: int
    name: str
    municipality_count: int


class MunicipalityItem(Schema):
    id: int
    name: str
    code: str
    county_part_id: int
    county_part_name: str


class PartyItem(Schema):
    id: int
    name: str
    kind: str
    municipality_id: int | None


class UnitItem(Schema):
    id: int
    name: str
    unit_type: str
    party_id: int
    municipality_id: int | None


class GroupItem(Schema):
    id: int
    name: str
    is_active: bool
    municipality_count: int
    current_member_count: int
    meeting_count: int
    plan_count: int


class GroupMunicipalityItem(Schema):
    group_id: int
    municipality_id: int


def county_parts(association_id: int, filters: Paging) -> QuerySet[Any]:
    return (
        org.CountyPart.objects.filter(association_id=association_id)
        .annotate(municipality_count=count_by(org.Municipality.objects.all(), "county_part"))
        .order_by("name", "pk")
        .values("id", "name", "municipality_count")
    )


def municipalities(association_id: int, filters: Paging) -> QuerySet[Any]:
    return (
        org.Municipality.objects.filter(association_id=association_id)
        .order_by("name", "pk")
        .values("id", "name", "code", "county_part_id", county_part_name=F("county_part__name"))
    )


def parties(association_id: int, filters: Paging) -> QuerySet[Any]:
    return (
        org.Party.objects.filter(association_id=association_id)
        .order_by("name", "pk")
        .values("id", "name", "kind", "municipality_id")
    )


def units(association_id: int, filters: Paging) -> QuerySet[Any]:
    return (
        org.Unit.objects.filter(party__association_id=association_id)
        .order_by("party__name", "name", "pk")
        .values("id", "name", "unit_type", "party_id", "municipality_id")
    )


def groups(association_id: int, filters: Paging) -> QuerySet[Any]:
    today = timezone.localdate()
    members = org.Membership.objects.current(today).exclude(role=org.MembershipRole.GUEST)
    return (
        org.CooperationGroup.objects.filter(association_id=association_id)
        .annotate(
            municipality_count=count_by(
                org.CooperationGroup.municipalities.through.objects.all(), "cooperationgroup"
            ),
            current_member_count=count_by(members, "group"),
            meeting_count=count_by(Meeting.objects.all(), "group"),
            plan_count=count_by(ActionPlan.objects.all(), "group"),
        )
        .order_by("name", "pk")
        .values(
            "id",
            "name",
            "is_active",
            "municipality_count",
            "current_member_count",
            "meeting_count",
            "plan_count",
        )
    )


def group_municipalities(association_id: int, filters: Paging) -> QuerySet[Any]:
    return (
        org.CooperationGroup.municipalities.through.objects.filter(
            cooperationgroup__association_id=association_id
        )
        .order_by("cooperationgroup_id", "municipality_id")
        .values("municipality_id", group_id=F("cooperationgroup_id"))
    )


TABLES = [
    Table(
        "county-parts",
        "County parts",
        "The association's county parts (länsdelar) with their number of municipalities.",
        CountyPartItem,
        county_parts,
    ),
    Table(
        "municipalities",
        "Municipalities",
        "Municipalities of the association with their county part.",
        MunicipalityItem,
        municipalities,
    ),
    Table(
        "parties",
        "Parties",
        "Member organisations (huvudmän). kind: municipality, region, fk, af, association, other.",
        PartyItem,
        parties,
    ),
    Table("units", "Units", "Units (verksamheter) of the parties.", UnitItem, units),
    Table(
        "groups",
        "Cooperation groups",
        "Mysam groups with counts: municipalities, current members (guests not counted), "
        "meetings and action plans.",
        GroupItem,
        groups,
    ),
    Table(
        "group-municipalities",
        "Groups' municipalities",
        "Which municipalities each group covers (a group may cover several).",
        GroupMunicipalityItem,
        group_municipalities,
        detail=False,
    ),
]
