"""Writes to measurements and their questionnaires: sections, questions, conditions,
screening, opening and closing, a follow-up built from an earlier measurement, and the two
baseline questionnaires of seed 004.

Rules kept here (the forms only check input):

- A questionnaire's structure changes only while its measurement is being prepared
  (status draft). Opening locks every item used (see services.bank) and refuses a
  questionnaire without questions.
- "Earlier" means earlier in the order a respondent meets the questions: by section
  position, then question position (then pk). A condition (`shown_if_question`) and a
  per-area section's `repeat_for` must point to an earlier question of the same
  questionnaire; after every change of order the whole questionnaire is checked again
  (``_check_structure``), so a move cannot break a condition either.
- Screening (values that end the survey) only on yes/no, single choice and scale items,
  never inside a per-area section.

Permissions are checked by the caller (mysam.surveys.access).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mysam.organisation.models import Association
from mysam.surveys import item_bank
from mysam.surveys.models import (
    Audience,
    Item,
    ItemKind,
    Measurement,
    MeasurementKind,
    MeasurementStatus,
    Question,
    Questionnaire,
    Section,
)
from mysam.surveys.models.items import SCALE_KINDS
from mysam.surveys.services.bank import item_bank_install

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from mysam.accounts.models import User

SCREENING_KINDS = (ItemKind.YES_NO, ItemKind.SINGLE_CHOICE, *SCALE_KINDS)
NO_STEPS_KINDS = (ItemKind.NUMBER, ItemKind.FREE_TEXT)


# --- Shared rules -----------------------------------------------------------------------------


def _require_draft(measurement: Measurement) -> None:
    if measurement.status != MeasurementStatus.DRAFT:
        raise ValidationError(
            _(
                "The measurement has been opened: its questionnaires can no longer be "
                "changed. Make a follow-up measurement to ask other questions."
            )
        )


def _lock_measurement(measurement: Measurement) -> Measurement:
    # Serialise structural changes with opening: a question added while another request
    # opens the measurement would otherwise escape the item locks.
    return Measurement.objects.select_for_update().get(pk=measurement.pk)


def _draft_questionnaire(questionnaire: Questionnaire) -> Questionnaire:
    measurement = _lock_measurement(questionnaire.measurement)
    _require_draft(measurement)
    questionnaire.measurement = measurement
    return questionnaire


def _check_dates(opens_on: datetime.date | None, closes_on: datetime.date | None) -> None:
    if opens_on and closes_on and closes_on < opens_on:
        raise ValidationError({"closes_on": _("The closing date must not be before opening.")})


def _check_values(item: Item, values: Sequence[int], field: str) -> list[int]:
    steps = item.steps()
    cleaned = sorted({int(value) for value in values})
    if not steps:
        raise ValidationError(
            {field: _("Only questions with answer options (scales and choices) can be used here.")}
        )
    wrong = [value for value in cleaned if not 1 <= value <= len(steps)]
    if wrong:
        raise ValidationError({field: _("Choose among the question's answer options.")})
    return cleaned


def _order(questionnaire: Questionnaire) -> list[Question]:
    """The questions in the order a respondent meets them."""
    return list(
        Question.objects.filter(questionnaire=questionnaire)
        .select_related("item", "section")
        .order_by("section__position", "section_id", "position", "pk")
    )


def _check_structure(questionnaire: Questionnaire) -> None:
    """Refuse the questionnaire's current structure if a condition or a per-area section
    points to a question that is not earlier in the same questionnaire, or a screening
    question sits in a per-area section. Runs inside the caller's transaction, after the
    change, so the change is rolled back when refused."""
    questions = _order(questionnaire)
    index = {question.pk: number for number, question in enumerate(questions)}
    sections = list(
        Section.objects.filter(questionnaire=questionnaire)
        .select_related("repeat_for__section")
        .order_by("position", "pk")
    )
    section_rank = {section.pk: rank for rank, section in enumerate(sections)}
    for question in questions:
        if question.shown_if_question_id is not None:
            earlier = index.get(question.shown_if_question_id)
            if earlier is None or earlier >= index[question.pk]:
                raise ValidationError(
                    {
                        "shown_if_question": _(
                            "“%(question)s” can only depend on an earlier question of the "
                            "same questionnaire."
                        )
                        % {"question": question.item.text}
                    }
                )
    for section in sections:
        source = section.repeat_for
        if source is None:
            continue
        if (
            source.questionnaire_id != questionnaire.pk
            or section_rank.get(source.section_id, len(sections)) >= section_rank[section.pk]
        ):
            raise ValidationError(
                {
                    "repeat_for": _(
                        "The section “%(section)s” can only be repeated for areas chosen in "
                        "an earlier section of the same questionnaire."
                    )
                    % {"section": section.title}
                }
            )
    for question in questions:
        if question.screens_out_values and question.section.repeat_for_id is not None:
            raise ValidationError(
                {
                    "screens_out_values": _(
                        "A screening question cannot be asked per area: move it to a "
                        "section that is asked once."
                    )
                }
            )


def _next_position(current_max: int | None) -> int:
    return 0 if current_max is None else current_max + 1


# --- Measurements -----------------------------------------------------------------------------


def _check_previous(association: Association, previous: Measurement | None, pk: int | None) -> None:
    if previous is None:
        return
    if previous.association_id != association.pk or (pk is not None and previous.pk == pk):
        raise ValidationError({"previous": _("Choose another measurement of the association.")})


def _check_name(association: Association, name: str, pk: int | None) -> None:
    clash = Measurement.objects.filter(association=association, name=name.strip())
    if pk is not None:
        clash = clash.exclude(pk=pk)
    if clash.exists():
        raise ValidationError({"name": _("Another measurement already has this name.")})


@transaction.atomic
def measurement_create(
    *,
    association: Association,
    name: str,
    kind: str = MeasurementKind.BASELINE,
    previous: Measurement | None = None,
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
    created_by: User | AnonymousUser | None = None,
) -> Measurement:
    """Start a measurement (status: being prepared). Refuses a name already used in the
    association, a closing date before the opening date and a `previous` measurement of
    another association."""
    _check_dates(opens_on, closes_on)
    _check_previous(association, previous, None)
    _check_name(association, name, None)
    measurement = Measurement(
        association=association,
        name=name.strip(),
        kind=kind,
        previous=previous,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=created_by if created_by is not None and created_by.is_authenticated else None,
    )
    measurement.full_clean()
    measurement.save()
    return measurement


@transaction.atomic
def measurement_update(
    *,
    measurement: Measurement,
    name: str,
    kind: str,
    previous: Measurement | None,
    opens_on: datetime.date | None,
    closes_on: datetime.date | None,
) -> Measurement:
    """Change a measurement's name, kind, comparison and dates. The dates may change while
    it is open (e.g. to keep it open longer); the rest only while it is being prepared."""
    current = _lock_measurement(measurement)
    _check_dates(opens_on, closes_on)
    _check_previous(current.association, previous, current.pk)
    _check_name(current.association, name, current.pk)
    if current.status != MeasurementStatus.DRAFT and (
        name.strip() != current.name or kind != current.kind or previous != current.previous
    ):
        raise ValidationError(
            _("Only the dates of a measurement can change once it has been opened.")
        )
    current.name = name.strip()
    current.kind = kind
    current.previous = previous
    current.opens_on = opens_on
    current.closes_on = closes_on
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def measurement_open(*, measurement: Measurement) -> Measurement:
    """Open a measurement for answers and lock every item it uses (their wording and scale
    can no longer change). Refuses a measurement that is not being prepared, one without
    questionnaires and one with a questionnaire that has no questions."""
    current = _lock_measurement(measurement)
    if current.status != MeasurementStatus.DRAFT:
        raise ValidationError(_("Only a measurement that is being prepared can be opened."))
    questionnaires = list(current.questionnaires.order_by("position", "pk"))
    if not questionnaires:
        raise ValidationError(_("Add a questionnaire before opening the measurement."))
    empty = [q.title for q in questionnaires if not q.questions.exists()]
    if empty:
        raise ValidationError(
            _("These questionnaires have no questions yet: %(titles)s.")
            % {"titles": ", ".join(empty)}
        )
    for questionnaire in questionnaires:
        _check_structure(questionnaire)
    Item.objects.filter(
        questions__questionnaire__measurement=current, locked_at__isnull=True
    ).update(locked_at=timezone.now())
    current.status = MeasurementStatus.OPEN
    current.save(update_fields=["status", "updated_at"])
    return current


@transaction.atomic
def measurement_close(*, measurement: Measurement) -> Measurement:
    """Close an open measurement: no more answers. Refuses one that is not open."""
    current = _lock_measurement(measurement)
    if current.status != MeasurementStatus.OPEN:
        raise ValidationError(_("Only an open measurement can be closed."))
    current.status = MeasurementStatus.CLOSED
    current.save(update_fields=["status", "updated_at"])
    return current


@transaction.atomic
def measurement_follow_up_create(
    *,
    source: Measurement,
    name: str,
    kind: str = MeasurementKind.FOLLOW_UP,
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
    created_by: User | AnonymousUser | None = None,
) -> Measurement:
    """A new measurement compared with `source`, with copies of its questionnaires that
    ask the SAME items (sections, order, conditions, screening and per-area sections
    included), so that every answer can be compared item by item. Items are copied even
    if a newer wording exists: the office changes a question in the copy deliberately."""
    measurement = measurement_create(
        association=source.association,
        name=name,
        kind=kind,
        previous=source,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=created_by,
    )
    for old_questionnaire in source.questionnaires.order_by("position", "pk"):
        questionnaire = Questionnaire.objects.create(
            measurement=measurement,
            audience=old_questionnaire.audience,
            title=old_questionnaire.title,
            introduction=old_questionnaire.introduction,
            closing_text=old_questionnaire.closing_text,
            screened_out_text=old_questionnaire.screened_out_text,
            position=old_questionnaire.position,
        )
        section_map: dict[int, Section] = {}
        old_sections = list(old_questionnaire.sections.order_by("position", "pk"))
        for old_section in old_sections:
            section_map[old_section.pk] = Section.objects.create(
                questionnaire=questionnaire,
                title=old_section.title,
                introduction=old_section.introduction,
                position=old_section.position,
            )
        question_map: dict[int, Question] = {}
        for old_question in _order(old_questionnaire):
            question_map[old_question.pk] = Question.objects.create(
                questionnaire=questionnaire,
                section=section_map[old_question.section_id],
                item=old_question.item,
                position=old_question.position,
                required=old_question.required,
                shown_if_question=(
                    question_map[old_question.shown_if_question_id]
                    if old_question.shown_if_question_id
                    else None
                ),
                shown_if_values=list(old_question.shown_if_values),
                screens_out_values=list(old_question.screens_out_values),
            )
        for old_section in old_sections:
            if old_section.repeat_for_id is not None:
                new_section = section_map[old_section.pk]
                new_section.repeat_for = question_map[old_section.repeat_for_id]
                new_section.save(update_fields=["repeat_for"])
    return measurement


# --- Questionnaires ---------------------------------------------------------------------------


@transaction.atomic
def questionnaire_create(
    *,
    measurement: Measurement,
    audience: str,
    title: str,
    introduction: str = "",
    closing_text: str = "",
    screened_out_text: str = "",
) -> Questionnaire:
    """Add a questionnaire (to managers or frontline staff) at the end of a measurement
    that is being prepared."""
    current = _lock_measurement(measurement)
    _require_draft(current)
    if not title.strip():
        raise ValidationError({"title": _("Give the questionnaire a title.")})
    last = current.questionnaires.aggregate(last=Max("position"))["last"]
    questionnaire = Questionnaire(
        measurement=current,
        audience=audience,
        title=title.strip(),
        introduction=introduction.strip(),
        closing_text=closing_text.strip(),
        screened_out_text=screened_out_text.strip(),
        position=_next_position(last),
    )
    questionnaire.full_clean(exclude=["open_link_token"])
    questionnaire.save()
    return questionnaire


@transaction.atomic
def questionnaire_update(
    *,
    questionnaire: Questionnaire,
    audience: str,
    title: str,
    introduction: str,
    closing_text: str,
    screened_out_text: str,
) -> Questionnaire:
    """Change a questionnaire's audience and texts while its measurement is prepared."""
    _draft_questionnaire(questionnaire)
    if not title.strip():
        raise ValidationError({"title": _("Give the questionnaire a title.")})
    questionnaire.audience = audience
    questionnaire.title = title.strip()
    questionnaire.introduction = introduction.strip()
    questionnaire.closing_text = closing_text.strip()
    questionnaire.screened_out_text = screened_out_text.strip()
    questionnaire.full_clean(exclude=["open_link_token"])
    questionnaire.save()
    return questionnaire


