"""Every write to a group's action plan: creating it, writing the newest draft, progress,
budget and spending, adopting a version and starting a revision.

Services are keyword-only, run in one transaction and raise ValidationError with a message
the user can act on. Permissions are checked by the caller (mysam.plans.access); the
services check again what can change between the check and the write: that the version is
still the newest draft (``_lock_editable``) and, for edits, that nobody saved in between
(``revision``, see EditConflict).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mysam.organisation.models import (
    CooperationGroup,
    Membership,
    MembershipRole,
    Party,
    Person,
    Seat,
    SteeringGroupMember,
    TrisamTeam,
)
from mysam.plans.models import (
    ActionPlan,
    Activity,
    ActivityProgress,
    ActivityStatus,
    GoalArea,
    GroupBudget,
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
    VersionStatus,
)
from mysam.plans.richtext import markup_to_html

# Re-exported: the demo and the views name plans the same way (positional, a pure helper).
from mysam.plans.selectors.plan import default_plan_title as default_plan_title

if TYPE_CHECKING:
    from mysam.accounts.models import User


# --- Conflicts and locks -------------------------------------------------------------------


@dataclass
class EditConflict(Exception):
    """Someone saved the object after the form was opened; nothing was saved.

    ``current`` is the object as saved now (their version) and ``revision`` the revision to
    put in the form, so that the user can merge both texts and save again.
    """

    current: Any
    revision: int

    def __str__(self) -> str:
        return _("Someone else saved this while you were writing.")


def _check_revision(obj: PlanSection | PlanGoal | Activity, revision: int) -> None:
    if obj.revision != revision:
        raise EditConflict(current=obj, revision=obj.revision)


def _lock_editable(version_id: int) -> PlanVersion:
    """Lock the version row and check it is still the newest draft of its plan.

    Edits, adopting and starting a revision all lock the version first, so an edit cannot
    slip into a version that is being adopted at the same moment.
    """
    version = PlanVersion.objects.select_for_update().select_related("plan").get(pk=version_id)
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(
            _("This version is adopted and locked. Start a revision to change it.")
        )
    newest = PlanVersion.objects.filter(plan_id=version.plan_id).aggregate(n=Max("number"))["n"]
    if newest != version.number:
        raise ValidationError(_("Only the newest version of a plan can be edited."))
    return version


def _user(user: User | None) -> User | None:
    return user if user is not None and user.is_authenticated else None


# --- Creating a plan -----------------------------------------------------------------------


def _current_template(association_id: int) -> PlanTemplate | None:
    return PlanTemplate.objects.filter(association_id=association_id, is_current=True).first()


def _participant_title(person: Person) -> str:
    return person.title or (person.unit.name if person.unit_id and person.unit else "")


def participants_snapshot(*, version: PlanVersion, on: datetime.date) -> list[PlanParticipant]:
    """Copy the group's participants from the registry as they were on ``on``.

    Members and conveners → participants; vacant seats → a "Vacant" participant row;
    co-opted members → co-opted; the group's Trisam steering groups' members that day →
    steering; the group's Trisam teams → one row per team with the health centre as title.
    Replaces whatever snapshot the version had.
    """
    group_id = version.plan.group_id
    PlanParticipant.objects.filter(version=version).delete()
    rows: list[PlanParticipant] = []
    memberships = list(
        Membership.objects.current(on)
        .filter(group_id=group_id)
        .select_related("person", "person__party", "person__unit")
        .order_by("person__party__name", "person__last_name", "person__first_name")
    )
    held_seats = {m.seat_id for m in memberships if m.seat_id}
    for membership in memberships:
        person = membership.person
        kind = {
            MembershipRole.MEMBER: ParticipantKind.PARTICIPANT,
            MembershipRole.CONVENER: ParticipantKind.PARTICIPANT,
            MembershipRole.CO_OPTED: ParticipantKind.CO_OPTED,
        }.get(MembershipRole(membership.role))
        if kind is None:
            continue
        rows.append(
            PlanParticipant(
                version=version,
                kind=kind,
                party_name=person.party.name,
                name=person.full_name,
                title=_participant_title(person),
                person=person,
            )
        )
    vacant = (
        Seat.objects.filter(group_id=group_id, is_active=True)
        .exclude(pk__in=held_seats)
        .select_related("party")
        .order_by("party__name", "label")
    )
    rows.extend(
        PlanParticipant(
            version=version,
            kind=ParticipantKind.PARTICIPANT,
            party_name=seat.party.name,
            name=_("Vacant"),
            title=seat.label,
        )
        for seat in vacant
    )
    steering = (
        SteeringGroupMember.objects.filter(steering_group__group_id=group_id, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .select_related("person", "person__party", "person__unit")
        .order_by("person__party__name", "person__last_name", "person__first_name")
    )
    rows.extend(
        PlanParticipant(
            version=version,
            kind=ParticipantKind.STEERING,
            party_name=member.person.party.name,
            name=member.person.full_name,
            title=_participant_title(member.person),
            person=member.person,
        )
        for member in steering
    )
    teams = (
        TrisamTeam.objects.filter(group_id=group_id, is_active=True)
        .filter(Q(started_on__isnull=True) | Q(started_on__lte=on))
        .select_related("health_centre")
        .order_by("name")
    )
    rows.extend(
        PlanParticipant(
            version=version,
            kind=ParticipantKind.TRISAM_TEAM,
            name=team.name,
            title=team.health_centre.name,
        )
        for team in teams
    )
    for order, row in enumerate(rows, start=1):
        row.order = order
    return PlanParticipant.objects.bulk_create(rows)


@transaction.atomic
def plan_create(
    *,
    group: CooperationGroup,
    start_year: int,
    end_year: int,
    plan_date: datetime.date,
    title: str = "",
    user: User | None = None,
) -> ActionPlan:
    """Create a group's plan for one or two years from the association's current template,
    with version 1 as a draft: a section per text section of the template (prefilled with
    its default text) and the participant tables as of ``plan_date``.

    Refuses a period longer than two years and an association without a current template.
    """
    if end_year < start_year or end_year > start_year + 1:
        raise ValidationError({"end_year": _("A plan covers one year or two consecutive years.")})
    template = _current_template(group.association_id)
    if template is None:
        raise ValidationError(
            _(
                "The association has no plan template yet. The office creates it under "
                "Action plans → Template."
            )
        )
    plan = ActionPlan.objects.create(
        group=group,
        template=template,
        title=title.strip()
        or default_plan_title(group=group, start_year=start_year, end_year=end_year),
        start_year=start_year,
        end_year=end_year,
        created_by=_user(user),
    )
    version = PlanVersion.objects.create(
        plan=plan, number=1, plan_date=plan_date, created_by=_user(user)
    )
    PlanSection.objects.bulk_create(
        PlanSection(
            version=version,
            template_section=section,
            body=markup_to_html(section.default_text),
            updated_by=_user(user),
        )
        for section in template.sections.filter(kind=SectionKind.TEXT)
    )
    participants_snapshot(version=version, on=plan_date)
    return plan


# --- Writing the newest draft --------------------------------------------------------------


@transaction.atomic
def section_update(
    *, section: PlanSection, body: str, revision: int, user: User | None = None
) -> PlanSection:
    """Save a section's text (markup or HTML, stored sanitised).

    Raises EditConflict when someone saved the section after ``revision`` was read.
    """
    _lock_editable(section.version_id)
    current = PlanSection.objects.select_for_update().get(pk=section.pk)
    _check_revision(current, revision)
    current.body = markup_to_html(body)
    current.revision += 1
    current.updated_at = timezone.now()
    current.updated_by = _user(user)
    current.save(update_fields=["body", "revision", "updated_at", "updated_by"])
    return current


@transaction.atomic
def plan_target_groups_update(
    *,
    version: PlanVersion,
    orders: dict[int, int] | None = None,
    remove: set[int] | frozenset[int] = frozenset(),
    add_catalogue: list[TargetGroup] | None = None,
    add_local: list[str] | None = None,
) -> list[PlanTargetGroup]:
    """Change the prioritised target groups of the newest draft: reorder (``orders`` maps a
    row's pk to its new position), remove rows, add groups from the association's catalogue
    and local ones by name. Rows are renumbered 1, 2, 3… in the resulting order."""
    locked = _lock_editable(version.pk)
    rows = list(PlanTargetGroup.objects.filter(version=locked).select_related("target_group"))
    orders = orders or {}
    kept = [row for row in rows if row.pk not in remove]
    PlanTargetGroup.objects.filter(
        version=locked, pk__in=[r.pk for r in rows if r.pk in remove]
    ).delete()
    chosen = {row.target_group_id for row in kept if row.target_group_id}
    local_names = {row.local_name.casefold() for row in kept if not row.target_group_id}
    association_id = locked.plan.template.association_id
    position = len(kept)
    for target_group in add_catalogue or []:
        if target_group.association_id != association_id:
            raise ValidationError(_("That target group belongs to another association."))
        if target_group.pk in chosen:
            continue
        chosen.add(target_group.pk)
        position += 1
        kept.append(
            PlanTargetGroup.objects.create(
                version=locked, target_group=target_group, order=position
            )
        )
    for raw in add_local or []:
        name = raw.strip()
        if not name or name.casefold() in local_names:
            continue
        local_names.add(name.casefold())
        position += 1
        kept.append(PlanTargetGroup.objects.create(version=locked, local_name=name, order=position))
    kept.sort(key=lambda row: (orders.get(row.pk, row.order), row.order, row.pk))
    for number, row in enumerate(kept, start=1):
        row.order = number
    PlanTargetGroup.objects.bulk_update(kept, ["order"])
    return kept


def _next_order(queryset: Any) -> int:
    return int(queryset.aggregate(n=Max("order"))["n"] or 0) + 1


@transaction.atomic
def goal_create(
    *, version: PlanVersion, goal_area: GoalArea, text: str, user: User | None = None
) -> PlanGoal:
    """Add a goal under a goal area of the plan's template to the newest draft."""
    locked = _lock_editable(version.pk)
    if goal_area.template_id != locked.plan.template_id:
        raise ValidationError(_("That goal area belongs to another template."))
    if not text.strip():
        raise ValidationError({"text": _("Write the goal.")})
    return PlanGoal.objects.create(
        version=locked,
        goal_area=goal_area,
        text=text.strip(),
        order=_next_order(PlanGoal.objects.filter(version=locked, goal_area=goal_area)),
        updated_by=_user(user),
    )


@transaction.atomic
def goal_update(*, goal: PlanGoal, text: str, revision: int, user: User | None = None) -> PlanGoal:
    """Change a goal's text. Raises EditConflict when someone saved it in between."""
    _lock_editable(goal.version_id)
    current = PlanGoal.objects.select_for_update().get(pk=goal.pk)
    _check_revision(current, revision)
    if not text.strip():
        raise ValidationError({"text": _("Write the goal.")})
    current.text = text.strip()
    current.revision += 1
    current.updated_at = timezone.now()
    current.updated_by = _user(user)
    current.save(update_fields=["text", "revision", "updated_at", "updated_by"])
    return current


def _refuse_if_spent(lineages: list[Any], plan_id: int) -> None:
    if Spending.objects.filter(plan_id=plan_id, activity_lineage__in=lineages).exists():
        raise ValidationError(
            _(
                "Spending is recorded against this activity, so it cannot be removed. "
                "Set its status to cancelled instead."
            )
        )


@transaction.atomic
def goal_delete(*, goal: PlanGoal) -> None:
    """Remove a goal and its activities from the newest draft. Earlier versions keep theirs.
    Refused while spending is recorded against one of its activities."""
    locked = _lock_editable(goal.version_id)
    lineages = list(Activity.objects.filter(goal=goal).values_list("lineage", flat=True))
    if lineages:
        _refuse_if_spent(lineages, locked.plan_id)
    PlanGoal.objects.filter(pk=goal.pk).delete()


def _check_activity_fields(
    *,
    association_id: int,
    responsible_party: Party | None,
    responsible_person: Person | None,
    start_date: datetime.date | None,
    due_date: datetime.date | None,
    planned_amount: Decimal | None,
) -> Party | None:
    errors: dict[str, str] = {}
    if responsible_party is not None and responsible_party.association_id != association_id:
        errors["responsible_party"] = _("Choose a party of the association.")
    if responsible_person is not None:
        if responsible_person.association_id != association_id:
            errors["responsible_person"] = _("Choose a person of the association.")
        elif responsible_party is None:
            responsible_party = responsible_person.party
        elif responsible_person.party_id != responsible_party.pk:
            errors["responsible_person"] = _(
                "The responsible person works for another party than the one chosen."
            )
    if start_date and due_date and due_date < start_date:
        errors["due_date"] = _("The due date cannot be before the start date.")
    if planned_amount is not None and planned_amount < Decimal("0"):
        errors["planned_amount"] = _("The planned amount cannot be negative.")
    if errors:
        raise ValidationError(errors)
    return responsible_party


@transaction.atomic
def activity_create(
    *,
    goal: PlanGoal,
    title: str,
    description: str = "",
    responsible_party: Party | None = None,
    responsible_person: Person | None = None,
    start_date: datetime.date | None = None,
    due_date: datetime.date | None = None,
    status: str = ActivityStatus.PLANNED,
    planned_amount: Decimal | None = None,
    user: User | None = None,
) -> Activity:
    """Add an activity under a goal of the newest draft."""
    locked = _lock_editable(goal.version_id)
    party = _check_activity_fields(
        association_id=locked.plan.template.association_id,
        responsible_party=responsible_party,
        responsible_person=responsible_person,
        start_date=start_date,
        due_date=due_date,
        planned_amount=planned_amount,
    )
    return Activity.objects.create(
        goal=goal,
        title=title.strip(),
        description=description.strip(),
        responsible_party=party,
        responsible_person=responsible_person,
        start_date=start_date,
        due_date=due_date,
        status=ActivityStatus(status),
        planned_amount=planned_amount,
        order=_next_order(Activity.objects.filter(goal=goal)),
        updated_by=_user(user),
    )


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    revision: int,
    title: str,
    description: str = "",
    responsible_party: Party | None = None,
    responsible_person: Person | None = None,
    start_date: datetime.date | None = None,
    due_date: datetime.date | None = None,
    status: str = ActivityStatus.PLANNED,
    planned_amount: Decimal | None = None,
    user: User | None = None,
) -> Activity:
    """Change an activity of the newest draft. Raises EditConflict when someone saved it
    (or logged progress that changed its status) after ``revision`` was read."""
    locked = _lock_editable(activity.goal.version_id)
    current = Activity.objects.select_for_update().get(pk=activity.pk)
    _check_revision(current, revision)
    party = _check_activity_fields(
        association_id=locked.plan.template.association_id,
        responsible_party=responsible_party,
        responsible_person=responsible_person,
        start_date=start_date,
        due_date=due_date,
        planned_amount=planned_amount,
    )
    current.title = title.strip()
    current.description = description.strip()
    current.responsible_party = party
    current.responsible_person = responsible_person
    current.start_date = start_date
    current.due_date = due_date
    current.status = ActivityStatus(status)
    current.planned_amount = planned_amount
    current.revision += 1
    current.updated_at = timezone.now()
    current.updated_by = _user(user)
    current.save()
    return current


