"""Every write to the organisation registry.

Services are keyword-only, run in one transaction, and raise ValidationError with a
message the office can act on.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from mysam.organisation.models import (
    Association,
    CooperationGroup,
    CountyPart,
    FormSubmission,
    HealthCentre,
    Membership,
    MembershipRole,
    Municipality,
    Party,
    PartyKind,
    Person,
    Seat,
    SteeringGroup,
    SteeringGroupMember,
    TrisamTeam,
    Unit,
)

T = TypeVar("T")


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
    *,
    membership: Membership,
    end_date: datetime.date | None = None,
    reason: str = "",
    end_substitutes: bool = True,
) -> Membership:
    """End a membership; it stays in the group's history.

    Substitutes who stood in for this member are ended on the same day (unless
    ``end_substitutes`` is false, as when the member is replaced and the substitutes move on
    to the successor). Refuses an end date before the start date and a membership that has
    already ended.
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
    if end_substitutes:
        substitutes = _substitutes_in_force_after(membership, day)
        for substitute in substitutes:
            substitute.end_date = max(day, substitute.start_date)
            substitute.end_reason = _("The member they stood in for left the group.")
            substitute.save(update_fields=["end_date", "end_reason"])
    return membership


def _substitutes_in_force_after(membership: Membership, day: datetime.date) -> list[Membership]:
    """Substitutes of a member whose own membership runs past ``day``."""
    return list(
        Membership.objects.select_for_update()
        .filter(substitute_for=membership)
        .filter(models.Q(end_date__isnull=True) | models.Q(end_date__gt=day))
    )


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
        end_substitutes=False,
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
    # Substitutes still in force when the new member starts follow the replacement.
    Membership.objects.filter(substitute_for=old).filter(
        models.Q(end_date__isnull=True) | models.Q(end_date__gte=date)
    ).update(substitute_for=new)
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


# --- One-time form tokens ------------------------------------------------------------------


class AlreadySubmitted(Exception):
    """The form with this token has already been saved (e.g. a double-clicked submit)."""


def form_submission_once(*, token: str, write: Callable[[], T]) -> T:
    """Run ``write`` once per form token, in one transaction with the token's record.

    A second submit of the same form raises AlreadySubmitted and writes nothing. If ``write``
    raises (e.g. ValidationError), the token is released with the rest of the transaction
    so that the corrected form can be sent again. Two concurrent submits are serialised by
    the unique index on the token: the second insert waits for the first transaction and
    then fails.
    """
    if not token:
        raise ValidationError(_("The form has expired. Please send it again."))
    with transaction.atomic():
        try:
            # A savepoint, so that the failed insert does not break the outer transaction.
            with transaction.atomic():
                FormSubmission.objects.create(token=token)
        except IntegrityError:
            raise AlreadySubmitted(token) from None
        return write()


@transaction.atomic
def form_submissions_prune(*, older_than: datetime.timedelta = datetime.timedelta(days=30)) -> int:
    """Forget used form tokens older than ``older_than``; returns how many were removed."""
    deleted, _per_model = FormSubmission.objects.filter(
        submitted_at__lt=timezone.now() - older_than
    ).delete()
    return deleted


# --- Registry rows: shared rules -----------------------------------------------------------

M = TypeVar("M", bound=models.Model)


def _association_id_of(obj: models.Model) -> int | None:
    """The association a registry row belongs to, following its parents."""
    if isinstance(obj, Association):
        return obj.pk
    if isinstance(obj, Unit):
        return obj.party.association_id
    if isinstance(obj, Seat | SteeringGroup | Membership):
        return obj.group.association_id
    if isinstance(obj, TrisamTeam):
        return obj.health_centre.association_id
    if isinstance(obj, SteeringGroupMember):
        return obj.steering_group.group.association_id
    association_id = getattr(obj, "association_id", None)
    if association_id is None:
        raise TypeError(f"{type(obj).__name__} does not belong to an association")
    return int(association_id)


def _check_belongs(association_id: int, **related: models.Model | None) -> None:
    """Refuse related rows (by field name) of another association."""
    errors = {
        field: _("This choice belongs to another association.")
        for field, obj in related.items()
        if obj is not None and _association_id_of(obj) != association_id
    }
    if errors:
        raise ValidationError(errors)