@transaction.atomic
def questionnaire_delete(*, questionnaire: Questionnaire) -> None:
    """Remove a questionnaire with its sections and questions while the measurement is
    prepared (the items stay in the bank)."""
    _draft_questionnaire(questionnaire)
    Section.objects.filter(questionnaire=questionnaire).update(repeat_for=None)
    Question.objects.filter(questionnaire=questionnaire).update(shown_if_question=None)
    questionnaire.delete()


# --- Sections ---------------------------------------------------------------------------------


def _check_repeat_for(questionnaire: Questionnaire, repeat_for: Question | None) -> None:
    if repeat_for is None:
        return
    if repeat_for.questionnaire_id != questionnaire.pk:
        raise ValidationError(
            {"repeat_for": _("Choose an area question of the same questionnaire.")}
        )
    if not repeat_for.item.is_area_choice:
        raise ValidationError(
            {
                "repeat_for": _(
                    "A section can only be repeated for a question that chooses "
                    "municipalities or Mysam groups."
                )
            }
        )


@transaction.atomic
def section_create(
    *,
    questionnaire: Questionnaire,
    title: str,
    introduction: str = "",
    repeat_for: Question | None = None,
    position: int | None = None,
) -> Section:
    """Add a section (a page), by default at the end. A per-area section (`repeat_for`) is
    asked once per area chosen in that question, which must choose municipalities or
    groups and come earlier in the same questionnaire."""
    _draft_questionnaire(questionnaire)
    if not title.strip():
        raise ValidationError({"title": _("Give the section a title.")})
    _check_repeat_for(questionnaire, repeat_for)
    if position is None:
        last = questionnaire.sections.aggregate(last=Max("position"))["last"]
        position = _next_position(last)
    section = Section.objects.create(
        questionnaire=questionnaire,
        title=title.strip(),
        introduction=introduction.strip(),
        repeat_for=repeat_for,
        position=position,
    )
    _check_structure(questionnaire)
    return section


