"""Building measurements: structure rules, opening and closing, follow-ups, the baseline."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from mysam.conftest import World
from mysam.surveys import item_bank
from mysam.surveys.models import (
    Audience,
    Item,
    ItemKind,
    MeasurementStatus,
    Question,
    Section,
)
from mysam.surveys.services import bank as bank_services
from mysam.surveys.services import builder as services
from mysam.surveys.tests.factories import (
    make_baseline,
    make_item,
    make_measurement,
    make_question,
    make_questionnaire,
    make_section,
)

pytestmark = pytest.mark.django_db


def test_it_refuses_a_closing_date_before_the_opening_and_a_duplicate_name(world: World) -> None:
    with pytest.raises(ValidationError):
        make_measurement(
            world.association,
            opens_on=datetime.date(2026, 5, 2),
            closes_on=datetime.date(2026, 5, 1),
        )
    make_measurement(world.association, name="Baslinjemätning 2016")
    with pytest.raises(ValidationError):
        make_measurement(world.association, name="Baslinjemätning 2016")


def test_a_condition_must_point_to_an_earlier_question(world: World) -> None:
    questionnaire = make_questionnaire(make_measurement(world.association))
    first = make_question(questionnaire, make_item(world.association, kind=ItemKind.YES_NO))
    second = make_question(
        questionnaire,
        make_item(world.association),
        shown_if_question=first,
        shown_if_values=[1],
    )
    assert second.shown_if_question == first
    # The other way round is refused, and so is a question of another questionnaire.
    with pytest.raises(ValidationError):
        services.question_update(
            question=first,
            required=False,
            shown_if_question=second,
            shown_if_values=[1],
            screens_out_values=[],
        )
    other = make_questionnaire(questionnaire.measurement)
    elsewhere = make_question(other, make_item(world.association, kind=ItemKind.YES_NO))
    with pytest.raises(ValidationError):
        make_question(
            questionnaire,
            make_item(world.association),
            shown_if_question=elsewhere,
            shown_if_values=[1],
        )
    # Moving the dependent question before its condition is refused and changes nothing.
    with pytest.raises(ValidationError):
        services.question_move(question=second, offset=-1)
    assert list(questionnaire.questions.order_by("position")) == [first, second]


def test_condition_values_must_be_answer_options(world: World) -> None:
    questionnaire = make_questionnaire(make_measurement(world.association))
    yes_no = make_question(questionnaire, make_item(world.association, kind=ItemKind.YES_NO))
    number = make_question(questionnaire, make_item(world.association, kind=ItemKind.NUMBER))
    with pytest.raises(ValidationError):
        make_question(
            questionnaire,
            make_item(world.association),
            shown_if_question=yes_no,
            shown_if_values=[3],
        )
    with pytest.raises(ValidationError):
        make_question(
            questionnaire,
            make_item(world.association),
            shown_if_question=number,
            shown_if_values=[1],
        )


def test_a_per_area_section_repeats_an_earlier_area_question(world: World) -> None:
    questionnaire = make_questionnaire(make_measurement(world.association))
    areas = make_question(questionnaire, make_item(world.association, kind=ItemKind.MUNICIPALITIES))
    plain = make_question(questionnaire, make_item(world.association))
    per_area = make_section(questionnaire, repeat_for=areas)
    assert per_area.is_per_area
    with pytest.raises(ValidationError):
        make_section(questionnaire, repeat_for=plain)
    # An area question cannot itself be asked per area.
    with pytest.raises(ValidationError):
        make_question(
            questionnaire, make_item(world.association, kind=ItemKind.GROUPS), section=per_area
        )
    # Moving the per-area section before its area question is refused.
    with pytest.raises(ValidationError):
        services.section_move(section=per_area, offset=-1)
    # A section cannot repeat for a question inside itself or a later section.
    first = questionnaire.sections.order_by("position").first()
    assert first is not None
    with pytest.raises(ValidationError):
        services.section_update(section=first, title=first.title, introduction="", repeat_for=areas)


def test_screening_only_on_yes_no_choice_and_scales_and_never_per_area(world: World) -> None:
    questionnaire = make_questionnaire(make_measurement(world.association))
    contact = make_question(
        questionnaire,
        make_item(world.association, kind=ItemKind.YES_NO),
        screens_out_values=[2],
    )
    assert contact.is_screening
    for kind in (ItemKind.NUMBER, ItemKind.FREE_TEXT, ItemKind.MULTIPLE_CHOICE):
        with pytest.raises(ValidationError):
            make_question(
                questionnaire, make_item(world.association, kind=kind), screens_out_values=[1]
            )
    with pytest.raises(ValidationError, match="fortsätta"):
        make_question(
            questionnaire,
            make_item(world.association, kind=ItemKind.YES_NO),
            screens_out_values=[1, 2],
        )
    areas = make_question(questionnaire, make_item(world.association, kind=ItemKind.MUNICIPALITIES))
    per_area = make_section(questionnaire, repeat_for=areas)
    with pytest.raises(ValidationError):
        make_question(
            questionnaire,
            make_item(world.association, kind=ItemKind.YES_NO),
            section=per_area,
            screens_out_values=[2],
        )


def test_only_current_items_of_the_association_can_be_added(world: World) -> None:
    questionnaire = make_questionnaire(make_measurement(world.association))
    archived = make_item(world.association)
    bank_services.item_archive(item=archived)
    with pytest.raises(ValidationError):
        make_question(questionnaire, archived)
    with pytest.raises(ValidationError):
        make_question(questionnaire, make_item(world.other_association))
    item = make_item(world.association)
    make_question(questionnaire, item)
    with pytest.raises(ValidationError):
        make_question(questionnaire, item)


def test_opening_needs_questions_and_ends_structure_changes(world: World) -> None:
    measurement = make_measurement(world.association)
    with pytest.raises(ValidationError):
        services.measurement_open(measurement=measurement)
    questionnaire = make_questionnaire(measurement)
    with pytest.raises(ValidationError):
        services.measurement_open(measurement=measurement)
    item = make_item(world.association)
    question = make_question(questionnaire, item)
    services.measurement_open(measurement=measurement)
    measurement.refresh_from_db()
    assert measurement.status == MeasurementStatus.OPEN
    item.refresh_from_db()
    assert item.is_locked
    questionnaire.refresh_from_db()
    for change in (
        lambda: make_question(questionnaire, make_item(world.association)),
        lambda: make_section(questionnaire),
        lambda: make_questionnaire(measurement),
        lambda: services.question_remove(question=question),
        lambda: services.measurement_open(measurement=measurement),
    ):
        with pytest.raises(ValidationError):
            change()
    assert questionnaire.questions.count() == 1
    services.measurement_close(measurement=measurement)
    measurement.refresh_from_db()
    assert measurement.status == MeasurementStatus.CLOSED
    with pytest.raises(ValidationError):
        services.measurement_close(measurement=measurement)


def test_the_baseline_has_every_item_and_its_per_area_sections(world: World) -> None:
    measurement, managers, staff = make_baseline(world.association)
    assert (managers.audience, staff.audience) == (Audience.MANAGERS, Audience.STAFF)
    for questionnaire, audience in ((managers, "managers"), (staff, "staff")):
        expected = {spec.code for spec in item_bank.ITEMS if audience in spec.audiences}
        codes = set(questionnaire.questions.values_list("item__code", flat=True))
        assert codes == expected
    every = set(managers.questions.values_list("item__code", flat=True)) | set(
        staff.questions.values_list("item__code", flat=True)
    )
    assert every == {spec.code for spec in item_bank.ITEMS}

    staff_questions = list(
        staff.questions.order_by("section__position", "position").select_related("item")
    )
    # Screening first, with a polite text.
    assert [q.item.code for q in staff_questions[:2]] == [
        "kontakt_malgrupp",
        "erfarenhet_flerpart",
    ]
    assert all(q.screens_out_values == [2] and q.required for q in staff_questions[:2])
    assert staff.screened_out_text
    # The climate is asked per chosen municipality (staff) and per chosen group (managers).
    staff_area = Section.objects.get(questionnaire=staff, repeat_for__isnull=False)
    assert staff_area.repeat_for is not None
    assert staff_area.repeat_for.item.code == "upptagningsomrade"
    assert "lyssnar" in set(staff_area.questions.values_list("item__code", flat=True))
    managers_area = Section.objects.get(questionnaire=managers, repeat_for__isnull=False)
    assert managers_area.repeat_for is not None
    assert managers_area.repeat_for.item.code == "mysamgrupper"
    # The benefit of the structured group only for its members.
    benefit = Question.objects.get(questionnaire=staff, item__code="nytta_individ")
    assert benefit.shown_if_question is not None
    assert benefit.shown_if_question.item.code == "strukturerad_grupp"
    assert benefit.shown_if_values == [1]
    services.measurement_open(measurement=measurement)
    assert not Item.objects.filter(association=world.association, locked_at__isnull=True).exists()


def test_a_follow_up_asks_the_same_items_with_the_same_structure(world: World) -> None:
    baseline, managers, staff = make_baseline(world.association)
    services.measurement_open(measurement=baseline)
    services.measurement_close(measurement=baseline)
    follow_up = services.measurement_follow_up_create(source=baseline, name="Uppföljning 2019")
    assert follow_up.previous == baseline and follow_up.status == MeasurementStatus.DRAFT
    copies = list(follow_up.questionnaires.order_by("position"))
    assert [q.audience for q in copies] == [Audience.MANAGERS, Audience.STAFF]
    for old, new in zip((managers, staff), copies, strict=True):
        old_rows = list(
            old.questions.order_by("section__position", "position").values_list(
                "item_id", "section__title", "required", "screens_out_values", "shown_if_values"
            )
        )
        new_rows = list(
            new.questions.order_by("section__position", "position").values_list(
                "item_id", "section__title", "required", "screens_out_values", "shown_if_values"
            )
        )
        assert new_rows == old_rows
        area = Section.objects.get(questionnaire=new, repeat_for__isnull=False)
        assert area.repeat_for is not None and area.repeat_for.questionnaire == new
    benefit = Question.objects.get(questionnaire=copies[1], item__code="nytta_individ")
    assert benefit.shown_if_question is not None
    assert benefit.shown_if_question.questionnaire == copies[1]


def test_the_baseline_build_refuses_an_open_measurement(world: World) -> None:
    measurement = make_measurement(world.association, status=MeasurementStatus.OPEN)
    with pytest.raises(ValidationError):
        services.baseline_questionnaires_build(measurement=measurement)
    assert not measurement.questionnaires.exists()
