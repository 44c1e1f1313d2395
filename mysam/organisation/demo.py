"""The demo: Samordningsförbund Gävleborg's structure with invented people, plus a small
second association to show that associations do not see each other.

The structure (county parts, municipalities, Mysam groups, health centres and Trisam teams)
follows the seed documents; every person is invented (DOMAIN.md: real names from the seeds
never go into fixtures). The data is deterministic: the same seed gives the same people.
Some groups deliberately fail the representation check, so that the check has something to
show. ``manage.py demo_data`` calls :func:`demo_build`; tests and browser tests call it too.
"""

from __future__ import annotations

import datetime
import random
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import transaction

from mysam.accounts.models import AssociationRole, AssociationRoleKind, User
from mysam.organisation import services
from mysam.organisation.models import (
    Association,
    CooperationGroup,
    CountyPart,
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
    UnitType,
)

D = datetime.date

# One password for every demo login; it is printed by the command and shown in the README.
DEMO_PASSWORD = "mysam-demo-2026"  # noqa: S105 (a published demo password, not a secret)
GAVLEBORG = "Samordningsförbund Gävleborg"
GAVLEBORG_SLUG = "gavleborg"
EXEMPEL = "Samordningsförbund Exempel"
EXEMPEL_SLUG = "exempel"

ADMIN_EMAIL = "kansli@gavleborg.example"
BOARD_EMAIL = "styrelse@gavleborg.example"
CONVENER_EMAIL = "sammankallande.hofors@gavleborg.example"
MEMBER_EMAIL = "ledamot.ljusdal@gavleborg.example"
OUTSIDER_EMAIL = "medlem@gavleborg.example"
DUAL_EMAIL = "dubbelroll@exempel.example"

# Fixed TOTP secrets (base32) of the demo users who have an authenticator, so that
# ``manage.py demo_totp`` can print their codes. Demo only: never reuse for real accounts.
DEMO_TOTP_SECRETS = {
    ADMIN_EMAIL: "MYSAMDEMOKANSLIGAVLEBORGTOTPKEYA",
    DUAL_EMAIL: "MYSAMDEMODUBBELROLLEXEMPELTOTPKB",
}


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    note: str

    @property
    def has_totp(self) -> bool:
        return self.email in DEMO_TOTP_SECRETS


DEMO_LOGINS = (
    DemoLogin("admin", ADMIN_EMAIL, "Kansliet (förbundets administratör), Gävleborg"),
    DemoLogin("board", BOARD_EMAIL, "Styrelsen, Gävleborg"),
    DemoLogin("convener", CONVENER_EMAIL, "Sammankallande i Mysam Hofors"),
    DemoLogin("member", MEMBER_EMAIL, "Ledamot i Mysam Ljusdal"),
    DemoLogin("outsider", OUTSIDER_EMAIL, "Medlem i förbundet, i ingen Mysam-grupp"),
    DemoLogin("admin + member", DUAL_EMAIL, "Kansliet i Exempel, medlem i Gävleborg (byt förbund)"),
)
DEMO_EMAILS = tuple(login.email for login in DEMO_LOGINS)


# --- The county (DOMAIN.md), with SCB's municipality codes ---------------------------------

COUNTY_PARTS = (
    ("Gävle", (("Gävle", "2180"),)),
    ("Västra Gästrikland", (("Sandviken", "2181"), ("Hofors", "2104"), ("Ockelbo", "2101"))),
    ("Södra Hälsingland", (("Bollnäs", "2183"), ("Ovanåker", "2121"), ("Söderhamn", "2182"))),
    ("Norra Hälsingland", (("Hudiksvall", "2184"), ("Nordanstig", "2132"), ("Ljusdal", "2161"))),
)
PARTY_NAMES = {
    "Gävle": "Gävle kommun",
    "Sandviken": "Sandvikens kommun",
    "Hofors": "Hofors kommun",
    "Ockelbo": "Ockelbo kommun",
    "Bollnäs": "Bollnäs kommun",
    "Ovanåker": "Ovanåkers kommun",
    "Söderhamn": "Söderhamns kommun",
    "Hudiksvall": "Hudiksvalls kommun",
    "Nordanstig": "Nordanstigs kommun",
    "Ljusdal": "Ljusdals kommun",
}
GROUPS = (
    ("Mysam Gävle", ("Gävle",)),
    ("Mysam Sandviken", ("Sandviken",)),
    ("Mysam Hofors", ("Hofors",)),
    ("Mysam Ockelbo", ("Ockelbo",)),
    ("Mysam Bollnäs", ("Bollnäs",)),
    ("Mysam Ovanåker", ("Ovanåker",)),
    ("Mysam Söderhamn", ("Söderhamn",)),
    ("Mysam Ljusdal", ("Ljusdal",)),
    ("Mysam Hudiksvall/Nordanstig", ("Hudiksvall", "Nordanstig")),
)
# Health centres named in seeds 000, 001 and 004 (plus a few in towns the seeds do not
# name), with the Trisam teams (started, or None for no team). Seed 004 counts five teams
# in Gävle at the baseline; the 2017–18 plan (seed 000) lists all seven.
HEALTH_CENTRES = (
    ("Andersberg HC", "Gävle", False, D(2016, 9, 1)),
    ("Sätra HC", "Gävle", False, D(2016, 9, 1)),
    ("Valbo HC", "Gävle", False, D(2016, 10, 1)),
    ("Capio Gävle HC", "Gävle", True, D(2016, 10, 1)),
    ("Södertull HC", "Gävle", False, D(2016, 11, 1)),
    ("Gävle Strand HC", "Gävle", False, D(2018, 2, 1)),
    ("Hamrånge HC", "Gävle", False, D(2018, 3, 1)),
    ("Sandviken HC", "Sandviken", False, D(2016, 11, 1)),
    ("Storvik HC", "Sandviken", False, None),
    ("Hofors HC", "Hofors", False, D(2020, 1, 15)),
    ("Ockelbo HC", "Ockelbo", False, None),
    ("Bollnäs HC", "Bollnäs", False, D(2016, 9, 1)),
    ("Kilafors HC", "Bollnäs", False, D(2017, 1, 15)),
    ("Edsbyn HC", "Ovanåker", False, None),
    ("Alfta HC", "Ovanåker", False, None),
    ("Söderhamn HC", "Söderhamn", False, D(2016, 10, 1)),
    ("Iggesund HC", "Hudiksvall", False, D(2016, 11, 1)),
    ("Delsbo HC", "Hudiksvall", False, None),
    ("Bergsjö HC", "Nordanstig", False, None),
    ("Ljusdal/Ramsjö HC", "Ljusdal", False, D(2018, 9, 1)),
    ("Färila/Los HC", "Ljusdal", False, D(2018, 9, 1)),
    ("Järvsö HC", "Ljusdal", False, D(2018, 10, 1)),
)

