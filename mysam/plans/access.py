"""Permission-scoped lookups for action plans.

Who may read:
- the office (admin) and the board: every plan and version of the association;
- anyone with a current membership in the plan's group (any role, guests included): every
  version, drafts too;
- other signed-in members of the association: adopted versions only, and only when the
  association allows it (``Association.plans_visible_to_all_groups``); never a draft.

Who may write (create, edit the newest draft, start a revision, adopt, log progress, record
spending): the office and the group's convener. The group's budget is set by the office.
The template and the target-group catalogue are kept by the office.

Not visible → 404. Visible but not writable, or locked (adopted) → 403.
"""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from mysam.accounts.actor import Actor
from mysam.organisation.access import scope
from mysam.organisation.models import CooperationGroup
from mysam.plans.models import (
    ActionPlan,
    Activity,
    GoalArea,
    GroupBudget,
    PlanGoal,
    PlanSection,
    PlanTargetGroup,
    PlanTemplate,
    PlanVersion,
    Spending,
    TargetGroup,
    VersionStatus,
)


class VersionLocked(PermissionDenied):
    """The version is adopted (or not the newest) and can no longer be changed."""


def can_read_drafts(actor: Actor, group_id: int) -> bool:
    """The office, the board and the group's own members see drafts."""
    return actor.reads_everything or actor.is_in_group(group_id)


def can_write_plans(actor: Actor, group_id: int) -> bool:
    """The office and the group's convener write the group's plans."""
    return actor.is_admin or actor.is_convener_of(group_id)


def can_read_adopted(actor: Actor, group_id: int) -> bool:
    if can_read_drafts(actor, group_id):
        return True
    association = actor.association
    return association is not None and association.plans_visible_to_all_groups


def visible_plans(actor: Actor) -> QuerySet[ActionPlan]:
    """Plans the actor may open: all of the association's for the office and board; for
    others, their own groups' plans and (if the association allows) plans with an adopted
    version."""
    plans = ActionPlan.objects.filter(group__association_id=scope(actor))
    if actor.reads_everything:
        return plans
    own = list(actor.group_roles)
    association = actor.association
    if association is not None and association.plans_visible_to_all_groups:
        return plans.filter(
            Q(group_id__in=own) | Q(versions__status=VersionStatus.ADOPTED)
        ).distinct()
    return plans.filter(group_id__in=own)


def get_plan_for_user(actor: Actor, pk: int, *, write: bool = False) -> ActionPlan:
    """A plan the actor may read (404 otherwise); ``write`` also requires the convener or
    admin role (403)."""
    try:
        plan = (
            ActionPlan.objects.filter(group__association_id=scope(actor))
            .select_related("group", "template")
            .get(pk=pk)
        )
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can_read_drafts(actor, plan.group_id) and not (
        can_read_adopted(actor, plan.group_id)
        and plan.versions.filter(status=VersionStatus.ADOPTED).exists()
    ):
        raise Http404
    if write and not can_write_plans(actor, plan.group_id):
        raise PermissionDenied
    return plan


def get_version_for_user(actor: Actor, pk: int, *, write: bool = False) -> PlanVersion:
    """A plan version. Drafts only for those who read drafts. ``write`` requires the
    convener or admin role and that the version is the plan's newest and still a draft."""
    try:
        version = (
            PlanVersion.objects.filter(plan__group__association_id=scope(actor))
            .select_related("plan", "plan__group", "plan__template")
            .get(pk=pk)
        )
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    group_id = version.plan.group_id
    if version.status == VersionStatus.DRAFT and not can_read_drafts(actor, group_id):
        raise Http404
    if version.status == VersionStatus.ADOPTED and not can_read_adopted(actor, group_id):
        raise Http404
    if write:
        require_editable(actor, version)
    return version


def require_editable(actor: Actor, version: PlanVersion) -> None:
    """403 unless the actor writes the group's plans and ``version`` is the newest draft."""
    if not can_write_plans(actor, version.plan.group_id):
        raise PermissionDenied
    if version.status != VersionStatus.DRAFT:
        raise VersionLocked(_("This version is adopted and locked. Start a revision to change it."))
    newest = (
        PlanVersion.objects.filter(plan_id=version.plan_id).order_by("-number").values("pk")[:1]
    )
    if not newest or newest[0]["pk"] != version.pk:
        raise VersionLocked(_("Only the newest version of a plan can be edited."))


V = TypeVar("V", PlanSection, PlanTargetGroup, PlanGoal)


