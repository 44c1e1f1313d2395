"""Reads of the organisation registry, scoped to the actor's association.

Each selector fixes its number of queries (select_related / prefetch_related), so a page
costs the same whatever the amount of data.
"""

from __future__ import annotations

from django.db.models import QuerySet

from mysam.accounts.actor import Actor
from mysam.organisation.access import require_reader
from mysam.organisation.models import CooperationGroup, Membership, Person


def groups_for_actor_member(*, actor: Actor) -> QuerySet[CooperationGroup]:
    """The groups in which the actor's linked person holds a current membership."""
    require_reader(actor)
    return CooperationGroup.objects.filter(
        association_id=actor.association_id, pk__in=list(actor.group_roles)
    ).order_by("name")


def association_counts(*, actor: Actor) -> dict[str, int]:
    """Headline counts for the start page: groups, people and current memberships."""
    association = require_reader(actor)
    return {
        "groups": CooperationGroup.objects.filter(association=association, is_active=True).count(),
        "people": Person.objects.filter(association=association).count(),
        "memberships": Membership.objects.current().filter(group__association=association).count(),
    }
