"""The item bank's services: create, lock, replace, archive and install the seed items."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from mysam.conftest import World
from mysam.surveys import item_bank
from mysam.surveys.models import SCALE_STEPS, Item, ItemKind
from mysam.surveys.services import bank as services
from mysam.surveys.services import builder as builder_services
from mysam.surveys.tests.factories import (
    make_item,
    make_measurement,
    make_question,
    make_questionnaire,
)

pytestmark = pytest.mark.django_db


def test_it_refuses_a_code_already_in_the_bank_but_allows_it_in_another_association(
    world: World,
) -> None:
    make_item(world.association, code="lyssnar")
    with pytest.raises(ValidationError) as error:
        make_item(world.association, code="lyssnar")
    assert "code" in error.value.message_dict
    assert make_item(world.other_association, code="lyssnar").code == "lyssnar"


def test_it_needs_two_options_for_a_choice_and_none_for_a_scale(world: World) -> None:
    with pytest.raises(ValidationError):
        make_item(world.association, kind=ItemKind.SINGLE_CHOICE, options=["Bara en"])
    with pytest.raises(ValidationError):
        make_item(world.association, kind=ItemKind.EXTENT, options=["A", "B"])
    item = make_item(world.association, kind=ItemKind.MULTIPLE_CHOICE, options=[" A ", "B", ""])
    assert item.options == ["A", "B"]


def _opened_item(world: World) -> Item:
    item = make_item(world.association, kind=ItemKind.FREQUENCY, code="lyssnar")
    measurement = make_measurement(world.association)
    make_question(make_questionnaire(measurement), item)
    builder_services.measurement_open(measurement=measurement)
    item.refresh_from_db()
    return item


def test_opening_a_measurement_locks_its_items_and_the_wording_can_no_longer_change(
    world: World,
) -> None:
    item = _opened_item(world)
    assert item.is_locked
    for change in (
        {"text": "Ny text?"},
        {"kind": ItemKind.EXTENT},
        {"code": "annan"},
        {"allows_dont_know": not item.allows_dont_know},
    ):
        with pytest.raises(ValidationError):
            services.item_update(item=item, **change)
    item.refresh_from_db()
    assert item.text.startswith("Testfråga")
    # What is not the instrument may still change.
    updated = services.item_update(item=item, source="NNS", help_text="Hjälp", text=item.text)
    assert (updated.source, updated.help_text) == ("NNS", "Hjälp")


def test_an_unlocked_item_can_be_reworded(world: World) -> None:
    item = make_item(world.association)
    services.item_update(item=item, text="Bättre formulering?", kind=ItemKind.EXTENT)
    item.refresh_from_db()
    assert (item.text, item.kind) == ("Bättre formulering?", ItemKind.EXTENT)


def test_a_new_wording_replaces_the_old_item_which_is_no_longer_current(world: World) -> None:
    old = _opened_item(world)
    new = services.item_replace(item=old, code="lyssnar-2", text="Hur ofta lyssnar de på dig?")
    assert new.replaces == old
    assert new.kind == old.kind and new.locked_at is None
    current = set(Item.objects.filter(association=world.association).current())
    assert new in current and old not in current
    with pytest.raises(ValidationError):
        services.item_replace(item=old, code="lyssnar-3", text="Ännu en?")


def test_an_archived_item_is_not_current_and_can_be_restored(world: World) -> None:
    item = make_item(world.association)
    services.item_archive(item=item)
    assert not Item.objects.current().filter(pk=item.pk).exists()
    services.item_archive(item=item, archived=False)
    assert Item.objects.current().filter(pk=item.pk).exists()


def test_install_adds_every_seed_item_once(world: World) -> None:
    assert services.item_bank_install(association=world.association) == len(item_bank.ITEMS)
    assert services.item_bank_install(association=world.association) == 0
    items = {item.code: item for item in Item.objects.filter(association=world.association)}
    assert len(items) == len(item_bank.ITEMS)
    assert not Item.objects.filter(association=world.other_association).exists()
    lyssnar = items["lyssnar"]
    assert lyssnar.text == (
        "Hur ofta upplever du att de du samverkar med hos andra myndigheter lyssnar på dig?"
    )
    assert lyssnar.steps() == SCALE_STEPS[ItemKind.FREQUENCY]
    assert lyssnar.is_national_indicator and lyssnar.source == item_bank.SOURCE_NNS
    assert items["upptagningsomrade"].kind == ItemKind.MUNICIPALITIES
    assert items["mysamgrupper"].kind == ItemKind.GROUPS
    assert items["vikt_delta"].kind == ItemKind.IMPORTANCE
    assert items["antal_traffar"].kind == ItemKind.NUMBER
    assert items["former_med_brukare"].kind == ItemKind.MULTIPLE_CHOICE
    assert items["kontakt_malgrupp"].text.startswith(
        "Har Du i Din tjänsteutövning kontakt med personer 16–64 år"
    )
    # The managers' mistaken "rutiner" wording is kept, and is not the national indicator.
    assert "rutiner för att initiera" in items["rutiner_relationer_aktorer"].text
    assert not items["rutiner_relationer_aktorer"].is_national_indicator
    assert items["strukturer_aktorer"].is_national_indicator


def test_install_leaves_an_existing_item_with_the_same_code_alone(world: World) -> None:
    make_item(world.association, code="lyssnar", text="Egen formulering?")
    assert services.item_bank_install(association=world.association) == len(item_bank.ITEMS) - 1
    assert Item.objects.get(association=world.association, code="lyssnar").text == (
        "Egen formulering?"
    )
