"""Reads of interventions (insatser) and their aggregate follow-up.

For other apps: ``intervention_list(association=..., year=...)`` returns every intervention
with ``budget`` and ``spent`` for the year and the follow-up totals of all periods
(``started``, ``finished``); ``follow_up_totals(association=..., year=...)`` sums the
follow-up of the year across interventions. Counts only, never about a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from mysam.funding.models import (
    FollowUpPeriod,
    Intervention,
    InterventionBudget,
    InterventionSpending,
)
from mysam.organisation.models import Association, Party

_MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Decimal("0.00")
COUNTS = (
    "started_women",
    "started_men",
    "started_other",
    "finished_women",
    "finished_men",
    "finished_other",
    "to_work",
    "to_studies",
    "to_rehabilitation",
    "to_other",
)


def _sum_subquery(model: type, field: str, **filters: object) -> Subquery:
    rows = (
        model.objects.filter(intervention_id=OuterRef("pk"), **filters)  # type: ignore[attr-defined]
        .order_by()
        .values("intervention_id")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Subquery(rows)


def with_money(queryset: QuerySet[Intervention], *, year: int | None) -> QuerySet[Intervention]:
    """Annotate ``budget`` and ``spent`` (the year's, or all years' when ``year`` is None),
    and ``started``/``finished`` over every follow-up period, by subqueries (no row
    multiplication)."""
    year_filter = {"year": year} if year is not None else {}
    date_filter = {"date__year": year} if year is not None else {}
    started = (
        FollowUpPeriod.objects.filter(intervention_id=OuterRef("pk"))
        .order_by()
        .values("intervention_id")
        .annotate(total=Sum("started_women") + Sum("started_men") + Sum("started_other"))
        .values("total")
    )
    finished = (
        FollowUpPeriod.objects.filter(intervention_id=OuterRef("pk"))
        .order_by()
        .values("intervention_id")
        .annotate(total=Sum("finished_women") + Sum("finished_men") + Sum("finished_other"))
        .values("total")
    )
    return queryset.annotate(
        budget=Coalesce(
            Subquery(
                _sum_subquery(InterventionBudget, "amount", **year_filter), output_field=_MONEY
            ),
            Value(ZERO),
        ),
        spent=Coalesce(
            Subquery(
                _sum_subquery(InterventionSpending, "amount", **date_filter), output_field=_MONEY
            ),
            Value(ZERO),
        ),
        started=Coalesce(Subquery(started, output_field=IntegerField()), Value(0)),
        finished=Coalesce(Subquery(finished, output_field=IntegerField()), Value(0)),
    )


def intervention_list(
    *, association: Association, year: int | None = None, status: str | None = None
) -> list[Intervention]:
    """Every intervention of the association (by name) with the year's budget and spending
    and the follow-up totals; the funding application and group loaded. One query."""
    rows = Intervention.objects.filter(association=association)
    if status:
        rows = rows.filter(status=status)
    return list(
        with_money(rows, year=year).select_related("application", "group").order_by("name", "pk")
    )


@dataclass
class InterventionPage:
    intervention: Intervention
    parties: list[Party]
    budgets: list[InterventionBudget]
    spending: list[InterventionSpending]
    follow_up: list[FollowUpPeriod]

    @property
    def budget_total(self) -> Decimal:
        return sum((b.amount for b in self.budgets), ZERO)

    @property
    def spent_total(self) -> Decimal:
        return sum((s.amount for s in self.spending), ZERO)

    @property
    def remaining(self) -> Decimal:
        return self.budget_total - self.spent_total

    @property
    def spent_by_year(self) -> dict[int, Decimal]:
        years: dict[int, Decimal] = {}
        for s in self.spending:
            years[s.date.year] = years.get(s.date.year, ZERO) + s.amount
        return years

    @property
    def budget_rows(self) -> list[tuple[int, Decimal, Decimal, Decimal]]:
        """(year, budget, spent, remaining) for every year with a budget or spending."""
        budgets = {b.year: b.amount for b in self.budgets}
        spent = self.spent_by_year
        return [
            (y, budgets.get(y, ZERO), spent.get(y, ZERO), budgets.get(y, ZERO) - spent.get(y, ZERO))
            for y in sorted(set(budgets) | set(spent))
        ]


def intervention_page(*, intervention: Intervention) -> InterventionPage:
    """An intervention's page: parties, budget per year, spending and follow-up periods.
    Four queries."""
    return InterventionPage(
        intervention=intervention,
        parties=list(intervention.parties.all()),
        budgets=list(intervention.budgets.order_by("year")),
        spending=list(intervention.spending.order_by("-date", "-pk")),
        follow_up=list(intervention.follow_up.order_by("year", "half")),
    )


def follow_up_totals(*, association: Association, year: int) -> dict[str, int]:
    """The year's follow-up summed over all the association's interventions (each count
    field, plus ``started`` and ``finished``). One query."""
    sums = FollowUpPeriod.objects.filter(
        intervention__association=association, year=year
    ).aggregate(**{name: Coalesce(Sum(name), 0) for name in COUNTS})
    totals = {name: int(sums[name]) for name in COUNTS}
    totals["started"] = totals["started_women"] + totals["started_men"] + totals["started_other"]
    totals["finished"] = (
        totals["finished_women"] + totals["finished_men"] + totals["finished_other"]
    )
    return totals
