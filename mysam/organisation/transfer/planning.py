"""Checking an upload's rows against the registry: what would an import do, and what is wrong.

``build_plan`` reads the registry in a fixed number of queries (parties, units, groups,
people, the memberships of the groups named in the file), whatever the number of rows, and
returns a plan: per row the person (new, updated or unchanged) and the membership (new,
updated or unchanged), and every error with its row number and column. The preview shows
the plan; the import builds it again inside its transaction and writes it only if it has no
errors.

Rules (docs/import.md describes them for the office):
- A person is recognised by e-mail; without e-mail by first name, last name and party. Rows
  of the same person (one per group) are merged; they must not contradict each other.
  An empty cell keeps what the registry has.
- A membership is recognised by person, group and role: an existing one in force on the
  row's start date (or not yet ended, when the row gives no start date) is the same.
- A substitute names the member they stand in for (name or e-mail) in the same group, in
  the file (earlier or later rows) or in the registry.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from mysam.organisation.models import (
    Association,
    CooperationGroup,
    Membership,
    MembershipRole,
    Party,
    PartyKind,
    Person,
    Unit,
)
from mysam.organisation.transfer import columns
from mysam.organisation.transfer.columns import label, normalise
from mysam.organisation.transfer.reading import ParsedRow

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"

MAX_LENGTHS = {"first_name": 100, "last_name": 100, "title": 200, "email": 254, "phone": 40}
# Short names for the parties that every association has one of.
PARTY_KIND_WORDS = {
    "fk": PartyKind.FK,
    "försäkringskassan": PartyKind.FK,
    "af": PartyKind.AF,
    "arbetsförmedlingen": PartyKind.AF,
    "region": PartyKind.REGION,
}
# Which of a member's roles a substitute stands in for, when they hold several.
ROLE_PRIORITY: list[str] = [
    MembershipRole.MEMBER,
    MembershipRole.CONVENER,
    MembershipRole.CO_OPTED,
    MembershipRole.GUEST,
]
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00)?)?$")


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class PersonPlan:
    row: int  # the first row of this person
    first_name: str
    last_name: str
    email: str
    party: Party
    title: str = ""
    phone: str = ""
    unit: Unit | None = None
    rows: list[int] = field(default_factory=list)
    existing: Person | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    obj: Person | None = None  # the saved person, once imported

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def action(self) -> str:
        if self.existing is None:
            return CREATE
        return UPDATE if self.changes else UNCHANGED

    @property
    def changed_columns(self) -> list[str]:
        return [label(key) for key in self.changes]

    @property
    def identity(self) -> tuple[str, int]:
        return ("person", self.existing.pk) if self.existing else ("plan", id(self))


@dataclass
class MembershipPlan:
    row: int
    person: PersonPlan
    group: CooperationGroup
    role: str
    mandate: bool | None
    start_date: datetime.date
    start_given: bool
    end_date: datetime.date | None
    substitute_ref: str = ""
    target: MembershipPlan | Membership | None = None
    existing: Membership | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    obj: Membership | None = None  # the saved membership, once imported

    @property
    def action(self) -> str:
        if self.existing is None:
            return CREATE
        return UPDATE if self.changes else UNCHANGED

    @property
    def changed_columns(self) -> list[str]:
        names = {"has_decision_mandate": "mandate"}
        return [label(names.get(key, key)) for key in self.changes]

    @property
    def role_label(self) -> str:
        return columns.ROLE_LABELS.get(self.role, self.role)

    def in_force(self, day: datetime.date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


@dataclass
class RowPlan:
    number: int
    values: dict[str, str]
    errors: list[RowError] = field(default_factory=list)
    person: PersonPlan | None = None
    membership: MembershipPlan | None = None
    # Parsed values (None when missing or invalid).
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    party: Party | None = None
    unit: Unit | None = None
    group: CooperationGroup | None = None
    role: str | None = None
    mandate: bool | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    dates_ok: bool = True

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.number, label(key) if key else "", message))

    @property
    def person_is_first(self) -> bool:
        return self.person is not None and self.person.row == self.number

    @property
    def display_name(self) -> str:
        if self.first_name or self.last_name:
            return f"{self.first_name} {self.last_name}".strip()
        return self.values.get("name", "")


@dataclass
class ImportPlan:
    rows: list[RowPlan]
    people: list[PersonPlan]
    memberships: list[MembershipPlan]

    @property
    def errors(self) -> list[RowError]:
        return [error for row in self.rows for error in row.errors]

    @property
    def has_errors(self) -> bool:
        return any(row.errors for row in self.rows)

    def counts(self) -> dict[str, int]:
        people = [p.action for p in self.people]
        memberships = [m.action for m in self.memberships]
        return {
            "rows": len(self.rows),
            "error_rows": sum(1 for row in self.rows if row.errors),
            "people_created": people.count(CREATE),
            "people_updated": people.count(UPDATE),
            "people_unchanged": people.count(UNCHANGED),
            "memberships_created": memberships.count(CREATE),
            "memberships_updated": memberships.count(UPDATE),
            "memberships_unchanged": memberships.count(UNCHANGED),
        }


# --- Looking things up by name ----------------------------------------------------------------


def _suggest(value: str, names: dict[str, str]) -> str | None:
    """The closest known name (original spelling) to a misspelt one, if any is close."""
    close = difflib.get_close_matches(normalise(value), list(names), n=1, cutoff=0.6)
    return names[close[0]] if close else None


def _not_found(row: RowPlan, key: str, value: str, suggestion: str | None) -> None:
    if suggestion:
        row.error(
            key,
            _("%(column)s “%(value)s” does not exist. Did you mean %(suggestion)s?")
            % {"column": label(key), "value": value, "suggestion": suggestion},
        )
    else:
        row.error(
            key,
            _("%(column)s “%(value)s” does not exist.") % {"column": label(key), "value": value},
        )


def _group_key(name: str) -> str:
    key = normalise(name)
    for prefix in ("mysam-", "mysam "):
        if key.startswith(prefix):
            return key[len(prefix) :].strip()
    return key


def _name_key(first: str, last: str) -> str:
    return normalise(f"{first} {last}")


def _person_refs(person: Person | PersonPlan) -> set[str]:
    """The ways an Ersätter cell may name a person: e-mail, “first last”, “last, first”."""
    refs = {
        _name_key(person.first_name, person.last_name),
        normalise(f"{person.last_name}, {person.first_name}"),
        normalise(f"{person.last_name} {person.first_name}"),
    }
    if person.email:
        refs.add(person.email.lower())
    return refs


@dataclass
class _Registry:
    """What the plan needs from the registry, read in a fixed number of queries."""

    parties: dict[str, Party]
    party_names: dict[str, str]
    parties_by_kind: dict[str, list[Party]]
    units: dict[tuple[int, str], Unit]
    unit_names: dict[int, dict[str, str]]
    groups: dict[str, CooperationGroup]
    group_names: dict[str, str]
    people: dict[int, Person]
    people_by_email: dict[str, Person]
    people_by_name: dict[tuple[str, int], list[Person]]

    @classmethod
    def load(cls, association: Association) -> _Registry:
        parties = list(Party.objects.filter(association=association))
        units = list(Unit.objects.filter(party__association=association))
        groups = list(CooperationGroup.objects.filter(association=association))
        people = list(
            Person.objects.filter(association=association).only(
                "id",
                "association_id",
                "first_name",
                "last_name",
                "title",
                "party_id",
                "unit_id",
                "email",
                "phone",
            )
        )
        by_kind: dict[str, list[Party]] = defaultdict(list)
        for party in parties:
            by_kind[party.kind].append(party)
        unit_names: dict[int, dict[str, str]] = defaultdict(dict)
        for unit in units:
            unit_names[unit.party_id][normalise(unit.name)] = unit.name
        by_name: dict[tuple[str, int], list[Person]] = defaultdict(list)
        for person in people:
            by_name[(_name_key(person.first_name, person.last_name), person.party_id)].append(
                person
            )
        return cls(
            parties={normalise(p.name): p for p in parties},
            party_names={normalise(p.name): p.name for p in parties},
            parties_by_kind=by_kind,
            units={(u.party_id, normalise(u.name)): u for u in units},
            unit_names=unit_names,
            groups={_group_key(g.name): g for g in groups},
            group_names={_group_key(g.name): g.name for g in groups},
            people={p.pk: p for p in people},
            people_by_email={p.email.lower(): p for p in people if p.email},
            people_by_name=by_name,
        )

    def party(self, value: str) -> Party | None:
        found = self.parties.get(normalise(value))
        if found is None and normalise(value) in PARTY_KIND_WORDS:
            candidates = self.parties_by_kind.get(PARTY_KIND_WORDS[normalise(value)], [])
            found = candidates[0] if len(candidates) == 1 else None
        return found


# --- Pass 1: each row on its own ---------------------------------------------------------------


def _parse_date(row: RowPlan, key: str) -> datetime.date | None:
    value = row.values.get(key, "")
    if not value:
        return None
    match = _DATE.match(value)
    try:
        if match is None:
            raise ValueError(value)
        return datetime.date.fromisoformat(match.group(1))
    except ValueError:
        row.error(
            key,
            _("%(column)s “%(value)s” is not a date in the form YYYY-MM-DD.")
            % {"column": label(key), "value": value},
        )
        row.dates_ok = False
        return None


def _split_name(row: RowPlan, file_columns: set[str]) -> None:
    first = row.values.get("first_name", "")
    last = row.values.get("last_name", "")
    whole = row.values.get("name", "")
    if not (first or last) and whole:
        if "," in whole:
            last, _sep, first = (part.strip() for part in whole.partition(","))
        else:
            first, _sep, last = whole.rpartition(" ")
            first, last = first.strip(), last.strip()
        if not (first and last):
            row.error(
                "name",
                _("%(column)s “%(value)s” needs both a first and a last name.")
                % {"column": label("name"), "value": whole},
            )
            return
    else:
        for key, value in (("first_name", first), ("last_name", last)):
            if not value:
                row.error(
                    key if key in file_columns or "name" not in file_columns else "name",
                    _("%(column)s is missing.") % {"column": label(key)},
                )
    row.first_name, row.last_name = first, last


def _check_row(row: RowPlan, registry: _Registry, file_columns: set[str]) -> None:
    values = row.values
    _split_name(row, file_columns)
    for key, limit in MAX_LENGTHS.items():
        value = row.first_name if key == "first_name" else values.get(key, "")
        value = row.last_name if key == "last_name" else value
        if len(value) > limit:
            row.error(
                key,
                _("%(column)s is longer than %(limit)s characters.")
                % {"column": label(key), "limit": limit},
            )
    email = values.get("email", "").strip().lower()
    if email:
        try:
            validate_email(email)
            row.email = email
        except ValidationError:
            row.error(
                "email",
                _("“%(value)s” is not a valid e-mail address.") % {"value": values["email"]},
            )
    party_name = values.get("party", "")
    if not party_name:
        row.error("party", _("%(column)s is missing.") % {"column": label("party")})
    else:
        row.party = registry.party(party_name)
        if row.party is None:
            _not_found(row, "party", party_name, _suggest(party_name, registry.party_names))
    unit_name = values.get("unit", "")
    if unit_name and row.party is not None:
        row.unit = registry.units.get((row.party.pk, normalise(unit_name)))
        if row.unit is None:
            names = registry.unit_names.get(row.party.pk, {})
            suggestion = _suggest(unit_name, names)
            row.error(
                "unit",
                (
                    _(
                        "%(column)s “%(value)s” does not exist at %(party)s. "
                        "Did you mean %(suggestion)s?"
                    )
                    if suggestion
                    else _("%(column)s “%(value)s” does not exist at %(party)s.")
                )
                % {
                    "column": label("unit"),
                    "value": unit_name,
                    "party": row.party.name,
                    "suggestion": suggestion,
                },
            )
    group_name = values.get("group", "")
    if group_name:
        row.group = registry.groups.get(_group_key(group_name))
        if row.group is None:
            suggestion = _suggest(_group_key(group_name), registry.group_names)
            _not_found(row, "group", group_name, suggestion)
    role_value = values.get("role", "")
    if role_value:
        row.role = columns.ROLE_WORDS.get(normalise(role_value))
        if row.role is None:
            row.error(
                "role",
                _("%(column)s “%(value)s” is unknown. Use one of: %(choices)s.")
                % {
                    "column": label("role"),
                    "value": role_value,
                    "choices": ", ".join(columns.ROLE_LABELS.values()),
                },
            )
    elif group_name:
        row.role = MembershipRole.MEMBER
    mandate = normalise(values.get("mandate", ""))
    if mandate in columns.YES_WORDS:
        row.mandate = True
    elif mandate in columns.NO_WORDS:
        row.mandate = False
    elif mandate:
        row.error(
            "mandate",
            _("%(column)s “%(value)s” is neither ja nor nej.")
            % {"column": label("mandate"), "value": values["mandate"]},
        )
    row.start_date = _parse_date(row, "start_date")
    row.end_date = _parse_date(row, "end_date")
    if row.start_date and row.end_date and row.end_date < row.start_date:
        row.error(
            "end_date",
            _("%(end)s %(value)s is before %(start)s.")
            % {"end": label("end_date"), "value": values["end_date"], "start": label("start_date")},
        )
        row.dates_ok = False
    if not group_name:
        for key in ("role", "substitute_for"):
            if values.get(key):
                row.error(
                    key,
                    _("%(column)s needs a group: fill in %(group)s or leave it empty.")
                    % {"column": label(key), "group": label("group")},
                )
    elif row.role == MembershipRole.SUBSTITUTE and not values.get("substitute_for"):
        row.error(
            "substitute_for",
            _("A substitute must name the member they stand in for in %(column)s.")
            % {"column": label("substitute_for")},
        )
    elif row.role not in (None, MembershipRole.SUBSTITUTE) and values.get("substitute_for"):
        row.error(
            "substitute_for",
            _(
                "Only a substitute stands in for someone: leave %(column)s empty or write "
                "ersättare in %(role)s."
            )
            % {"column": label("substitute_for"), "role": label("role")},
        )


# --- Pass 2: people ----------------------------------------------------------------------------

_PERSON_FIELDS = ("title", "phone", "unit")


def _display(value: Any) -> str:
    if isinstance(value, Unit | Party):
        return value.name
    return str(value)


def _absorb(person: PersonPlan, row: RowPlan) -> None:
    """Add a further row of the same person; report what contradicts earlier rows."""
    if person.email and _name_key(row.first_name, row.last_name) != _name_key(
        person.first_name, person.last_name
    ):
        row.error(
            "email",
            _(
                "The e-mail address %(email)s is also on row %(row)s, for %(name)s. Each person "
                "needs their own address."
            )
            % {"email": person.email, "row": person.row, "name": person.full_name},
        )
        return
    if row.party is not None and row.party != person.party:
        row.error(
            "party",
            _("%(column)s “%(value)s” differs from row %(row)s (“%(other)s”) for the same person.")
            % {
                "column": label("party"),
                "value": row.party.name,
                "row": person.row,
                "other": person.party.name,
            },
        )
        return
    if row.email and not person.email:
        person.email = row.email
    new = {
        "title": row.values.get("title", ""),
        "phone": row.values.get("phone", ""),
        "unit": row.unit,
    }
    for key in _PERSON_FIELDS:
        mine, theirs = getattr(person, key), new[key]
        if theirs and mine and theirs != mine:
            row.error(
                key,
                _(
                    "%(column)s “%(value)s” differs from row %(row)s (“%(other)s”) for the same "
                    "person."
                )
                % {
                    "column": label(key),
                    "value": _display(theirs),
                    "row": person.row,
                    "other": _display(mine),
                },
            )
        elif theirs and not mine:
            setattr(person, key, theirs)
    person.rows.append(row.number)
    row.person = person


def _plan_people(rows: list[RowPlan], registry: _Registry) -> list[PersonPlan]:
    by_key: dict[str, PersonPlan] = {}
    plans: list[PersonPlan] = []
    ready = [
        (row, row.party)
        for row in rows
        if row.first_name and row.last_name and row.party and not _bad_email(row)
    ]
    # A row without e-mail joins the person of that name and party who has one in the file.
    emails_by_name: dict[tuple[str, int], set[str]] = defaultdict(set)
    for row, party in ready:
        if row.email and party is not None:
            emails_by_name[(_name_key(row.first_name, row.last_name), party.pk)].add(row.email)
    for row, party in ready:
        if party is None:
            continue
        name = (_name_key(row.first_name, row.last_name), party.pk)
        if row.email:
            key = "e:" + row.email
        elif len(emails_by_name[name]) == 1:
            key = "e:" + next(iter(emails_by_name[name]))
        else:
            key = f"n:{name[0]}|{name[1]}"
        plan = by_key.get(key)
        if plan is None:
            plan = PersonPlan(
                row=row.number,
                first_name=row.first_name,
                last_name=row.last_name,
                email=row.email,
                party=party,
            )
            by_key[key] = plan
            plans.append(plan)
        _absorb(plan, row)
    # Recognise registered people; two plans that turn out to be one person are an error.
    claimed: dict[int, PersonPlan] = {}
    for plan in plans:
        candidates = _registered_matches(plan, registry)
        if len(candidates) > 1:
            for number in plan.rows:
                _row_error(
                    rows,
                    number,
                    "email",
                    _(
                        "Several people called %(name)s at %(party)s are registered. Add the "
                        "e-mail address to say which one."
                    )
                    % {"name": plan.full_name, "party": plan.party.name},
                )
            continue
        if not candidates:
            continue
        existing = candidates[0]
        if existing.pk in claimed:
            other = claimed[existing.pk]
            for number in plan.rows:
                _row_error(
                    rows,
                    number,
                    "email",
                    _(
                        "%(name)s on this row is the registered person of row %(row)s; give "
                        "both rows the same e-mail address."
                    )
                    % {"name": plan.full_name, "row": other.row},
                )
            continue
        claimed[existing.pk] = plan
        plan.existing = existing
        plan.changes = _person_changes(plan, existing)
    return plans


def _bad_email(row: RowPlan) -> bool:
    return bool(row.values.get("email")) and not row.email


def _row_error(rows: list[RowPlan], number: int, key: str, message: str) -> None:
    for row in rows:
        if row.number == number:
            row.error(key, message)


def _registered_matches(plan: PersonPlan, registry: _Registry) -> list[Person]:
    """The registered people this plan may be: by e-mail, else by name and party."""
    if plan.email and plan.email in registry.people_by_email:
        return [registry.people_by_email[plan.email]]
    same_name = registry.people_by_name.get(
        (_name_key(plan.first_name, plan.last_name), plan.party.pk), []
    )
    if plan.email:
        # A registered person of that name and party without e-mail gets the address;
        # one with another address is someone else.
        without = [p for p in same_name if not p.email]
        return without if len(without) == 1 else []
    return list(same_name)


def _person_changes(plan: PersonPlan, person: Person) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for key in ("first_name", "last_name", "email", "title", "phone"):
        value = getattr(plan, key)
        if value and value != getattr(person, key):
            changes[key] = value
    if plan.party.pk != person.party_id:
        changes["party"] = plan.party
        if plan.unit is None and person.unit_id is not None:
            changes["unit"] = None
    if plan.unit is not None and plan.unit.pk != person.unit_id:
        changes["unit"] = plan.unit
    return changes


# --- Pass 3: memberships -----------------------------------------------------------------------


def _overlaps(a: MembershipPlan, b: MembershipPlan) -> bool:
    far = datetime.date.max
    return a.start_date <= (b.end_date or far) and b.start_date <= (a.end_date or far)


def _match_membership(
    plan: MembershipPlan, candidates: list[Membership], today: datetime.date
) -> Membership | None:
    for membership in candidates:
        if membership.start_date == plan.start_date:
            return membership
    for membership in candidates:
        if membership.is_current(plan.start_date):
            return membership
    if not plan.start_given:
        for membership in candidates:
            if membership.end_date is None or membership.end_date >= today:
                return membership
    return None


def _plan_memberships(
    rows: list[RowPlan], association: Association, registry: _Registry, today: datetime.date
) -> list[MembershipPlan]:
    plans: list[MembershipPlan] = []
    for row in rows:
        if row.person is None or row.group is None or row.role is None or not row.dates_ok:
            continue
        plan = MembershipPlan(
            row=row.number,
            person=row.person,
            group=row.group,
            role=row.role,
            mandate=row.mandate,
            start_date=row.start_date or today,
            start_given=row.start_date is not None,
            end_date=row.end_date,
            substitute_ref=row.values.get("substitute_for", ""),
        )
        if plan.end_date is not None and plan.end_date < plan.start_date:
            row.error(
                "end_date",
                _("%(end)s %(value)s is before %(start)s.")
                % {"end": label("end_date"), "value": plan.end_date, "start": label("start_date")},
            )
            continue
        row.membership = plan
        plans.append(plan)

    rows_by_number = {row.number: row for row in rows}
    group_ids = {plan.group.pk for plan in plans}
    existing = list(
        Membership.objects.filter(group_id__in=group_ids, group__association=association)
    )
    by_id = {m.pk: m for m in existing}
    by_key: dict[tuple[int, int, str], list[Membership]] = defaultdict(list)
    for membership in existing:
        by_key[(membership.person_id, membership.group_id, membership.role)].append(membership)

    # The same person twice in a group in the same role over overlapping periods.
    seen: dict[tuple[tuple[str, int], int, str], list[MembershipPlan]] = defaultdict(list)
    claimed: dict[int, MembershipPlan] = {}
    for plan in plans:
        row = rows_by_number[plan.row]
        key = (plan.person.identity, plan.group.pk, plan.role)
        earlier = next((p for p in seen[key] if _overlaps(p, plan)), None)
        seen[key].append(plan)
        if earlier is not None:
            row.error(
                "group",
                _("%(name)s is already in %(group)s as %(role)s on row %(row)s.")
                % {
                    "name": plan.person.full_name,
                    "group": plan.group.name,
                    "role": plan.role_label,
                    "row": earlier.row,
                },
            )
            continue
        if plan.person.existing is None:
            continue
        match = _match_membership(
            plan, by_key.get((plan.person.existing.pk, plan.group.pk, plan.role), []), today
        )
        if match is None:
            continue
        if match.pk in claimed:
            row.error(
                "start_date",
                _("This row and row %(row)s describe the same membership of %(name)s in %(group)s.")
                % {
                    "row": claimed[match.pk].row,
                    "name": plan.person.full_name,
                    "group": plan.group.name,
                },
            )
            continue
        claimed[match.pk] = plan
        plan.existing = match
        if plan.mandate is not None and plan.mandate != match.has_decision_mandate:
            plan.changes["has_decision_mandate"] = plan.mandate
        if plan.end_date is not None and plan.end_date != match.end_date:
            if plan.end_date < match.start_date:
                row.error(
                    "end_date",
                    _("%(column)s %(value)s is before the membership began (%(start)s).")
                    % {
                        "column": label("end_date"),
                        "value": plan.end_date.isoformat(),
                        "start": match.start_date.isoformat(),
                    },
                )
            else:
                plan.changes["end_date"] = plan.end_date

    _resolve_substitutes(plans, rows_by_number, existing, by_id, registry)
    return plans


def _resolve_substitutes(
    plans: list[MembershipPlan],
    rows_by_number: dict[int, RowPlan],
    existing: list[Membership],
    by_id: dict[int, Membership],
    registry: _Registry,
) -> None:
    members_in_file: dict[int, list[MembershipPlan]] = defaultdict(list)
    for plan in plans:
        if plan.role != MembershipRole.SUBSTITUTE:
            members_in_file[plan.group.pk].append(plan)
    members_in_registry: dict[int, list[Membership]] = defaultdict(list)
    for membership in existing:
        if membership.role != MembershipRole.SUBSTITUTE:
            members_in_registry[membership.group_id].append(membership)

    for plan in plans:
        if plan.role != MembershipRole.SUBSTITUTE:
            continue
        row = rows_by_number[plan.row]
        ref = normalise(plan.substitute_ref)
        if not ref:
            continue  # reported by the row's own checks
        found: dict[tuple[str, int], list[MembershipPlan | Membership]] = defaultdict(list)
        for candidate in members_in_file[plan.group.pk]:
            if ref in _person_refs(candidate.person):
                found[candidate.person.identity].append(candidate)
        for membership in members_in_registry[plan.group.pk]:
            person = registry.people.get(membership.person_id)
            if person is not None and ref in _person_refs(person):
                found[("person", membership.person_id)].append(membership)
        if not found:
            row.error(
                "substitute_for",
                _(
                    "%(column)s “%(value)s”: nobody of that name or e-mail is a member of "
                    "%(group)s, in the file or in the registry."
                )
                % {
                    "column": label("substitute_for"),
                    "value": plan.substitute_ref,
                    "group": plan.group.name,
                },
            )
            continue
        if len(found) > 1:
            row.error(
                "substitute_for",
                _(
                    "%(column)s “%(value)s” fits several members of %(group)s. Write their "
                    "e-mail address instead."
                )
                % {
                    "column": label("substitute_for"),
                    "value": plan.substitute_ref,
                    "group": plan.group.name,
                },
            )
            continue
        identity, candidates = next(iter(found.items()))
        if identity == plan.person.identity:
            row.error("substitute_for", _("A substitute cannot stand in for themselves."))
            continue
        plan.target = _best_target(plan, candidates)
        if plan.existing is not None:
            current = by_id.get(plan.existing.substitute_for_id or 0)
            current_person = current.person_id if current is not None else None
            if current_person is None or ("person", current_person) != identity:
                plan.changes["substitute_for"] = plan.target


def _best_target(
    plan: MembershipPlan, candidates: list[MembershipPlan | Membership]
) -> MembershipPlan | Membership:
    """The membership a substitute stands in for: from the file before the registry, in
    force on the substitute's start date, an ordinary member before other roles."""

    def rank(candidate: MembershipPlan | Membership) -> tuple[int, int, int, int]:
        in_file = 0 if isinstance(candidate, MembershipPlan) else 1
        if isinstance(candidate, MembershipPlan):
            in_force = candidate.in_force(plan.start_date)
        else:
            in_force = candidate.is_current(plan.start_date)
        role = ROLE_PRIORITY.index(candidate.role) if candidate.role in ROLE_PRIORITY else 9
        # Latest start first among equals.
        return (in_file, 0 if in_force else 1, role, -candidate.start_date.toordinal())

    return min(candidates, key=rank)


# --- The plan ----------------------------------------------------------------------------------


def build_plan(
    *,
    association: Association,
    rows: list[ParsedRow],
    file_columns: list[str],
    today: datetime.date,
) -> ImportPlan:
    """Check every row against the registry and say what an import would do.

    Reads parties, units, groups, people and the memberships of the groups named in the
    file: six queries, whatever the number of rows. Writes nothing.
    """
    registry = _Registry.load(association)
    present = set(file_columns)
    row_plans = [RowPlan(number=row.number, values=dict(row.values)) for row in rows]
    for row in row_plans:
        _check_row(row, registry, present)
    people = _plan_people(row_plans, registry)
    memberships = _plan_memberships(row_plans, association, registry, today)
    return ImportPlan(rows=row_plans, people=people, memberships=memberships)
