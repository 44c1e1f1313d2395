"""Reads of the organisation registry, scoped to the actor's association.

Each selector fixes its number of queries (select_related / prefetch_related), so a page
costs the same whatever the amount of data.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from mysam.accounts.actor import Actor
from mysam.organisation.access import require_reader
from mysam.organisation.models import (
    CooperationGroup,
    CountyPart,
    HealthCentre,
    Membership,
    Municipality,
    Party,
    Person,
    Seat,
    SteeringGroup,
    SteeringGroupMember,
    TrisamTeam,
    Unit,
)


def groups_for_actor_member(*, actor: Actor) -> QuerySet[CooperationGroup]:
    """The groups in which the actor's linked person holds a current membership."""
    association = require_reader(actor)
    return CooperationGroup.objects.filter(
        association=association, pk__in=list(actor.group_roles)
    ).order_by("name")


def association_counts(*, actor: Actor) -> dict[str, int]:
    """Headline counts for the start page: groups, people and current memberships."""
    association = require_reader(actor)
    return {
        "groups": CooperationGroup.objects.filter(association=association, is_active=True).count(),
        "people": Person.objects.filter(association=association).count(),
        "memberships": Membership.objects.current().filter(group__association=association).count(),
    }


# --- Registry lists ---
# The office's lists of the registry (views/registry.py). Each returns rows with everything
# the list shows preloaded, so a page costs the same number of queries for 5 rows or 500.


def county_part_list(*, actor: Actor) -> QuerySet[CountyPart]:
    """The association's county parts, with how many municipalities each has."""
    association = require_reader(actor)
    return (
        CountyPart.objects.filter(association=association)
        .annotate(municipality_count=Count("municipalities"))
        .order_by("name")
    )


def municipality_list(*, actor: Actor) -> QuerySet[Municipality]:
    """The association's municipalities with their county part."""
    association = require_reader(actor)
    return Municipality.objects.filter(association=association).select_related("county_part")


def party_list(*, actor: Actor) -> QuerySet[Party]:
    """The association's parties with their municipality (for municipality parties)."""
    association = require_reader(actor)
    return Party.objects.filter(association=association).select_related("municipality")


def unit_list(*, actor: Actor) -> QuerySet[Unit]:
    """The units of the association's parties, ordered by party."""
    association = require_reader(actor)
    return Unit.objects.filter(party__association=association).select_related(
        "party", "municipality"
    )


def units_for_party(*, actor: Actor, party_id: int | None) -> QuerySet[Unit]:
    """The units of one party of the association (none for an unknown party)."""
    association = require_reader(actor)
    if party_id is None:
        return Unit.objects.none()
    return Unit.objects.filter(party__association=association, party_id=party_id).order_by("name")


def health_centre_list(*, actor: Actor) -> QuerySet[HealthCentre]:
    """The association's health centres with their municipality."""
    association = require_reader(actor)
    return HealthCentre.objects.filter(association=association).select_related("municipality")


def cooperation_group_list(*, actor: Actor) -> QuerySet[CooperationGroup]:
    """The association's Mysam groups, active first, with their municipalities."""
    association = require_reader(actor)
    return (
        CooperationGroup.objects.filter(association=association)
        .prefetch_related("municipalities")
        .order_by("-is_active", "name")
    )


def person_list(*, actor: Actor, search: str = "", party_id: int | None = None) -> QuerySet[Person]:
    """The association's officials, optionally matching a name or e-mail and one party."""
    association = require_reader(actor)
    people = Person.objects.filter(association=association).select_related("party", "unit")
    for word in search.split():
        # SQLite folds only ASCII case, so "öberg" would miss "Öberg": also try the usual
        # spellings of the word (PostgreSQL matches them all anyway).
        match = Q()
        for variant in {word, word.lower(), word.capitalize(), word.upper()}:
            match |= (
                Q(first_name__icontains=variant)
                | Q(last_name__icontains=variant)
                | Q(email__icontains=variant)
            )
        people = people.filter(match)
    if party_id is not None:
        people = people.filter(party_id=party_id)
    return people


def seat_list(*, actor: Actor, group: CooperationGroup) -> QuerySet[Seat]:
    """A group's seats with who holds each today (``current_holders``; empty = vacant)."""
    require_reader(actor)
    holders = Membership.objects.current().select_related("person")
    return (
        Seat.objects.filter(group=group)
        .select_related("party")
        .prefetch_related(Prefetch("memberships", queryset=holders, to_attr="current_holders"))
        .order_by("-is_active", "party__name", "label")
    )


def trisam_team_list(*, actor: Actor) -> QuerySet[TrisamTeam]:
    """The association's Trisam teams with their health centre and group, active first."""
    association = require_reader(actor)
    return (
        TrisamTeam.objects.filter(health_centre__association=association)
        .select_related("health_centre", "group")
        .order_by("-is_active", "name")
    )


def steering_group_list(*, actor: Actor) -> QuerySet[SteeringGroup]:
    """The association's Trisam steering groups with how many members they have today."""
    association = require_reader(actor)
    today = timezone.localdate()
    in_force = Q(seats__start_date__lte=today) & (
        Q(seats__end_date__isnull=True) | Q(seats__end_date__gte=today)
    )
    return (
        SteeringGroup.objects.filter(group__association=association)
        .select_related("group", "municipality")
        .annotate(member_count=Count("seats", filter=in_force))
        .order_by("name")
    )


def steering_group_member_list(
    *, actor: Actor, steering_group: SteeringGroup
) -> QuerySet[SteeringGroupMember]:
    """A steering group's members, current and former, with their party."""
    require_reader(actor)
    return (
        SteeringGroupMember.objects.filter(steering_group=steering_group)
        .select_related("person", "person__party")
        .order_by("-start_date", "person__last_name", "person__first_name")
    )


def registry_counts(*, actor: Actor) -> dict[str, int]:
    """How many rows each registry list has (one query per list)."""
    association = require_reader(actor)
    return {
        "county_part": CountyPart.objects.filter(association=association).count(),
        "municipality": Municipality.objects.filter(association=association).count(),
        "party": Party.objects.filter(association=association).count(),
        "unit": Unit.objects.filter(party__association=association).count(),
        "health_centre": HealthCentre.objects.filter(association=association).count(),
        "cooperation_group": CooperationGroup.objects.filter(association=association).count(),
        "person": Person.objects.filter(association=association).count(),
        "trisam_team": TrisamTeam.objects.filter(health_centre__association=association).count(),
        "steering_group": SteeringGroup.objects.filter(group__association=association).count(),
    }


def group_memberships(*, actor: Actor, group: CooperationGroup) -> dict[str, list[Any]]:
    """A group's memberships for the office: ``current``, ``upcoming`` and ``ended`` ones,
    and its active ``vacant_seats`` (no membership in force today)."""
    require_reader(actor)
    today = timezone.localdate()
    rows = list(
        Membership.objects.filter(group=group)
        .select_related(
            "person",
            "person__party",
            "seat",
            "seat__party",
            "substitute_for__person",
            "replaced_by__person",
        )
        .order_by("person__last_name", "person__first_name", "-start_date")
    )
    current = [m for m in rows if m.is_current(today)]
    held = {m.seat_id for m in current if m.seat_id is not None}
    seats = Seat.objects.filter(group=group, is_active=True).select_related("party")
    return {
        "current": current,
        "upcoming": [m for m in rows if m.start_date > today],
        "ended": sorted(
            (m for m in rows if m.end_date is not None and m.end_date < today),
            key=lambda m: m.end_date or today,
            reverse=True,
        ),
        "vacant_seats": [s for s in seats if s.pk not in held],
    }