def _refuse_taken_name(obj: models.Model, name: str, **scope: Any) -> None:
    """Refuse a name already used by another row of the same kind in the same scope."""
    taken = type(obj)._default_manager.filter(name=name, **scope).exclude(pk=obj.pk).exists()
    if taken:
        raise ValidationError(
            {
                "name": _("There is already a %(kind)s named %(name)s.")
                % {"kind": obj._meta.verbose_name, "name": name}
            }
        )


def _save(obj: M) -> M:
    obj.full_clean()
    obj.save()
    return obj


def _set(obj: M, fields: dict[str, Any]) -> M:
    for name, value in fields.items():
        setattr(obj, name, value.strip() if isinstance(value, str) else value)
    return obj


def _referring_kinds(obj: models.Model) -> list[str]:
    """Names (plural) of the kinds of row that still refer to ``obj``."""
    kinds: list[str] = []
    for relation in obj._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete:
            continue
        related_model: Any = relation.related_model
        if related_model is None or related_model._meta.auto_created:
            continue  # m2m link tables are covered by the many-to-many relation itself
        field_name = relation.field.name  # type: ignore[union-attr]
        if related_model._default_manager.filter(**{field_name: obj}).exists():
            kind = str(related_model._meta.verbose_name_plural)
            if kind not in kinds:
                kinds.append(kind)
    return kinds


def _delete(obj: models.Model) -> None:
    """Delete a row that nothing refers to; refuse otherwise, deleting nothing."""
    kinds = _referring_kinds(obj)
    message = _(
        "%(name)s cannot be deleted because other records refer to it (%(kinds)s). "
        "Nothing was deleted."
    )
    if kinds:
        raise ValidationError(message % {"name": capfirst(str(obj)), "kinds": ", ".join(kinds)})
    try:
        obj.delete()
    except (ProtectedError, RestrictedError):
        raise ValidationError(
            message % {"name": capfirst(str(obj)), "kinds": _("other records")}
        ) from None


# --- The association's own settings -------------------------------------------------------


@transaction.atomic
def association_update(
    *,
    association: Association,
    name: str,
    organisation_number: str = "",
    small_group_threshold: int,
    website: str = "",
    contact_email: str = "",
    plans_visible_to_all_groups: bool = True,
) -> Association:
    """Change the association's name, organisation number, small-group threshold, contact,
    and whether members of other groups may read adopted action plans.

    Refuses a threshold below 3 (survey results of smaller groups could identify people).
    """
    _set(
        association,
        {
            "name": name,
            "organisation_number": organisation_number,
            "small_group_threshold": small_group_threshold,
            "website": website,
            "contact_email": contact_email.strip().lower(),
            "plans_visible_to_all_groups": plans_visible_to_all_groups,
        },
    )
    return _save(association)


# --- County parts and municipalities ------------------------------------------------------


@transaction.atomic
def county_part_create(*, association: Association, name: str) -> CountyPart:
    """Add a county part (länsdel). Refuses a name already used in the association."""
    county_part = _set(CountyPart(association=association), {"name": name})
    _refuse_taken_name(county_part, county_part.name, association=association)
    return _save(county_part)


@transaction.atomic
def county_part_update(*, county_part: CountyPart, name: str) -> CountyPart:
    """Rename a county part (same rules as county_part_create)."""
    _set(county_part, {"name": name})
    _refuse_taken_name(county_part, county_part.name, association_id=county_part.association_id)
    return _save(county_part)


@transaction.atomic
def county_part_delete(*, county_part: CountyPart) -> None:
    """Delete a county part; refused while municipalities belong to it."""
    _delete(county_part)


def _check_municipality(municipality: Municipality) -> None:
    _check_belongs(municipality.association_id, county_part=municipality.county_part)
    _refuse_taken_name(municipality, municipality.name, association_id=municipality.association_id)
    if municipality.code and not (municipality.code.isdigit() and len(municipality.code) == 4):
        raise ValidationError({"code": _("A municipality code has four digits, e.g. 2104.")})


@transaction.atomic
def municipality_create(
    *, association: Association, county_part: CountyPart, name: str, code: str = ""
) -> Municipality:
    """Add a municipality in a county part. Refuses a county part of another association,
    a name already used and a code that is not four digits."""
    municipality = _set(
        Municipality(association=association),
        {"county_part": county_part, "name": name, "code": code},
    )
    _check_municipality(municipality)
    return _save(municipality)


