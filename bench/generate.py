"""Build an association N times the demo's size in its own SQLite database.

    python -m bench.generate --scale 10

Scale 1 is the size of the demo, i.e. of Gävleborg as the seed documents describe it: four
county parts, ten municipalities, nine Mysam groups with about eleven seats each (97 seats
held by 75 people), a few vacant seats, ended memberships as history, health centres and
Trisam teams. Scale N repeats that county N times inside one association, so there are N
times as many groups, people and memberships while each group stays the same size. All
names are invented. The database is rebuilt from scratch: bench/out/scale-N.sqlite3.
"""

from __future__ import annotations

import argparse
import datetime
import random
import time
from dataclasses import dataclass

from bench.django_setup import database_path, start_django

# (county part, municipalities, groups: (name, municipalities))
COUNTY = [
    ("Gävle", ["Gävle"], [("Gävle", ["Gävle"])]),
    (
        "Västra Gästrikland",
        ["Sandviken", "Hofors", "Ockelbo"],
        [("Sandviken", ["Sandviken"]), ("Hofors", ["Hofors"]), ("Ockelbo", ["Ockelbo"])],
    ),
    (
        "Södra Hälsingland",
        ["Bollnäs", "Ovanåker", "Söderhamn"],
        [("Bollnäs", ["Bollnäs"]), ("Ovanåker", ["Ovanåker"]), ("Söderhamn", ["Söderhamn"])],
    ),
    (
        "Norra Hälsingland",
        ["Hudiksvall", "Nordanstig", "Ljusdal"],
        [("Ljusdal", ["Ljusdal"]), ("Hudiksvall/Nordanstig", ["Hudiksvall", "Nordanstig"])],
    ),
]
PEOPLE_PER_COPY = 75
SEATS_PER_GROUP = 11
VACANT_PER_COPY = 4
ENDED_PER_GROUP = 4
HEALTH_CENTRES_PER_MUNICIPALITY = 2
FIRST_NAMES = [
    "Anna",
    "Björn",
    "Cecilia",
    "David",
    "Elin",
    "Fredrik",
    "Greta",
    "Hassan",
    "Ida",
    "Johan",
    "Karin",
    "Leila",
    "Magnus",
    "Nora",
    "Oskar",
    "Petra",
]
LAST_NAMES = [
    "Ahlberg",
    "Berglund",
    "Dahl",
    "Ekström",
    "Forsberg",
    "Granlund",
    "Hedlund",
    "Isaksson",
    "Jonsson",
    "Lindqvist",
    "Mattsson",
    "Nyström",
    "Öhman",
    "Sjöberg",
]


@dataclass
class Sizes:
    groups: int = 0
    people: int = 0
    memberships: int = 0
    current_memberships: int = 0


