"""The pages of a questionnaire, given the answers so far: pure logic, no database.

A questionnaire is read once into a `Structure` (sections, questions, items and the areas a
respondent can choose, see `mysam.surveys.selectors.respond.structure_for`). From it and
the answers given so far (`Given` per slot key) the engine says which pages to show:

- sections in order, a section with no visible question is skipped;
- a per-area section is expanded once per chosen area (in the order the areas are
  offered), with the area's name in the heading; a per-area section whose area question
  was not answered is skipped;
- a question with a condition is shown only when the earlier question (the same area's
  answer for a per-area block, else the once-asked answer) has one of the given values;
- a screening answer ends the questionnaire after its page (`screened_out`).

Answering (mysam.surveys.views.respond) and the office's preview use the same engine and
the same templates, so the preview is exactly what a respondent sees.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mysam.surveys.models.items import AREA_KINDS, DONT_KNOW_LABEL, SCALE_STEPS, ItemKind

MUNICIPALITY = "m"
GROUP = "g"


@dataclass(frozen=True)
class Area:
    """A municipality or a cooperation group a respondent can choose."""

    kind: str  # MUNICIPALITY or GROUP
    pk: int
    name: str

    @property
    def suffix(self) -> str:
        return f"-{self.kind}{self.pk}"


@dataclass(frozen=True)
class ItemSpec:
    kind: str
    text: str
    help_text: str
    options: tuple[str, ...]
    allows_dont_know: bool
    has_comment: bool
    comment_label: str

    def steps(self) -> tuple[str, ...]:
        if self.kind in SCALE_STEPS:
            return SCALE_STEPS[self.kind]
        if self.kind in (ItemKind.SINGLE_CHOICE, ItemKind.MULTIPLE_CHOICE):
            return self.options
        return ()

    @property
    def is_area_choice(self) -> bool:
        return self.kind in AREA_KINDS

    @property
    def is_multiple(self) -> bool:
        return self.kind in (ItemKind.MULTIPLE_CHOICE, *AREA_KINDS)


@dataclass(frozen=True)
class QuestionSpec:
    pk: int
    section_pk: int
    item: ItemSpec
    required: bool = False
    shown_if_question: int | None = None
    shown_if_values: tuple[int, ...] = ()
    screens_out_values: tuple[int, ...] = ()


@dataclass(frozen=True)
class SectionSpec:
    pk: int
    title: str
    introduction: str
    repeat_for: int | None  # the pk of the area-choice question
    questions: tuple[QuestionSpec, ...]


@dataclass(frozen=True)
class Structure:
    """A questionnaire as the engine needs it, read once from the database."""

    title: str
    introduction: str
    sections: tuple[SectionSpec, ...]
    municipalities: tuple[Area, ...] = ()
    groups: tuple[Area, ...] = ()

    def areas_for(self, item: ItemSpec) -> tuple[Area, ...]:
        if item.kind == ItemKind.MUNICIPALITIES:
            return self.municipalities
        if item.kind == ItemKind.GROUPS:
            return self.groups
        return ()

    def question(self, pk: int) -> QuestionSpec | None:
        for section in self.sections:
            for question in section.questions:
                if question.pk == pk:
                    return question
        return None


@dataclass
class Given:
    """What was answered in one slot: step/choice/area values or a number, free text,
    "Vet ej", and the optional comment."""

    values: list[int] = field(default_factory=list)
    text: str = ""
    dont_know: bool = False
    comment: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.values or self.text or self.dont_know or self.comment)

    def to_json(self) -> dict[str, Any]:
        return {"v": self.values, "t": self.text, "dk": self.dont_know, "c": self.comment}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Given:
        values = [int(v) for v in data.get("v", []) if isinstance(v, int | str)]
        return cls(
            values=values,
            text=str(data.get("t", "")),
            dont_know=bool(data.get("dk", False)),
            comment=str(data.get("c", "")),
        )


Answers = dict[str, Given]


def answers_from_json(data: Mapping[str, Any]) -> Answers:
    return {
        str(key): Given.from_json(value) for key, value in data.items() if isinstance(value, dict)
    }


def answers_to_json(answers: Answers) -> dict[str, Any]:
    return {key: given.to_json() for key, given in answers.items() if not given.is_empty}


@dataclass(frozen=True)
class Slot:
    """One question asked on one page (once, or for one area)."""

    question: QuestionSpec
    area: Area | None

    @property
    def key(self) -> str:
        return f"q{self.question.pk}{self.area.suffix if self.area else ''}"


@dataclass(frozen=True)
class Page:
    section: SectionSpec
    area: Area | None
    slots: tuple[Slot, ...]

    @property
    def heading(self) -> str:
        if self.area is None:
            return self.section.title
        return f"{self.section.title} – {self.area.name}"

    @property
    def key(self) -> str:
        return f"s{self.section.pk}{self.area.suffix if self.area else ''}"


def slot_key(question_pk: int, area: Area | None = None) -> str:
    return f"q{question_pk}{area.suffix if area else ''}"


def chosen_areas(structure: Structure, answers: Answers, question: QuestionSpec) -> list[Area]:
    """The areas chosen in an area-choice question, in the order they are offered."""
    given = answers.get(slot_key(question.pk))
    if given is None:
        return []
    chosen = set(given.values)
    return [area for area in structure.areas_for(question.item) if area.pk in chosen]


def is_shown(question: QuestionSpec, area: Area | None, answers: Answers) -> bool:
    """A question without a condition is shown; with one, only when the earlier answer (the
    same area's for a per-area block, else the once-asked one) has one of the values."""
    if question.shown_if_question is None:
        return True
    given = None
    if area is not None:
        given = answers.get(slot_key(question.shown_if_question, area))
    if given is None:
        given = answers.get(slot_key(question.shown_if_question))
    if given is None or given.dont_know:
        return False
    return bool(set(given.values) & set(question.shown_if_values))


def screens_out(question: QuestionSpec, given: Given | None) -> bool:
    if given is None or not question.screens_out_values or given.dont_know:
        return False
    return bool(set(given.values) & set(question.screens_out_values))


def pages(structure: Structure, answers: Answers) -> list[Page]:
    """The pages to show for the answers so far, up to and including a screening page."""
    result: list[Page] = []
    for section in structure.sections:
        if section.repeat_for is not None:
            area_question = structure.question(section.repeat_for)
            areas: list[Area | None] = (
                list(chosen_areas(structure, answers, area_question)) if area_question else []
            )
        else:
            areas = [None]
        for area in areas:
            slots = tuple(
                Slot(question, area)
                for question in section.questions
                if is_shown(question, area, answers)
            )
            if not slots:
                continue
            page = Page(section, area, slots)
            result.append(page)
            if page_screens_out(page, answers):
                return result
    return result


def page_screens_out(page: Page, answers: Answers) -> bool:
    return any(screens_out(slot.question, answers.get(slot.key)) for slot in page.slots)


def is_screened_out(structure: Structure, answers: Answers) -> bool:
    """Whether a visible screening question was answered with a value that ends it."""
    shown = pages(structure, answers)
    return bool(shown) and page_screens_out(shown[-1], answers)


def visible_answers(structure: Structure, answers: Answers) -> list[tuple[Slot, Given]]:
    """The answers of the slots that are shown for these answers (hidden ones are dropped)."""
    result = []
    for page in pages(structure, answers):
        for slot in page.slots:
            given = answers.get(slot.key)
            if given is not None and not given.is_empty:
                result.append((slot, given))
    return result


def missing_required(page: Page, answers: Answers) -> list[Slot]:
    """The required slots of a page that have no answer ("Vet ej" counts as an answer)."""
    missing = []
    for slot in page.slots:
        if not slot.question.required:
            continue
        given = answers.get(slot.key)
        if given is None or not (given.values or given.text.strip() or given.dont_know):
            missing.append(slot)
    return missing


def first_unfinished(structure: Structure, answers: Answers) -> int:
    """The index of the first page with a required question unanswered (else the last)."""
    shown = pages(structure, answers)
    for index, page in enumerate(shown):
        if missing_required(page, answers):
            return index
    return max(len(shown) - 1, 0)


def merge(answers: Answers, page: Page, new: Mapping[str, Given]) -> Answers:
    """The answers with the page's slots replaced by ``new`` (a blanked slot is removed)."""
    merged = dict(answers)
    for slot in page.slots:
        given = new.get(slot.key)
        if given is None or given.is_empty:
            merged.pop(slot.key, None)
        else:
            merged[slot.key] = given
    return merged


def value_label(item: ItemSpec, value: int) -> str:
    steps = item.steps()
    if 1 <= value <= len(steps):
        return steps[value - 1]
    return str(value)


def dont_know_label() -> str:
    return DONT_KNOW_LABEL


def keys_of(slots: Iterable[Slot]) -> list[str]:
    return [slot.key for slot in slots]
