"""Survey aggregates: measurements, their questions, and per question the counts per answer
step for the whole association and per breakdown group.

The counts come only from mysam.insights.selectors.results.item_distribution, which applies
the association's small-group rule inside: a hidden group has no counts here either (null,
with ``suppressed: true``). Results are given only for CLOSED measurements (what every
member may read), never comments or free-text answers."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.db.models import F, QuerySet
from ninja import Schema

from mysam.api.selectors.base import Paging, Table
from mysam.insights.selectors.results import GroupResult, ItemTable, item_distribution
from mysam.surveys.models import ItemKind, Measurement, MeasurementStatus, Question

BreakdownName = Literal["none", "county_part", "municipality", "party", "unit_type", "group"]


class MeasurementItem(Schema):
    id: int
    name: str
    kind: str
    status: str
    opens_on: datetime.date | None
    closes_on: datetime.date | None
    previous_id: int | None


class QuestionItem(Schema):
    id: int
    measurement_id: int
    questionnaire_id: int
    audience: str
    questionnaire_title: str
    item_id: int
    item_code: str
    item_text: str
    item_kind: str
    position: int


class ResultRow(Schema):
    question_id: int
    breakdown: str
    is_total: bool
    group_key: str | None
    group_label: str
    suppressed: bool
    n: int | None
    dont_know: int | None
    blank: int | None
    value: int | None
    label: str | None
    count: int | None
    share: float | None


class ResultsOut(Schema):
    question_id: int
    item_code: str
    breakdown: str
    threshold: int
    counted_per: str
    results: list[ResultRow]


def measurements(association_id: int, filters: Paging) -> QuerySet[Any]:
    return (
        Measurement.objects.filter(association_id=association_id)
        .order_by("pk")
        .values("id", "name", "kind", "status", "opens_on", "closes_on", "previous_id")
    )


def _questions(association_id: int) -> QuerySet[Question]:
    return Question.objects.filter(
        questionnaire__measurement__association_id=association_id,
        questionnaire__measurement__status=MeasurementStatus.CLOSED,
    ).exclude(item__kind=ItemKind.FREE_TEXT)


def questions(association_id: int, filters: Paging) -> QuerySet[Any]:
    return (
        _questions(association_id)
        .order_by(
            "questionnaire__measurement_id",
            "questionnaire__position",
            "questionnaire_id",
            "section__position",
            "position",
            "pk",
        )
        .values(
            "id",
            "questionnaire_id",
            "item_id",
            "position",
            measurement_id=F("questionnaire__measurement_id"),
            audience=F("questionnaire__audience"),
            questionnaire_title=F("questionnaire__title"),
            item_code=F("item__code"),
            item_text=F("item__text"),
            item_kind=F("item__kind"),
        )
    )


def question_for_results(association_id: int, pk: int) -> Question | None:
    """A countable question of a closed measurement of the association, or None."""
    return _questions(association_id).filter(pk=pk).first()


def _head(question_id: int, breakdown: str, group: GroupResult, *, total: bool) -> dict[str, Any]:
    return {
        "question_id": question_id,
        "breakdown": breakdown,
        "is_total": total,
        "group_key": None if total or group.key is None else str(group.key),
        "group_label": group.label,
        "suppressed": group.hidden,
        "n": group.n,
        "dont_know": group.dont_know,
        "blank": group.blank,
        "value": None,
        "label": None,
        "count": None,
        "share": None,
    }


def results(question: Question, breakdown: BreakdownName) -> dict[str, Any]:
    """The item's counts per step, total first, then per group of the breakdown. A hidden
    group gives its rows with every count null and ``suppressed`` true."""
    table: ItemTable = item_distribution(
        question=question, breakdown=None if breakdown == "none" else breakdown
    )
    rows: list[dict[str, Any]] = []
    groups = [(table.total, True)]
    if breakdown != "none":
        groups += [(group, False) for group in table.groups]
    for group, is_total in groups:
        head = _head(question.pk, breakdown, group, total=is_total)
        by_value = {cell.value: cell for cell in group.cells}
        for step in table.steps:
            cell = None if group.hidden else by_value.get(step.value)
            rows.append(
                head
                | {
                    "value": step.value,
                    "label": step.label,
                    "count": None if group.hidden else (cell.count if cell else 0),
                    "share": None if group.hidden or cell is None else cell.share,
                }
            )
        if not table.steps:
            rows.append(head)
    return {
        "question_id": question.pk,
        "item_code": table.item.code,
        "breakdown": breakdown,
        "threshold": table.threshold,
        "counted_per": table.counted_per,
        "results": rows,
    }


TABLES = [
    Table(
        "survey-measurements",
        "Survey measurements",
        "Measurements of the cooperation climate (kind, status, dates, the earlier "
        "measurement it follows up).",
        MeasurementItem,
        measurements,
    ),
    Table(
        "survey-questions",
        "Survey questions",
        "The questions of closed measurements whose answers are counted (no free text), with "
        "their item. Their results are at survey-results/{id}.",
        QuestionItem,
        questions,
    ),
]
