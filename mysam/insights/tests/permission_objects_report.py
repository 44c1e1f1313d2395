"""Objects for the report, export and import rows of the permissions table, and the small
measurement those tests (and the report tests) build."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile

from mysam.conftest import World
from mysam.insights.models import AnswerImport, ReportJob, ReportJobStatus
from mysam.organisation.models import Municipality, Unit
from mysam.surveys.models import (
    Answer,
    Audience,
    Invitation,
    Item,
    ItemKind,
    Measurement,
    MeasurementStatus,
    Question,
    Questionnaire,
    Response,
    Section,
)

DAY = datetime.date(2026, 3, 10)


@dataclass
class Dataset:
    measurement: Measurement
    questionnaire: Questionnaire
    questions: dict[str, Question]
    small_municipality: Any


def _item(world: World, code: str, kind: str, text: str, **extra: Any) -> Item:
    item, _created = Item.objects.get_or_create(
        association=world.association,
        code=code,
        defaults={"kind": kind, "text": text, **extra},
    )
    return item


def questionnaire_with_items(
    world: World, measurement: Measurement
) -> tuple[Questionnaire, dict[str, Question]]:
    """A staff questionnaire: structured yes/no, 'lyssnar' (frequency, Vet ej, comment),
    an area choice and a per-area block with 'respekt' (extent)."""
    questionnaire = Questionnaire.objects.create(
        measurement=measurement, audience=Audience.STAFF, title="Enkät till handläggare"
    )
    first = Section.objects.create(questionnaire=questionnaire, title="Om dig", position=0)
    items = {
        "strukturerad": _item(
            world,
            "strukturerad",
            ItemKind.YES_NO,
            "Har du strukturerad samverkan?",
            has_comment=False,
        ),
        "lyssnar": _item(
            world,
            "lyssnar",
            ItemKind.FREQUENCY,
            "Lyssnar ni på varandra?",
            allows_dont_know=True,
            has_comment=True,
        ),
        "kommuner": _item(
            world,
            "kommuner",
            ItemKind.MUNICIPALITIES,
            "Vilka kommuner arbetar du i?",
            has_comment=False,
        ),
        "respekt": _item(
            world,
            "respekt",
            ItemKind.EXTENT,
            "Respekterar ni varandras uppdrag?",
            has_comment=False,
        ),
    }
    questions = {}
    for position, code in enumerate(("strukturerad", "lyssnar", "kommuner")):
        questions[code] = Question.objects.create(
            questionnaire=questionnaire, section=first, item=items[code], position=position
        )
    per_area = Section.objects.create(
        questionnaire=questionnaire,
        title="Per kommun",
        position=1,
        repeat_for=questions["kommuner"],
    )
    questions["respekt"] = Question.objects.create(
        questionnaire=questionnaire, section=per_area, item=items["respekt"], position=0
    )
    return questionnaire, questions


def dataset(
    world: World, *, name: str = "Baslinjemätning 2026", previous: Measurement | None = None
) -> Dataset:
    """12 answers in Hofors (values 1–6 twice), 2 in the small municipality Ockelbo, 20
    invitations in Hofors and 4 in Ockelbo (2 excluded there)."""
    measurement = Measurement.objects.create(
        association=world.association,
        name=name,
        status=MeasurementStatus.CLOSED,
        opens_on=datetime.date(2026, 3, 1),
        closes_on=datetime.date(2026, 3, 31),
        previous=previous,
        introduction="<p>Förbundet mäter samverkansklimatet.</p>",
        discussion="<p>Resultaten visar ett gott samarbete.</p>",
    )
    questionnaire, questions = questionnaire_with_items(world, measurement)
    ockelbo, _created = Municipality.objects.get_or_create(
        association=world.association, name="Ockelbo", defaults={"county_part": world.county_part}
    )
    party = world.parties["municipality"]
    unit, _created = Unit.objects.get_or_create(
        party=party,
        name="IFO Hofors",
        defaults={"municipality": world.municipality, "unit_type": "ifo"},
    )
    for number in range(20):
        Invitation.objects.create(
            questionnaire=questionnaire,
            email=f"h{number}@example.se",
            party=party,
            unit=unit,
            municipality=world.municipality,
            token_hash=secrets.token_hex(32),
            status="answered" if number < 12 else "invited",
        )
    for number in range(4):
        Invitation.objects.create(
            questionnaire=questionnaire,
            email=f"o{number}@example.se",
            party=world.parties["region"],
            municipality=ockelbo,
            token_hash=secrets.token_hex(32),
            status="answered" if number < 2 else "excluded",
            excluded_reason="" if number < 2 else "Slutat",
        )
    for number in range(14):
        in_hofors = number < 12
        municipality = world.municipality if in_hofors else ockelbo
        response = Response.objects.create(
            questionnaire=questionnaire,
            submitted_on=DAY,
            status="complete",
            party=party if in_hofors else world.parties["region"],
            unit=unit if in_hofors else None,
            municipality=municipality,
        )
        value = number % 6 + 1
        Answer.objects.create(
            response=response, question=questions["strukturerad"], value=1 if number % 2 == 0 else 2
        )
        Answer.objects.create(
            response=response,
            question=questions["lyssnar"],
            value=value,
            comment="Bra möten"
            if number == 0
            else ("Hemlig kommentar Ockelbo" if not in_hofors else ""),
        )
        Answer.objects.create(
            response=response, question=questions["kommuner"], area_municipality=municipality
        )
        Answer.objects.create(
            response=response,
            question=questions["respekt"],
            area_municipality=municipality,
            value=value,
        )
    # One "Vet ej" more in Hofors.
    response = Response.objects.create(
        questionnaire=questionnaire,
        submitted_on=DAY,
        status="complete",
        party=party,
        unit=unit,
        municipality=world.municipality,
    )
    Answer.objects.create(response=response, question=questions["lyssnar"], dont_know=True)
    return Dataset(measurement, questionnaire, questions, ockelbo)


def objects(world: World) -> dict[str, Callable[[], dict[str, Any]]]:
    def measurement() -> dict[str, Any]:
        return {"pk": dataset(world, name="Mätning tillstånd").measurement.pk}

    def questionnaire() -> dict[str, Any]:
        return {"pk": dataset(world, name="Mätning tillstånd enkät").questionnaire.pk}

    def raw_format() -> dict[str, Any]:
        return {
            "pk": dataset(world, name="Mätning tillstånd rådata").questionnaire.pk,
            "fmt": "csv",
        }

    def report_job() -> dict[str, Any]:
        data = dataset(world, name="Mätning tillstånd rapport")
        job = ReportJob.objects.create(measurement=data.measurement, status=ReportJobStatus.RUNNING)
        return {"pk": job.pk}

    def report_file() -> dict[str, Any]:
        data = dataset(world, name="Mätning tillstånd rapportfil")
        job = ReportJob.objects.create(
            measurement=data.measurement, status=ReportJobStatus.DONE, progress=100
        )
        job.pdf.save("rapport-tillstand.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
        return {"pk": job.pk, "fmt": "pdf"}

    def answer_import() -> dict[str, Any]:
        data = dataset(world, name="Mätning tillstånd import")
        pending = AnswerImport.objects.create(
            questionnaire=data.questionnaire,
            file_name="svar.csv",
            header=["lyssnar"],
            rows=[[2, ["Ofta"]]],
            column_map={"0": f"q:{data.questions['lyssnar'].pk}"},
        )
        return {"pk": pending.pk}

    return {
        "report_measurement": measurement,
        "report_questionnaire": questionnaire,
        "report_raw_format": raw_format,
        "report_job": report_job,
        "report_job_file": report_file,
        "report_answer_import": answer_import,
    }