@transaction.atomic
def activity_delete(*, activity: Activity) -> None:
    """Remove an activity from the newest draft (earlier versions keep it). Refused while
    spending is recorded against it; its progress log stays with the plan."""
    locked = _lock_editable(activity.goal.version_id)
    _refuse_if_spent([activity.lineage], locked.plan_id)
    Activity.objects.filter(pk=activity.pk).delete()


# --- Progress ------------------------------------------------------------------------------


@transaction.atomic
def progress_add(
    *,
    activity: Activity,
    date: datetime.date,
    text: str,
    new_status: str = "",
    user: User | None = None,
) -> ActivityProgress:
    """Log progress on an activity. A new status also becomes the status of the activity in
    the plan's newest version (the same lineage), adopted or not: following up the status
    of an adopted plan is what the plan is for, while its content stays locked."""
    plan = activity.goal.version.plan
    if not text.strip() and not new_status:
        raise ValidationError({"text": _("Write what has happened, or choose a new status.")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("Progress cannot be dated in the future.")})
    entry = ActivityProgress.objects.create(
        plan=plan,
        activity_lineage=activity.lineage,
        date=date,
        text=text.strip(),
        new_status=ActivityStatus(new_status) if new_status else "",
        created_by=_user(user),
    )
    if new_status:
        newest = (
            Activity.objects.select_for_update()
            .filter(lineage=activity.lineage, goal__version__plan=plan)
            .order_by("-goal__version__number")
            .first()
        )
        if newest is not None and newest.status != new_status:
            newest.status = ActivityStatus(new_status)
            newest.revision += 1
            newest.updated_at = timezone.now()
            newest.updated_by = _user(user)
            newest.save(update_fields=["status", "revision", "updated_at", "updated_by"])
    return entry