# --- Invented names: none of them appear in the seeds --------------------------------------

FIRST_NAMES = (
    "Åsa",
    "Märta",
    "Ylva",
    "Göran",
    "Jörgen",
    "Måns",
    "Örjan",
    "Östen",
    "Sölve",
    "Ingrid",
    "Kjell",
    "Tove",
    "Linnéa",
    "Agnes",
    "Ebba",
    "Sixten",
    "Hampus",
    "Elin",
    "Vendela",
    "Torbjörn",
    "Gunnel",
    "Maja",
    "Frida",
    "Jonas",
    "Mikael",
    "Sofia",
    "Helena",
    "Ulrika",
    "Josefin",
    "Emma",
    "Johan",
    "Fredrik",
    "Henrik",
    "Tobias",
    "Niklas",
    "Cecilia",
    "Åke",
    "Gösta",
    "Ingegerd",
    "Solveig",
    "Birgitta",
    "Lotta",
    "Pär",
    "Jenny",
    "Mona",
    "Katarina",
    "Sara",
    "Elsa",
    "Astrid",
    "Signe",
    "Ronja",
    "Viktor",
    "Oskar",
    "Ludvig",
    "Nils",
    "Erik",
    "Håkan",
    "Leif",
    "Rune",
    "Sten",
    "Stina",
    "Tuva",
    "Ida",
    "Hanna",
    "Lena",
    "Pia",
    "Björn",
    "Siv",
    "Kerstin",
    "Dan",
    "Mattias",
    "Rebecka",
    "Amir",
    "Leila",
    "Yusuf",
    "Nour",
)
LAST_NAMES = (
    "Öhman",
    "Åkerlund",
    "Bäckström",
    "Sjödin",
    "Strömberg",
    "Hägglund",
    "Lindqvist",
    "Nyström",
    "Ågren",
    "Östlund",
    "Forsgren",
    "Hellström",
    "Källström",
    "Mårtensson",
    "Norrman",
    "Sörensen",
    "Tjärnberg",
    "Vikström",
    "Wennerberg",
    "Åström",
    "Lönnqvist",
    "Granström",
    "Ekman",
    "Dahlgren",
    "Bergkvist",
    "Fredriksson",
    "Gustafsson",
    "Isaksson",
    "Jonsson",
    "Karlsson",
    "Lindberg",
    "Mattsson",
    "Nordin",
    "Pettersson",
    "Rosén",
    "Sandström",
    "Törnqvist",
    "Wikström",
    "Zetterberg",
    "Åberg",
    "Ödman",
    "Blom",
    "Brännström",
    "Eklund",
    "Falk",
    "Grahn",
    "Hedlund",
    "Jansson",
    "Lundin",
    "Modig",
    "Nyberg",
    "Palm",
    "Rydberg",
    "Svedberg",
    "Thelin",
    "Wahlström",
    "Östman",
    "Åhlund",
    "Backlund",
    "Nordlander",
    "Stenlund",
    "Sjölander",
    "Söderlund",
    "Hällgren",
    "Björck",
    "Kamali",
    "Haddad",
    "Yilmaz",
)
# Two very long names and a very long title, to exercise the layout.
LONG_PEOPLE = (
    ("Marie-Louise", "Hällström Åkerblad-Wennerholm"),
    ("Carl-Johan", "Östergren-Tjärnström af Ljusnedal"),
)
LONG_TITLE = (
    "Verksamhetschef för individ- och familjeomsorgen, arbetsmarknad, integration "
    "och försörjningsstöd"
)


def _ascii(text: str) -> str:
    normalised = unicodedata.normalize("NFKD", text.lower())
    kept = "".join(c for c in normalised if c.isalnum() or c in " -")
    return kept.replace(" ", "").replace("-", "")


@dataclass
class _Builder:
    association: Association
    rng: random.Random
    names: Iterator[tuple[str, str]]
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    parties: dict[str, Party] = field(default_factory=dict)
    units: dict[tuple[str, str], Unit] = field(default_factory=dict)
    centres: dict[str, HealthCentre] = field(default_factory=dict)
    groups: dict[str, CooperationGroup] = field(default_factory=dict)
    emails: set[str] = field(default_factory=set)

    def person(
        self,
        party: str,
        unit: str | None,
        title: str,
        *,
        name: tuple[str, str] | None = None,
        email: str = "",
    ) -> Person:
        first, last = name or next(self.names)
        if not email:
            party_row = self.parties[party]
            home = party_row.municipality.name if party_row.municipality else party.split()[-2:][0]
            domain = {
                PartyKind.REGION: "regiongavleborg.example",
                PartyKind.FK: "forsakringskassan.example",
                PartyKind.AF: "arbetsformedlingen.example",
                PartyKind.ASSOCIATION: "gavleborg.example",
            }.get(PartyKind(party_row.kind), f"{_ascii(home)}.example")
            local = f"{_ascii(first)}.{_ascii(last)}"
            email = f"{local}@{domain}"
            n = 2
            while email in self.emails:
                email = f"{local}{n}@{domain}"
                n += 1
        self.emails.add(email)
        return services.person_create(
            association_id=self.association.pk,
            first_name=first,
            last_name=last,
            title=title,
            party=self.parties[party],
            unit=self.units[(party, unit)] if unit else None,
            email=email,
            phone=f"026-{self.rng.randint(100, 999)} {self.rng.randint(10, 99)} "
            f"{self.rng.randint(10, 99)}",
        )

    def start(self, earliest: int = 2019, latest: int = 2023) -> datetime.date:
        return D(self.rng.randint(earliest, latest), self.rng.choice((1, 2, 3, 8, 9, 10)), 1)

    def seat(self, group: str, party: str, label: str) -> Seat:
        return services.seat_create(
            group=self.groups[group], party=self.parties[party], label=label
        )

    def join(
        self,
        group: str,
        person: Person,
        role: str = MembershipRole.MEMBER,
        *,
        mandate: bool = True,
        seat: str | None = None,
        start: datetime.date | None = None,
        substitute_for: Membership | None = None,
    ) -> Membership:
        """Add a membership; ``seat`` creates a seat with that label for the person's party."""
        seat_row = (
            services.seat_create(group=self.groups[group], party=person.party, label=seat)
            if seat
            else None
        )
        return services.membership_create(
            group=self.groups[group],
            person=person,
            role=role,
            start_date=start or self.start(),
            has_decision_mandate=mandate and role != MembershipRole.SUBSTITUTE,
            seat=seat_row,
            substitute_for=substitute_for,
        )


