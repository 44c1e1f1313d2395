"""Answers for tests of results: respondents written straight into the answer tables.

`respond(questionnaire, {question: value, ...}, municipality=..., areas=[...])` stores one
response with its answers; a value is a step (int), a list of options, DK ("Vet ej"), a
dict {area: value} for a per-area question, or a text. Used by the analysis, comparison and
seed-table tests; the answering helper's services are not needed to count answers.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from mysam.organisation.models import CooperationGroup, CountyPart, Municipality, Party, Unit
from mysam.surveys.models import Answer, ItemKind, Question, Questionnaire, Response

DK = "dont_know"
SUBMITTED = datetime.date(2016, 10, 3)


def respond(
    questionnaire: Questionnaire,
    answers: Mapping[Question, Any],
    *,
    status: str = "complete",
    municipality: Municipality | None = None,
    party: Party | None = None,
    unit: Unit | None = None,
    areas: Sequence[Municipality | CooperationGroup] = (),
    comments: Mapping[Question, str] | None = None,
    save: bool = True,
) -> tuple[Response, list[Answer]]:
    """One response and its answer rows (saved unless `save` is False, for bulk_create)."""
    response = Response(
        questionnaire=questionnaire,
        submitted_on=SUBMITTED,
        status=status,
        municipality=municipality,
        party=party,
        unit=unit,
    )
    rows: list[Answer] = []
    comments = comments or {}
    for question, value in answers.items():
        kind = question.item.kind
        if kind in (ItemKind.MUNICIPALITIES, ItemKind.GROUPS):
            for area in value or areas:
                rows.append(_area_row(response, question, area))
            continue
        if isinstance(value, dict):
            for area, area_value in value.items():
                rows.extend(_rows(response, question, area_value, comments.get(question, ""), area))
            continue
        rows.extend(_rows(response, question, value, comments.get(question, "")))
    if save:
        response.save()
        Answer.objects.bulk_create(rows)
    return response, rows


def _area_row(response: Response, question: Question, area: Any) -> Answer:
    if isinstance(area, Municipality):
        return Answer(response=response, question=question, area_municipality=area)
    return Answer(response=response, question=question, area_group=area)


def _rows(
    response: Response, question: Question, value: Any, comment: str, area: Any = None
) -> list[Answer]:
    where: dict[str, Any] = {}
    if isinstance(area, Municipality):
        where["area_municipality"] = area
    elif area is not None:
        where["area_group"] = area
    if value is None:
        return []  # left blank
    if value == DK:
        return [
            Answer(response=response, question=question, dont_know=True, comment=comment, **where)
        ]
    if isinstance(value, list):
        return [Answer(response=response, question=question, value=v, **where) for v in value]
    if isinstance(value, str):
        return [Answer(response=response, question=question, text=value, comment=comment, **where)]
    return [Answer(response=response, question=question, value=value, comment=comment, **where)]


class Survey:
    """A staff questionnaire with an area question, a yes/no background question, a
    per-area frequency item, a once-asked extent item with "Vet ej", a conditional item, a
    multiple choice and free text; municipalities in two county parts."""

    def __init__(
        self, association: Any, *, status: str = "closed", name: str = "Baslinjemätning 2016"
    ) -> None:
        from mysam.surveys.tests.factories import (
            make_item,
            make_measurement,
            make_question,
            make_questionnaire,
            make_section,
        )

        self.association = association

        def part(name: str) -> CountyPart:
            return CountyPart.objects.get_or_create(association=association, name=name)[0]

        def municipality(name: str, county_part: CountyPart) -> Municipality:
            return Municipality.objects.get_or_create(
                association=association, name=name, defaults={"county_part": county_part}
            )[0]

        self.west = part("Västra Gästrikland")
        self.gavle_part = part("Gävle")
        self.hofors = municipality("Hofors", self.west)
        self.sandviken = municipality("Sandviken", self.west)
        self.gavle = municipality("Gävle", self.gavle_part)
        self.ockelbo = municipality("Ockelbo", self.gavle_part)
        self.measurement = make_measurement(association, name=name)
        self.questionnaire = make_questionnaire(self.measurement, title="Operativ personal")
        background = make_section(self.questionnaire, title="Bakgrund")
        self.area = make_question(
            self.questionnaire,
            make_item(association, kind=ItemKind.MUNICIPALITIES, code="kommuner"),
            background,
        )
        self.structured = make_question(
            self.questionnaire,
            make_item(association, kind=ItemKind.YES_NO, code="strukturerad"),
            background,
        )
        self.forms = make_question(
            self.questionnaire,
            make_item(
                association,
                kind=ItemKind.MULTIPLE_CHOICE,
                code="former",
                options=["Möte", "Telefon", "Gemensamt besök"],
            ),
            background,
        )
        self.usefulness = make_question(
            self.questionnaire,
            make_item(association, kind=ItemKind.EXTENT, code="nytta"),
            background,
            shown_if_question=self.structured,
            shown_if_values=[1],
        )
        climate = make_section(self.questionnaire, title="Klimat", repeat_for=self.area)
        self.listen = make_question(
            self.questionnaire,
            make_item(association, kind=ItemKind.FREQUENCY, code="lyssnar"),
            climate,
        )
        once = make_section(self.questionnaire, title="Rutiner")
        self.routines = make_question(
            self.questionnaire,
            make_item(association, kind=ItemKind.EXTENT, code="rutiner", allows_dont_know=True),
            once,
        )
        self.free = make_question(
            self.questionnaire,
            make_item(association, kind=ItemKind.FREE_TEXT, code="ovrigt"),
            once,
        )
        if status != "draft":
            self.measurement.status = status
            self.measurement.save(update_fields=["status"])


def answered_survey(
    association: Any, *, status: str = "closed", name: str = "", people: int = 12
) -> Survey:
    """A Survey with `people` respondents in Hofors and Gävle (enough to show both)."""
    survey = Survey(association, status=status, name=name or f"Mätning {next(_names)}")
    for i in range(people):
        place = survey.hofors if i % 2 else survey.gavle
        respond(
            survey.questionnaire,
            {
                survey.area: [place],
                survey.structured: 1 + i % 2,
                survey.forms: [1 + i % 3],
                survey.listen: {place: 1 + i % 6},
                survey.routines: 1 + (i * 5) % 6,
                survey.free: f"Synpunkt {i}",
            },
            municipality=place,
            comments={survey.listen: f"Kommentar {i}"},
        )
    return survey


_names = iter(range(1, 1_000_000))
