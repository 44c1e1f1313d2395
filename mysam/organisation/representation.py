"""The representation check: does a Mysam group have the right people at the table?

Pure logic over plain data (no database), so the group page, the all-groups page and the
tests share one set of rules. The rules follow the findings of the baseline measurement
(seed 004): every core party (the group's municipality or municipalities, the Region,
Försäkringskassan and Arbetsförmedlingen) should have a member; a party's representatives
should have a decision mandate; psychiatry should sit in the group rather than only be
co-opted when needed; every party should have a substitute; and seats should not stay
vacant.

A *member* here is a current membership in the role member or convener: co-opted people,
substitutes and guests do not make a party present.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _

# Kinds of party, as stored in Party.kind (kept as strings so this module needs no models).
MUNICIPALITY = "municipality"
REGION = "region"
FK = "fk"
AF = "af"
PSYCHIATRY = "psychiatry"
SEATED_ROLES = frozenset({"member", "convener"})
CO_OPTED = "co_opted"
SUBSTITUTE = "substitute"


class Severity(StrEnum):
    """How urgent a flag is; the order is the order of the members."""

    SERIOUS = "serious"
    WARNING = "warning"
    NOTICE = "notice"

    @property
    def label(self) -> str:
        return {
            Severity.SERIOUS: _("Serious"),
            Severity.WARNING: _("Warning"),
            Severity.NOTICE: _("Notice"),
        }[self]

    @property
    def css(self) -> str:
        """The modifier of the .tag class that shows this severity (beside its label)."""
        return {Severity.SERIOUS: "error", Severity.WARNING: "warn", Severity.NOTICE: ""}[self]


class Check(StrEnum):
    """The checks, in the order the pages show them."""

    CORE_PARTIES = "core_parties"
    MANDATE = "mandate"
    PSYCHIATRY = "psychiatry"
    SUBSTITUTES = "substitutes"
    VACANCIES = "vacancies"


def check_label(check: Check) -> str:
    """The column heading of a check."""
    return {
        Check.CORE_PARTIES: _("Core parties"),
        Check.MANDATE: _("Decision mandate"),
        Check.PSYCHIATRY: _("Psychiatry"),
        Check.SUBSTITUTES: _("Substitutes"),
        Check.VACANCIES: _("Vacant seats"),
    }[check]


@dataclass(frozen=True)
class PartyFacts:
    id: int
    name: str
    kind: str
    municipality_id: int | None = None


@dataclass(frozen=True)
class MemberFacts:
    """One current membership of the group."""

    membership_id: int
    party_id: int
    role: str
    has_decision_mandate: bool = False
    unit_type: str = ""


@dataclass(frozen=True)
class MunicipalityFacts:
    id: int
    name: str


@dataclass(frozen=True)
class GroupFacts:
    """What the check needs to know about one group."""

    id: int
    name: str
    municipalities: Sequence[MunicipalityFacts]
    members: Sequence[MemberFacts]
    vacant_seats: Sequence[str] = ()  # the labels of active seats nobody holds today


@dataclass(frozen=True)
class Flag:
    check: Check
    severity: Severity
    message: str


@dataclass
class GroupResult:
    group: GroupFacts
    flags: list[Flag] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.flags

    def flags_for(self, check: Check) -> list[Flag]:
        return [f for f in self.flags if f.check == check]

    def worst(self, check: Check | None = None) -> Severity | None:
        """The most serious severity among the flags (of one check, or all)."""
        flags = self.flags if check is None else self.flags_for(check)
        order = list(Severity)
        return min((f.severity for f in flags), key=order.index, default=None)


@dataclass(frozen=True)
class _Expected:
    """A core party the group should have: one or more registered parties, or none."""

    name: str
    party_ids: frozenset[int]


def _expected_parties(
    group: GroupFacts, parties: Sequence[PartyFacts]
) -> list[tuple[str, _Expected]]:
    expected: list[tuple[str, _Expected]] = []
    for municipality in group.municipalities:
        own = [
            p for p in parties if p.kind == MUNICIPALITY and p.municipality_id == municipality.id
        ]
        name = (
            own[0].name
            if own
            else _("%(municipality)s municipality") % {"municipality": municipality.name}
        )
        expected.append((MUNICIPALITY, _Expected(name, frozenset(p.id for p in own))))
    default_names = {REGION: _("The Region"), FK: "Försäkringskassan", AF: "Arbetsförmedlingen"}
    for kind in (REGION, FK, AF):
        of_kind = [p for p in parties if p.kind == kind]
        name = " / ".join(p.name for p in of_kind) or default_names[kind]
        expected.append((kind, _Expected(name, frozenset(p.id for p in of_kind))))
    return expected


def check_group(group: GroupFacts, parties: Sequence[PartyFacts]) -> GroupResult:
    """Run every check on one group. ``parties`` are the association's parties."""
    result = GroupResult(group)
    flags = result.flags
    seated = [m for m in group.members if m.role in SEATED_ROLES]
    co_opted = [m for m in group.members if m.role == CO_OPTED]
    substitutes = [m for m in group.members if m.role == SUBSTITUTE]

    for _kind, party in _expected_parties(group, parties):
        members = [m for m in seated if m.party_id in party.party_ids]
        if not members:
            if any(m.party_id in party.party_ids for m in co_opted):
                message = _(
                    "%(party)s has no member in the group, only people co-opted when needed."
                )
            else:
                message = _("%(party)s has no member in the group.")
            flags.append(
                Flag(Check.CORE_PARTIES, Severity.SERIOUS, message % {"party": party.name})
            )
            continue
        if not any(m.has_decision_mandate for m in members):
            flags.append(
                Flag(
                    Check.MANDATE,
                    Severity.WARNING,
                    _("None of the members from %(party)s has a decision mandate.")
                    % {"party": party.name},
                )
            )
        if not any(m.party_id in party.party_ids for m in substitutes):
            flags.append(
                Flag(
                    Check.SUBSTITUTES,
                    Severity.NOTICE,
                    _("%(party)s has no substitute.") % {"party": party.name},
                )
            )

    if not any(m.unit_type == PSYCHIATRY for m in seated):
        if any(m.unit_type == PSYCHIATRY for m in co_opted):
            flags.append(
                Flag(
                    Check.PSYCHIATRY,
                    Severity.WARNING,
                    _("Psychiatry takes part only as co-opted when needed, not as a member."),
                )
            )
        else:
            flags.append(
                Flag(
                    Check.PSYCHIATRY,
                    Severity.WARNING,
                    _("Psychiatry is not represented in the group, not even as co-opted."),
                )
            )

    for label in group.vacant_seats:
        flags.append(
            Flag(
                Check.VACANCIES,
                Severity.WARNING,
                _("The seat “%(seat)s” is vacant.") % {"seat": label},
            )
        )
    flags.sort(key=lambda f: (list(Check).index(f.check), list(Severity).index(f.severity)))
    return result


@dataclass
class Summary:
    """The result for every group, and per check how many groups it flags."""

    results: list[GroupResult]
    flagged_groups: dict[Check, int]
    groups_ok: int

    @property
    def group_count(self) -> int:
        return len(self.results)


def check_groups(groups: Iterable[GroupFacts], parties: Sequence[PartyFacts]) -> Summary:
    """Run the checks on several groups and count how many groups each check flags."""
    results = [check_group(g, parties) for g in groups]
    flagged = {check: sum(1 for r in results if r.flags_for(check)) for check in Check}
    return Summary(results, flagged, sum(1 for r in results if r.ok))
