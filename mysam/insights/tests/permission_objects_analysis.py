"""Objects for the results (analysis and comparison) rows of the permissions table: a
CLOSED measurement with answers, which every member of the association may read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mysam.conftest import World
from mysam.insights.tests.results_data import answered_survey


def objects(world: World) -> dict[str, Callable[[], dict[str, Any]]]:
    def measurement() -> dict[str, Any]:
        return {"pk": answered_survey(world.association).measurement.pk}

    def question() -> dict[str, Any]:
        return {"pk": answered_survey(world.association).listen.pk}

    def questionnaire() -> dict[str, Any]:
        return {"pk": answered_survey(world.association).questionnaire.pk}

    return {
        "analysis_measurement": measurement,
        "analysis_question": question,
        "analysis_questionnaire": questionnaire,
    }
