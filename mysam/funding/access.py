"""Permission-scoped lookups for cooperation funds.

Applications
- read: the office and the board read all; a group's current members read their group's
  applications; an application the office made without a group is read by the office and
  the board only.
- write (edit a draft, attachments, submit, withdraw): the office, and the convener of the
  applicant group. The applicant edits only drafts; the office also edits while the
  application is submitted or in preparation. Nobody edits a decided or withdrawn one.
- prepare (submitted → in preparation): the office.
- decide: the board; the office may record a decision the board made at a meeting, "on
  behalf of the board", with the meeting's date (docs/decisions.md).

Interventions: everyone with a role in the association reads them (aggregates only); the
office changes them and records spending and follow-up.

Budgets: the office and the board read the budget pages; the office changes them.

Another association's rows, and rows the actor may not read → 404; readable but not
changeable → 403.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from mysam.accounts.actor import Actor
from mysam.funding.models import (
    ApplicationAttachment,
    ApplicationStatus,
    AssociationBudget,
    FundingApplication,
    Intervention,
    InterventionSpending,
)
from mysam.organisation.access import scope
from mysam.organisation.models import CooperationGroup

APPLICANT_EDITABLE = (ApplicationStatus.DRAFT,)
OFFICE_EDITABLE = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.PREPARATION,
)


def can_read_application(actor: Actor, application: FundingApplication) -> bool:
    if actor.reads_everything:
        return True
    group_id = application.applicant_group_id
    return group_id is not None and actor.is_in_group(group_id)


def can_write_application(actor: Actor, application: FundingApplication) -> bool:
    """The office, or the applicant group's convener (only while it is a draft)."""
    if actor.is_admin:
        return application.status in OFFICE_EDITABLE
    group_id = application.applicant_group_id
    return (
        group_id is not None
        and actor.is_convener_of(group_id)
        and application.status in APPLICANT_EDITABLE
    )


def can_apply(actor: Actor) -> bool:
    """The office, and anyone who convenes a group."""
    return actor.is_admin or any("convener" in roles for roles in actor.group_roles.values())


def can_decide(actor: Actor) -> bool:
    """The board decides; the office records a board decision on its behalf."""
    return actor.is_board or actor.is_admin


def visible_applications(actor: Actor) -> QuerySet[FundingApplication]:
    """The applications the actor may read (404 without an association)."""
    rows = FundingApplication.objects.filter(association_id=scope(actor))
    if actor.reads_everything:
        return rows
    return rows.filter(applicant_group_id__in=list(actor.group_roles))


def get_application_for_user(actor: Actor, pk: int, *, write: bool = False) -> FundingApplication:
    """An application the actor may read; with ``write``, one they may change now (403 when
    they may read but not change it, e.g. a submitted one for its convener)."""
    try:
        application = FundingApplication.objects.select_related(
            "applicant_group", "association"
        ).get(association_id=scope(actor), pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can_read_application(actor, application):
        raise Http404
    if write and not can_write_application(actor, application):
        raise PermissionDenied
    return application


def get_application_for_prepare(actor: Actor, pk: int) -> FundingApplication:
    """An application the office may move into preparation (403 for others)."""
    application = get_application_for_user(actor, pk)
    if not actor.is_admin:
        raise PermissionDenied
    return application


def get_application_for_decision(actor: Actor, pk: int) -> FundingApplication:
    """An application the board (or the office on its behalf) may decide (403 for others)."""
    application = get_application_for_user(actor, pk)
    if not can_decide(actor):
        raise PermissionDenied
    return application


def get_application_for_withdraw(actor: Actor, pk: int) -> FundingApplication:
    """The applicant (convener of the group) or the office may withdraw before decision."""
    application = get_application_for_user(actor, pk)
    group_id = application.applicant_group_id
    if not (actor.is_admin or (group_id is not None and actor.is_convener_of(group_id))):
        raise PermissionDenied
    return application


def get_attachment_for_user(actor: Actor, pk: int, *, write: bool = False) -> ApplicationAttachment:
    """An attachment of an application the actor may read (write: may change)."""
    try:
        attachment = ApplicationAttachment.objects.select_related(
            "application", "application__applicant_group"
        ).get(application__association_id=scope(actor), pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can_read_application(actor, attachment.application):
        raise Http404
    if write and not can_write_application(actor, attachment.application):
        raise PermissionDenied
    return attachment


def require_applicant(actor: Actor) -> None:
    """Starting an application needs the office or a convener role (403 otherwise)."""
    scope(actor)
    if not can_apply(actor):
        raise PermissionDenied


def groups_for_application(actor: Actor) -> QuerySet[CooperationGroup]:
    """The groups the actor may apply for: all active groups for the office, else the groups
    they convene."""
    groups = CooperationGroup.objects.filter(association_id=scope(actor), is_active=True)
    if actor.is_admin:
        return groups
    convened = [g for g, roles in actor.group_roles.items() if "convener" in roles]
    return groups.filter(pk__in=convened)


# --- Interventions --------------------------------------------------------------------------


def require_reader(actor: Actor) -> None:
    """Anyone with a role in the association (404 without one)."""
    scope(actor)


def require_office(actor: Actor) -> None:
    """The office only (403 for other roles)."""
    scope(actor)
    if not actor.is_admin:
        raise PermissionDenied


def require_budget_reader(actor: Actor) -> None:
    """The office and the board read the budgets (403 for other roles)."""
    scope(actor)
    if not actor.reads_everything:
        raise PermissionDenied


def get_intervention_for_user(actor: Actor, pk: int, *, write: bool = False) -> Intervention:
    """An intervention of the actor's association; changing it needs the office."""
    try:
        intervention = Intervention.objects.select_related("application", "group").get(
            association_id=scope(actor), pk=pk
        )
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and not actor.is_admin:
        raise PermissionDenied
    return intervention


def get_intervention_spending_for_user(
    actor: Actor, pk: int, *, write: bool = False
) -> InterventionSpending:
    try:
        spending = InterventionSpending.objects.select_related("intervention").get(
            intervention__association_id=scope(actor), pk=pk
        )
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and not actor.is_admin:
        raise PermissionDenied
    return spending


def get_budget_for_user(
    actor: Actor, year: int, *, write: bool = False
) -> AssociationBudget | None:
    """The association's budget for ``year`` (None if not set yet) for the office and the
    board; changing needs the office (403)."""
    require_budget_reader(actor)
    if write and not actor.is_admin:
        raise PermissionDenied
    return AssociationBudget.objects.filter(association_id=scope(actor), year=year).first()


def applications_for_interventions(actor: Actor) -> QuerySet[FundingApplication]:
    """Granted applications an intervention may point to."""
    return FundingApplication.objects.filter(
        association_id=scope(actor),
        status__in=[ApplicationStatus.GRANTED, ApplicationStatus.GRANTED_IN_PART],
    )
