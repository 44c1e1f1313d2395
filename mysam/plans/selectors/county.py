"""Reads for the office and the board: the county view, the template and the catalogue.

Every function runs a fixed number of queries whatever the number of groups, plans and
activities (the tests assert it). The caller has checked access (``require_county_reader``,
``require_office``, or a role in the association); these functions scope every query to the
actor's association.

Which version of a plan counts: the one in force, that is the newest adopted version, or
the newest draft when the plan has never been adopted. A plan "covers" a year when the year
lies between its first and last year.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, IntegerField, Max, Min, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from mysam.accounts.actor import Actor
from mysam.organisation.models import CooperationGroup
from mysam.plans.models import (
    OPEN_STATUSES,
    ActionPlan,
    Activity,
    GoalArea,
    GroupBudget,
    PlanTargetGroup,
    PlanTemplate,
    PlanVersion,
    Spending,
    TargetGroup,
    TemplateSection,
    VersionStatus,
)


def _association_id(actor: Actor) -> int:
    if actor.association_id is None:
        raise ValueError("The actor works in no association.")
    return actor.association_id


# --- The template -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateContents:
    template: PlanTemplate
    sections: list[TemplateSection]
    goal_areas: list[GoalArea]  # with ``questions`` prefetched


def current_template(*, actor: Actor) -> PlanTemplate | None:
    """The association's current template version, or None when it has none."""
    return PlanTemplate.objects.filter(
        association_id=_association_id(actor), is_current=True
    ).first()


def template_contents(*, template: PlanTemplate) -> TemplateContents:
    """A template version's sections in order and its goal areas with their questions
    (three queries)."""
    sections = list(TemplateSection.objects.filter(template=template).order_by("order", "pk"))
    areas = list(
        GoalArea.objects.filter(template=template).order_by("number").prefetch_related("questions")
    )
    return TemplateContents(template, sections, areas)


def template_versions(*, actor: Actor) -> list[PlanTemplate]:
    """Every version of the association's template, newest first, each with ``plan_count``
    (how many plans started from it)."""
    return list(
        PlanTemplate.objects.filter(association_id=_association_id(actor))
        .annotate(plan_count=Count("plans"))
        .order_by("-version")
    )


# --- The target-group catalogue ---------------------------------------------------------------


def target_group_list(*, actor: Actor) -> list[TargetGroup]:
    """The catalogue in its order, each entry with ``plan_count``: how many plans have
    prioritised it in some version."""
    used = (
        PlanTargetGroup.objects.filter(target_group_id=OuterRef("pk"))
        .values("target_group_id")
        .annotate(n=Count("version__plan_id", distinct=True))
        .values("n")
    )
    return list(
        TargetGroup.objects.filter(association_id=_association_id(actor))
        .annotate(plan_count=Coalesce(Subquery(used, output_field=IntegerField()), 0))
        .order_by("order", "name")
    )


# --- The county view --------------------------------------------------------------------------

ADOPTED = "adopted"
REVISING = "revising"  # adopted, with a newer draft being written
DRAFT = "draft"
NONE = "none"


@dataclass
class PlanState:
    """A plan covering the year and the version that counts."""

    plan: ActionPlan
    state: str  # ADOPTED, REVISING or DRAFT
    version: PlanVersion  # the version in force (newest adopted, else newest draft)
    newest: PlanVersion

    @property
    def is_adopted(self) -> bool:
        return self.state in (ADOPTED, REVISING)


@dataclass
class GroupRow:
    group: CooperationGroup
    plans: list[PlanState] = field(default_factory=list)

    @property
    def best(self) -> PlanState | None:
        """The plan that speaks for the group: adopted before draft, then the latest."""
        if not self.plans:
            return None
        return max(self.plans, key=lambda p: (p.is_adopted, p.plan.start_year, p.plan.pk))

    @property
    def state(self) -> str:
        best = self.best
        return best.state if best is not None else NONE


