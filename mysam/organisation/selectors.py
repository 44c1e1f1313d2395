"""Reads of the organisation registry, scoped to the actor's association.

Each selector fixes its number of queries (select_related / prefetch_related), so a page
costs the same whatever the amount of data.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from mysam.accounts.actor import Actor
from mysam.organisation import representation as rep
from mysam.organisation.access import require_reader
from mysam.organisation.models import (
    CORE_PARTY_KINDS,
    CooperationGroup,
    CountyPart,
    HealthCentre,
    Membership,
    MembershipRole,
    Municipality,
    Party,
    PartyKind,
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


# --- Structure overview, group pages and the representation check ---
# Each selector below costs a fixed number of queries whatever the number of groups, people
# and memberships: current memberships are filtered in the query and prefetched.

# Order in which parties are shown on group pages: the municipality first, then the Region,
# FK, AF, the association itself and others.
PARTY_KIND_ORDER = [
    PartyKind.MUNICIPALITY,
    PartyKind.REGION,
    PartyKind.FK,
    PartyKind.AF,
    PartyKind.ASSOCIATION,
    PartyKind.OTHER,
]
SEATED_ROLES = (MembershipRole.MEMBER, MembershipRole.CONVENER)


def _party_sort_key(party: Party) -> tuple[int, str]:
    kind = party.kind if party.kind in PARTY_KIND_ORDER else PartyKind.OTHER
    return (PARTY_KIND_ORDER.index(PartyKind(kind)), party.name)


def _person_sort_key(membership: Membership) -> tuple[str, str]:
    return (membership.person.last_name, membership.person.first_name)


@dataclass
class GroupCard:
    """One group with what the overview, the group list and the representation page show."""

    group: CooperationGroup
    municipalities: list[Municipality]
    current: list[Membership]
    vacant_seats: list[Seat]
    trisam_teams: list[TrisamTeam]
    representation: rep.GroupResult

    @property
    def seated(self) -> list[Membership]:
        return [m for m in self.current if m.role in SEATED_ROLES]

    @property
    def conveners(self) -> list[Membership]:
        return [m for m in self.current if m.role == MembershipRole.CONVENER]

    @property
    def member_count(self) -> int:
        """Distinct people with a current membership (any role but guest)."""
        return len({m.person_id for m in self.current if m.role != MembershipRole.GUEST})

    @property
    def party_count_list(self) -> list[tuple[str, int]]:
        """(party kind, current members) for the four core kinds, in their usual order."""
        return list(self.party_counts().items())

    def party_counts(self) -> dict[str, int]:
        """Current members (member or convener) per core party kind."""
        counts = {str(kind): 0 for kind in CORE_PARTY_KINDS}
        for m in self.seated:
            if m.person.party.kind in counts:
                counts[m.person.party.kind] += 1
        return counts


@dataclass
class CountyPartStructure:
    county_part: CountyPart | None  # None: groups whose municipalities have no county part
    municipalities: list[Municipality]
    groups: list[GroupCard]


@dataclass
class Structure:
    county_parts: list[CountyPartStructure]
    summary: rep.Summary


def _current_memberships(day: datetime.date) -> QuerySet[Membership]:
    return (
        Membership.objects.current(day)
        .select_related("person", "person__party", "person__unit", "seat")
        .order_by("person__last_name", "person__first_name")
    )


def _party_facts(association_id: int) -> list[rep.PartyFacts]:
    return [
        rep.PartyFacts(p.pk, p.name, p.kind, p.municipality_id)
        for p in Party.objects.filter(association_id=association_id)
    ]


def _group_facts(
    group: CooperationGroup,
    municipalities: list[Municipality],
    current: list[Membership],
    vacant_seats: list[Seat],
) -> rep.GroupFacts:
    return rep.GroupFacts(
        id=group.pk,
        name=group.name,
        municipalities=[rep.MunicipalityFacts(m.pk, m.name) for m in municipalities],
        members=[
            rep.MemberFacts(
                membership_id=m.pk,
                party_id=m.person.party_id,
                role=m.role,
                has_decision_mandate=m.has_decision_mandate,
                unit_type=m.person.unit.unit_type if m.person.unit else "",
            )
            for m in current
        ],
        vacant_seats=[f"{s.party.name}: {s.label}" for s in vacant_seats],
    )


def _vacant(seats: list[Seat], current: list[Membership]) -> list[Seat]:
    held = {m.seat_id for m in current if m.seat_id is not None}
    return [s for s in seats if s.pk not in held]


def group_cards(*, actor: Actor, active_only: bool = True) -> list[GroupCard]:
    """The association's groups with their current members, vacancies, Trisam teams and the
    result of the representation check (six queries whatever the amount of data)."""
    association = require_reader(actor)
    today = timezone.localdate()
    groups = CooperationGroup.objects.filter(association=association)
    if active_only:
        groups = groups.filter(is_active=True)
    groups = groups.order_by("-is_active", "name").prefetch_related(
        Prefetch("municipalities", queryset=Municipality.objects.order_by("name"), to_attr="munis"),
        Prefetch("memberships", queryset=_current_memberships(today), to_attr="current"),
        Prefetch(
            "seats",
            queryset=Seat.objects.filter(is_active=True).select_related("party"),
            to_attr="active_seats",
        ),
        Prefetch(
            "trisam_teams",
            queryset=TrisamTeam.objects.filter(is_active=True)
            .select_related("health_centre")
            .order_by("name"),
            to_attr="active_teams",
        ),
    )
    parties = _party_facts(association.pk)
    cards = []
    for group in groups:
        munis: list[Municipality] = group.munis
        current: list[Membership] = group.current
        vacant = _vacant(group.active_seats, current)
        facts = _group_facts(group, munis, current, vacant)
        cards.append(
            GroupCard(
                group=group,
                municipalities=munis,
                current=current,
                vacant_seats=vacant,
                trisam_teams=group.active_teams,
                representation=rep.check_group(facts, parties),
            )
        )
    return cards


def representation_summary(*, actor: Actor) -> rep.Summary:
    """The representation check for every active group, with counts per check."""
    cards = group_cards(actor=actor)
    return _summary(cards)


def _summary(cards: list[GroupCard]) -> rep.Summary:
    results = [c.representation for c in cards]
    flagged = {check: sum(1 for r in results if r.flags_for(check)) for check in rep.Check}
    return rep.Summary(results, flagged, sum(1 for r in results if r.ok))


def structure(*, actor: Actor) -> Structure:
    """The county's structure: county parts with their municipalities and active groups.

    A group is placed under the county part of its first municipality (groups normally
    cover municipalities of one county part); groups without a municipality come last.
    """
    association = require_reader(actor)
    cards = group_cards(actor=actor)
    parts = list(
        CountyPart.objects.filter(association=association)
        .order_by("name")
        .prefetch_related(
            Prefetch(
                "municipalities",
                queryset=Municipality.objects.order_by("name"),
                to_attr="munis",
            )
        )
    )
    by_part: dict[int | None, list[GroupCard]] = {p.pk: [] for p in parts}
    by_part[None] = []
    for card in cards:
        first = card.municipalities[0] if card.municipalities else None
        key = first.county_part_id if first is not None else None
        by_part.setdefault(key, []).append(card)
    county_parts = [CountyPartStructure(p, p.munis, by_part[p.pk]) for p in parts]
    if by_part[None]:
        county_parts.append(CountyPartStructure(None, [], by_part[None]))
    return Structure(county_parts, _summary(cards))


@dataclass
class PartySection:
    """A party's rows on a group page: its current members and its vacant seats."""

    party: Party
    members: list[Membership]
    vacant_seats: list[Seat]


