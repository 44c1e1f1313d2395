"""Reads for a group's plans and the plan page, scoped by mysam.plans.access.

The plan page is read in a fixed number of queries, however many goals, activities,
progress entries and spending rows the plan has.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from mysam.accounts.actor import Actor
from mysam.organisation.models import CooperationGroup, Party, Person
from mysam.plans import access
from mysam.plans.models import (
    ActionPlan,
    Activity,
    ActivityProgress,
    GoalArea,
    GroupBudget,
    GuidingQuestion,
    ParticipantKind,
    PlanGoal,
    PlanParticipant,
    PlanSection,
    PlanTargetGroup,
    PlanTemplate,
    PlanVersion,
    SectionKind,
    Spending,
    TargetGroup,
    TemplateSection,
    VersionStatus,
)
from mysam.plans.selectors.follow_up import (
    ZERO,
    FollowUpSummary,
    build_summary,
    planned_in_year,
)


def default_plan_title(group: CooperationGroup, start_year: int, end_year: int) -> str:
    """The association's way of naming a plan: "Handlingsplan för Mysam Ljusdal år 2019",
    "… år 2017–2018" for two years."""
    years = str(start_year) if start_year == end_year else f"{start_year}–{end_year}"
    return f"Handlingsplan för {group.name} år {years}"


# --- The list of plans ---------------------------------------------------------------------


@dataclass
class PlanListRow:
    plan: ActionPlan
    status: str  # of the newest version the reader may see
    status_label: str
    version_number: int | None


@dataclass
class GroupPlans:
    group: CooperationGroup
    plans: list[PlanListRow]
    can_create: bool


def plan_list(*, actor: Actor) -> list[GroupPlans]:
    """The plans the actor may open, grouped by group, with the status of the newest
    version they may see; plus the groups the actor may create a plan for (convener,
    office). Three queries."""
    newest = PlanVersion.objects.filter(plan=OuterRef("pk")).order_by("-number")
    newest_adopted = newest.filter(status=VersionStatus.ADOPTED)
    plans = (
        access.visible_plans(actor)
        .select_related("group")
        .annotate(
            newest_status=Subquery(newest.values("status")[:1]),
            newest_number=Subquery(newest.values("number")[:1]),
            adopted_number=Subquery(newest_adopted.values("number")[:1]),
        )
        .order_by("group__name", "-start_year", "-pk")
    )
    groups: dict[int, GroupPlans] = {}
    for plan in plans:
        if access.can_read_drafts(actor, plan.group_id):
            status, number = plan.newest_status, plan.newest_number  # type: ignore[attr-defined]
        else:
            status, number = VersionStatus.ADOPTED, plan.adopted_number  # type: ignore[attr-defined]
        entry = groups.setdefault(
            plan.group_id,
            GroupPlans(
                group=plan.group,
                plans=[],
                can_create=access.can_write_plans(actor, plan.group_id),
            ),
        )
        entry.plans.append(
            PlanListRow(
                plan=plan,
                status=status or "",
                status_label=str(VersionStatus(status).label) if status else "",
                version_number=number,
            )
        )
    for group in groups_for_plan_create(actor=actor).exclude(pk__in=list(groups)):
        groups[group.pk] = GroupPlans(group=group, plans=[], can_create=True)
    return sorted(groups.values(), key=lambda g: g.group.name.casefold())


def groups_for_plan_create(*, actor: Actor) -> QuerySet[CooperationGroup]:
    """Active groups the actor may create plans for: all for the office, the groups they
    convene for a convener, none for others."""
    if actor.association_id is None or not actor.has_association:
        return CooperationGroup.objects.none()
    groups = CooperationGroup.objects.filter(association_id=actor.association_id, is_active=True)
    if actor.is_admin:
        return groups.order_by("name")
    convened = [g for g in actor.group_roles if actor.is_convener_of(g)]
    return groups.filter(pk__in=convened).order_by("name")


# --- The plan page -------------------------------------------------------------------------


@dataclass
class ActivityRow:
    activity: Activity
    overdue: bool
    changed: bool
    progress: list[ActivityProgress]
    spent: Decimal
    can_log: bool


@dataclass
class GoalRow:
    goal: PlanGoal
    activities: list[ActivityRow]


@dataclass
class AreaBlock:
    area: GoalArea
    goals: list[GoalRow]


@dataclass
class Block:
    """One section of the plan page in the template's order. ``section`` is the plan's text
    for text sections; the other kinds are drawn from the page's other fields."""

    kind: str
    title: str
    guidance: str = ""
    section: PlanSection | None = None
    key: str = ""


@dataclass
class BudgetYear:
    year: int
    budget: GroupBudget | None
    planned: Decimal
    spent: Decimal

    @property
    def amount(self) -> Decimal | None:
        return self.budget.amount if self.budget is not None else None

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget.amount - self.spent

    @property
    def over_budget(self) -> bool:
        return self.budget is not None and self.spent > self.budget.amount

    @property
    def planned_over_budget(self) -> bool:
        return self.budget is not None and self.planned > self.budget.amount