@dataclass(frozen=True)
class OverdueRow:
    activity: Activity
    plan_state: PlanState
    days: int


@dataclass
class TargetGroupRow:
    target_group: TargetGroup
    groups: list[tuple[CooperationGroup, PlanState]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.groups)


@dataclass(frozen=True)
class LocalTargetGroupRow:
    name: str
    group: CooperationGroup
    plan_state: PlanState


@dataclass
class BudgetRow:
    group: CooperationGroup
    plan_state: PlanState | None
    budget: Decimal | None = None
    planned: Decimal = Decimal(0)
    spent: Decimal = Decimal(0)

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.spent

    @property
    def share_used(self) -> Decimal | None:
        if not self.budget:
            return None
        return self.spent / self.budget

    @property
    def overspent(self) -> bool:
        return self.budget is not None and self.spent > self.budget


@dataclass
class CountyOverview:
    year: int
    years: list[int]
    today: datetime.date
    groups: list[GroupRow]
    overdue: list[OverdueRow]
    target_groups: list[TargetGroupRow]
    local_target_groups: list[LocalTargetGroupRow]
    budgets: list[BudgetRow]

    @property
    def with_adopted(self) -> list[GroupRow]:
        return [g for g in self.groups if g.state in (ADOPTED, REVISING)]

    @property
    def without_adopted(self) -> list[GroupRow]:
        return [g for g in self.groups if g.state not in (ADOPTED, REVISING)]

    @property
    def budget_total(self) -> BudgetRow | None:
        if not self.budgets:
            return None
        budgets = [b.budget for b in self.budgets if b.budget is not None]
        return BudgetRow(
            group=None,  # type: ignore[arg-type]
            plan_state=None,
            budget=sum(budgets, Decimal(0)) if budgets else None,
            planned=sum((b.planned for b in self.budgets), Decimal(0)),
            spent=sum((b.spent for b in self.budgets), Decimal(0)),
        )


def county_years(*, actor: Actor, today: datetime.date) -> list[int]:
    """The years the year picker offers, newest first: every year a plan or a budget covers,
    and the current year (one query)."""
    aid = _association_id(actor)
    span = ActionPlan.objects.filter(group__association_id=aid).aggregate(
        first=Min("start_year"), last=Max("end_year")
    )
    first = min(span["first"] or today.year, today.year)
    last = max(span["last"] or today.year, today.year)
    return list(range(last, first - 1, -1))


