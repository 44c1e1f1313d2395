"""Every write to the organisation registry.

Services are keyword-only, run in one transaction, and raise ValidationError with a
message the office can act on.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mysam.organisation.models import (
    CooperationGroup,
    Membership,
    Party,
    Person,
    Seat,
    Unit,
)


def _check_same_association(group: CooperationGroup, person: Person) -> None:
    if group.association_id != person.association_id:
        raise ValidationError(_("The person and the group belong to different associations."))


@transaction.atomic
def membership_create(
    *,
    group: CooperationGroup,
    person: Person,
    role: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    has_decision_mandate: bool = False,
    seat: Seat | None = None,
    substitute_for: Membership | None = None,
) -> Membership:
    """Add a person to a group in a role from a start date.

    Refuses a person from another association, a seat or substituted member of another
    group, a substitute without the member they stand in for, and a second current
    membership in the same role for the same person.
    """
    _check_same_association(group, person)
    if seat is not None and seat.group_id != group.pk:
        raise ValidationError(_("The seat belongs to another group."))
    if substitute_for is not None and substitute_for.group_id != group.pk:
        raise ValidationError(_("A substitute must stand in for a member of the same group."))
    membership = Membership(
        group=group,
        person=person,
        role=role,
        seat=seat,
        substitute_for=substitute_for,
        has_decision_mandate=has_decision_mandate,
        start_date=start_date,
        end_date=end_date,
    )
    membership.full_clean()
    duplicate = (
        Membership.objects.current(start_date)
        .filter(group=group, person=person, role=role)
        .exists()
    )
    if duplicate:
        raise ValidationError(
            _("%(person)s already has this role in %(group)s.") % {"person": person, "group": group}
        )
    membership.save()
    return membership


@transaction.atomic
def membership_update(
    *,
    membership: Membership,
    has_decision_mandate: bool,
    seat: Seat | None,
    start_date: datetime.date,
    end_date: datetime.date | None,
) -> Membership:
    """Change a membership's mandate, seat or dates (the person and role stay)."""
    if seat is not None and seat.group_id != membership.group_id:
        raise ValidationError(_("The seat belongs to another group."))
    membership.has_decision_mandate = has_decision_mandate
    membership.seat = seat
    membership.start_date = start_date
    membership.end_date = end_date
    membership.full_clean()
    membership.save(update_fields=["has_decision_mandate", "seat", "start_date", "end_date"])
    return membership


@transaction.atomic
def membership_end(
    *, membership: Membership, end_date: datetime.date | None = None, reason: str = ""
) -> Membership:
    """End a membership; it stays in the group's history.

    Substitutes who stood in for this member are ended on the same day. Refuses an end date
    before the start date and a membership that has already ended.
    """
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    day = end_date or timezone.localdate()
    if membership.end_date is not None and membership.end_date < timezone.localdate():
        raise ValidationError(_("This membership has already ended."))
    if day < membership.start_date:
        raise ValidationError(_("The end date cannot be before the start date."))
    membership.end_date = day
    membership.end_reason = reason
    membership.save(update_fields=["end_date", "end_reason"])
    return membership


@transaction.atomic
def membership_replace(
    *,
    membership: Membership,
    new_person: Person,
    date: datetime.date,
    has_decision_mandate: bool | None = None,
    reason: str = "",
) -> Membership:
    """Replace a person who leaves: end the old membership, start the new one, in one step.

    The new membership takes the same group, role, seat and substituted member; the old one
    ends the day before ``date`` and points to its successor. Substitutes of the old member
    are moved over to the new one.
    """
    old = Membership.objects.select_for_update().get(pk=membership.pk)
    if new_person.pk == old.person_id:
        raise ValidationError(_("Choose another person than the one who leaves."))
    if old.end_date is not None and old.end_date < date - datetime.timedelta(days=1):
        raise ValidationError(_("This membership has already ended."))
    if date <= old.start_date:
        raise ValidationError(_("The new member must start after the old membership began."))
    membership_end(
        membership=old,
        end_date=date - datetime.timedelta(days=1),
        reason=reason or _("Replaced by %(person)s") % {"person": new_person},
    )
    new = membership_create(
        group=old.group,
        person=new_person,
        role=old.role,
        start_date=date,
        has_decision_mandate=(
            old.has_decision_mandate if has_decision_mandate is None else has_decision_mandate
        ),
        seat=old.seat,
        substitute_for=old.substitute_for,
    )
    Membership.objects.filter(substitute_for=old, end_date__isnull=True).update(substitute_for=new)
    old.replaced_by = new
    old.save(update_fields=["replaced_by"])
    return new


@transaction.atomic
def person_create(
    *,
    association_id: int,
    first_name: str,
    last_name: str,
    party: Party,
    title: str = "",
    unit: Unit | None = None,
    email: str = "",
    phone: str = "",
) -> Person:
    """Register an official. Refuses a party or unit of another association and an e-mail
    address already used by someone else in the association."""
    person = Person(
        association_id=association_id,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        title=title.strip(),
        party=party,
        unit=unit,
        email=email.strip().lower(),
        phone=phone.strip(),
    )
    _validate_person(person)
    person.save()
    return person


@transaction.atomic
def person_update(*, person: Person, **fields: object) -> Person:
    """Change an official's details (same rules as person_create)."""
    allowed = {"first_name", "last_name", "title", "party", "unit", "email", "phone"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"person_update() got unexpected fields: {sorted(unknown)}")
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip().lower() if name == "email" else value.strip()
        setattr(person, name, value)
    _validate_person(person)
    person.save(update_fields=list(fields))
    return person


def _validate_person(person: Person) -> None:
    if person.party.association_id != person.association_id:
        raise ValidationError({"party": _("The party belongs to another association.")})
    if person.unit is not None and person.unit.party_id != person.party_id:
        raise ValidationError({"unit": _("The unit belongs to another party.")})
    if person.email:
        taken = (
            Person.objects.filter(association_id=person.association_id, email=person.email)
            .exclude(pk=person.pk)
            .exists()
        )
        if taken:
            raise ValidationError(
                {"email": _("Someone else in the association already has this e-mail address.")}
            )
    person.full_clean(validate_unique=False, validate_constraints=False)
