"""Objects for the item bank and builder rows of the permissions table
(docs/permissions/surveys-bank.md): a draft measurement of world.association with one
questionnaire, section and question."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mysam.surveys.models import Question
from mysam.surveys.tests.factories import (
    make_item,
    make_measurement,
    make_question,
    make_questionnaire,
)


def objects(world: Any) -> dict[str, Callable[[], dict[str, Any]]]:
    def question() -> Question:
        questionnaire = make_questionnaire(make_measurement(world.association))
        return make_question(questionnaire, make_item(world.association))

    return {
        "bank_item": lambda: {"pk": make_item(world.association).pk},
        "bank_measurement": lambda: {"pk": make_measurement(world.association).pk},
        "bank_questionnaire": lambda: {"pk": question().questionnaire_id},
        "bank_section": lambda: {"pk": question().section_id},
        "bank_question": lambda: {"pk": question().pk},
    }
