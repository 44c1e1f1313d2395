"""The import and export file format.

Headers, role names and yes/no words are Swedish on purpose and are not translated: they
are the format of the lists the offices keep, and a file exported in one interface language
must import in the other. Headers are matched case- and whitespace-insensitively, with the
common variants listed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mysam.organisation.models import MembershipRole


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the header the export writes and messages name
    aliases: tuple[str, ...]


COLUMNS: tuple[Column, ...] = (
    Column("first_name", "Förnamn", ("förnamn", "fornamn", "tilltalsnamn", "first name")),
    Column("last_name", "Efternamn", ("efternamn", "last name", "surname")),
    Column(
        "name",
        "Namn",
        ("namn", "för- och efternamn", "fullständigt namn", "ledamot", "person", "name"),
    ),
    Column("title", "Titel", ("titel", "befattning", "yrkestitel", "tjänst", "title")),
    Column("party", "Part", ("part", "huvudman", "organisation", "myndighet", "party")),
    Column("unit", "Verksamhet", ("verksamhet", "enhet", "förvaltning", "unit")),
    Column(
        "email",
        "E-post",
        (
            "e-post",
            "epost",
            "e-postadress",
            "epostadress",
            "mejl",
            "mejladress",
            "mail",
            "e-mail",
            "email",
        ),
    ),
    Column("phone", "Telefon", ("telefon", "tel", "telefonnummer", "mobil", "mobilnummer")),
    Column(
        "group",
        "Grupp",
        ("grupp", "mysam-grupp", "mysamgrupp", "mysam", "samverkansgrupp", "group"),
    ),
    Column("role", "Roll", ("roll", "roll i gruppen", "uppdrag", "role")),
    Column(
        "substitute_for", "Ersätter", ("ersätter", "ersatter", "ersättare för", "substitute for")
    ),
    Column("mandate", "Beslutsmandat", ("beslutsmandat", "mandat", "decision mandate")),
    Column("start_date", "Startdatum", ("startdatum", "start", "från", "fr.o.m.", "start date")),
    Column("end_date", "Slutdatum", ("slutdatum", "slut", "till", "t.o.m.", "end date")),
)
BY_KEY = {c.key: c for c in COLUMNS}


def normalise(text: str) -> str:
    """Lower case, single spaces, no trailing colon or asterisk: how names are compared."""
    return re.sub(r"\s+", " ", text).strip().rstrip(":*").strip().casefold()


HEADERS: dict[str, str] = {normalise(alias): c.key for c in COLUMNS for alias in c.aliases}


def label(key: str) -> str:
    return BY_KEY[key].label


ROLE_WORDS: dict[str, str] = {
    "ledamot": MembershipRole.MEMBER,
    "ordinarie": MembershipRole.MEMBER,
    "ordinarie ledamot": MembershipRole.MEMBER,
    "medlem": MembershipRole.MEMBER,
    "member": MembershipRole.MEMBER,
    "adjungerad": MembershipRole.CO_OPTED,
    "adjungerad vid behov": MembershipRole.CO_OPTED,
    "co-opted": MembershipRole.CO_OPTED,
    "ersättare": MembershipRole.SUBSTITUTE,
    "substitute": MembershipRole.SUBSTITUTE,
    "sammankallande": MembershipRole.CONVENER,
    "convener": MembershipRole.CONVENER,
    "gäst": MembershipRole.GUEST,
    "guest": MembershipRole.GUEST,
}
# What the export writes (and the preview shows) for each role.
ROLE_LABELS: dict[str, str] = {
    MembershipRole.MEMBER: "ledamot",
    MembershipRole.CO_OPTED: "adjungerad",
    MembershipRole.SUBSTITUTE: "ersättare",
    MembershipRole.CONVENER: "sammankallande",
    MembershipRole.GUEST: "gäst",
}
YES_WORDS = {"ja", "j", "x", "1", "yes", "y", "true", "sant"}
NO_WORDS = {"nej", "n", "0", "no", "false", "falskt", "-"}
