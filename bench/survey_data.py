"""Generate a measurement with many answers for the analysis benchmark.

    python -m bench.survey_data --responses 100000

Builds bench/out/survey-<responses>.sqlite3 from scratch: the association's ten
municipalities in four county parts, four parties with units of several types, a closed
measurement with one staff questionnaire of 30 items — an area question, 15 frequency and
extent items asked per chosen municipality, 14 items asked once and a yes/no "structured
cooperation" background question — and `--responses` complete responses (15 % choose two
municipalities), plus 5 % incomplete ones that must not count. "Vet ej" and blanks are
sprinkled in. Rows are written with executemany straight into the answer tables (the
schema is Django's, from the migrations); values are random but skewed per municipality so
the breakdowns differ. All names are invented or public place names.
"""

from __future__ import annotations

import argparse
import datetime
import random
import secrets
import time
from pathlib import Path
from typing import Any

from bench.django_setup import OUT

PARTS = {
    "Gävle": ["Gävle"],
    "Västra Gästrikland": ["Sandviken", "Hofors", "Ockelbo"],
    "Södra Hälsingland": ["Bollnäs", "Ovanåker", "Söderhamn"],
    "Norra Hälsingland": ["Hudiksvall", "Nordanstig", "Ljusdal"],
}
PER_AREA_ITEMS = 15
ONCE_ITEMS = 14


def database(responses: int) -> Path:
    return OUT / f"survey-{responses}.sqlite3"


def start(responses: int, *, fresh: bool) -> None:
    import os

    OUT.mkdir(parents=True, exist_ok=True)
    path = database(responses)
    if fresh and path.exists():
        path.unlink()
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysam.settings")
    os.environ.setdefault("MYSAM_DEBUG", "false")
    os.environ.setdefault("MYSAM_LOG_LEVEL", "ERROR")
    from bench.django_setup import quiet_static_warning

    quiet_static_warning()
    import django

    django.setup()


def build(responses: int, seed: int = 2016) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from mysam.organisation import models as org
    from mysam.surveys.models import Answer, Item, ItemKind, Response
    from mysam.surveys.services import bank, builder

    call_command("migrate", verbosity=0)
    rng = random.Random(seed)
    association = org.Association.objects.create(name="Samordningsförbund Bench", slug="bench")
    municipalities = []
    for part_name, names in PARTS.items():
        part = org.CountyPart.objects.create(association=association, name=part_name)
        for name in names:
            municipalities.append(
                org.Municipality.objects.create(
                    association=association, county_part=part, name=name
                )
            )
    kinds = [org.PartyKind.MUNICIPALITY, org.PartyKind.REGION, org.PartyKind.FK, org.PartyKind.AF]
    parties = [
        org.Party.objects.create(association=association, name=f"Part {kind}", kind=kind)
        for kind in kinds
    ]
    types = [t for t, _label in org.UnitType.choices][:8]
    units = [
        org.Unit.objects.create(
            party=party, name=f"Verksamhet {i}", unit_type=types[i % len(types)]
        )
        for party in parties
        for i in range(4)
    ]
    measurement = builder.measurement_create(association=association, name="Bench 2016")
    questionnaire = builder.questionnaire_create(
        measurement=measurement, audience="staff", title="Operativ personal"
    )
    background = builder.section_create(questionnaire=questionnaire, title="Bakgrund")

    def item(code: str, kind: str, dont_know: bool = False) -> Item:
        return bank.item_create(
            association=association,
            code=code,
            text=f"Benchfråga {code}?",
            kind=kind,
            allows_dont_know=dont_know,
        )

    area = builder.question_add(section=background, item=item("omrade", ItemKind.MUNICIPALITIES))
    structured = builder.question_add(
        section=background, item=item("strukturerad", ItemKind.YES_NO)
    )
    climate = builder.section_create(questionnaire=questionnaire, title="Klimat", repeat_for=area)
    per_area = [
        builder.question_add(
            section=climate,
            item=item(f"omr-{i}", ItemKind.FREQUENCY if i % 2 else ItemKind.EXTENT, True),
        )
        for i in range(PER_AREA_ITEMS)
    ]
    once_section = builder.section_create(questionnaire=questionnaire, title="Övrigt")
    once = [
        builder.question_add(
            section=once_section,
            item=item(f"en-{i}", ItemKind.FREQUENCY if i % 2 else ItemKind.EXTENT, True),
        )
        for i in range(ONCE_ITEMS)
    ]
    measurement.status = "closed"
    measurement.save(update_fields=["status"])

    response_rows: list[tuple[Any, ...]] = []
    answer_rows: list[tuple[Any, ...]] = []
    day = datetime.date(2016, 10, 3).isoformat()
    skew = {m.pk: rng.uniform(-1.0, 1.0) for m in municipalities}

    def value(shift: float) -> tuple[int | None, bool]:
        roll = rng.random()
        if roll < 0.03:
            return None, True  # Vet ej
        if roll < 0.05:
            return None, False  # blank
        return max(1, min(6, round(rng.gauss(3.6 + shift, 1.3)))), False

    def new_id() -> int:
        return secrets.randbits(62) + 1

    total = int(responses * 1.05)
    for number in range(total):
        complete = number < responses
        unit = rng.choice(units)
        home = rng.choice(municipalities)
        rid = new_id()
        response_rows.append(
            (
                rid,
                questionnaire.pk,
                day,
                "complete" if complete else "incomplete",
                unit.party_id,
                unit.pk,
                home.pk,
                False,
            )
        )
        chosen = [home]
        if rng.random() < 0.15:
            chosen.append(rng.choice([m for m in municipalities if m.pk != home.pk]))
        for m in chosen:
            answer_rows.append((new_id(), rid, area.pk, m.pk, None, None, False, "", ""))
        answer_rows.append(
            (
                new_id(),
                rid,
                structured.pk,
                None,
                None,
                1 if rng.random() < 0.35 else 2,
                False,
                "",
                "",
            )
        )
        for question in per_area:
            for m in chosen:
                v, dk = value(skew[m.pk])
                if v is not None or dk:
                    answer_rows.append((new_id(), rid, question.pk, m.pk, None, v, dk, "", ""))
        for question in once:
            v, dk = value(skew[home.pk] / 2)
            if v is not None or dk:
                answer_rows.append((new_id(), rid, question.pk, None, None, v, dk, "", ""))
    response_table, answer_table = Response._meta.db_table, Answer._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {response_table} (id, questionnaire_id, submitted_on, status, "  # noqa: S608
            "party_id, unit_id, municipality_id, is_imported) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            response_rows,
        )
        cursor.executemany(
            f"INSERT INTO {answer_table} (id, response_id, question_id, area_municipality_id, "  # noqa: S608
            "area_group_id, value, dont_know, text, comment) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            answer_rows,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"{len(response_rows)} responses, {len(answer_rows)} answer rows")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    args = parser.parse_args()
    started = time.perf_counter()
    start(args.responses, fresh=True)
    build(args.responses)
    print(f"{database(args.responses)} built in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
