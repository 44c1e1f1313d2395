"""Writes of interventions (insatser): the intervention itself, its budget per year, the
money paid out to it and its aggregate follow-up per period. Office only (checked in
``mysam.funding.access``)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mysam.funding.models import (
    GRANTED_STATUSES,
    FollowUpPeriod,
    FundingApplication,
    Intervention,
    InterventionBudget,
    InterventionKind,
    InterventionSpending,
    InterventionStatus,
)
from mysam.funding.money import to_money
from mysam.organisation.models import Association, CooperationGroup, Party

if TYPE_CHECKING:
    from mysam.accounts.models import User


def _user(user: User | None) -> User | None:
    return user if user is not None and user.is_authenticated else None


def _check(
    *,
    association: Association,
    name: str,
    kind: str,
    status: str,
    start_date: datetime.date,
    end_date: datetime.date | None,
    parties: list[Party],
    group: CooperationGroup | None,
    application: FundingApplication | None,
) -> None:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Give the intervention a name.")
    if kind not in InterventionKind.values:
        errors["kind"] = _("Choose individual-oriented or structural; register a mixed one as two.")
    if status not in InterventionStatus.values:
        errors["status"] = _("Choose a status.")
    if end_date is not None and end_date < start_date:
        errors["end_date"] = _("The end cannot be before the start.")
    if any(p.association_id != association.pk for p in parties):
        errors["parties"] = _("A party belongs to another association.")
    if group is not None and group.association_id != association.pk:
        errors["group"] = _("That group belongs to another association.")
    if application is not None:
        if application.association_id != association.pk:
            errors["application"] = _("That application belongs to another association.")
        elif application.status not in GRANTED_STATUSES:
            errors["application"] = _("Only a granted application can fund an intervention.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def intervention_create(
    *,
    association: Association,
    name: str,
    kind: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    status: str = InterventionStatus.PLANNED,
    description: str = "",
    parties: Iterable[Party] = (),
    group: CooperationGroup | None = None,
    application: FundingApplication | None = None,
) -> Intervention:
    """Register an intervention. Refuses a missing name, a kind other than individual or
    structural, an end before the start, rows of another association and an application
    that was not granted."""
    parties = list(parties)
    _check(
        association=association,
        name=name,
        kind=kind,
        status=status,
        start_date=start_date,
        end_date=end_date,
        parties=parties,
        group=group,
        application=application,
    )
    intervention = Intervention.objects.create(
        association=association,
        name=name.strip(),
        kind=kind,
        description=description.strip(),
        start_date=start_date,
        end_date=end_date,
        status=status,
        group=group,
        application=application,
    )
    intervention.parties.set(parties)
    return intervention


@transaction.atomic
def intervention_update(
    *,
    intervention: Intervention,
    name: str,
    kind: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    status: str,
    description: str = "",
    parties: Iterable[Party] = (),
    group: CooperationGroup | None = None,
    application: FundingApplication | None = None,
) -> Intervention:
    """Change an intervention (same refusals as ``intervention_create``)."""
    parties = list(parties)
    _check(
        association=intervention.association,
        name=name,
        kind=kind,
        status=status,
        start_date=start_date,
        end_date=end_date,
        parties=parties,
        group=group,
        application=application,
    )
    intervention.name = name.strip()
    intervention.kind = kind
    intervention.description = description.strip()
    intervention.start_date = start_date
    intervention.end_date = end_date
    intervention.status = status
    intervention.group = group
    intervention.application = application
    intervention.save()
    intervention.parties.set(parties)
    return intervention


@transaction.atomic
def intervention_budget_set(
    *, intervention: Intervention, year: int, amount: Decimal
) -> InterventionBudget | None:
    """Allocate money to the intervention for a year; 0 kr removes the allocation.
    Refuses a negative amount and years outside 2000–2100."""
    if amount < 0:
        raise ValidationError({"amount": _("The budget cannot be negative.")})
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Give a year such as 2026.")})
    if to_money(amount) == 0:
        InterventionBudget.objects.filter(intervention=intervention, year=year).delete()
        return None
    budget, _created = InterventionBudget.objects.update_or_create(
        intervention=intervention, year=year, defaults={"amount": to_money(amount)}
    )
    return budget


@transaction.atomic
def intervention_spending_add(
    *,
    intervention: Intervention,
    date: datetime.date,
    amount: Decimal,
    description: str,
    user: User | None = None,
) -> InterventionSpending:
    """Record money paid out to the intervention. Refuses 0 kr or less, an empty
    description, and a date outside the intervention's period."""
    if amount <= 0:
        raise ValidationError({"amount": _("The amount must be more than 0 kr.")})
    if not description.strip():
        raise ValidationError({"description": _("Say what the money was spent on.")})
    if date < intervention.start_date or (
        intervention.end_date is not None and date.year > intervention.end_date.year
    ):
        raise ValidationError({"date": _("The date must lie within the intervention's period.")})
    return InterventionSpending.objects.create(
        intervention=intervention,
        date=date,
        amount=to_money(amount),
        description=description.strip(),
        created_by=_user(user),
    )