@dataclass
class SteeringGroupRow:
    steering_group: SteeringGroup
    members: list[SteeringGroupMember]


@dataclass
class GroupPage:
    group: CooperationGroup
    municipalities: list[Municipality]
    parties: list[PartySection]
    conveners: list[Membership]
    co_opted: list[Membership]
    substitutes: list[Membership]
    guests: list[Membership]
    upcoming: list[Membership]
    vacant_seats: list[Seat]
    history: list[Membership]
    trisam_teams: list[TrisamTeam]
    steering_groups: list[SteeringGroupRow]
    representation: rep.GroupResult


def group_page(*, actor: Actor, group: CooperationGroup) -> GroupPage:
    """Everything the group page shows, in a fixed number of queries (seven).

    ``parties`` holds the members (role member or convener) by party, with each party's
    vacant seats; co-opted people, substitutes and guests are listed apart. ``history``
    holds ended memberships, newest end first.
    """
    require_reader(actor)
    if group.association_id != actor.association_id:
        raise PermissionDenied
    today = timezone.localdate()
    rows = list(
        Membership.objects.filter(group=group)
        .select_related(
            "person",
            "person__party",
            "person__unit",
            "seat",
            "seat__party",
            "substitute_for__person",
            "replaced_by__person",
        )
        .order_by("person__last_name", "person__first_name", "-start_date")
    )
    current = [m for m in rows if m.is_current(today)]
    municipalities = list(group.municipalities.order_by("name"))
    seats = list(Seat.objects.filter(group=group, is_active=True).select_related("party"))
    vacant = _vacant(seats, current)

    sections: dict[int, PartySection] = {}
    for m in current:
        if m.role in SEATED_ROLES:
            party = m.person.party
            sections.setdefault(party.pk, PartySection(party, [], [])).members.append(m)
    for seat in vacant:
        sections.setdefault(seat.party_id, PartySection(seat.party, [], [])).vacant_seats.append(
            seat
        )

    teams = list(
        TrisamTeam.objects.filter(group=group)
        .select_related("health_centre")
        .order_by("-is_active", "name")
    )
    in_force = SteeringGroupMember.objects.filter(start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    steering = [
        SteeringGroupRow(sg, sg.current_members)
        for sg in SteeringGroup.objects.filter(group=group)
        .select_related("municipality")
        .prefetch_related(
            Prefetch(
                "seats",
                queryset=in_force.select_related("person", "person__party").order_by(
                    "person__last_name", "person__first_name"
                ),
                to_attr="current_members",
            )
        )
        .order_by("name")
    ]
    facts = _group_facts(group, municipalities, current, vacant)
    result = rep.check_group(facts, _party_facts(group.association_id))
    return GroupPage(
        group=group,
        municipalities=municipalities,
        parties=sorted(sections.values(), key=lambda s: _party_sort_key(s.party)),
        conveners=[m for m in current if m.role == MembershipRole.CONVENER],
        co_opted=[m for m in current if m.role == MembershipRole.CO_OPTED],
        substitutes=[m for m in current if m.role == MembershipRole.SUBSTITUTE],
        guests=[m for m in current if m.role == MembershipRole.GUEST],
        upcoming=sorted((m for m in rows if m.start_date > today), key=lambda m: m.start_date),
        vacant_seats=vacant,
        history=sorted(
            (m for m in rows if m.end_date is not None and m.end_date < today),
            key=lambda m: (m.end_date or today, m.person.last_name),
            reverse=True,
        ),
        trisam_teams=teams,
        steering_groups=steering,
        representation=result,
    )


@dataclass
class PersonPage:
    person: Person
    current: list[Membership]
    upcoming: list[Membership]
    past: list[Membership]
    steering_groups: list[SteeringGroupMember]


def person_page(*, actor: Actor, person: Person) -> PersonPage:
    """A person's memberships (current, upcoming, ended) and Trisam steering group terms
    (two queries)."""
    require_reader(actor)
    if person.association_id != actor.association_id:
        raise PermissionDenied
    today = timezone.localdate()
    rows = list(
        Membership.objects.filter(person=person)
        .select_related("group", "seat", "substitute_for__person", "replaced_by__person")
        .order_by("group__name", "-start_date")
    )
    terms = list(
        SteeringGroupMember.objects.filter(person=person)
        .select_related("steering_group", "steering_group__group")
        .order_by("-start_date")
    )
    return PersonPage(
        person=person,
        current=[m for m in rows if m.is_current(today)],
        upcoming=[m for m in rows if m.start_date > today],
        past=sorted(
            (m for m in rows if m.end_date is not None and m.end_date < today),
            key=lambda m: m.end_date or today,
            reverse=True,
        ),
        steering_groups=terms,
    )


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
