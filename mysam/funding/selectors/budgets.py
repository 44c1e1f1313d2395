"""Reads of the association's yearly budget: financing, allocations, spending, remaining
and warnings.

The warning rules (docs/funding.md):
- *over budget*: a group or an intervention has spent more than allocated to it for the
  year; the allocations together exceed the association's budget;
- *unspent near the year's end*: from 1 October of the year until its end, a group or an
  intervention (or the association as a whole) has more than 25 % of its allocation
  unspent. Group budgets are not carried over, so what is unspent on 31 December is lost.

For other apps: ``budget_overview(association=, year=, today=)`` and ``budget_years``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from mysam.funding.models import AssociationBudget, Intervention, MunicipalityWeight
from mysam.funding.money import split, to_money
from mysam.funding.selectors.interventions import with_money
from mysam.organisation.models import Association, CooperationGroup, Municipality
from mysam.plans.models import GroupBudget, Spending

ZERO = Decimal("0.00")
UNSPENT_WARNING_FROM = (10, 1)  # month, day: from 1 October
UNSPENT_WARNING_SHARE = Decimal("0.25")  # more than 25 % of the allocation unspent


@dataclass
class FinancingRow:
    label: str
    share: Decimal
    amount: Decimal


@dataclass
class MunicipalityRow:
    municipality: Municipality
    weight: Decimal
    amount: Decimal


@dataclass
class AllocationRow:
    """A group's or an intervention's money for the year."""

    name: str
    url: str
    allocated: Decimal
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.allocated - self.spent

    @property
    def overspent(self) -> bool:
        return self.spent > self.allocated

    @property
    def share_spent(self) -> Decimal | None:
        if not self.allocated:
            return None
        return self.spent / self.allocated


@dataclass
class Warning:
    kind: str  # "over" or "unspent"
    text: str


@dataclass
class BudgetOverview:
    year: int
    budget: AssociationBudget | None
    financing: list[FinancingRow]
    municipalities: list[MunicipalityRow]
    groups: list[AllocationRow]
    interventions: list[AllocationRow]
    warnings: list[Warning] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return self.budget.total if self.budget is not None else ZERO

    @property
    def allocated(self) -> Decimal:
        return sum((r.allocated for r in self.groups + self.interventions), ZERO)

    @property
    def spent(self) -> Decimal:
        return sum((r.spent for r in self.groups + self.interventions), ZERO)

    @property
    def unallocated(self) -> Decimal:
        return self.total - self.allocated

    @property
    def remaining(self) -> Decimal:
        """What is left of the association's budget after what has been spent."""
        return self.total - self.spent

    @property
    def groups_allocated(self) -> Decimal:
        return sum((r.allocated for r in self.groups), ZERO)

    @property
    def groups_spent(self) -> Decimal:
        return sum((r.spent for r in self.groups), ZERO)

    @property
    def interventions_allocated(self) -> Decimal:
        return sum((r.allocated for r in self.interventions), ZERO)

    @property
    def interventions_spent(self) -> Decimal:
        return sum((r.spent for r in self.interventions), ZERO)

    @property
    def municipalities_total(self) -> Decimal:
        return sum((r.amount for r in self.municipalities), ZERO)


def financing_split(budget: AssociationBudget) -> list[FinancingRow]:
    """The budget's total split between the state, the region and the municipalities by
    their shares; the three amounts add up exactly to the total (largest remainder)."""
    shares = [budget.state_share, budget.region_share, budget.municipality_share]
    amounts = split(budget.total, shares)
    labels = [_("State (Försäkringskassan)"), _("Region"), _("Municipalities together")]
    return [
        FinancingRow(label, share, amount)
        for label, share, amount in zip(labels, shares, amounts, strict=True)
    ]


def municipality_split(
    municipalities_amount: Decimal, weights: list[MunicipalityWeight]
) -> list[MunicipalityRow]:
    """The municipalities' part split by the agreed key; the amounts add up exactly."""
    amounts = split(municipalities_amount, [w.weight for w in weights])
    return [
        MunicipalityRow(w.municipality, w.weight, amount)
        for w, amount in zip(weights, amounts, strict=True)
    ]