@transaction.atomic
def section_update(
    *,
    section: Section,
    title: str,
    introduction: str,
    repeat_for: Question | None,
) -> Section:
    """Change a section's title, introduction and per-area setting (same rules as
    section_create)."""
    questionnaire = _draft_questionnaire(section.questionnaire)
    if not title.strip():
        raise ValidationError({"title": _("Give the section a title.")})
    _check_repeat_for(questionnaire, repeat_for)
    if repeat_for is not None and repeat_for.section_id == section.pk:
        raise ValidationError(
            {"repeat_for": _("A section cannot be repeated for a question inside itself.")}
        )
    section.title = title.strip()
    section.introduction = introduction.strip()
    section.repeat_for = repeat_for
    section.save()
    _check_structure(questionnaire)
    return section


def _renumber(rows: Sequence[Section | Question]) -> None:
    for number, row in enumerate(rows):
        if row.position != number:
            row.position = number
            row.save(update_fields=["position"])


@transaction.atomic
def section_move(*, section: Section, offset: int) -> Section:
    """Move a section up (offset -1) or down (+1). Refused if the move would put a
    condition or a per-area section before the question it depends on."""
    questionnaire = _draft_questionnaire(section.questionnaire)
    sections = list(questionnaire.sections.order_by("position", "pk"))
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    target = max(0, min(len(sections) - 1, index + offset))
    sections.insert(target, sections.pop(index))
    _renumber(sections)
    _check_structure(questionnaire)
    return section


