"""The funding summary for the overview page, the dashboards and the API.

``funding_summary(association=, year=)`` → ``FundingSummary``:
- ``applications``: count per status (every status key present);
- ``granted``: the sum granted by decisions dated in the year;
- ``budget``: the association's budget total for the year (0 when none);
- ``allocated``: group budgets (plans.GroupBudget) + intervention budgets of the year;
- ``spent``: plans.Spending of the groups + intervention spending dated in the year;
- ``remaining``: ``budget − spent``.
Six queries, whatever the data. All amounts Decimal with two places.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import Coalesce

from mysam.funding.models import (
    GRANTED_STATUSES,
    AssociationBudget,
    FundingApplication,
    InterventionBudget,
    InterventionSpending,
)
from mysam.funding.money import to_money
from mysam.funding.selectors.applications import status_counts
from mysam.organisation.models import Association
from mysam.plans.models import GroupBudget, Spending

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class FundingSummary:
    year: int
    applications: dict[str, int]
    granted: Decimal
    budget: Decimal
    allocated: Decimal
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.spent

    @property
    def open_applications(self) -> int:
        return self.applications.get("submitted", 0) + self.applications.get("preparation", 0)


def _sum(queryset: object, field: str) -> Decimal:
    value = queryset.aggregate(total=Coalesce(Sum(field), ZERO))["total"]  # type: ignore[attr-defined]
    return to_money(value)


def funding_summary(*, association: Association, year: int) -> FundingSummary:
    """The association's funding figures for ``year`` (see the module docstring)."""
    budget = (
        AssociationBudget.objects.filter(association=association, year=year)
        .values_list("total", flat=True)
        .first()
    )
    granted = _sum(
        FundingApplication.objects.filter(
            association=association, status__in=GRANTED_STATUSES, decision_date__year=year
        ),
        "granted_amount",
    )
    allocated = _sum(
        GroupBudget.objects.filter(group__association=association, year=year), "amount"
    ) + _sum(
        InterventionBudget.objects.filter(intervention__association=association, year=year),
        "amount",
    )
    spent = _sum(
        Spending.objects.filter(plan__group__association=association, date__year=year), "amount"
    ) + _sum(
        InterventionSpending.objects.filter(intervention__association=association, date__year=year),
        "amount",
    )
    return FundingSummary(
        year=year,
        applications=status_counts(association=association),
        granted=granted,
        budget=to_money(budget) if budget is not None else ZERO,
        allocated=allocated,
        spent=spent,
    )
