"""Funding: applications (status and amounts, no texts or contacts), interventions with
their budgets, spending and aggregate follow-up (counts only), and the yearly budgets."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import F, Q, QuerySet
from ninja import Schema

from mysam.api.selectors.base import Table, YearFilters, sum_by
from mysam.funding.models import (
    AssociationBudget,
    BudgetLine,
    FollowUpPeriod,
    FundingApplication,
    Intervention,
    InterventionBudget,
    InterventionSpending,
    MunicipalityWeight,
)


class ApplicationItem(Schema):
    id: int
    title: str
    applicant_group_id: int | None
    status: str
    start_date: datetime.date
    end_date: datetime.date
    submitted_at: datetime.datetime | None
    decision_date: datetime.date | None
    requested_amount: float
    granted_amount: float | None


class InterventionItem(Schema):
    id: int
    name: str
    kind: str
    status: str
    group_id: int | None
    application_id: int | None
    start_date: datetime.date
    end_date: datetime.date | None
    budget_total: float
    spent_total: float


class InterventionBudgetItem(Schema):
    id: int
    intervention_id: int
    year: int
    amount: float


class InterventionSpendingItem(Schema):
    id: int
    intervention_id: int
    date: datetime.date
    amount: float


class FollowUpItem(Schema):
    id: int
    intervention_id: int
    year: int
    half: int
    started_women: int
    started_men: int
    started_other: int
    finished_women: int
    finished_men: int
    finished_other: int
    to_work: int
    to_studies: int
    to_rehabilitation: int
    to_other: int


class BudgetItem(Schema):
    id: int
    year: int
    total: float
    state_share: float
    region_share: float
    municipality_share: float
    municipality_key: str


class BudgetWeightItem(Schema):
    id: int
    budget_id: int
    year: int
    municipality_id: int
    weight: float


def _in_year(rows: QuerySet[Any], filters: YearFilters, start: str, end: str) -> QuerySet[Any]:
    """Rows whose period (start … end, end may be open) touches the filter's year."""
    if filters.year is None:
        return rows
    return rows.filter(**{f"{start}__year__lte": filters.year}).filter(
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__year__gte": filters.year})
    )


def _by_group(rows: QuerySet[Any], filters: YearFilters, group: str) -> QuerySet[Any]:
    if filters.group is not None:
        rows = rows.filter(**{f"{group}_id": filters.group})
    if filters.municipality is not None:
        rows = rows.filter(**{f"{group}__municipalities": filters.municipality})
    return rows


def applications(association_id: int, filters: YearFilters) -> QuerySet[Any]:
    rows = FundingApplication.objects.filter(association_id=association_id)
    rows = _by_group(_in_year(rows, filters, "start_date", "end_date"), filters, "applicant_group")
    return (
        rows.annotate(requested_amount=sum_by(BudgetLine.objects.all(), "application", "amount"))
        .order_by("pk")
        .values(
            "id",
            "title",
            "applicant_group_id",
            "status",
            "start_date",
            "end_date",
            "submitted_at",
            "decision_date",
            "requested_amount",
            "granted_amount",
        )
    )


def interventions(association_id: int, filters: YearFilters) -> QuerySet[Any]:
    rows = Intervention.objects.filter(association_id=association_id)
    rows = _by_group(_in_year(rows, filters, "start_date", "end_date"), filters, "group")
    return (
        rows.annotate(
            budget_total=sum_by(InterventionBudget.objects.all(), "intervention", "amount"),
            spent_total=sum_by(InterventionSpending.objects.all(), "intervention", "amount"),
        )
        .order_by("name", "pk")
        .values(
            "id",
            "name",
            "kind",
            "status",
            "group_id",
            "application_id",
            "start_date",
            "end_date",
            "budget_total",
            "spent_total",
        )
    )