@transaction.atomic
def section_delete(*, section: Section) -> None:
    """Remove a section with its questions. Refused while a later question or section
    depends on one of its questions."""
    questionnaire = _draft_questionnaire(section.questionnaire)
    question_ids = list(section.questions.values_list("pk", flat=True))
    if (
        Question.objects.filter(shown_if_question_id__in=question_ids)
        .exclude(section=section)
        .exists()
        or Section.objects.filter(repeat_for_id__in=question_ids).exclude(pk=section.pk).exists()
    ):
        raise ValidationError(
            _(
                "Other questions or sections depend on a question in this section: change them first."
            )
        )
    Question.objects.filter(section=section).update(shown_if_question=None)
    section.repeat_for = None
    section.save(update_fields=["repeat_for"])
    section.delete()
    _renumber(list(questionnaire.sections.order_by("position", "pk")))


# --- Questions --------------------------------------------------------------------------------


def _check_question_rules(
    *,
    questionnaire: Questionnaire,
    section: Section,
    item: Item,
    shown_if_question: Question | None,
    shown_if_values: Sequence[int],
    screens_out_values: Sequence[int],
) -> tuple[list[int], list[int]]:
    if section.questionnaire_id != questionnaire.pk:
        raise ValidationError({"section": _("Choose a section of the same questionnaire.")})
    if section.repeat_for_id is not None and item.is_area_choice:
        raise ValidationError(
            {"item": _("A question that chooses areas cannot itself be asked per area.")}
        )
    shown_values: list[int] = []
    if shown_if_question is not None:
        if shown_if_question.questionnaire_id != questionnaire.pk:
            raise ValidationError(
                {"shown_if_question": _("Choose a question of the same questionnaire.")}
            )
        shown_values = _check_values(shown_if_question.item, shown_if_values, "shown_if_values")
        if not shown_values:
            raise ValidationError(
                {"shown_if_values": _("Choose the answers that show this question.")}
            )
    elif shown_if_values:
        raise ValidationError({"shown_if_question": _("Choose the question the condition uses.")})
    screen_values: list[int] = []
    if screens_out_values:
        if item.kind not in SCREENING_KINDS:
            raise ValidationError(
                {
                    "screens_out_values": _(
                        "Only yes/no, single choice and scale questions can end the survey."
                    )
                }
            )
        screen_values = _check_values(item, screens_out_values, "screens_out_values")
        if len(screen_values) == len(item.steps()):
            raise ValidationError(
                {"screens_out_values": _("At least one answer must let the respondent go on.")}
            )
    return shown_values, screen_values