@transaction.atomic
def municipality_update(
    *, municipality: Municipality, county_part: CountyPart, name: str, code: str = ""
) -> Municipality:
    """Change a municipality (same rules as municipality_create)."""
    _set(municipality, {"county_part": county_part, "name": name, "code": code})
    _check_municipality(municipality)
    return _save(municipality)


@transaction.atomic
def municipality_delete(*, municipality: Municipality) -> None:
    """Delete a municipality; refused while parties, units, groups or others refer to it."""
    _delete(municipality)


# --- Parties and units ----------------------------------------------------------------------


def _check_party(party: Party) -> None:
    _check_belongs(party.association_id, municipality=party.municipality)
    _refuse_taken_name(party, party.name, association_id=party.association_id)
    if party.kind == PartyKind.MUNICIPALITY and party.municipality is None:
        raise ValidationError({"municipality": _("Choose the municipality of this party.")})
    if party.kind != PartyKind.MUNICIPALITY and party.municipality is not None:
        raise ValidationError({"municipality": _("Only a municipality party has a municipality.")})


@transaction.atomic
def party_create(
    *,
    association: Association,
    name: str,
    kind: str,
    municipality: Municipality | None = None,
) -> Party:
    """Add a party (huvudman). A municipality party names its municipality; other kinds
    have none. Refuses a name already used in the association."""
    party = _set(
        Party(association=association), {"name": name, "kind": kind, "municipality": municipality}
    )
    _check_party(party)
    return _save(party)


@transaction.atomic
def party_update(
    *, party: Party, name: str, kind: str, municipality: Municipality | None = None
) -> Party:
    """Change a party (same rules as party_create)."""
    _set(party, {"name": name, "kind": kind, "municipality": municipality})
    _check_party(party)
    return _save(party)


@transaction.atomic
def party_delete(*, party: Party) -> None:
    """Delete a party; refused while units, people or seats refer to it."""
    _delete(party)


def _check_unit(association_id: int, unit: Unit) -> None:
    _check_belongs(association_id, party=unit.party, municipality=unit.municipality)
    _refuse_taken_name(unit, unit.name, party_id=unit.party_id)


@transaction.atomic
def unit_create(
    *,
    association: Association,
    party: Party,
    name: str,
    unit_type: str,
    municipality: Municipality | None = None,
) -> Unit:
    """Add a unit (verksamhet) to a party. Refuses a party or municipality of another
    association and a name already used within the party."""
    unit = _set(
        Unit(), {"party": party, "name": name, "unit_type": unit_type, "municipality": municipality}
    )
    _check_unit(association.pk, unit)
    return _save(unit)


@transaction.atomic
def unit_update(
    *,
    unit: Unit,
    party: Party,
    name: str,
    unit_type: str,
    municipality: Municipality | None = None,
) -> Unit:
    """Change a unit (same rules as unit_create)."""
    association_id = unit.party.association_id
    _set(unit, {"party": party, "name": name, "unit_type": unit_type, "municipality": municipality})
    _check_unit(association_id, unit)
    return _save(unit)


@transaction.atomic
def unit_delete(*, unit: Unit) -> None:
    """Delete a unit; refused while people belong to it."""
    _delete(unit)


# --- Health centres -------------------------------------------------------------------------


@transaction.atomic
def health_centre_create(
    *, association: Association, municipality: Municipality, name: str, is_private: bool = False
) -> HealthCentre:
    """Add a health centre (hälsocentral). Refuses a municipality of another association and
    a name already used."""
    centre = _set(
        HealthCentre(association=association),
        {"municipality": municipality, "name": name, "is_private": is_private},
    )
    _check_belongs(association.pk, municipality=municipality)
    _refuse_taken_name(centre, centre.name, association=association)
    return _save(centre)


@transaction.atomic
def health_centre_update(
    *, health_centre: HealthCentre, municipality: Municipality, name: str, is_private: bool
) -> HealthCentre:
    """Change a health centre (same rules as health_centre_create)."""
    _set(health_centre, {"municipality": municipality, "name": name, "is_private": is_private})
    _check_belongs(health_centre.association_id, municipality=municipality)
    _refuse_taken_name(
        health_centre, health_centre.name, association_id=health_centre.association_id
    )
    return _save(health_centre)