def build(*, scale: int, seed: int = 2026) -> Sizes:
    """Fill an empty, migrated database; return what was created."""
    from django.db import transaction

    from mysam.accounts.models import AssociationRole, AssociationRoleKind, User
    from mysam.organisation import models as org

    rng = random.Random(seed)
    today = datetime.date(2026, 11, 23)
    sizes = Sizes()
    with transaction.atomic():
        association = org.Association.objects.create(
            name="Samordningsförbund Benchmark", slug="benchmark"
        )
        region = org.Party.objects.create(
            association=association, name="Region Benchmark", kind=org.PartyKind.REGION
        )
        fk = org.Party.objects.create(
            association=association, name="Försäkringskassan", kind=org.PartyKind.FK
        )
        af = org.Party.objects.create(
            association=association, name="Arbetsförmedlingen", kind=org.PartyKind.AF
        )
        for copy in range(1, scale + 1):
            suffix = "" if copy == 1 else f" {copy}"
            party_by_kind: dict[str, list[org.Party]] = {"region": [region], "fk": [fk], "af": [af]}
            municipal_parties: list[org.Party] = []
            units: dict[int, list[org.Unit]] = {}
            groups: list[org.CooperationGroup] = []
            for part_name, municipality_names, group_specs in COUNTY:
                part = org.CountyPart.objects.create(
                    association=association, name=part_name + suffix
                )
                municipalities = {}
                for name in municipality_names:
                    municipality = org.Municipality.objects.create(
                        association=association, county_part=part, name=name + suffix
                    )
                    municipalities[name] = municipality
                    party = org.Party.objects.create(
                        association=association,
                        name=f"{name}{suffix} kommun",
                        kind=org.PartyKind.MUNICIPALITY,
                        municipality=municipality,
                    )
                    municipal_parties.append(party)
                    units[party.pk] = org.Unit.objects.bulk_create(
                        org.Unit(party=party, name=f"{label} {name}{suffix}", unit_type=kind)
                        for label, kind in [
                            ("IFO", org.UnitType.IFO),
                            ("AME", org.UnitType.AME),
                            ("Omsorg", org.UnitType.CARE_LSS),
                        ]
                    )
                    for n in range(1, HEALTH_CENTRES_PER_MUNICIPALITY + 1):
                        centre = org.HealthCentre.objects.create(
                            association=association,
                            municipality=municipality,
                            name=f"Hälsocentral {name}{suffix} {n}",
                        )
                        org.TrisamTeam.objects.create(
                            health_centre=centre, name=f"Trisam {centre.name}"
                        )
                for group_name, group_municipalities in group_specs:
                    group = org.CooperationGroup.objects.create(
                        association=association, name=f"Mysam {group_name}{suffix}"
                    )
                    group.municipalities.set([municipalities[m] for m in group_municipalities])
                    groups.append(group)
            party_by_kind["municipality"] = municipal_parties
            for party in (region, fk, af):
                units.setdefault(party.pk, [])
                units[party.pk] += org.Unit.objects.bulk_create(
                    [
                        org.Unit(
                            party=party,
                            name=f"{party.name} enhet {copy}-{n}",
                            unit_type=org.UnitType.OTHER,
                        )
                        for n in range(1, 4)
                    ]
                )

            people = org.Person.objects.bulk_create(
                org.Person(
                    association=association,
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    title="Enhetschef",
                    party=(party := rng.choice(rng.choice(list(party_by_kind.values())))),
                    unit=rng.choice(units[party.pk]),
                    email=f"person{copy}-{i}@bench.example",
                )
                for i in range(PEOPLE_PER_COPY)
            )
            seats: list[org.Seat] = []
            for group in groups:
                for n in range(SEATS_PER_GROUP):
                    kind = ["municipality", "region", "fk", "af"][n % 4]
                    seats.append(
                        org.Seat(
                            group=group,
                            party=rng.choice(party_by_kind[kind]),
                            label=f"Plats {n + 1}",
                        )
                    )
            seats = org.Seat.objects.bulk_create(seats)
            vacant = set(rng.sample(range(len(seats)), VACANT_PER_COPY))
            memberships = []
            holders = people + rng.sample(people, len(seats) - len(people))
            rng.shuffle(holders)
            for i, seat in enumerate(seats):
                if i in vacant:
                    continue
                role = (
                    org.MembershipRole.CONVENER
                    if i % SEATS_PER_GROUP == 0
                    else org.MembershipRole.MEMBER
                )
                memberships.append(
                    org.Membership(
                        group=seat.group,
                        person=holders[i],
                        seat=seat,
                        role=role,
                        has_decision_mandate=True,
                        start_date=today - datetime.timedelta(days=rng.randint(30, 1500)),
                    )
                )
            for group in groups:
                for _ in range(ENDED_PER_GROUP):
                    start = today - datetime.timedelta(days=rng.randint(1600, 3000))
                    memberships.append(
                        org.Membership(
                            group=group,
                            person=rng.choice(people),
                            role=org.MembershipRole.MEMBER,
                            start_date=start,
                            end_date=start + datetime.timedelta(days=rng.randint(100, 900)),
                            end_reason="Ny tjänst",
                        )
                    )
            org.Membership.objects.bulk_create(memberships)
            sizes.groups += len(groups)
            sizes.people += len(people)
            sizes.memberships += len(memberships)
            sizes.current_memberships += len(seats) - len(vacant)

        board = User.objects.create_user("styrelse@bench.example", None, full_name="Styrelse")
        AssociationRole.objects.create(
            user=board, association=association, role=AssociationRoleKind.BOARD
        )
    return sizes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="times the demo's size")
    args = parser.parse_args(argv)
    if args.scale < 1:
        parser.error("--scale must be at least 1")
    path = database_path(args.scale)
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    start_django(args.scale)
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    sizes = build(scale=args.scale)
    print(
        f"scale {args.scale}: {sizes.groups} groups, {sizes.people} people, "
        f"{sizes.memberships} memberships ({sizes.current_memberships} current) "
        f"in {path} ({time.perf_counter() - started:.1f} s)"
    )


if __name__ == "__main__":
    main()
