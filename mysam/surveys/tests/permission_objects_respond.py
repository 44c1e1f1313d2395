"""Objects for the answering and preview rows of the permissions table, and a small
questionnaire that the answering tests share.

The questionnaire (`build`): page 1 "Bakgrund" asks which municipalities the respondent
works in (required) and whether they meet the target group (required; "Nej" ends it);
page 2 "Samverkan" asks a frequency item (required, "Vet ej" allowed, comment) and a
yes/no about a structured group, with a follow-up shown only for "Ja"; page 3 is repeated
per chosen municipality with one required frequency item.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mysam.conftest import World
from mysam.organisation.models import Association, Municipality
from mysam.organisation.tests import factories as f
from mysam.surveys.models import (
    Invitation,
    ItemKind,
    Measurement,
    MeasurementStatus,
    Question,
    Questionnaire,
)
from mysam.surveys.services import builder as builder_services
from mysam.surveys.tests.factories import (
    make_item,
    make_measurement,
    make_question,
    make_questionnaire,
    make_section,
)
from mysam.surveys.tokens import make_token


@dataclass
class Built:
    measurement: Measurement
    questionnaire: Questionnaire
    areas: Question
    contact: Question
    often: Question
    structured: Question
    use: Question
    listen: Question
    municipalities: list[Municipality]


def build(
    association: Association,
    *,
    status: str = MeasurementStatus.OPEN,
    open_link: str | None = None,
    **measurement_fields: Any,
) -> Built:
    """The three-page questionnaire described above, in a measurement with ``status``."""
    municipalities = list(Municipality.objects.filter(association=association).order_by("name"))
    if len(municipalities) < 2:
        extra: dict[str, Any] = {}
        if municipalities:
            extra["county_part"] = municipalities[0].county_part
        municipalities.append(
            f.MunicipalityFactory(association=association, name="Ockelbo", **extra)
        )
        municipalities.sort(key=lambda m: m.name)
    measurement = make_measurement(association, **measurement_fields)
    questionnaire = make_questionnaire(
        measurement,
        title="Samverkan i vardagen",
        introduction="Välkommen till enkäten.",
        closing_text="Tack för att du svarade!",
        screened_out_text="Tack! Resten av enkäten gäller inte dig.",
    )
    background = make_section(questionnaire, title="Bakgrund")
    areas = make_question(
        questionnaire,
        make_item(association, ItemKind.MUNICIPALITIES, text="I vilka kommuner arbetar du?"),
        background,
        required=True,
    )
    contact = make_question(
        questionnaire,
        make_item(association, ItemKind.YES_NO, text="Har du kontakt med målgruppen?"),
        background,
        required=True,
        screens_out_values=[2],
    )
    cooperation = make_section(questionnaire, title="Samverkan")
    often = make_question(
        questionnaire,
        make_item(
            association,
            ItemKind.FREQUENCY,
            text="Hur ofta samverkar du med andra parter?",
            allows_dont_know=True,
            has_comment=True,
        ),
        cooperation,
        required=True,
    )
    structured = make_question(
        questionnaire,
        make_item(association, ItemKind.YES_NO, text="Ingår du i en strukturerad samverkansgrupp?"),
        cooperation,
    )
    use = make_question(
        questionnaire,
        make_item(association, ItemKind.EXTENT, text="Har gruppen varit till nytta?"),
        cooperation,
        shown_if_question=structured,
        shown_if_values=[1],
    )
    per_area = make_section(questionnaire, title="Samverkansklimat", repeat_for=areas)
    listen = make_question(
        questionnaire,
        make_item(association, ItemKind.FREQUENCY, text="Lyssnar andra på dig?"),
        per_area,
        required=True,
    )
    if status != MeasurementStatus.DRAFT:
        builder_services.measurement_open(measurement=measurement)
        if status == MeasurementStatus.CLOSED:
            builder_services.measurement_close(measurement=measurement)
        measurement.refresh_from_db()
        questionnaire.measurement = measurement
    if open_link:
        questionnaire.open_link_token = open_link
        questionnaire.save(update_fields=["open_link_token"])
    return Built(
        measurement, questionnaire, areas, contact, often, structured, use, listen, municipalities
    )


def invite(questionnaire: Questionnaire, **fields: Any) -> tuple[str, Invitation]:
    """An invitation with a fresh token; returns (token, invitation)."""
    token, token_hash = make_token()
    fields.setdefault("email", f"svarare-{token_hash[:8]}@exempel.example")
    invitation = Invitation.objects.create(
        questionnaire=questionnaire, token_hash=token_hash, **fields
    )
    return token, invitation


def objects(world: World) -> dict[str, Callable[[], dict[str, Any]]]:
    def open_token() -> str:
        return (
            build(world.association, open_link="oppen-lank-test").questionnaire.open_link_token
            or ""
        )

    return {
        "respond_token": lambda: {"token": invite(build(world.association).questionnaire)[0]},
        "respond_unknown_token": lambda: {"token": "okand-lank"},
        "respond_open_token": lambda: {"token": open_token()},
        "respond_questionnaire": lambda: {"pk": build(world.association).questionnaire.pk},
    }