@transaction.atomic
def question_add(
    *,
    section: Section,
    item: Item,
    required: bool = False,
    position: int | None = None,
    shown_if_question: Question | None = None,
    shown_if_values: Sequence[int] = (),
    screens_out_values: Sequence[int] = (),
) -> Question:
    """Place a bank item in a section, by default last. Refuses an item of another
    association, an archived or replaced item (only current wordings are offered), an
    item already in the questionnaire, a condition on a question that is not earlier in
    the same questionnaire, and screening on items that are not yes/no, choice or scale."""
    questionnaire = _draft_questionnaire(section.questionnaire)
    if item.association_id != questionnaire.measurement.association_id:
        raise ValidationError({"item": _("Choose an item of the association's bank.")})
    if not Item.objects.current().filter(pk=item.pk).exists():
        raise ValidationError(
            {"item": _("This item has been archived or replaced by a newer wording.")}
        )
    if Question.objects.filter(questionnaire=questionnaire, item=item).exists():
        raise ValidationError({"item": _("This item is already in the questionnaire.")})
    shown_values, screen_values = _check_question_rules(
        questionnaire=questionnaire,
        section=section,
        item=item,
        shown_if_question=shown_if_question,
        shown_if_values=shown_if_values,
        screens_out_values=screens_out_values,
    )
    if position is None:
        last = section.questions.aggregate(last=Max("position"))["last"]
        position = _next_position(last)
    question = Question.objects.create(
        questionnaire=questionnaire,
        section=section,
        item=item,
        position=position,
        required=required,
        shown_if_question=shown_if_question,
        shown_if_values=shown_values,
        screens_out_values=screen_values,
    )
    _check_structure(questionnaire)
    return question


@transaction.atomic
def question_update(
    *,
    question: Question,
    required: bool,
    shown_if_question: Question | None,
    shown_if_values: Sequence[int],
    screens_out_values: Sequence[int],
) -> Question:
    """Change whether a question is required, its condition and its screening (same rules
    as question_add)."""
    questionnaire = _draft_questionnaire(question.questionnaire)
    if shown_if_question is not None and shown_if_question.pk == question.pk:
        raise ValidationError(
            {"shown_if_question": _("A question cannot depend on its own answer.")}
        )
    shown_values, screen_values = _check_question_rules(
        questionnaire=questionnaire,
        section=question.section,
        item=question.item,
        shown_if_question=shown_if_question,
        shown_if_values=shown_if_values,
        screens_out_values=screens_out_values,
    )
    question.required = required
    question.shown_if_question = shown_if_question
    question.shown_if_values = shown_values
    question.screens_out_values = screen_values
    question.save()
    _check_structure(questionnaire)
    return question


