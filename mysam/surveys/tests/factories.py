"""Test data for measurements: items, measurements, questionnaires, questions and the
baseline of seed 004. Other areas (answering, sample, demo, analysis) use these names:
keep their signatures.

Everything goes through the services, so the rows obey the same rules as the office's.
"""

from __future__ import annotations

import itertools
from typing import Any

from mysam.organisation.models import Association
from mysam.surveys.models import (
    Audience,
    Item,
    ItemKind,
    Measurement,
    Question,
    Questionnaire,
    Section,
)
from mysam.surveys.services import bank as bank_services
from mysam.surveys.services import builder as builder_services

_numbers = itertools.count(1)

DEFAULT_OPTIONS = ("Alternativ A", "Alternativ B", "Alternativ C")


def make_item(
    association: Association,
    kind: str = ItemKind.FREQUENCY,
    code: str | None = None,
    **kw: Any,
) -> Item:
    """An item of `association`'s bank; choice kinds get three options unless given."""
    number = next(_numbers)
    if kind in (ItemKind.SINGLE_CHOICE, ItemKind.MULTIPLE_CHOICE):
        kw.setdefault("options", DEFAULT_OPTIONS)
    kw.setdefault("text", f"Testfråga {number}?")
    return bank_services.item_create(
        association=association, code=code or f"fraga-{number}", kind=kind, **kw
    )


def make_measurement(association: Association, **kw: Any) -> Measurement:
    """A measurement being prepared (status draft); pass `status="open"` etc. to force one."""
    status = kw.pop("status", None)
    kw.setdefault("name", f"Mätning {next(_numbers)}")
    measurement = builder_services.measurement_create(association=association, **kw)
    if status is not None:
        measurement.status = status
        measurement.save(update_fields=["status"])
    return measurement


def make_questionnaire(
    measurement: Measurement, audience: str = Audience.STAFF, **kw: Any
) -> Questionnaire:
    """A questionnaire of a measurement being prepared."""
    kw.setdefault("title", f"Enkät {next(_numbers)}")
    return builder_services.questionnaire_create(measurement=measurement, audience=audience, **kw)


def make_section(questionnaire: Questionnaire, **kw: Any) -> Section:
    """A section at the end of the questionnaire."""
    kw.setdefault("title", f"Avsnitt {next(_numbers)}")
    return builder_services.section_create(questionnaire=questionnaire, **kw)


def make_question(
    questionnaire: Questionnaire,
    item: Item,
    section: Section | None = None,
    **kw: Any,
) -> Question:
    """`item` placed in `section` (default: the questionnaire's last section, created if
    there is none). Keyword arguments go to question_add (required, shown_if_question,
    shown_if_values, screens_out_values, position)."""
    if section is None:
        section = questionnaire.sections.order_by("-position", "-pk").first() or make_section(
            questionnaire
        )
    return builder_services.question_add(section=section, item=item, **kw)


def make_baseline(
    association: Association, **kw: Any
) -> tuple[Measurement, Questionnaire, Questionnaire]:
    """The 2016 baseline of seed 004: a measurement with the managers' and the staff's
    questionnaire built from the item bank (installed if needed). Returns
    (measurement, managers_questionnaire, staff_questionnaire), still being prepared;
    open it with `builder_services.measurement_open(measurement=...)`."""
    kw.setdefault("name", "Baslinjemätning 2016")
    measurement = make_measurement(association, **kw)
    managers, staff = builder_services.baseline_questionnaires_build(measurement=measurement)
    return measurement, managers, staff