@dataclass
class SpendingRow:
    spending: Spending
    activity_title: str


@dataclass
class PlanPage:
    plan: ActionPlan
    version: PlanVersion
    newest_number: int
    can_write: bool  # the actor writes this group's plans
    editable: bool  # ...and the shown version is the newest draft
    can_revise: bool  # ...and the newest version is adopted
    can_set_budget: bool
    blocks: list[Block]
    target_groups: list[PlanTargetGroup]
    areas: list[AreaBlock]
    participants: dict[str, list[PlanParticipant]]
    budget_years: list[BudgetYear]
    spending: list[SpendingRow]
    follow_up: FollowUpSummary
    since: datetime.date
    today: datetime.date
    drafts_hidden: bool  # the reader sees only adopted versions
    activity_count: int = 0
    statuses: list[tuple[str, str]] = field(default_factory=list)


def shown_version(actor: Actor, plan: ActionPlan) -> tuple[PlanVersion | None, int]:
    """The version the plan page shows: the newest, or the newest adopted for readers who
    may not see drafts; and the newest version's number."""
    versions = list(
        PlanVersion.objects.filter(plan=plan).select_related("adopted_by").order_by("-number")
    )
    if not versions:
        return None, 0
    if access.can_read_drafts(actor, plan.group_id):
        return versions[0], versions[0].number
    adopted = [v for v in versions if v.status == VersionStatus.ADOPTED]
    return (adopted[0] if adopted else None), versions[0].number


_KIND_BLOCKS = (
    SectionKind.TARGET_GROUPS,
    SectionKind.GOALS,
    SectionKind.BUDGET,
    SectionKind.PARTICIPANTS,
    SectionKind.CO_OPTED,
    SectionKind.TRISAM,
)


def plan_page(
    *,
    actor: Actor,
    plan: ActionPlan,
    since: datetime.date | None = None,
    today: datetime.date | None = None,
) -> PlanPage | None:
    """Everything the plan page shows, for a plan the actor may read (access checked by the
    caller): the version they may see, its sections in the template's order, prioritised
    target groups, goal areas with goals and activities (overdue and changed-since flags,
    each activity's progress log across versions), participants, budget per year and the
    follow-up summary. None when the actor may see no version. Fixed query count."""
    day = today or timezone.localdate()
    since = since or day - datetime.timedelta(days=30)
    version, newest_number = shown_version(actor, plan)
    if version is None:
        return None
    can_write = access.can_write_plans(actor, plan.group_id)
    editable = (
        can_write and version.status == VersionStatus.DRAFT and version.number == newest_number
    )

    template_sections = list(TemplateSection.objects.filter(template_id=plan.template_id))
    texts = {
        s.template_section_id: s
        for s in PlanSection.objects.filter(version=version).select_related("updated_by")
    }
    blocks = [
        Block(
            kind=ts.kind,
            title=ts.title,
            guidance=ts.guidance,
            section=texts.get(ts.pk),
            key=ts.key,
        )
        for ts in template_sections
        if ts.kind != SectionKind.TEXT or ts.pk in texts
    ]
    present = {b.kind for b in blocks}
    blocks.extend(
        Block(kind=kind, title=str(kind.label), key=kind.value)
        for kind in _KIND_BLOCKS
        if kind not in present
    )

    target_groups = list(
        PlanTargetGroup.objects.filter(version=version).select_related("target_group")
    )
    goal_areas = list(GoalArea.objects.filter(template_id=plan.template_id).order_by("number"))
    goals = list(PlanGoal.objects.filter(version=version).order_by("order", "pk"))
    activities = list(
        Activity.objects.filter(goal__version=version)
        .select_related("responsible_party", "responsible_person")
        .order_by("order", "pk")
    )
    goals_by_pk = {g.pk: g for g in goals}
    areas_by_pk = {a.pk: a for a in goal_areas}
    for goal in goals:
        goal.goal_area = areas_by_pk[goal.goal_area_id]
    for activity in activities:
        activity.goal = goals_by_pk[activity.goal_id]
    progress = list(
        ActivityProgress.objects.filter(plan=plan)
        .select_related("created_by")
        .order_by("-date", "-created_at")
    )
    spending = list(Spending.objects.filter(plan=plan).order_by("-date", "-created_at"))
    budgets = {
        b.year: b
        for b in GroupBudget.objects.filter(
            group_id=plan.group_id, year__gte=plan.start_year, year__lte=plan.end_year
        )
    }
    participants: dict[str, list[PlanParticipant]] = {kind.value: [] for kind in ParticipantKind}
    for participant in PlanParticipant.objects.filter(version=version):
        participants[participant.kind].append(participant)

    progress_by_lineage: dict[object, list[ActivityProgress]] = defaultdict(list)
    for entry in progress:
        progress_by_lineage[entry.activity_lineage].append(entry)
    spent_by_lineage: dict[object, Decimal] = defaultdict(lambda: ZERO)
    for row in spending:
        if row.activity_lineage is not None:
            spent_by_lineage[row.activity_lineage] += row.amount

    ordered_activities = sorted(
        activities,
        key=lambda a: (a.goal.goal_area.number, a.goal.order, a.goal.pk, a.order, a.pk),
    )
    summary_today_year = day.year
    summary = build_summary(
        group=plan.group,
        plan=plan,
        version=version,
        areas=goal_areas,
        activities=ordered_activities,
        progress=progress,
        since=since,
        today=day,
        budget=budgets[summary_today_year].amount if summary_today_year in budgets else None,
        spent=sum(
            (row.amount for row in spending if row.date.year == summary_today_year), start=ZERO
        ),
    )
    changed = {c.activity.pk for c in summary.changed}
    user_id = actor.user.pk

    def row_for(activity: Activity) -> ActivityRow:
        person = activity.responsible_person
        return ActivityRow(
            activity=activity,
            overdue=activity.is_overdue(day),
            changed=activity.pk in changed,
            progress=progress_by_lineage.get(activity.lineage, []),
            spent=spent_by_lineage.get(activity.lineage, ZERO),
            can_log=can_write or (person is not None and person.user_id == user_id),
        )

    activities_by_goal: dict[int, list[Activity]] = defaultdict(list)
    for activity in activities:
        activities_by_goal[activity.goal_id].append(activity)
    goals_by_area: dict[int, list[PlanGoal]] = defaultdict(list)
    for goal in goals:
        goals_by_area[goal.goal_area_id].append(goal)
    areas = [
        AreaBlock(
            area=area,
            goals=[
                GoalRow(goal=goal, activities=[row_for(a) for a in activities_by_goal[goal.pk]])
                for goal in goals_by_area[area.pk]
            ],
        )
        for area in goal_areas
    ]

    activity_titles = {a.lineage: a.title for a in activities}
    budget_years = [
        BudgetYear(
            year=year,
            budget=budgets.get(year),
            planned=planned_in_year(activities, plan, year),
            spent=sum((row.amount for row in spending if row.date.year == year), start=ZERO),
        )
        for year in range(plan.start_year, plan.end_year + 1)
    ]
    return PlanPage(
        plan=plan,
        version=version,
        newest_number=newest_number,
        can_write=can_write,
        editable=editable,
        can_revise=can_write
        and version.number == newest_number
        and version.status == VersionStatus.ADOPTED,
        can_set_budget=actor.is_admin,
        blocks=blocks,
        target_groups=target_groups,
        areas=areas,
        participants=participants,
        budget_years=budget_years,
        spending=[
            SpendingRow(
                spending=row,
                activity_title=activity_titles.get(row.activity_lineage, "")
                if row.activity_lineage
                else "",
            )
            for row in spending
        ],
        follow_up=summary,
        since=since,
        today=day,
        drafts_hidden=not access.can_read_drafts(actor, plan.group_id),
        activity_count=len(activities),
    )