def intervention_budgets(association_id: int, filters: YearFilters) -> QuerySet[Any]:
    rows = InterventionBudget.objects.filter(intervention__association_id=association_id)
    if filters.year is not None:
        rows = rows.filter(year=filters.year)
    rows = _by_group(rows, filters, "intervention__group")
    return rows.order_by("intervention_id", "year", "pk").values(
        "id", "intervention_id", "year", "amount"
    )


def intervention_spending(association_id: int, filters: YearFilters) -> QuerySet[Any]:
    rows = InterventionSpending.objects.filter(intervention__association_id=association_id)
    if filters.year is not None:
        rows = rows.filter(date__year=filters.year)
    rows = _by_group(rows, filters, "intervention__group")
    return rows.order_by("date", "pk").values("id", "intervention_id", "date", "amount")


def follow_up(association_id: int, filters: YearFilters) -> QuerySet[Any]:
    rows = FollowUpPeriod.objects.filter(intervention__association_id=association_id)
    if filters.year is not None:
        rows = rows.filter(year=filters.year)
    rows = _by_group(rows, filters, "intervention__group")
    return rows.order_by("intervention_id", "year", "half", "pk").values(*FollowUpItem.model_fields)


def budgets(association_id: int, filters: YearFilters) -> QuerySet[Any]:
    rows = AssociationBudget.objects.filter(association_id=association_id)
    if filters.year is not None:
        rows = rows.filter(year=filters.year)
    return rows.order_by("year", "pk").values(
        "id",
        "year",
        "total",
        "state_share",
        "region_share",
        "municipality_share",
        "municipality_key",
    )


def budget_weights(association_id: int, filters: YearFilters) -> QuerySet[Any]:
    rows = MunicipalityWeight.objects.filter(budget__association_id=association_id)
    if filters.year is not None:
        rows = rows.filter(budget__year=filters.year)
    if filters.municipality is not None:
        rows = rows.filter(municipality_id=filters.municipality)
    return rows.order_by("budget__year", "municipality_id", "pk").values(
        "id", "budget_id", "municipality_id", "weight", year=F("budget__year")
    )


TABLES = [
    Table(
        "applications",
        "Funding applications",
        "Applications for cooperation funds: status (draft, submitted, preparation, granted, "
        "granted_in_part, rejected, withdrawn), period, requested amount (sum of the budget "
        "lines) and granted amount in kronor. No texts or contact details. year: applications "
        "whose period touches it.",
        ApplicationItem,
        applications,
        YearFilters,
    ),
    Table(
        "interventions",
        "Interventions",
        "Interventions (insatser): kind (individual, structural), status (planned, ongoing, "
        "finished), period, the funding application, and totals of budget and spending in "
        "kronor.",
        InterventionItem,
        interventions,
        YearFilters,
    ),
    Table(
        "intervention-budgets",
        "Intervention budgets",
        "Each intervention's budget per year, in kronor.",
        InterventionBudgetItem,
        intervention_budgets,
        YearFilters,
    ),
    Table(
        "intervention-spending",
        "Intervention spending",
        "Money spent on interventions (date and amount in kronor; no descriptions).",
        InterventionSpendingItem,
        intervention_spending,
        YearFilters,
    ),
    Table(
        "intervention-follow-up",
        "Intervention follow-up",
        "Aggregate follow-up per intervention and year (half 0) or half-year (1, 2): "
        "participants started and finished by gender and what the finished went on to. "
        "Counts only, never people.",
        FollowUpItem,
        follow_up,
        YearFilters,
    ),
    Table(
        "budgets",
        "Budgets",
        "The association's yearly budget in kronor with the financing shares in per cent "
        "and how the municipalities' share is split (municipality_key).",
        BudgetItem,
        budgets,
        YearFilters,
    ),
    Table(
        "budget-weights",
        "Budget weights",
        "Each municipality's weight in the split of the municipalities' share, per budget.",
        BudgetWeightItem,
        budget_weights,
        YearFilters,
    ),
]
