"""Permission-scoped lookups for the organisation registry.

Every view fetches organisation rows through these functions. They answer 404 for rows the
actor may not see (another association's, or none chosen) and 403 for rows the actor may see
but not change. Reading the registry needs any role in the association; changing it needs
the office admin role.
"""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from mysam.accounts.actor import Actor
from mysam.organisation.models import (
    Association,
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

M = TypeVar("M", bound=Model)


def require_reader(actor: Actor) -> Association:
    """The actor's association, if they may read its registry; PermissionDenied otherwise."""
    if not actor.has_association or actor.association is None:
        raise PermissionDenied
    return actor.association


def require_admin(actor: Actor) -> Association:
    """The actor's association, if they are its office admin; PermissionDenied otherwise."""
    association = require_reader(actor)
    if not actor.is_admin:
        raise PermissionDenied
    return association


def scope(actor: Actor) -> int:
    """The id of the actor's association; 404 when they work in none. Every app's access
    functions filter by it, so another association's rows look as if they did not exist."""
    if actor.association_id is None or not actor.has_association:
        raise Http404
    return actor.association_id


def _get(queryset: QuerySet[M], pk: int, actor: Actor, *, write: bool) -> M:
    if not actor.has_association:
        raise Http404
    try:
        obj = queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and not actor.is_admin:
        raise PermissionDenied
    return obj


def get_association_for_user(actor: Actor, *, write: bool = False) -> Association:
    """The actor's current association; changing its settings needs the admin role."""
    return require_admin(actor) if write else require_reader(actor)


def get_county_part_for_user(actor: Actor, pk: int, *, write: bool = False) -> CountyPart:
    return _get(CountyPart.objects.filter(association_id=scope(actor)), pk, actor, write=write)


def get_municipality_for_user(actor: Actor, pk: int, *, write: bool = False) -> Municipality:
    return _get(
        Municipality.objects.filter(association_id=scope(actor)).select_related("county_part"),
        pk,
        actor,
        write=write,
    )


def get_party_for_user(actor: Actor, pk: int, *, write: bool = False) -> Party:
    return _get(Party.objects.filter(association_id=scope(actor)), pk, actor, write=write)


def get_unit_for_user(actor: Actor, pk: int, *, write: bool = False) -> Unit:
    return _get(
        Unit.objects.filter(party__association_id=scope(actor)).select_related("party"),
        pk,
        actor,
        write=write,
    )


def get_health_centre_for_user(actor: Actor, pk: int, *, write: bool = False) -> HealthCentre:
    return _get(HealthCentre.objects.filter(association_id=scope(actor)), pk, actor, write=write)


def get_group_for_user(actor: Actor, pk: int, *, write: bool = False) -> CooperationGroup:
    """A cooperation group of the actor's association. Changing it needs the admin role."""
    return _get(
        CooperationGroup.objects.filter(association_id=scope(actor)),
        pk,
        actor,
        write=write,
    )


def get_person_for_user(actor: Actor, pk: int, *, write: bool = False) -> Person:
    return _get(
        Person.objects.filter(association_id=scope(actor)).select_related("party", "unit"),
        pk,
        actor,
        write=write,
    )


def get_seat_for_user(actor: Actor, pk: int, *, write: bool = False) -> Seat:
    return _get(
        Seat.objects.filter(group__association_id=scope(actor)).select_related("group", "party"),
        pk,
        actor,
        write=write,
    )


def get_membership_for_user(actor: Actor, pk: int, *, write: bool = False) -> Membership:
    return _get(
        Membership.objects.filter(group__association_id=scope(actor)).select_related(
            "group", "person", "person__party", "seat", "substitute_for__person"
        ),
        pk,
        actor,
        write=write,
    )


def get_trisam_team_for_user(actor: Actor, pk: int, *, write: bool = False) -> TrisamTeam:
    return _get(
        TrisamTeam.objects.filter(health_centre__association_id=scope(actor)).select_related(
            "health_centre", "group"
        ),
        pk,
        actor,
        write=write,
    )


def get_steering_group_for_user(actor: Actor, pk: int, *, write: bool = False) -> SteeringGroup:
    return _get(
        SteeringGroup.objects.filter(group__association_id=scope(actor)).select_related(
            "group", "municipality"
        ),
        pk,
        actor,
        write=write,
    )


def get_steering_group_member_for_user(
    actor: Actor, pk: int, *, write: bool = False
) -> SteeringGroupMember:
    """A member of a Trisam steering group of the actor's association; changing needs admin."""
    return _get(
        SteeringGroupMember.objects.filter(
            steering_group__group__association_id=scope(actor)
        ).select_related("steering_group", "steering_group__group", "person"),
        pk,
        actor,
        write=write,
    )