@transaction.atomic
def question_move(*, question: Question, offset: int) -> Question:
    """Move a question up (-1) or down (+1) within its section. Refused if it would come
    before a question it depends on, or after one that depends on it."""
    questionnaire = _draft_questionnaire(question.questionnaire)
    questions = list(question.section.questions.order_by("position", "pk"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    target = max(0, min(len(questions) - 1, index + offset))
    questions.insert(target, questions.pop(index))
    _renumber(questions)
    _check_structure(questionnaire)
    return question


@transaction.atomic
def question_remove(*, question: Question) -> None:
    """Take a question out of its questionnaire (the item stays in the bank). Refused
    while another question's condition or a per-area section uses it."""
    questionnaire = _draft_questionnaire(question.questionnaire)
    if question.dependants.exists() or question.repeated_sections.exists():
        raise ValidationError(
            _("Other questions or sections depend on this question: change them first.")
        )
    section = question.section
    question.delete()
    _renumber(list(section.questions.order_by("position", "pk")))
    _check_structure(questionnaire)


# --- The baseline of seed 004 -------------------------------------------------------------------

BaselineSections = tuple[tuple[str, str, tuple[str, ...], str | None], ...]


def _build_from_codes(
    *,
    measurement: Measurement,
    audience: str,
    texts: dict[str, str],
    sections: BaselineSections,
    items: dict[str, Item],
) -> Questionnaire:
    questionnaire = questionnaire_create(measurement=measurement, audience=audience, **texts)
    questions: dict[str, Question] = {}
    for title, introduction, codes, repeat_code in sections:
        section = section_create(
            questionnaire=questionnaire,
            title=title,
            introduction=introduction,
            repeat_for=questions[repeat_code] if repeat_code else None,
        )
        for code in codes:
            shown_if = item_bank.SHOWN_IF.get(code)
            questions[code] = question_add(
                section=section,
                item=items[code],
                required=code in item_bank.REQUIRED,
                shown_if_question=questions[shown_if[0]] if shown_if else None,
                shown_if_values=shown_if[1] if shown_if else (),
                screens_out_values=item_bank.SCREENS_OUT.get(code, ()),
            )
    return questionnaire


@transaction.atomic
def baseline_questionnaires_build(
    *, measurement: Measurement
) -> tuple[Questionnaire, Questionnaire]:
    """Add the two questionnaires of the 2016 baseline (seed 004) to a measurement being
    prepared: to the managers (Mysamgrupper; climate questions per chosen group) and to
    the frontline staff (two screening questions first; climate questions per chosen
    municipality; the benefit of the structured group only for its members). Installs the
    missing bank items first. Refuses a measurement that is not being prepared, and one
    whose bank has archived or replaced some of these items."""
    _require_draft(_lock_measurement(measurement))
    item_bank_install(association=measurement.association)
    codes = [spec.code for spec in item_bank.ITEMS]
    items = {
        item.code: item
        for item in Item.objects.filter(association=measurement.association, code__in=codes)
    }
    unavailable = sorted(
        code for code, item in items.items() if item.is_archived or hasattr(item, "replaced_by")
    )
    if unavailable:
        raise ValidationError(
            _("These items have been archived or replaced: %(codes)s.")
            % {"codes": ", ".join(unavailable)}
        )
    managers = _build_from_codes(
        measurement=measurement,
        audience=Audience.MANAGERS,
        texts=item_bank.MANAGERS_TEXTS,
        sections=item_bank.MANAGERS_SECTIONS,
        items=items,
    )
    staff = _build_from_codes(
        measurement=measurement,
        audience=Audience.STAFF,
        texts=item_bank.STAFF_TEXTS,
        sections=item_bank.STAFF_SECTIONS,
        items=items,
    )
    return managers, staff
