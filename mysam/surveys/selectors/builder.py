"""Reads of measurements and questionnaires for the office's pages.

Fixed query counts: the measurement list and a questionnaire's structure cost the same
number of queries however many rows they show (tested in test_builder_views).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from mysam.organisation.models import Association
from mysam.surveys.models import (
    Item,
    Measurement,
    MeasurementStatus,
    Question,
    Questionnaire,
    Section,
)
from mysam.surveys.services.builder import NO_STEPS_KINDS, SCREENING_KINDS


def measurement_list(*, association: Association) -> list[Measurement]:
    """The association's measurements, newest first, with how many questionnaires each has
    and the measurement each is compared with."""
    return list(
        Measurement.objects.filter(association=association)
        .select_related("previous")
        .annotate(questionnaire_count=Count("questionnaires", distinct=True))
        .order_by("-opens_on", "-created_at")
    )


def measurement_choices(
    *, association: Association, exclude: Measurement | None = None
) -> QuerySet[Measurement]:
    """Measurements a measurement can be compared with (not itself)."""
    choices = Measurement.objects.filter(association=association).order_by("-opens_on", "name")
    if exclude is not None:
        choices = choices.exclude(pk=exclude.pk)
    return choices


def measurement_detail(*, measurement: Measurement) -> dict[str, Any]:
    """A measurement's questionnaires with their numbers of sections and questions, and
    whether it can be opened or closed now."""
    questionnaires = list(
        measurement.questionnaires.annotate(
            section_count=Count("sections", distinct=True),
            question_count=Count("questions", distinct=True),
        ).order_by("position", "pk")
    )
    is_draft = measurement.status == MeasurementStatus.DRAFT
    return {
        "questionnaires": questionnaires,
        "is_draft": is_draft,
        "can_open": is_draft and bool(questionnaires),
        "can_close": measurement.status == MeasurementStatus.OPEN,
    }


@dataclass
class SectionView:
    section: Section
    questions: list[Question] = field(default_factory=list)


def questionnaire_structure(*, questionnaire: Questionnaire) -> dict[str, Any]:
    """A questionnaire's sections in order, each with its questions (item, condition and
    the per-area question), numbered as a respondent meets them. Three queries."""
    questions = Question.objects.select_related("item", "shown_if_question__item").order_by(
        "position", "pk"
    )
    sections = list(
        Section.objects.filter(questionnaire=questionnaire)
        .select_related("repeat_for__item")
        .prefetch_related(Prefetch("questions", queryset=questions))
        .order_by("position", "pk")
    )
    numbers: dict[int, int] = {}
    views = []
    for section in sections:
        view = SectionView(section=section, questions=list(section.questions.all()))
        for question in view.questions:
            numbers[question.pk] = len(numbers) + 1
            question.number = numbers[question.pk]  # type: ignore[attr-defined]
        views.append(view)
    return {"sections": views, "question_count": len(numbers)}


def choosable_items(*, questionnaire: Questionnaire) -> QuerySet[Item]:
    """Current items of the association's bank that the questionnaire does not ask yet."""
    return (
        Item.objects.current()
        .filter(association_id=questionnaire.measurement.association_id)
        .exclude(questions__questionnaire=questionnaire)
        .order_by("code")
    )


def area_questions(*, questionnaire: Questionnaire) -> QuerySet[Question]:
    """The questionnaire's area-choice questions (a per-area section repeats for one)."""
    return (
        Question.objects.filter(
            questionnaire=questionnaire, item__kind__in=["municipalities", "groups"]
        )
        .select_related("item")
        .order_by("section__position", "position", "pk")
    )


def condition_questions(*, question: Question) -> list[Question]:
    """The questions a question can depend on: earlier ones with answer options."""
    ordered = list(
        Question.objects.filter(questionnaire_id=question.questionnaire_id)
        .select_related("item", "section")
        .order_by("section__position", "section_id", "position", "pk")
    )
    earlier: list[Question] = []
    for candidate in ordered:
        if candidate.pk == question.pk:
            break
        if candidate.item.kind not in NO_STEPS_KINDS and candidate.item.steps():
            earlier.append(candidate)
    return earlier


def can_screen(*, question: Question) -> bool:
    """Whether the question's item can end the survey (yes/no, single choice, scale)."""
    return question.item.kind in SCREENING_KINDS and not question.section.is_per_area
