"""Choices for the funding forms: the association's parties, groups and municipalities,
and the current values behind the budget forms."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet

from mysam.funding.models import AssociationBudget
from mysam.organisation.models import Association, CooperationGroup, Municipality, Party
from mysam.plans.models import GroupBudget


def parties(*, association: Association) -> QuerySet[Party]:
    return Party.objects.filter(association=association).order_by("name")


def groups(*, association: Association) -> QuerySet[CooperationGroup]:
    return CooperationGroup.objects.filter(association=association).order_by("name")


def active_groups(*, association: Association) -> list[CooperationGroup]:
    return list(groups(association=association).filter(is_active=True))


def municipalities(*, association: Association) -> list[Municipality]:
    return list(Municipality.objects.filter(association=association).order_by("name"))


def group_allocations(*, association: Association, year: int) -> dict[int, Decimal]:
    """group id → the group's budget for the year (plans.GroupBudget). One query."""
    return dict(
        GroupBudget.objects.filter(group__association=association, year=year).values_list(
            "group_id", "amount"
        )
    )


def municipality_weights(*, budget: AssociationBudget) -> dict[int, Decimal]:
    """municipality id → its weight in the budget's key. One query."""
    return dict(budget.weights.values_list("municipality_id", "weight"))
