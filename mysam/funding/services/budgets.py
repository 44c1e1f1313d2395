"""Writes of the association's yearly budget: the total and its financing shares, the key
that splits the municipalities' share, and the allocations per group.

Allocations per group are ``plans.GroupBudget`` rows; they are written through
``mysam.plans.services.budget_set`` so that the plans app stays their only writer.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mysam.funding.models import AssociationBudget, MunicipalityKey, MunicipalityWeight
from mysam.funding.money import to_money
from mysam.organisation.models import Association, CooperationGroup, Municipality
from mysam.plans import services as plan_services
from mysam.plans.models import GroupBudget

HUNDRED = Decimal("100")


@transaction.atomic
def association_budget_set(
    *,
    association: Association,
    year: int,
    total: Decimal,
    state_share: Decimal = Decimal("50"),
    region_share: Decimal = Decimal("25"),
    municipality_share: Decimal = Decimal("25"),
    municipality_key: str = MunicipalityKey.POPULATION,
    note: str = "",
) -> AssociationBudget:
    """Set the association's budget for a year and its financing shares (per cent).
    Refuses a negative total, a negative share, shares that do not add up to exactly
    100 %, an unknown key and years outside 2000–2100."""
    errors: dict[str, str] = {}
    if total < 0:
        errors["total"] = _("The budget cannot be negative.")
    if not 2000 <= year <= 2100:
        errors["year"] = _("Give a year such as 2026.")
    shares = (state_share, region_share, municipality_share)
    if any(s < 0 for s in shares):
        errors["state_share"] = _("A share cannot be negative.")
    elif sum(shares, Decimal(0)) != HUNDRED:
        errors["state_share"] = _(
            "The state's, the region's and the municipalities' shares must add up to 100 %."
        )
    if municipality_key not in MunicipalityKey.values:
        errors["municipality_key"] = _("Choose how the municipalities' share is split.")
    if errors:
        raise ValidationError(errors)
    budget, _created = AssociationBudget.objects.update_or_create(
        association=association,
        year=year,
        defaults={
            "total": to_money(total),
            "state_share": state_share,
            "region_share": region_share,
            "municipality_share": municipality_share,
            "municipality_key": municipality_key,
            "note": note.strip(),
        },
    )
    return budget


@transaction.atomic
def municipality_weights_set(
    *, budget: AssociationBudget, weights: Mapping[Municipality, Decimal]
) -> list[MunicipalityWeight]:
    """Replace the key that splits the municipalities' share: per municipality either an
    agreed share in per cent or its population (the budget's key says which). Refuses
    negative weights, municipalities of another association, and agreed shares that do
    not add up to 100 %."""
    if any(w < 0 for w in weights.values()):
        raise ValidationError(_("A weight cannot be negative."))
    if any(m.association_id != budget.association_id for m in weights):
        raise ValidationError(_("A municipality belongs to another association."))
    given = {m: w for m, w in weights.items() if w > 0}
    if (
        budget.municipality_key == MunicipalityKey.SHARE
        and given
        and sum(given.values(), Decimal(0)) != HUNDRED
    ):
        raise ValidationError(_("The municipalities' agreed shares must add up to 100 %."))
    MunicipalityWeight.objects.filter(budget=budget).delete()
    return MunicipalityWeight.objects.bulk_create(
        MunicipalityWeight(budget=budget, municipality=m, weight=w) for m, w in given.items()
    )


@transaction.atomic
def group_allocation_set(
    *, group: CooperationGroup, year: int, amount: Decimal, note: str = ""
) -> GroupBudget:
    """Allocate money to a group for a year: the group's budget in its action plan
    (``plans.GroupBudget``, not carried over). Refuses what ``plans`` refuses (a negative
    amount, an odd year)."""
    return plan_services.budget_set(group=group, year=year, amount=to_money(amount), note=note)


@transaction.atomic
def group_allocations_set(
    *,
    association: Association,
    year: int,
    amounts: Mapping[CooperationGroup, Decimal | None],
) -> list[GroupBudget]:
    """Set several groups' budgets for a year at once (all or none); a group whose amount
    is None keeps what it has. Refuses groups of another association."""
    if any(g.association_id != association.pk for g in amounts):
        raise ValidationError(_("A group belongs to another association."))
    return [
        group_allocation_set(group=group, year=year, amount=amount)
        for group, amount in amounts.items()
        if amount is not None
    ]