# --- Budget and spending -------------------------------------------------------------------


@transaction.atomic
def budget_set(
    *, group: CooperationGroup, year: int, amount: Decimal, note: str = ""
) -> GroupBudget:
    """Set the group's budget for a year (the office). A budget is per year and cannot be
    carried over to the next year."""
    if amount < Decimal("0"):
        raise ValidationError({"amount": _("The budget cannot be negative.")})
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Give a year such as 2026.")})
    budget, _created = GroupBudget.objects.update_or_create(
        group=group, year=year, defaults={"amount": amount, "note": note.strip()}
    )
    return budget


@transaction.atomic
def spending_add(
    *,
    plan: ActionPlan,
    date: datetime.date,
    amount: Decimal,
    description: str,
    activity: Activity | None = None,
    user: User | None = None,
) -> Spending:
    """Record money spent from the group's budget, against an activity of the plan or the
    plan in general."""
    if amount <= Decimal("0"):
        raise ValidationError({"amount": _("The amount must be more than 0 kr.")})
    if not description.strip():
        raise ValidationError({"description": _("Say what the money was spent on.")})
    if activity is not None and activity.goal.version.plan_id != plan.pk:
        raise ValidationError({"activity": _("That activity belongs to another plan.")})
    if not plan.start_year <= date.year <= plan.end_year:
        raise ValidationError(
            {
                "date": _("The date must lie within the plan's years (%(years)s).")
                % {"years": plan.period_label}
            }
        )
    return Spending.objects.create(
        plan=plan,
        activity_lineage=activity.lineage if activity is not None else None,
        date=date,
        amount=amount,
        description=description.strip(),
        created_by=_user(user),
    )