@transaction.atomic
def health_centre_delete(*, health_centre: HealthCentre) -> None:
    """Delete a health centre; refused while Trisam teams belong to it."""
    _delete(health_centre)


# --- Cooperation groups and their seats -----------------------------------------------------


def _check_group(group: CooperationGroup, municipalities: list[Municipality]) -> None:
    _refuse_taken_name(group, group.name, association_id=group.association_id)
    if not municipalities:
        raise ValidationError({"municipalities": _("Choose at least one municipality.")})


def _municipalities_of(
    association_id: int, municipalities: Iterable[Municipality]
) -> list[Municipality]:
    chosen = list(municipalities)
    if any(m.association_id != association_id for m in chosen):
        raise ValidationError({"municipalities": _("This choice belongs to another association.")})
    return chosen


@transaction.atomic
def cooperation_group_create(
    *,
    association: Association,
    name: str,
    municipalities: Iterable[Municipality],
    description: str = "",
    is_active: bool = True,
) -> CooperationGroup:
    """Add a Mysam group for one municipality or several. Refuses municipalities of another
    association, no municipality at all and a name already used."""
    chosen = _municipalities_of(association.pk, municipalities)
    group = _set(
        CooperationGroup(association=association),
        {"name": name, "description": description, "is_active": is_active},
    )
    _check_group(group, chosen)
    _save(group)
    group.municipalities.set(chosen)
    return group


@transaction.atomic
def cooperation_group_update(
    *,
    group: CooperationGroup,
    name: str,
    municipalities: Iterable[Municipality],
    description: str = "",
    is_active: bool = True,
) -> CooperationGroup:
    """Change a Mysam group; set it inactive rather than deleting it (its history stays)."""
    chosen = _municipalities_of(group.association_id, municipalities)
    _set(group, {"name": name, "description": description, "is_active": is_active})
    _check_group(group, chosen)
    _save(group)
    group.municipalities.set(chosen)
    return group


@transaction.atomic
def seat_create(
    *, group: CooperationGroup, party: Party, label: str, is_active: bool = True
) -> Seat:
    """Add a seat for a party at a group's table; it is vacant until someone fills it.
    Refuses a party of another association."""
    _check_belongs(group.association_id, party=party)
    seat = _set(Seat(group=group), {"party": party, "label": label, "is_active": is_active})
    return _save(seat)


@transaction.atomic
def seat_update(*, seat: Seat, party: Party, label: str, is_active: bool = True) -> Seat:
    """Change a seat; set it inactive rather than deleting it (memberships keep their seat)."""
    _check_belongs(seat.group.association_id, party=party)
    _set(seat, {"party": party, "label": label, "is_active": is_active})
    return _save(seat)


@transaction.atomic
def seat_fill(
    *,
    seat: Seat,
    person: Person,
    start_date: datetime.date,
    role: str = MembershipRole.MEMBER,
    has_decision_mandate: bool = False,
) -> Membership:
    """Fill a vacant seat with a person from a start date, as one new membership.

    Refuses an inactive seat and a seat somebody holds on the start date (end or replace
    that membership instead), and everything membership_create refuses.
    """
    # Lock the seat so that two offices filling it at once cannot both succeed.
    seat = Seat.objects.select_for_update().select_related("group").get(pk=seat.pk)
    if not seat.is_active:
        raise ValidationError(_("This seat is no longer in use."))
    held = Membership.objects.current(start_date).filter(seat=seat).exists()
    if held:
        raise ValidationError(
            _("The seat is not vacant on %(date)s. End or replace the membership that holds it.")
            % {"date": start_date.isoformat()}
        )
    return membership_create(
        group=seat.group,
        person=person,
        role=role,
        start_date=start_date,
        has_decision_mandate=has_decision_mandate,
        seat=seat,
    )


# --- People ---------------------------------------------------------------------------------


@transaction.atomic
def person_delete(*, person: Person) -> None:
    """Delete a person registered by mistake; refused once they have memberships or other
    records (end their memberships instead: the history stays)."""
    _delete(person)


# --- Trisam ---------------------------------------------------------------------------------