@transaction.atomic
def intervention_spending_delete(*, spending: InterventionSpending) -> None:
    """Remove a spending entry recorded by mistake."""
    InterventionSpending.objects.filter(pk=spending.pk).delete()


COUNT_FIELDS = (
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


@transaction.atomic
def follow_up_set(
    *, intervention: Intervention, year: int, half: int, counts: dict[str, int]
) -> FollowUpPeriod:
    """Store the aggregate follow-up of a year (half 0) or half-year (1, 2), replacing what
    was there. Counts only, never about a person.

    Refuses: a negative count; more finished than started, per gender, over the
    intervention's periods up to and including this one (people may finish in a later
    period than they started); more outcomes than finished in the period; a year-row and
    half-year rows for the same year; a year outside the intervention's period."""
    if half not in (0, 1, 2):
        raise ValidationError({"half": _("Choose the whole year or a half-year.")})
    unknown = set(counts) - set(COUNT_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown follow-up figures."))
    values = {name: int(counts.get(name, 0) or 0) for name in COUNT_FIELDS}
    if any(v < 0 for v in values.values()):
        raise ValidationError(_("Counts cannot be negative."))
    if intervention.start_date.year > year or (
        intervention.end_date is not None and intervention.end_date.year < year
    ):
        raise ValidationError({"year": _("The year lies outside the intervention's period.")})
    others = FollowUpPeriod.objects.filter(intervention=intervention, year=year).exclude(half=half)
    if (half == 0 and others.exists()) or (half != 0 and others.filter(half=0).exists()):
        raise ValidationError(
            {"half": _("Follow up a year either as a whole or by half-years, not both.")}
        )
    # Cumulative check: every earlier period plus this one (as it will be stored).
    key = (year, half if half else 0)
    earlier = [
        row
        for row in FollowUpPeriod.objects.filter(intervention=intervention)
        if (row.year, row.half) < key
    ]
    errors: dict[str, str] = {}
    for gender in ("women", "men", "other"):
        started = values[f"started_{gender}"] + sum(
            getattr(r, f"started_{gender}") for r in earlier
        )
        finished = values[f"finished_{gender}"] + sum(
            getattr(r, f"finished_{gender}") for r in earlier
        )
        if finished > started:
            errors[f"finished_{gender}"] = _("More finished than started.")
    finished_now = values["finished_women"] + values["finished_men"] + values["finished_other"]
    outcomes = (
        values["to_work"] + values["to_studies"] + values["to_rehabilitation"] + values["to_other"]
    )
    if outcomes > finished_now:
        errors["to_work"] = _("The outcomes add up to more than those who finished.")
    if errors:
        raise ValidationError(errors)
    row, _created = FollowUpPeriod.objects.update_or_create(
        intervention=intervention, year=year, half=half, defaults=values
    )
    return row
