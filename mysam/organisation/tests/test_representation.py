"""The representation check: which groups lack a party, a mandate, psychiatry, substitutes."""

from __future__ import annotations

from mysam.organisation.representation import (
    Check,
    GroupFacts,
    MemberFacts,
    MunicipalityFacts,
    PartyFacts,
    Severity,
    check_group,
    check_groups,
)

HOFORS = MunicipalityFacts(1, "Hofors")
OCKELBO = MunicipalityFacts(2, "Ockelbo")
PARTIES = [
    PartyFacts(10, "Hofors kommun", "municipality", 1),
    PartyFacts(11, "Ockelbo kommun", "municipality", 2),
    PartyFacts(20, "Region Gävleborg", "region"),
    PartyFacts(30, "Försäkringskassan", "fk"),
    PartyFacts(40, "Arbetsförmedlingen", "af"),
    PartyFacts(50, "Samordningsförbund Gävleborg", "association"),
]


def member(pk: int, party: int, role: str = "member", *, mandate: bool = True, unit: str = ""):
    return MemberFacts(pk, party, role, mandate, unit)


def complete(*extra: MemberFacts, municipalities=(HOFORS,), vacant=()) -> GroupFacts:
    """A group that passes every check, plus ``extra`` members."""
    members = [
        member(1, 10, "convener"),
        member(2, 10, "substitute", mandate=False),
        member(3, 20, unit="primary_care"),
        member(4, 20, unit="psychiatry"),
        member(5, 20, "substitute", mandate=False),
        member(6, 30),
        member(7, 30, "substitute", mandate=False),
        member(8, 40),
        member(9, 40, "substitute", mandate=False),
        member(10, 50, "guest", mandate=False),
        *extra,
    ]
    return GroupFacts(1, "Mysam Hofors", list(municipalities), members, list(vacant))


def messages(group: GroupFacts, check: Check) -> list[str]:
    return [f.message for f in check_group(group, PARTIES).flags_for(check)]


def test_it_passes_a_complete_group():
    result = check_group(complete(), PARTIES)
    assert result.ok
    assert result.flags == []


def test_it_flags_a_core_party_without_a_member():
    group = complete()
    group = GroupFacts(1, "g", [HOFORS], [m for m in group.members if m.party_id != 40])
    result = check_group(group, PARTIES)
    [flag] = result.flags_for(Check.CORE_PARTIES)
    assert "Arbetsförmedlingen" in flag.message
    assert flag.severity == Severity.SERIOUS


def test_it_expects_the_municipality_party_of_each_municipality_of_the_group():
    group = complete(municipalities=(HOFORS, OCKELBO))
    [message] = messages(group, Check.CORE_PARTIES)
    assert "Ockelbo kommun" in message


def test_it_names_a_municipality_that_has_no_party_registered():
    group = complete(municipalities=(HOFORS, MunicipalityFacts(3, "Nordanstig")))
    [message] = messages(group, Check.CORE_PARTIES)
    assert "Nordanstig" in message


def test_it_does_not_count_co_opted_people_or_guests_as_members():
    without_fk = [m for m in complete().members if m.party_id != 30]
    [absent] = messages(GroupFacts(1, "g", [HOFORS], without_fk), Check.CORE_PARTIES)
    with_co_opted = [*without_fk, member(20, 30, "co_opted"), member(21, 30, "guest")]
    [co_opted] = messages(GroupFacts(1, "g", [HOFORS], with_co_opted), Check.CORE_PARTIES)
    # Both are flagged; the sentence says when the party is there only as co-opted.
    assert "Försäkringskassan" in absent and "Försäkringskassan" in co_opted
    assert co_opted != absent


def test_it_flags_a_party_whose_members_all_lack_a_decision_mandate():
    members = [
        m if m.party_id != 20 else MemberFacts(m.membership_id, 20, m.role, False, m.unit_type)
        for m in complete().members
    ]
    result = check_group(GroupFacts(1, "g", [HOFORS], members), PARTIES)
    [flag] = result.flags_for(Check.MANDATE)
    assert "Region Gävleborg" in flag.message
    assert flag.severity == Severity.WARNING


def test_one_member_with_a_mandate_is_enough():
    group = complete(member(30, 20, mandate=False))
    assert check_group(group, PARTIES).flags_for(Check.MANDATE) == []


def test_it_tells_psychiatry_only_co_opted_from_psychiatry_absent():
    without = [m for m in complete().members if m.unit_type != "psychiatry"]
    absent = messages(GroupFacts(1, "g", [HOFORS], without), Check.PSYCHIATRY)
    co_opted = messages(
        GroupFacts(1, "g", [HOFORS], [*without, member(40, 20, "co_opted", unit="psychiatry")]),
        Check.PSYCHIATRY,
    )
    assert len(absent) == 1
    assert len(co_opted) == 1
    assert absent != co_opted


def test_it_flags_a_party_without_a_substitute():
    members = [m for m in complete().members if m.membership_id != 7]
    result = check_group(GroupFacts(1, "g", [HOFORS], members), PARTIES)
    [flag] = result.flags_for(Check.SUBSTITUTES)
    assert "Försäkringskassan" in flag.message
    assert flag.severity == Severity.NOTICE


def test_it_flags_each_vacant_seat():
    group = complete(vacant=["Försäkringskassan: Enhetschef funktionsnedsättning", "AF: X"])
    flags = check_group(group, PARTIES).flags_for(Check.VACANCIES)
    assert len(flags) == 2
    assert "Enhetschef funktionsnedsättning" in flags[0].message


def test_the_association_party_is_never_expected():
    result = check_group(complete(), [*PARTIES, PartyFacts(60, "Annan", "other")])
    assert result.ok


def test_it_counts_flagged_groups_per_check():
    bad = GroupFacts(2, "Mysam Ockelbo", [OCKELBO], [], ["Arbetsförmedlingen: Sektionschef"])
    summary = check_groups([complete(), bad], PARTIES)
    assert summary.group_count == 2
    assert summary.groups_ok == 1
    assert summary.flagged_groups[Check.CORE_PARTIES] == 1
    assert summary.flagged_groups[Check.VACANCIES] == 1
    assert summary.flagged_groups[Check.MANDATE] == 0
    assert summary.results[1].worst() == Severity.SERIOUS