def _version_child(queryset: QuerySet[V], actor: Actor, pk: int, *, write: bool) -> V:
    try:
        obj = queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    get_version_for_user(actor, obj.version_id, write=write)
    return obj


def get_section_for_user(actor: Actor, pk: int, *, write: bool = False) -> PlanSection:
    return _version_child(
        PlanSection.objects.filter(
            version__plan__group__association_id=scope(actor)
        ).select_related("template_section", "version"),
        actor,
        pk,
        write=write,
    )


def get_plan_target_group_for_user(
    actor: Actor, pk: int, *, write: bool = False
) -> PlanTargetGroup:
    return _version_child(
        PlanTargetGroup.objects.filter(
            version__plan__group__association_id=scope(actor)
        ).select_related("target_group", "version"),
        actor,
        pk,
        write=write,
    )


def get_goal_for_user(actor: Actor, pk: int, *, write: bool = False) -> PlanGoal:
    return _version_child(
        PlanGoal.objects.filter(version__plan__group__association_id=scope(actor)).select_related(
            "goal_area", "version"
        ),
        actor,
        pk,
        write=write,
    )


def get_goal_area_for_version(version: PlanVersion, pk: int) -> GoalArea:
    """A goal area of the template the version's plan was written from (404 otherwise).
    Check the version itself first with get_version_for_user."""
    try:
        return GoalArea.objects.get(template_id=version.plan.template_id, pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_activity_for_user(actor: Actor, pk: int, *, write: bool = False) -> Activity:
    try:
        activity = (
            Activity.objects.filter(goal__version__plan__group__association_id=scope(actor))
            .select_related("goal", "goal__version", "goal__version__plan", "goal__goal_area")
            .get(pk=pk)
        )
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    get_version_for_user(actor, activity.goal.version_id, write=write)
    return activity


def get_activity_for_progress(actor: Actor, pk: int) -> Activity:
    """An activity whose progress log the actor may add to: the office, the convener, or
    the person responsible for the activity. Progress can be logged on any version."""
    activity = get_activity_for_user(actor, pk)
    plan = activity.goal.version.plan
    if can_write_plans(actor, plan.group_id):
        return activity
    person = activity.responsible_person
    if person is not None and person.user_id is not None and person.user_id == actor.user.pk:
        return activity
    raise PermissionDenied


def get_group_for_plan_create(actor: Actor, group_pk: int) -> CooperationGroup:
    """A group the actor may create a plan for (convener or admin)."""
    try:
        group = CooperationGroup.objects.get(association_id=scope(actor), pk=group_pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can_write_plans(actor, group.pk):
        raise PermissionDenied
    return group


def get_group_budget_for_user(actor: Actor, pk: int, *, write: bool = False) -> GroupBudget:
    """A group budget: readable by those who read the group's drafts; set by the office."""
    try:
        budget = GroupBudget.objects.select_related("group").get(
            group__association_id=scope(actor), pk=pk
        )
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can_read_drafts(actor, budget.group_id):
        raise Http404
    if write and not actor.is_admin:
        raise PermissionDenied
    return budget


def get_spending_for_user(actor: Actor, pk: int, *, write: bool = False) -> Spending:
    try:
        spending = Spending.objects.select_related("plan", "plan__group").get(
            plan__group__association_id=scope(actor), pk=pk
        )
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can_read_drafts(actor, spending.plan.group_id):
        raise Http404
    if write and not can_write_plans(actor, spending.plan.group_id):
        raise PermissionDenied
    return spending


def require_office(actor: Actor) -> None:
    """The template, the catalogue and budgets are the office's (403 for others)."""
    scope(actor)
    if not actor.is_admin:
        raise PermissionDenied


def require_county_reader(actor: Actor) -> None:
    """The county view is for the office and the board."""
    scope(actor)
    if not actor.reads_everything:
        raise PermissionDenied


def get_template_for_user(actor: Actor, pk: int, *, write: bool = False) -> PlanTemplate:
    """A template version: readable by everyone in the association, changed by the office."""
    try:
        template = PlanTemplate.objects.get(association_id=scope(actor), pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and not actor.is_admin:
        raise PermissionDenied
    return template


def get_target_group_for_user(actor: Actor, pk: int, *, write: bool = False) -> TargetGroup:
    try:
        target_group = TargetGroup.objects.get(association_id=scope(actor), pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and not actor.is_admin:
        raise PermissionDenied
    return target_group