def budget_years(*, association: Association, today: datetime.date) -> list[int]:
    """Years with a budget, group budgets or interventions' budgets, plus this year and
    the next, newest first. Three queries."""
    years = {today.year, today.year + 1}
    years |= set(
        AssociationBudget.objects.filter(association=association).values_list("year", flat=True)
    )
    years |= set(
        GroupBudget.objects.filter(group__association=association).values_list("year", flat=True)
    )
    years |= set(
        Intervention.objects.filter(association=association)
        .exclude(budgets__isnull=True)
        .values_list("budgets__year", flat=True)
    )
    return sorted(years, reverse=True)


def _warnings(overview: BudgetOverview, today: datetime.date) -> list[Warning]:
    warnings: list[Warning] = []
    if overview.budget is not None and overview.allocated > overview.total:
        warnings.append(
            Warning(
                "over",
                _("The allocations (%(allocated)s kr) exceed the year's budget (%(total)s kr).")
                % {"allocated": overview.allocated, "total": overview.total},
            )
        )
    for row in overview.groups + overview.interventions:
        if row.overspent:
            warnings.append(
                Warning(
                    "over",
                    _("%(name)s has spent more than allocated.") % {"name": row.name},
                )
            )
    month, day = UNSPENT_WARNING_FROM
    if datetime.date(overview.year, month, day) <= today <= datetime.date(overview.year, 12, 31):
        for row in overview.groups + overview.interventions:
            if row.allocated > 0 and row.remaining > row.allocated * UNSPENT_WARNING_SHARE:
                warnings.append(
                    Warning(
                        "unspent",
                        _(
                            "%(name)s has more than 25 %% of its allocation unspent, and the "
                            "year ends on 31 December."
                        )
                        % {"name": row.name},
                    )
                )
    return warnings


def budget_overview(*, association: Association, year: int, today: datetime.date) -> BudgetOverview:
    """The year's budget: the financing table (state, region, municipalities) with the
    municipalities' part split by the key, the allocation and spending of every group
    (``plans.GroupBudget`` and ``plans.Spending`` of the year) and every intervention with
    a budget or spending in the year, and the warnings. Seven queries, whatever the data."""
    budget = AssociationBudget.objects.filter(association=association, year=year).first()
    financing: list[FinancingRow] = []
    municipalities: list[MunicipalityRow] = []
    if budget is not None:
        financing = financing_split(budget)
        weights = list(budget.weights.select_related("municipality").order_by("municipality__name"))
        municipalities = municipality_split(financing[2].amount, weights)

    allocated = dict(
        GroupBudget.objects.filter(group__association=association, year=year).values_list(
            "group_id", "amount"
        )
    )
    spent = dict(
        Spending.objects.filter(plan__group__association=association, date__year=year)
        .order_by()
        .values("plan__group_id")
        .annotate(total=Sum("amount"))
        .values_list("plan__group_id", "total")
    )
    groups = [
        AllocationRow(
            name=group.name,
            url=group.get_absolute_url(),
            allocated=to_money(allocated.get(group.pk, ZERO)),
            spent=to_money(spent.get(group.pk, ZERO)),
        )
        for group in CooperationGroup.objects.filter(association=association).order_by("name")
        if group.is_active or group.pk in allocated or group.pk in spent
    ]
    interventions = [
        AllocationRow(
            name=i.name,
            url=i.get_absolute_url(),
            allocated=to_money(i.budget),  # type: ignore[attr-defined]
            spent=to_money(i.spent),  # type: ignore[attr-defined]
        )
        for i in with_money(
            Intervention.objects.filter(association=association), year=year
        ).order_by("name", "pk")
        if i.budget or i.spent  # type: ignore[attr-defined]
    ]
    overview = BudgetOverview(
        year=year,
        budget=budget,
        financing=financing,
        municipalities=municipalities,
        groups=groups,
        interventions=interventions,
    )
    overview.warnings = _warnings(overview, today)
    return overview
