"""Action plans: plans, their versions' status, activities' status and amounts, group
budgets and spending. No plan text."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.db.models import F, IntegerField, OuterRef, Q, QuerySet, Subquery
from ninja import Schema

from mysam.api.selectors.base import Table, YearFilters
from mysam.plans.models import (
    ActionPlan,
    Activity,
    GroupBudget,
    PlanVersion,
    Spending,
    VersionStatus,
)


class PlanItem(Schema):
    id: int
    group_id: int
    title: str
    start_year: int
    end_year: int
    latest_version_number: int | None
    latest_version_status: str | None
    adopted_version_number: int | None


class PlanVersionItem(Schema):
    id: int
    plan_id: int
    number: int
    status: str
    plan_date: datetime.date | None
    adopted_at: datetime.datetime | None


class ActivityItem(Schema):
    id: int
    plan_id: int
    version_id: int
    version_number: int
    version_status: str
    lineage: uuid.UUID
    title: str
    status: str
    start_date: datetime.date | None
    due_date: datetime.date | None
    planned_amount: float | None
    responsible_party_id: int | None


class GroupBudgetItem(Schema):
    id: int
    group_id: int
    year: int
    amount: float


class SpendingItem(Schema):
    id: int
    plan_id: int
    group_id: int
    date: datetime.date
    amount: float


def _plans_filtered(rows: QuerySet[Any], filters: YearFilters, prefix: str) -> QuerySet[Any]:
    if filters.year is not None:
        rows = rows.filter(
            **{f"{prefix}start_year__lte": filters.year, f"{prefix}end_year__gte": filters.year}
        )
    if filters.group is not None:
        rows = rows.filter(**{f"{prefix}group_id": filters.group})
    if filters.municipality is not None:
        rows = rows.filter(**{f"{prefix}group__municipalities": filters.municipality})
    return rows


def plans(association_id: int, filters: YearFilters) -> QuerySet[Any]:
    latest = PlanVersion.objects.filter(plan=OuterRef("pk")).order_by("-number")
    adopted = latest.filter(status=VersionStatus.ADOPTED)
    rows = ActionPlan.objects.filter(group__association_id=association_id)
    return (
        _plans_filtered(rows, filters, "")
        .annotate(
            latest_version_number=Subquery(latest.values("number")[:1], IntegerField()),
            latest_version_status=Subquery(latest.values("status")[:1]),
            adopted_version_number=Subquery(adopted.values("number")[:1], IntegerField()),
        )
        .order_by("-start_year", "pk")
        .values(
            "id",
            "group_id",
            "title",
            "start_year",
            "end_year",
            "latest_version_number",
            "latest_version_status",
            "adopted_version_number",
        )
    )


def plan_versions(association_id: int, filters: YearFilters) -> QuerySet[Any]:
    rows = PlanVersion.objects.filter(plan__group__association_id=association_id)
    return (
        _plans_filtered(rows, filters, "plan__")
        .order_by("plan_id", "number", "pk")
        .values("id", "plan_id", "number", "status", "plan_date", "adopted_at")
    )


def activities(association_id: int, filters: YearFilters) -> QuerySet[Any]:
    rows = Activity.objects.filter(goal__version__plan__group__association_id=association_id)
    return (
        _plans_filtered(rows, filters, "goal__version__plan__")
        .order_by("goal__version__plan_id", "goal__version__number", "goal__order", "order", "pk")
        .values(
            "id",
            "lineage",
            "title",
            "status",
            "start_date",
            "due_date",
            "planned_amount",
            "responsible_party_id",
            plan_id=F("goal__version__plan_id"),
            version_id=F("goal__version_id"),
            version_number=F("goal__version__number"),
            version_status=F("goal__version__status"),
        )
    )


def group_budgets(association_id: int, filters: YearFilters) -> QuerySet[Any]:
    rows = GroupBudget.objects.filter(group__association_id=association_id)
    if filters.year is not None:
        rows = rows.filter(year=filters.year)
    if filters.group is not None:
        rows = rows.filter(group_id=filters.group)
    if filters.municipality is not None:
        rows = rows.filter(group__municipalities=filters.municipality)
    return rows.order_by("year", "group_id", "pk").values("id", "group_id", "year", "amount")


def spending(association_id: int, filters: YearFilters) -> QuerySet[Any]:
    rows = Spending.objects.filter(plan__group__association_id=association_id)
    if filters.year is not None:
        rows = rows.filter(date__year=filters.year)
    if filters.group is not None:
        rows = rows.filter(plan__group_id=filters.group)
    if filters.municipality is not None:
        rows = rows.filter(Q(plan__group__municipalities=filters.municipality))
    return rows.order_by("date", "pk").values(
        "id", "plan_id", "date", "amount", group_id=F("plan__group_id")
    )


TABLES = [
    Table(
        "plans",
        "Action plans",
        "The groups' action plans with the number and status (draft, adopted) of the latest "
        "version and the number of the latest adopted version. year: plans covering it.",
        PlanItem,
        plans,
        YearFilters,
    ),
    Table(
        "plan-versions",
        "Action plan versions",
        "Every version of every plan with its status and dates.",
        PlanVersionItem,
        plan_versions,
        YearFilters,
    ),
    Table(
        "activities",
        "Activities",
        "Activities of every plan version. status: planned, in_progress, done, paused, "
        "cancelled. An activity keeps its lineage across versions; take the latest version's "
        "rows for the current state. Amounts in kronor.",
        ActivityItem,
        activities,
        YearFilters,
    ),
    Table(
        "group-budgets",
        "Group budgets",
        "Each group's budget per year, in kronor.",
        GroupBudgetItem,
        group_budgets,
        YearFilters,
    ),
    Table(
        "plan-spending",
        "Plan spending",
        "Money spent under the action plans (date and amount in kronor; no descriptions).",
        SpendingItem,
        spending,
        YearFilters,
    ),
]