@transaction.atomic
def trisam_team_create(
    *,
    association: Association,
    health_centre: HealthCentre,
    name: str,
    group: CooperationGroup | None = None,
    started_on: datetime.date | None = None,
    is_active: bool = True,
) -> TrisamTeam:
    """Add a Trisam team at a health centre. Refuses a health centre or group of another
    association."""
    _check_belongs(association.pk, health_centre=health_centre, group=group)
    team = _set(
        TrisamTeam(),
        {
            "health_centre": health_centre,
            "group": group,
            "name": name,
            "started_on": started_on,
            "is_active": is_active,
        },
    )
    return _save(team)


@transaction.atomic
def trisam_team_update(
    *,
    trisam_team: TrisamTeam,
    health_centre: HealthCentre,
    name: str,
    group: CooperationGroup | None = None,
    started_on: datetime.date | None = None,
    is_active: bool = True,
) -> TrisamTeam:
    """Change a Trisam team; set it inactive rather than deleting it."""
    association_id = trisam_team.health_centre.association_id
    _check_belongs(association_id, health_centre=health_centre, group=group)
    _set(
        trisam_team,
        {
            "health_centre": health_centre,
            "group": group,
            "name": name,
            "started_on": started_on,
            "is_active": is_active,
        },
    )
    return _save(trisam_team)


@transaction.atomic
def steering_group_create(
    *,
    association: Association,
    group: CooperationGroup,
    municipality: Municipality,
    name: str,
) -> SteeringGroup:
    """Add a municipality's Trisam steering group under the Mysam group that appoints it.
    Refuses a group or municipality of another association."""
    _check_belongs(association.pk, group=group, municipality=municipality)
    steering_group = _set(
        SteeringGroup(), {"group": group, "municipality": municipality, "name": name}
    )
    return _save(steering_group)


@transaction.atomic
def steering_group_update(
    *,
    steering_group: SteeringGroup,
    group: CooperationGroup,
    municipality: Municipality,
    name: str,
) -> SteeringGroup:
    """Change a Trisam steering group (same rules as steering_group_create)."""
    association_id = steering_group.group.association_id
    _check_belongs(association_id, group=group, municipality=municipality)
    _set(steering_group, {"group": group, "municipality": municipality, "name": name})
    return _save(steering_group)


@transaction.atomic
def steering_group_delete(*, steering_group: SteeringGroup) -> None:
    """Delete a steering group; refused while it has members (end their terms instead)."""
    _delete(steering_group)


def _check_steering_group_member(member: SteeringGroupMember) -> None:
    _check_belongs(member.steering_group.group.association_id, person=member.person)
    overlapping = (
        SteeringGroupMember.objects.filter(
            steering_group_id=member.steering_group_id, person_id=member.person_id
        )
        .exclude(pk=member.pk)
        .filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=member.start_date))
    )
    if member.end_date is not None:
        overlapping = overlapping.filter(start_date__lte=member.end_date)
    if overlapping.exists():
        raise ValidationError(
            {
                "person": _("%(person)s is already a member of this steering group in that period.")
                % {"person": member.person}
            }
        )
    if member.end_date is not None and member.end_date < member.start_date:
        raise ValidationError({"end_date": _("The end date cannot be before the start date.")})


@transaction.atomic
def steering_group_member_create(
    *,
    steering_group: SteeringGroup,
    person: Person,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
) -> SteeringGroupMember:
    """Add a person to a Trisam steering group for a period. Refuses a person of another
    association and a period that overlaps the person's other term in the same group."""
    member = SteeringGroupMember(
        steering_group=steering_group, person=person, start_date=start_date, end_date=end_date
    )
    _check_steering_group_member(member)
    return _save(member)


@transaction.atomic
def steering_group_member_update(
    *,
    steering_group_member: SteeringGroupMember,
    person: Person,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
) -> SteeringGroupMember:
    """Change a steering group member's person or period (same rules as create)."""
    member = _set(
        steering_group_member, {"person": person, "start_date": start_date, "end_date": end_date}
    )
    _check_steering_group_member(member)
    return _save(member)


@transaction.atomic
def steering_group_member_delete(*, steering_group_member: SteeringGroupMember) -> None:
    """Delete a steering group member entered by mistake (to end a term, set its end date)."""
    _delete(steering_group_member)
