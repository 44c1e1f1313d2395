"""The follow-up of a group's action plan, as a meeting looks at it.

``plan_follow_up_summary`` is THE function the meetings feature calls to put
"uppföljning av handlingsplanen" on an agenda; the plan page shows the same summary, and
``plans/plan/_follow_up.html`` renders it (include it with ``summary`` in the context).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from mysam.organisation.models import CooperationGroup
from mysam.plans.models import (
    OPEN_STATUSES,
    ActionPlan,
    Activity,
    ActivityProgress,
    ActivityStatus,
    GoalArea,
    GroupBudget,
    PlanVersion,
    Spending,
)

ZERO = Decimal("0")


@dataclass
class StatusCount:
    status: str
    label: str
    count: int


@dataclass
class AreaStatus:
    """How many of a goal area's activities are in each status."""

    area: GoalArea
    counts: list[StatusCount]
    total: int


@dataclass
class ChangedActivity:
    """An activity with progress logged, or edited, on or after ``since``."""

    activity: Activity
    entries: list[ActivityProgress]
    edited: bool


@dataclass
class FollowUpSummary:
    group: CooperationGroup
    plan: ActionPlan | None
    version: PlanVersion | None
    since: datetime.date
    today: datetime.date
    year: int
    areas: list[AreaStatus] = field(default_factory=list)
    overdue: list[Activity] = field(default_factory=list)
    changed: list[ChangedActivity] = field(default_factory=list)
    budget: Decimal | None = None
    planned: Decimal = ZERO
    spent: Decimal = ZERO

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.spent

    @property
    def over_budget(self) -> bool:
        return self.budget is not None and self.spent > self.budget

    @property
    def planned_over_budget(self) -> bool:
        return self.budget is not None and self.planned > self.budget


def activity_year(activity: Activity, plan: ActionPlan) -> int:
    """The plan year an activity's planned amount counts against: the year it is due,
    else the year it starts, else the plan's first year."""
    for day in (activity.due_date, activity.start_date):
        if day is not None and plan.start_year <= day.year <= plan.end_year:
            return day.year
    return plan.start_year


def planned_in_year(activities: Iterable[Activity], plan: ActionPlan, year: int) -> Decimal:
    """The planned amounts of the year's activities (cancelled ones not counted)."""
    total = ZERO
    for activity in activities:
        if (
            activity.planned_amount is not None
            and activity.status != ActivityStatus.CANCELLED
            and activity_year(activity, plan) == year
        ):
            total += activity.planned_amount
    return total


def build_summary(
    *,
    group: CooperationGroup,
    plan: ActionPlan | None,
    version: PlanVersion | None,
    areas: list[GoalArea],
    activities: list[Activity],
    progress: list[ActivityProgress],
    since: datetime.date,
    today: datetime.date,
    budget: Decimal | None,
    spent: Decimal,
) -> FollowUpSummary:
    """The summary from rows already loaded (the plan page loads them for itself).

    ``activities`` carry ``goal.goal_area``; ``progress`` holds the plan's entries.
    """
    summary = FollowUpSummary(
        group=group, plan=plan, version=version, since=since, today=today, year=today.year
    )
    if plan is None or version is None:
        return summary
    by_area: dict[int, list[Activity]] = defaultdict(list)
    for activity in activities:
        by_area[activity.goal.goal_area_id].append(activity)
    for area in areas:
        rows = by_area.get(area.pk, [])
        summary.areas.append(
            AreaStatus(
                area=area,
                counts=[
                    StatusCount(
                        status=status.value,
                        label=str(status.label),
                        count=sum(1 for a in rows if a.status == status),
                    )
                    for status in ActivityStatus
                ],
                total=len(rows),
            )
        )
    summary.overdue = sorted(
        (a for a in activities if a.due_date and a.due_date < today and a.status in OPEN_STATUSES),
        key=lambda a: (a.due_date, a.title),
    )
    recent: dict[object, list[ActivityProgress]] = defaultdict(list)
    for entry in progress:
        if entry.date >= since:
            recent[entry.activity_lineage].append(entry)
    for activity in activities:
        edited = timezone.localdate(activity.updated_at) >= since
        entries = recent.get(activity.lineage, [])
        if edited or entries:
            summary.changed.append(
                ChangedActivity(activity=activity, entries=entries, edited=edited)
            )
    summary.budget = budget
    summary.spent = spent
    summary.planned = planned_in_year(activities, plan, today.year)
    return summary


def _plan_for(group: CooperationGroup, year: int) -> ActionPlan | None:
    covering = (
        ActionPlan.objects.filter(group=group, start_year__lte=year, end_year__gte=year)
        .order_by("-start_year", "-pk")
        .first()
    )
    if covering is not None:
        return covering
    return ActionPlan.objects.filter(group=group).order_by("-end_year", "-pk").first()


def plan_follow_up_summary(
    *, group: CooperationGroup, since: datetime.date, today: datetime.date | None = None
) -> FollowUpSummary:
    """The follow-up of the group's action plan for a meeting ("uppföljning av
    handlingsplanen"): THE function the meetings feature calls to put it on an agenda.

    The plan is the one covering ``today``'s year (else the group's latest plan) and its
    newest version, draft or adopted: the group follows up what it is working on. The
    summary holds, per goal area, how many activities are in each status; the overdue
    activities (due before ``today`` and planned, in progress or paused); the activities
    changed on or after ``since`` (progress logged or the activity edited, e.g. its status);
    and this year's budget, planned amounts and spending.

    It is not scoped to an actor: the caller must already have checked that the reader sees
    the group's drafts (``mysam.plans.access.can_read_drafts``), as the group's own
    meetings do. A group without a plan gets a summary with ``plan`` None. A fixed number
    of queries, whatever the size of the plan.
    """
    day = today or timezone.localdate()
    plan = _plan_for(group, day.year)
    if plan is None:
        return FollowUpSummary(
            group=group, plan=None, version=None, since=since, today=day, year=day.year
        )
    version = PlanVersion.objects.filter(plan=plan).order_by("-number").first()
    areas = list(GoalArea.objects.filter(template_id=plan.template_id).order_by("number"))
    activities = list(
        Activity.objects.filter(goal__version=version)
        .select_related("goal", "goal__goal_area", "responsible_party", "responsible_person")
        .order_by("goal__goal_area__number", "goal__order", "goal_id", "order", "pk")
    )
    progress = list(
        ActivityProgress.objects.filter(plan=plan, date__gte=since).select_related("created_by")
    )
    budget = (
        GroupBudget.objects.filter(group=group, year=day.year)
        .values_list("amount", flat=True)
        .first()
    )
    spent = Spending.objects.filter(plan=plan, date__year=day.year).aggregate(s=Sum("amount"))["s"]
    return build_summary(
        group=group,
        plan=plan,
        version=version,
        areas=areas,
        activities=activities,
        progress=progress,
        since=since,
        today=day,
        budget=budget,
        spent=spent or ZERO,
    )
