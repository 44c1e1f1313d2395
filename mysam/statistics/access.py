"""Permission-scoped lookups for Trisam and population statistics.

Everyone with a role in the association reads the statistics (aggregate counts only). The
office (admin) changes everything: targets, measures, imports and every team's months. A
Trisam team's months may also be entered by the convener of the team's cooperation group.
Another association's rows answer 404; rows one may read but not change answer 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from mysam.accounts.actor import Actor
from mysam.organisation.access import require_admin, require_reader, scope
from mysam.organisation.models import Association, Municipality, TrisamTeam
from mysam.statistics.models import PopulationMeasure


def require_statistics_reader(actor: Actor) -> Association:
    """The actor's association if they have a role in it; 404 without one."""
    scope(actor)
    return require_reader(actor)


def require_statistics_admin(actor: Actor) -> Association:
    """The actor's association if they are its office admin; 403 otherwise."""
    scope(actor)
    return require_admin(actor)


def can_enter_trisam(actor: Actor, team: TrisamTeam) -> bool:
    """The office, or the convener of the team's cooperation group."""
    return actor.is_admin or (team.group_id is not None and actor.is_convener_of(team.group_id))


def get_trisam_team_for_user(actor: Actor, pk: int, *, write: bool = False) -> TrisamTeam:
    """A Trisam team of the actor's association (404 otherwise). ``write`` (entering its
    months) needs the office or the convener of the team's group (403 otherwise)."""
    association_id = scope(actor)
    team = (
        TrisamTeam.objects.filter(health_centre__association_id=association_id, pk=pk)
        .select_related("health_centre__municipality", "group")
        .first()
    )
    if team is None:
        raise Http404
    if write and not can_enter_trisam(actor, team):
        raise PermissionDenied
    return team


def get_municipality_for_statistics(actor: Actor, pk: int) -> Municipality:
    """A municipality of the actor's association (404 otherwise)."""
    municipality = Municipality.objects.filter(association_id=scope(actor), pk=pk).first()
    if municipality is None:
        raise Http404
    return municipality


def get_measure_for_user(actor: Actor, pk: int, *, write: bool = False) -> PopulationMeasure:
    """A population measure of the actor's association (404 otherwise); changing it needs
    the office (403 otherwise)."""
    measure = PopulationMeasure.objects.filter(association_id=scope(actor), pk=pk).first()
    if measure is None:
        raise Http404
    if write and not actor.is_admin:
        raise PermissionDenied
    return measure