def _names(rng: random.Random) -> Iterator[tuple[str, str]]:
    """Unique invented (first, last) pairs in a deterministic order."""
    firsts, lasts = list(FIRST_NAMES), list(LAST_NAMES)
    rng.shuffle(firsts)
    rng.shuffle(lasts)
    used: set[tuple[str, str]] = set()
    i = 0
    while True:
        pair = (firsts[i % len(firsts)], lasts[(i * 7 + i // len(lasts)) % len(lasts)])
        i += 1
        if pair not in used:
            used.add(pair)
            yield pair


# --- Building ---------------------------------------------------------------------------


def demo_exists() -> bool:
    return Association.objects.filter(slug__in=[GAVLEBORG_SLUG, EXEMPEL_SLUG]).exists()


@transaction.atomic
def demo_remove() -> None:
    """Delete the demo associations with everything in them, and the demo users."""
    for association in Association.objects.filter(slug__in=[GAVLEBORG_SLUG, EXEMPEL_SLUG]):
        SteeringGroupMember.objects.filter(steering_group__group__association=association).delete()
        Membership.objects.filter(group__association=association).update(
            replaced_by=None, substitute_for=None
        )
        Membership.objects.filter(group__association=association).delete()
        TrisamTeam.objects.filter(health_centre__association=association).delete()
        SteeringGroup.objects.filter(group__association=association).delete()
        Seat.objects.filter(group__association=association).delete()
        CooperationGroup.objects.filter(association=association).delete()
        Person.objects.filter(association=association).delete()
        Unit.objects.filter(party__association=association).delete()
        HealthCentre.objects.filter(association=association).delete()
        Party.objects.filter(association=association).delete()
        Municipality.objects.filter(association=association).delete()
        CountyPart.objects.filter(association=association).delete()
        association.delete()
    User.objects.filter(email__in=DEMO_EMAILS).delete()


@dataclass(frozen=True)
class DemoResult:
    gavleborg: Association
    exempel: Association
    users: dict[str, User]


@transaction.atomic
def demo_build(*, seed: int = 2026) -> DemoResult:
    """Create both demo associations and the demo users. Refuses to run twice."""
    if demo_exists():
        raise ValueError("The demo data already exists; remove it first (demo_data --reset).")
    rng = random.Random(seed)
    gavleborg = _build_gavleborg(rng)
    exempel, exempel_person = _build_exempel()
    users = _build_users(gavleborg, exempel, exempel_person)
    return DemoResult(gavleborg, exempel, users)


def _build_gavleborg(rng: random.Random) -> Association:
    association = Association.objects.create(
        name=GAVLEBORG,
        slug=GAVLEBORG_SLUG,
        website="https://gavleborg.example",
        contact_email=ADMIN_EMAIL,
    )
    b = _Builder(association, rng, _names(rng))
    _build_places(b)
    _build_parties(b)
    for name, munis in GROUPS:
        b.groups[name] = services.cooperation_group_create(
            association=association,
            name=name,
            municipalities=[b.municipalities[m] for m in munis],
            description="Lokal chefsgrupp för fyrpartssamverkan inom rehabiliteringsområdet.",
        )
    _build_trisam_teams(b)
    _build_memberships(b)
    return association


def _build_places(b: _Builder) -> None:
    for part_name, municipalities in COUNTY_PARTS:
        part = services.county_part_create(association=b.association, name=part_name)
        for name, code in municipalities:
            b.municipalities[name] = services.municipality_create(
                association=b.association, county_part=part, name=name, code=code
            )
    for name, municipality, private, _started in HEALTH_CENTRES:
        b.centres[name] = services.health_centre_create(
            association=b.association,
            municipality=b.municipalities[municipality],
            name=name,
            is_private=private,
        )


def _unit(b: _Builder, party: str, name: str, unit_type: str, municipality: str = "") -> None:
    b.units[(party, name)] = services.unit_create(
        association=b.association,
        party=b.parties[party],
        name=name,
        unit_type=unit_type,
        municipality=b.municipalities[municipality] if municipality else None,
    )


def _build_parties(b: _Builder) -> None:
    assoc = b.association
    for municipality, party in PARTY_NAMES.items():
        b.parties[party] = services.party_create(
            association=assoc,
            name=party,
            kind=PartyKind.MUNICIPALITY,
            municipality=b.municipalities[municipality],
        )
        _unit(b, party, "Individ- och familjeomsorgen", UnitType.IFO, municipality)
        _unit(b, party, "Arbetsmarknadsenheten", UnitType.AME, municipality)
        _unit(b, party, "Omsorg och LSS", UnitType.CARE_LSS, municipality)
        _unit(b, party, "Elevhälsan", UnitType.SCHOOL, municipality)
        _unit(b, party, "Personligt ombud", UnitType.PERSONAL_OMBUDSMAN, municipality)
    for name, kind in (
        ("Region Gävleborg", PartyKind.REGION),
        ("Försäkringskassan", PartyKind.FK),
        ("Arbetsförmedlingen", PartyKind.AF),
        (GAVLEBORG, PartyKind.ASSOCIATION),
        ("Vårdcentralen Voxnadalen AB", PartyKind.OTHER),
    ):
        b.parties[name] = services.party_create(association=assoc, name=name, kind=kind)
    region = "Region Gävleborg"
    for centre, municipality, _private, _started in HEALTH_CENTRES:
        _unit(b, region, f"Primärvård {centre}", UnitType.PRIMARY_CARE, municipality)
    for name, municipality in (
        ("Vuxenpsykiatri öppenvård Gävle", "Gävle"),
        ("Vuxenpsykiatri öppenvård Sandviken", "Sandviken"),
        ("Vuxenpsykiatri öppenvård Södra Hälsingland", "Bollnäs"),
        ("Vuxenpsykiatri öppenvård Norra Hälsingland", "Hudiksvall"),
        ("Barn- och ungdomspsykiatri Gävleborg", "Gävle"),
    ):
        _unit(b, region, name, UnitType.PSYCHIATRY, municipality)
    _unit(b, region, "Rehabkoordinatorer primärvård", UnitType.REHAB_COORDINATION)
    _unit(b, "Vårdcentralen Voxnadalen AB", "Vårdcentral Edsbyn", UnitType.PRIMARY_CARE, "Ovanåker")
    fk = "Försäkringskassan"
    for name in (
        "Sjukförsäkring Gävle",
        "Sjukförsäkring Gästrikland",
        "Sjukförsäkring Hälsingland",
    ):
        _unit(b, fk, name, UnitType.FK_SICKNESS)
    _unit(b, fk, "Funktionsnedsättning Gävleborg", UnitType.FK_DISABILITY)
    _unit(b, fk, "Lokal samverkan Gävleborg", UnitType.FK_LOCAL_COOPERATION)
    for name in (
        "Sektion Gävle",
        "Sektion Västra Gästrikland",
        "Sektion Södra Hälsingland",
        "Sektion Norra Hälsingland",
    ):
        _unit(b, "Arbetsförmedlingen", name, UnitType.AF_SECTION)
    _unit(b, GAVLEBORG, "Kansliet", UnitType.ASSOCIATION_OFFICE)


def _build_trisam_teams(b: _Builder) -> None:
    for centre, municipality, _private, started in HEALTH_CENTRES:
        if started is None:
            continue
        group = next(
            name for name, munis in GROUPS if municipality in munis
        )  # every municipality has a group
        services.trisam_team_create(
            association=b.association,
            health_centre=b.centres[centre],
            name=f"Trisam {centre.removesuffix(' HC')}",
            group=b.groups[group],
            started_on=started,
        )


@dataclass
class _Shared:
    """People who sit in several groups (FK, AF, psychiatry and the association's office)."""

    fk_sickness: dict[str, Person]
    fk_sickness_sub: dict[str, Person]
    fk_disability: Person
    fk_lsa: dict[str, Person]
    af: dict[str, Person]
    af_sub: Person
    psychiatry: dict[str, Person]
    rehab: list[Person]
    director: Person
    developer: Person
    coordinator: Person
    trisam_lead: Person
    administrator: Person


def _build_shared(b: _Builder) -> _Shared:
    fk, af, region = "Försäkringskassan", "Arbetsförmedlingen", "Region Gävleborg"
    parts = ("Gävle", "Västra Gästrikland", "Södra Hälsingland", "Norra Hälsingland")
    fk_units = {
        "Gävle": "Sjukförsäkring Gävle",
        "Västra Gästrikland": "Sjukförsäkring Gästrikland",
        "Södra Hälsingland": "Sjukförsäkring Hälsingland",
        "Norra Hälsingland": "Sjukförsäkring Hälsingland",
    }
    psychiatry_units = {
        "Gävle": "Vuxenpsykiatri öppenvård Gävle",
        "Västra Gästrikland": "Vuxenpsykiatri öppenvård Sandviken",
        "Södra Hälsingland": "Vuxenpsykiatri öppenvård Södra Hälsingland",
        "Norra Hälsingland": "Vuxenpsykiatri öppenvård Norra Hälsingland",
    }
    return _Shared(
        fk_sickness={p: b.person(fk, fk_units[p], "Enhetschef sjukförsäkring") for p in parts},
        fk_sickness_sub={
            p: b.person(fk, fk_units[p], "Enhetschef sjukförsäkring")
            for p in ("Gävle", "Norra Hälsingland")
        },
        fk_disability=b.person(
            fk, "Funktionsnedsättning Gävleborg", "Enhetschef funktionsnedsättning"
        ),
        fk_lsa={
            "south": b.person(fk, "Lokal samverkan Gävleborg", "Lokalt samverkansansvarig"),
            "north": b.person(fk, "Lokal samverkan Gävleborg", "Lokalt samverkansansvarig"),
        },
        af={p: b.person(af, f"Sektion {p}", "Sektionschef") for p in parts},
        af_sub=b.person(af, "Sektion Gävle", "Biträdande sektionschef"),
        psychiatry={
            p: b.person(region, psychiatry_units[p], "Vårdenhetschef öppenvårdspsykiatrin")
            for p in parts
        },
        rehab=[
            b.person(region, "Rehabkoordinatorer primärvård", "Rehabkoordinator") for _ in range(5)
        ],
        director=b.person(GAVLEBORG, "Kansliet", "Förbundschef"),
        developer=b.person(GAVLEBORG, "Kansliet", "Verksamhetsutvecklare"),
        coordinator=b.person(GAVLEBORG, "Kansliet", "Mysam-koordinator"),
        trisam_lead=b.person(GAVLEBORG, "Kansliet", "Processledare Trisam"),
        administrator=b.person(GAVLEBORG, "Kansliet", "Administratör", email=ADMIN_EMAIL),
    )


def _build_memberships(b: _Builder) -> None:
    s = _build_shared(b)
    region, af = "Region Gävleborg", "Arbetsförmedlingen"
    replacements: list[tuple[Membership, Person, datetime.date, str]] = []

    def local(
        municipality: str,
        unit: str,
        title: str,
        *,
        name: tuple[str, str] | None = None,
        email: str = "",
    ) -> Person:
        return b.person(PARTY_NAMES[municipality], unit, title, name=name, email=email)

    def hc_chief(centre: str, title: str = "Vårdenhetschef") -> Person:
        return b.person(region, f"Primärvård {centre}", f"{title}, {centre}")

    def guest(group: str, person: Person) -> None:
        b.join(group, person, MembershipRole.GUEST, mandate=False)

    # Mysam Gävle: the largest group; psychiatry only co-opted (as in seed 000).
    g = "Mysam Gävle"
    ifo = b.join(
        g,
        local("Gävle", "Individ- och familjeomsorgen", "Enhetschef försörjningsstöd"),
        seat="Enhetschef försörjningsstöd",
    )
    replacements.append(
        (
            ifo,
            local("Gävle", "Individ- och familjeomsorgen", "Enhetschef försörjningsstöd"),
            D(2025, 3, 1),
            "Ny tjänst inom kommunen",
        )
    )
    b.join(
        g,
        local("Gävle", "Individ- och familjeomsorgen", LONG_TITLE, name=LONG_PEOPLE[0]),
        MembershipRole.CONVENER,
        seat="Verksamhetschef IFO",
    )
    b.join(
        g,
        local("Gävle", "Arbetsmarknadsenheten", "Enhetschef arbetsmarknadsenheten"),
        seat="Enhetschef AME",
    )
    b.join(
        g,
        local("Gävle", "Arbetsmarknadsenheten", "Näringsutvecklare sociala företag"),
        mandate=False,
    )
    b.join(
        g,
        local("Gävle", "Omsorg och LSS", "Områdeschef omsorgsförvaltningen"),
        seat="Områdeschef omsorg/LSS",
    )
    b.join(
        g, local("Gävle", "Elevhälsan", "Chef elevhälsan"), MembershipRole.CO_OPTED, mandate=False
    )
    b.join(
        g,
        hc_chief("Andersberg HC", "Verksamhetschef primärvård"),
        seat="Verksamhetschef primärvård",
    )
    b.join(g, hc_chief("Capio Gävle HC", "Verksamhetschef"), MembershipRole.CO_OPTED)
    b.join(g, s.psychiatry["Gävle"], MembershipRole.CO_OPTED)
    b.join(g, s.rehab[0], MembershipRole.CO_OPTED, mandate=False)
    fk_g = b.join(g, s.fk_sickness["Gävle"], seat="Enhetschef sjukförsäkring")
    b.join(g, s.fk_sickness_sub["Gävle"], MembershipRole.SUBSTITUTE, substitute_for=fk_g)
    b.join(g, s.fk_disability, seat="Enhetschef funktionsnedsättning")
    b.join(g, s.fk_lsa["south"], mandate=False)
    af_g = b.join(g, s.af["Gävle"], seat="Sektionschef")
    b.join(g, s.af_sub, MembershipRole.SUBSTITUTE, substitute_for=af_g, start=D(2027, 1, 1))
    guest(g, s.developer)

    # Mysam Sandviken: FK is there only through its local cooperation officer (no mandate).
    g = "Mysam Sandviken"
    ifo = b.join(
        g,
        local("Sandviken", "Individ- och familjeomsorgen", "Enhetschef IFO"),
        MembershipRole.CONVENER,
        seat="Enhetschef IFO",
    )
    b.join(
        g,
        local("Sandviken", "Individ- och familjeomsorgen", "Enhetschef IFO"),
        MembershipRole.SUBSTITUTE,
        substitute_for=ifo,
    )
    b.join(
        g,
        local("Sandviken", "Arbetsmarknadsenheten", "Verksamhetschef arbetsmarknad"),
        seat="Verksamhetschef AME",
    )
    b.join(g, local("Sandviken", "Omsorg och LSS", "Enhetschef LSS"))
    b.join(g, hc_chief("Sandviken HC"), seat="Vårdenhetschef")
    b.join(g, hc_chief("Storvik HC"))
    b.join(g, s.psychiatry["Västra Gästrikland"], MembershipRole.CO_OPTED)
    b.join(g, s.fk_lsa["south"], mandate=False)
    af_s = b.join(g, s.af["Västra Gästrikland"], seat="Sektionschef")
    replacements.append(
        (
            af_s,
            b.person(af, "Sektion Västra Gästrikland", "Sektionschef"),
            D(2025, 9, 1),
            "Omorganisation inom Arbetsförmedlingen",
        )
    )
    guest(g, s.director)

    # Mysam Hofors: the Region sends people without a decision mandate; no psychiatry.
    g = "Mysam Hofors"
    b.join(
        g,
        local("Hofors", "Individ- och familjeomsorgen", "Enhetschef IFO"),
        MembershipRole.CONVENER,
        seat="Enhetschef IFO",
    )
    b.join(
        g,
        local("Hofors", "Elevhälsan", "Samordnare elevhälsan"),
        MembershipRole.CO_OPTED,
        mandate=False,
    )
    b.join(g, local("Hofors", "Arbetsmarknadsenheten", "Projektledare Trygg ung"), mandate=False)
    hof_r = b.join(g, hc_chief("Hofors HC"), mandate=False, seat="Vårdenhetschef")
    replacements.append((hof_r, hc_chief("Hofors HC"), D(2026, 2, 1), "Slutat sin anställning"))
    b.join(g, s.rehab[1], mandate=False)
    b.join(
        g, b.person(region, "Rehabkoordinatorer primärvård", "Operativt stöd Trisam"), mandate=False
    )
    b.join(g, s.fk_sickness["Västra Gästrikland"], seat="Enhetschef sjukförsäkring")
    b.join(g, s.af["Västra Gästrikland"], seat="Sektionschef")
    guest(g, s.director)

    # Mysam Ockelbo: Arbetsförmedlingen's seat has been vacant since its chief left.
    g = "Mysam Ockelbo"
    b.join(g, local("Ockelbo", "Individ- och familjeomsorgen", "Socialchef"), seat="Socialchef")
    b.join(
        g,
        local("Ockelbo", "Arbetsmarknadsenheten", "Enhetschef arbetsmarknad och integration"),
        seat="Enhetschef AME",
    )
    b.join(g, hc_chief("Ockelbo HC"), seat="Vårdenhetschef")
    b.join(g, s.psychiatry["Västra Gästrikland"], MembershipRole.CO_OPTED)
    b.join(g, s.fk_sickness["Västra Gästrikland"], seat="Enhetschef sjukförsäkring")
    b.join(g, s.coordinator, MembershipRole.CONVENER, mandate=False)
    af_o = b.join(
        g,
        b.person(af, "Sektion Västra Gästrikland", "Sektionschef"),
        seat="Sektionschef",
        start=D(2021, 2, 1),
    )
    services.membership_end(
        membership=af_o, end_date=D(2026, 6, 30), reason="Ny tjänst i annat län"
    )
    guest(g, s.developer)

    # Mysam Bollnäs: complete but for substitutes, and a vacant primary-care seat.
    g = "Mysam Bollnäs"
    b.join(
        g,
        local("Bollnäs", "Individ- och familjeomsorgen", "Enhetschef IFO"),
        MembershipRole.CONVENER,
        seat="Enhetschef IFO",
    )
    bol_ame = b.join(
        g,
        local("Bollnäs", "Arbetsmarknadsenheten", "Enhetschef arbetsmarknadsenheten"),
        seat="Enhetschef AME",
    )
    replacements.append(
        (
            bol_ame,
            local("Bollnäs", "Arbetsmarknadsenheten", "Enhetschef arbetsmarknadsenheten"),
            D(2025, 5, 15),
            "Pension",
        )
    )
    b.join(
        g,
        local("Bollnäs", "Personligt ombud", "Personligt ombud"),
        MembershipRole.CO_OPTED,
        mandate=False,
    )
    b.join(g, hc_chief("Bollnäs HC"), seat="Vårdenhetschef Bollnäs HC")
    b.seat(g, region, "Vårdenhetschef Kilafors HC")
    b.join(g, s.rehab[2], MembershipRole.CO_OPTED, mandate=False)
    b.join(g, s.psychiatry["Södra Hälsingland"], MembershipRole.CO_OPTED)
    b.join(g, s.fk_sickness["Södra Hälsingland"], seat="Enhetschef sjukförsäkring")
    b.join(g, s.fk_disability)
    b.join(g, s.fk_lsa["north"], mandate=False)
    b.join(g, s.af["Södra Hälsingland"], seat="Sektionschef")
    guest(g, s.director)

    # Mysam Ovanåker, the newest group: primary care only through a private provider, so
    # the Region is missing (seed 004 describes this).
    g = "Mysam Ovanåker"
    new = D(2024, 1, 15)
    b.join(
        g,
        local("Ovanåker", "Individ- och familjeomsorgen", "Enhetschef IFO"),
        seat="Enhetschef IFO",
        start=new,
    )
    b.join(
        g,
        local("Ovanåker", "Arbetsmarknadsenheten", "Enhetschef arbetsmarknad och integration"),
        seat="Enhetschef AME",
        start=new,
    )
    b.join(
        g,
        b.person("Vårdcentralen Voxnadalen AB", "Vårdcentral Edsbyn", "Verksamhetschef"),
        start=new,
    )
    b.join(g, s.fk_sickness["Södra Hälsingland"], seat="Enhetschef sjukförsäkring", start=new)
    b.join(g, s.af["Södra Hälsingland"], seat="Sektionschef", start=new)
    b.join(g, s.coordinator, MembershipRole.CONVENER, mandate=False, start=new)
    guest(g, s.developer)

    # Mysam Söderhamn: psychiatry and personal ombudsman sit in the group as members.
    g = "Mysam Söderhamn"
    sod_ifo = b.join(
        g,
        local("Söderhamn", "Individ- och familjeomsorgen", "Enhetschef IFO"),
        MembershipRole.CONVENER,
        seat="Enhetschef IFO",
    )
    b.join(
        g,
        local("Söderhamn", "Arbetsmarknadsenheten", "Enhetschef AME"),
        MembershipRole.SUBSTITUTE,
        substitute_for=sod_ifo,
    )
    b.join(g, local("Söderhamn", "Personligt ombud", "Personligt ombud"), mandate=False)
    sod_r = b.join(g, hc_chief("Söderhamn HC"), seat="Vårdenhetschef")
    b.join(g, s.rehab[3], MembershipRole.SUBSTITUTE, substitute_for=sod_r)
    b.join(g, s.psychiatry["Södra Hälsingland"], seat="Vårdenhetschef psykiatri")
    sod_fk = b.join(g, s.fk_sickness["Södra Hälsingland"], seat="Enhetschef sjukförsäkring")
    b.join(g, s.fk_lsa["north"], MembershipRole.SUBSTITUTE, substitute_for=sod_fk)
    sod_af = b.join(g, s.af["Södra Hälsingland"], seat="Sektionschef")
    b.join(
        g,
        b.person(af, "Sektion Södra Hälsingland", "Arbetsförmedlare, samverkansansvarig"),
        MembershipRole.SUBSTITUTE,
        substitute_for=sod_af,
    )
    guest(g, s.director)

    # Mysam Ljusdal: FK's disability seat vacant (as in seed 001); the association's process
    # leader convenes.
    g = "Mysam Ljusdal"
    b.join(
        g, local("Ljusdal", "Individ- och familjeomsorgen", "Enhetschef IFO"), seat="Enhetschef IFO"
    )
    ljusdal_member = local(
        "Ljusdal", "Arbetsmarknadsenheten", "Verksamhetschef AME", email=MEMBER_EMAIL
    )
    b.join(g, ljusdal_member, seat="Verksamhetschef AME")
    b.join(
        g,
        b.person(region, "Primärvård Ljusdal/Ramsjö HC", "Verksamhetschef primärvård"),
        seat="Verksamhetschef primärvård",
    )
    b.join(g, hc_chief("Ljusdal/Ramsjö HC"))
    b.join(g, s.psychiatry["Norra Hälsingland"], MembershipRole.CO_OPTED)
    b.join(
        g,
        local("Ljusdal", "Personligt ombud", "Personligt ombud"),
        MembershipRole.CO_OPTED,
        mandate=False,
    )
    lj_fk = b.join(
        g, s.fk_sickness["Norra Hälsingland"], seat="Enhetschef sjukförsäkring", start=D(2022, 1, 1)
    )
    replacements.append(
        (
            lj_fk,
            b.person(
                "Försäkringskassan", "Sjukförsäkring Hälsingland", "Enhetschef sjukförsäkring"
            ),
            D(2024, 10, 1),
            "Föräldraledig",
        )
    )
    b.join(
        g, s.fk_sickness_sub["Norra Hälsingland"], MembershipRole.SUBSTITUTE, substitute_for=lj_fk
    )
    b.seat(g, "Försäkringskassan", "Enhetschef funktionsnedsättning")
    b.join(g, s.af["Norra Hälsingland"], seat="Sektionschef")
    b.join(
        g,
        b.person(GAVLEBORG, "Kansliet", "Processledare Mysam Hälsingland", name=LONG_PEOPLE[1]),
        MembershipRole.CONVENER,
        mandate=False,
    )
    guest(g, s.director)

    # Mysam Hudiksvall/Nordanstig: every check passes.
    g = "Mysam Hudiksvall/Nordanstig"
    for municipality in ("Hudiksvall", "Nordanstig"):
        m = b.join(
            g,
            local(municipality, "Individ- och familjeomsorgen", "Enhetschef IFO"),
            seat=f"Enhetschef IFO {municipality}",
        )
        b.join(
            g,
            local(municipality, "Arbetsmarknadsenheten", "Enhetschef arbetsmarknad"),
            MembershipRole.SUBSTITUTE,
            substitute_for=m,
        )
    b.join(
        g,
        local("Hudiksvall", "Personligt ombud", "Personligt ombud"),
        MembershipRole.CO_OPTED,
        mandate=False,
    )
    hud_r = b.join(
        g,
        hc_chief("Iggesund HC"),
        MembershipRole.CONVENER,
        seat="Vårdenhetschef",
        start=D(2020, 3, 1),
    )
    replacements.append((hud_r, hc_chief("Delsbo HC"), D(2024, 6, 1), "Ny tjänst inom regionen"))
    b.join(g, hc_chief("Bergsjö HC"), MembershipRole.SUBSTITUTE, substitute_for=hud_r)
    b.join(g, s.psychiatry["Norra Hälsingland"], seat="Vårdenhetschef psykiatri")
    hud_fk = b.join(g, s.fk_sickness["Norra Hälsingland"], seat="Enhetschef sjukförsäkring")
    b.join(
        g, s.fk_sickness_sub["Norra Hälsingland"], MembershipRole.SUBSTITUTE, substitute_for=hud_fk
    )
    b.join(g, s.fk_disability)
    hud_af = b.join(g, s.af["Norra Hälsingland"], seat="Sektionschef")
    b.join(
        g,
        b.person(af, "Sektion Norra Hälsingland", "Biträdande sektionschef"),
        MembershipRole.SUBSTITUTE,
        substitute_for=hud_af,
    )
    guest(g, s.developer)

    # More of the municipalities' and the Region's managers, co-opted school and the like.
    g = "Mysam Gävle"
    b.join(g, hc_chief("Valbo HC"), seat="Vårdenhetschef Valbo HC")
    b.join(g, hc_chief("Sätra HC"), MembershipRole.CO_OPTED)
    lss = b.join(g, local("Gävle", "Omsorg och LSS", "Enhetschef daglig verksamhet"))
    b.join(
        g,
        local("Gävle", "Omsorg och LSS", "Enhetschef boendestöd"),
        MembershipRole.SUBSTITUTE,
        substitute_for=lss,
    )
    for municipality in ("Sandviken", "Ockelbo", "Bollnäs", "Ljusdal"):
        b.join(
            f"Mysam {municipality}",
            local(municipality, "Elevhälsan", "Rektor, elevhälsan"),
            MembershipRole.CO_OPTED,
            mandate=False,
        )
    for group, municipality in (
        ("Mysam Ockelbo", "Ockelbo"),
        ("Mysam Bollnäs", "Bollnäs"),
        ("Mysam Ovanåker", "Ovanåker"),
        ("Mysam Ljusdal", "Ljusdal"),
        ("Mysam Hudiksvall/Nordanstig", "Hudiksvall"),
    ):
        b.join(group, local(municipality, "Omsorg och LSS", "Enhetschef funktionsnedsättning"))
    b.join(
        "Mysam Hofors",
        b.person(GAVLEBORG, "Kansliet", "Processledare ASF"),
        MembershipRole.GUEST,
        mandate=False,
    )

    for old, new_person, day, reason in replacements:
        services.membership_replace(membership=old, new_person=new_person, date=day, reason=reason)

    _build_steering_groups(b, s)


def _build_steering_groups(b: _Builder, s: _Shared) -> None:
    """A Trisam steering group per municipality, appointed by its Mysam group: some of the
    group's current members, a rehab coordinator and the association's Trisam lead."""
    today = D(2026, 11, 1)
    part_of = {m: part for part, munis in COUNTY_PARTS for m, _code in munis}
    # One Trisam support person per county part sits in its steering groups (no Mysam group).
    trisam_staff = {
        part: b.person("Region Gävleborg", "Rehabkoordinatorer primärvård", "Operativt stöd Trisam")
        for part, _munis in COUNTY_PARTS
    }
    for name, municipalities in GROUPS:
        group = b.groups[name]
        members = [
            m.person
            for m in Membership.objects.current(today)
            .filter(group=group, role__in=[MembershipRole.MEMBER, MembershipRole.CONVENER])
            .select_related("person", "person__party")
            .order_by("pk")
        ]
        for municipality in municipalities:
            steering = services.steering_group_create(
                association=b.association,
                group=group,
                municipality=b.municipalities[municipality],
                name=f"Trisam styrgrupp {municipality}",
            )
            chosen = [p for p in members if p.party.kind != PartyKind.ASSOCIATION][:4]
            chosen += [b.rng.choice(s.rehab), s.trisam_lead, trisam_staff[part_of[municipality]]]
            for person in dict.fromkeys(chosen):
                services.steering_group_member_create(
                    steering_group=steering, person=person, start_date=b.start(2020, 2024)
                )


def _build_exempel() -> tuple[Association, Person]:
    """A small second association: a few rows, to show that associations are kept apart."""
    association = Association.objects.create(
        name=EXEMPEL, slug=EXEMPEL_SLUG, contact_email="kansli@exempel.example"
    )
    part = services.county_part_create(association=association, name="Exempellänet")
    norrby = services.municipality_create(association=association, county_part=part, name="Norrby")
    services.municipality_create(association=association, county_part=part, name="Söderås")
    kommun = services.party_create(
        association=association,
        name="Norrby kommun",
        kind=PartyKind.MUNICIPALITY,
        municipality=norrby,
    )
    parties = [kommun] + [
        services.party_create(association=association, name=name, kind=kind)
        for name, kind in (
            ("Region Exempel", PartyKind.REGION),
            ("Försäkringskassan", PartyKind.FK),
            ("Arbetsförmedlingen", PartyKind.AF),
            (EXEMPEL, PartyKind.ASSOCIATION),
        )
    ]
    group = services.cooperation_group_create(
        association=association, name="Mysam Norrby", municipalities=[norrby]
    )
    people = [
        ("Vilma", "Strandberg", "Enhetschef IFO", 0, MembershipRole.CONVENER),
        ("Anton", "Hedström", "Vårdenhetschef", 1, MembershipRole.MEMBER),
        ("Greta", "Lindholm", "Enhetschef sjukförsäkring", 2, MembershipRole.MEMBER),
        ("Olle", "Brandt", "Sektionschef", 3, MembershipRole.MEMBER),
    ]
    for first, last, title, party, role in people:
        person = services.person_create(
            association_id=association.pk,
            first_name=first,
            last_name=last,
            title=title,
            party=parties[party],
            email=f"{_ascii(first)}.{_ascii(last)}@exempel.example",
        )
        services.membership_create(
            group=group,
            person=person,
            role=role,
            start_date=D(2023, 1, 1),
            has_decision_mandate=True,
        )
    office = services.person_create(
        association_id=association.pk,
        first_name="Dagny",
        last_name="Rådström",
        title="Förbundschef",
        party=parties[4],
        email=DUAL_EMAIL,
    )
    return association, office


def _build_users(
    gavleborg: Association, exempel: Association, exempel_person: Person
) -> dict[str, User]:
    from allauth.mfa.totp.internal.auth import TOTP

    def user(email: str, full_name: str) -> User:
        created = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name)
        if email in DEMO_TOTP_SECRETS:
            TOTP.activate(created, DEMO_TOTP_SECRETS[email])
        return created

    def grant(u: User, association: Association, role: str) -> None:
        AssociationRole.objects.create(user=u, association=association, role=role)

    def link(u: User, person: Person) -> None:
        person.user = u
        person.save(update_fields=["user"])

    people = Person.objects.filter(association=gavleborg)
    users: dict[str, User] = {}

    admin_person = people.get(email=ADMIN_EMAIL)
    users["admin"] = user(ADMIN_EMAIL, admin_person.full_name)
    grant(users["admin"], gavleborg, AssociationRoleKind.ADMIN)
    link(users["admin"], admin_person)

    users["board"] = user(BOARD_EMAIL, "Styrelsen (demo)")
    grant(users["board"], gavleborg, AssociationRoleKind.BOARD)

    convener = (
        Membership.objects.current()
        .filter(group__association=gavleborg, group__name="Mysam Hofors", role="convener")
        .select_related("person")
        .get()
        .person
    )
    users["convener"] = user(CONVENER_EMAIL, convener.full_name)
    grant(users["convener"], gavleborg, AssociationRoleKind.MEMBER)
    link(users["convener"], convener)

    member = people.get(email=MEMBER_EMAIL)
    users["member"] = user(MEMBER_EMAIL, member.full_name)
    grant(users["member"], gavleborg, AssociationRoleKind.MEMBER)
    link(users["member"], member)

    # An official in no Mysam group: a rehab coordinator who sits only in steering groups.
    outsider = (
        people.filter(title="Rehabkoordinator", memberships__isnull=True).order_by("pk").first()
    )
    assert outsider is not None  # noqa: S101 (the demo always has one)
    users["outsider"] = user(OUTSIDER_EMAIL, outsider.full_name)
    grant(users["outsider"], gavleborg, AssociationRoleKind.MEMBER)
    link(users["outsider"], outsider)

    users["dual"] = user(DUAL_EMAIL, exempel_person.full_name)
    grant(users["dual"], exempel, AssociationRoleKind.ADMIN)
    grant(users["dual"], gavleborg, AssociationRoleKind.MEMBER)
    link(users["dual"], exempel_person)
    return users


# --- Demo one-time codes -------------------------------------------------------------------


def demo_totp_code(email: str, *, at: float | None = None) -> str:
    """The current six-digit code of a demo user with an authenticator.

    Refuses (ValueError) any address that is not a demo login with a fixed secret, so this
    can never print codes for real accounts.
    """
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    secret = DEMO_TOTP_SECRETS.get(email.strip().lower())
    if secret is None:
        raise ValueError(f"{email} is not a demo user with an authenticator.")
    counter = int(time.time() if at is None else at) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))
