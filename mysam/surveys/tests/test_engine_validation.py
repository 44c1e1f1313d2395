"""Validating one page: the page form built from the engine's page."""

from __future__ import annotations

from mysam.surveys import engine
from mysam.surveys.forms.respond import PageForm
from mysam.surveys.tests.test_engine import STRUCTURE


def form(data: dict, *, strict: bool = True, page: int = 1) -> PageForm:
    shown = engine.pages(STRUCTURE, {})
    return PageForm(data, structure=STRUCTURE, page=shown[page], answers={}, strict=strict)


def test_a_required_question_must_be_answered() -> None:
    f = form({})
    assert not f.is_valid()
    assert set(f.errors) == {"q3"}


def test_dont_know_is_offered_and_accepted_where_the_item_allows_it() -> None:
    f = form({"q3": "dk"})
    assert f.is_valid(), f.errors
    assert f.given()["q3"] == engine.Given(dont_know=True)
    assert ("dk", "Vet ej") in f.fields["q3"].choices  # type: ignore[attr-defined]
    assert "dk" not in dict(f.fields["q4"].choices)  # type: ignore[attr-defined]


def test_a_value_outside_the_scale_is_refused() -> None:
    assert not form({"q3": "7"}).is_valid()
    assert form({"q3": "6"}).is_valid()


def test_saving_for_later_requires_nothing_and_keeps_what_is_valid() -> None:
    f = form({"q4": "1", "q3": "99"}, strict=False)
    f.is_valid()
    given = f.given()
    assert given["q4"].values == [1]
    assert given["q3"].is_empty


def test_area_choices_are_the_associations_areas() -> None:
    f = form({"q1": ["1", "3"], "q2": "1"}, page=0)
    assert f.is_valid(), f.errors
    assert f.given()["q1"].values == [1, 3]
    assert not form({"q1": ["42"], "q2": "1"}, page=0).is_valid()