def county_overview(
    *, actor: Actor, year: int, today: datetime.date | None = None
) -> CountyOverview:
    """The county view for one year: every group with the state of its plan covering the
    year, overdue activities across the county (as of ``today``), the catalogue's target
    groups with the groups prioritising them (plus local ones), and each group's budget,
    planned amounts and spending for the year. Nine queries, whatever the data."""
    aid = _association_id(actor)
    today = today or timezone.localdate()

    years = county_years(actor=actor, today=today)

    versions = (
        PlanVersion.objects.filter(
            plan__group__association_id=aid,
            plan__start_year__lte=year,
            plan__end_year__gte=year,
        )
        .select_related("plan")
        .order_by("plan_id", "number")
    )
    by_plan: dict[int, list[PlanVersion]] = defaultdict(list)
    for version in versions:
        by_plan[version.plan_id].append(version)
    states: list[PlanState] = []
    for plan_versions in by_plan.values():
        newest = plan_versions[-1]
        adopted = [v for v in plan_versions if v.status == VersionStatus.ADOPTED]
        if adopted:
            in_force = adopted[-1]
            state = REVISING if newest.number > in_force.number else ADOPTED
        else:
            in_force, state = newest, DRAFT
        states.append(PlanState(newest.plan, state, in_force, newest))
    state_by_version = {s.version.pk: s for s in states}

    rows: dict[int, GroupRow] = {}
    plan_group_ids = {s.plan.group_id for s in states}
    for group in CooperationGroup.objects.filter(association_id=aid).order_by("name"):
        if group.is_active or group.pk in plan_group_ids:
            rows[group.pk] = GroupRow(group)
    for s in states:
        row = rows[s.plan.group_id]
        s.plan.group = row.group  # share the row's group object: no lazy query per plan
        row.plans.append(s)
    group_rows = list(rows.values())

    overdue = [
        OverdueRow(
            activity=activity,
            plan_state=state_by_version[activity.goal.version_id],
            days=(today - activity.due_date).days if activity.due_date else 0,
        )
        for activity in Activity.objects.filter(
            goal__version_id__in=list(state_by_version),
            due_date__lt=today,
            status__in=OPEN_STATUSES,
        )
        .select_related("goal", "goal__goal_area", "responsible_party", "responsible_person")
        .order_by("due_date", "goal__version__plan__group__name", "pk")
    ]

    catalogue = {
        tg.pk: TargetGroupRow(tg)
        for tg in TargetGroup.objects.filter(association_id=aid).order_by("order", "name")
    }
    local: list[LocalTargetGroupRow] = []
    seen: set[tuple[int, int]] = set()
    for tg_id, local_name, version_id in (
        PlanTargetGroup.objects.filter(version_id__in=list(state_by_version))
        .values_list("target_group_id", "local_name", "version_id")
        .order_by("order", "pk")
    ):
        plan_state = state_by_version[version_id]
        group = rows[plan_state.plan.group_id].group
        if tg_id is not None:
            if (tg_id, group.pk) not in seen and tg_id in catalogue:
                seen.add((tg_id, group.pk))
                catalogue[tg_id].groups.append((group, plan_state))
        else:
            local.append(LocalTargetGroupRow(local_name, group, plan_state))
    target_rows = [row for row in catalogue.values() if row.target_group.is_active or row.groups]
    for target_row in target_rows:
        target_row.groups.sort(key=lambda pair: pair[0].name)
    target_rows.sort(
        key=lambda target_row: -target_row.count
    )  # stable: catalogue order among equals
    local.sort(key=lambda row: (row.name.casefold(), row.group.name))

    budgets = dict(
        GroupBudget.objects.filter(group__association_id=aid, year=year).values_list(
            "group_id", "amount"
        )
    )
    planned = dict(
        Activity.objects.filter(
            goal__version_id__in=list(state_by_version), planned_amount__isnull=False
        )
        .annotate(
            year_of=Coalesce(
                ExtractYear("start_date"),
                ExtractYear("due_date"),
                F("goal__version__plan__start_year"),
                output_field=IntegerField(),
            )
        )
        .filter(year_of=year)
        .values("goal__version__plan__group_id")
        .annotate(total=Sum("planned_amount"))
        .values_list("goal__version__plan__group_id", "total")
    )
    spent = dict(
        Spending.objects.filter(plan__group__association_id=aid, date__year=year)
        .values("plan__group_id")
        .annotate(total=Sum("amount"))
        .values_list("plan__group_id", "total")
    )
    budget_rows = [
        BudgetRow(
            group=row.group,
            plan_state=row.best,
            budget=budgets.get(row.group.pk),
            planned=planned.get(row.group.pk) or Decimal(0),
            spent=spent.get(row.group.pk) or Decimal(0),
        )
        for row in group_rows
        if row.group.is_active or row.group.pk in budgets or row.group.pk in spent
    ]

    return CountyOverview(
        year=year,
        years=years,
        today=today,
        groups=group_rows,
        overdue=overdue,
        target_groups=target_rows,
        local_target_groups=local,
        budgets=budget_rows,
    )


__all__ = [
    "ADOPTED",
    "DRAFT",
    "NONE",
    "REVISING",
    "CountyOverview",
    "county_overview",
    "county_years",
    "current_template",
    "target_group_list",
    "template_contents",
    "template_versions",
]