# --- Choices and context for the forms -----------------------------------------------------


def guiding_questions(*, goal_area: GoalArea) -> list[GuidingQuestion]:
    """The goal area's dialogue questions, shown beside the goal and activity forms."""
    return list(GuidingQuestion.objects.filter(goal_area=goal_area).order_by("order"))


def parties_for_plan(*, plan: ActionPlan) -> QuerySet[Party]:
    return Party.objects.filter(association_id=plan.group.association_id).order_by("name")


def people_for_plan(*, plan: ActionPlan) -> QuerySet[Person]:
    return (
        Person.objects.filter(association_id=plan.group.association_id)
        .select_related("party")
        .order_by("last_name", "first_name")
    )


def catalogue_for_version(*, version: PlanVersion) -> QuerySet[TargetGroup]:
    """Active catalogue target groups not yet chosen in the version."""
    chosen = PlanTargetGroup.objects.filter(version=version, target_group__isnull=False).values(
        "target_group_id"
    )
    return (
        TargetGroup.objects.filter(association_id=version.plan.group.association_id, is_active=True)
        .exclude(pk__in=chosen)
        .order_by("order", "name")
    )


def target_groups_of_version(*, version: PlanVersion) -> list[PlanTargetGroup]:
    return list(PlanTargetGroup.objects.filter(version=version).select_related("target_group"))


def activities_of_plan_version(*, version: PlanVersion) -> QuerySet[Activity]:
    """The version's activities, for choosing what a spending entry is for."""
    return (
        Activity.objects.filter(goal__version=version)
        .select_related("goal", "goal__goal_area")
        .order_by("goal__goal_area__number", "goal__order", "order", "pk")
    )


def current_template(*, group: CooperationGroup) -> PlanTemplate | None:
    """The association's current plan template, which new plans are written from."""
    return PlanTemplate.objects.filter(association_id=group.association_id, is_current=True).first()


def newest_version(*, plan: ActionPlan) -> PlanVersion | None:
    return PlanVersion.objects.filter(plan=plan).order_by("-number").first()