@transaction.atomic
def spending_delete(*, spending: Spending) -> None:
    """Remove a spending entry recorded by mistake."""
    Spending.objects.filter(pk=spending.pk).delete()


# --- Adopting and revising -----------------------------------------------------------------


@transaction.atomic
def version_adopt(*, version: PlanVersion, user: User | None = None) -> PlanVersion:
    """Adopt the newest draft: it is locked from now on (a revision makes the next draft)."""
    locked = _lock_editable(version.pk)
    locked.status = VersionStatus.ADOPTED
    locked.adopted_at = timezone.now()
    locked.adopted_by = _user(user)
    locked.save(update_fields=["status", "adopted_at", "adopted_by"])
    return locked


class RevisionAlreadyStarted(ValidationError):
    """The newest version is already a draft (e.g. a double-clicked "start revision")."""


@transaction.atomic
def revision_start(
    *,
    plan: ActionPlan,
    change_note: str,
    user: User | None = None,
    today: datetime.date | None = None,
) -> PlanVersion:
    """Start a revision: the next version, as a draft copying the newest (adopted) version's
    sections, target groups, goals and activities. Goals and activities keep their lineage,
    so progress and spending follow them. The plan date is today and the participant tables
    are taken from the registry again as of that day.

    Refused unless the newest version is adopted; two requests at once make one version
    (the plan row is locked while the newest version is checked).
    """
    ActionPlan.objects.select_for_update().get(pk=plan.pk)
    newest = PlanVersion.objects.filter(plan=plan).order_by("-number").first()
    if newest is None:
        raise ValidationError(_("The plan has no version to revise."))
    if newest.status != VersionStatus.ADOPTED:
        raise RevisionAlreadyStarted(
            _("A revision is already under way: version %(number)s is a draft.")
            % {"number": newest.number}
        )
    if not change_note.strip():
        raise ValidationError({"change_note": _("Say briefly what the revision is for.")})
    day = today or timezone.localdate()
    version = PlanVersion.objects.create(
        plan=plan,
        number=newest.number + 1,
        plan_date=day,
        change_note=change_note.strip(),
        created_by=_user(user),
    )
    PlanSection.objects.bulk_create(
        PlanSection(
            version=version,
            template_section_id=section.template_section_id,
            body=section.body,
            updated_at=section.updated_at,
            updated_by_id=section.updated_by_id,
        )
        for section in PlanSection.objects.filter(version=newest)
    )
    PlanTargetGroup.objects.bulk_create(
        PlanTargetGroup(
            version=version,
            target_group_id=row.target_group_id,
            local_name=row.local_name,
            order=row.order,
            note=row.note,
        )
        for row in PlanTargetGroup.objects.filter(version=newest)
    )
    old_goals = list(PlanGoal.objects.filter(version=newest))
    new_goals = PlanGoal.objects.bulk_create(
        PlanGoal(
            version=version,
            goal_area_id=goal.goal_area_id,
            lineage=goal.lineage,
            order=goal.order,
            text=goal.text,
            updated_at=goal.updated_at,
            updated_by_id=goal.updated_by_id,
        )
        for goal in old_goals
    )
    goal_map = {old.pk: new for old, new in zip(old_goals, new_goals, strict=True)}
    Activity.objects.bulk_create(
        Activity(
            goal=goal_map[activity.goal_id],
            lineage=activity.lineage,
            order=activity.order,
            title=activity.title,
            description=activity.description,
            responsible_party_id=activity.responsible_party_id,
            responsible_person_id=activity.responsible_person_id,
            start_date=activity.start_date,
            due_date=activity.due_date,
            status=activity.status,
            planned_amount=activity.planned_amount,
            # Copying is not a change: "changed since" keeps looking at real edits.
            updated_at=activity.updated_at,
            updated_by_id=activity.updated_by_id,
        )
        for activity in Activity.objects.filter(goal__version=newest)
    )
    participants_snapshot(version=version, on=day)
    return version
