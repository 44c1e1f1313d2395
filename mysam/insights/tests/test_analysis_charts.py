"""The stacked-bar charts: well-formed SVG, one colour per scale step everywhere, "–" for a
hidden group, and the appendix charts (two items per county part, two conditions)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from mysam.insights import charts
from mysam.insights.selectors.results import item_distribution
from mysam.insights.tests.results_data import answered_survey, respond

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 (our own markup)


def _fills(svg: str) -> list[str]:
    root = _parse(svg)
    return [rect.get("fill") for rect in root.iter(f"{SVG}rect") if rect.get("height") == "18"]


def test_an_item_chart_draws_the_steps_in_their_fixed_colours_and_a_dash_for_hidden(world):
    survey = answered_survey(world.association, people=24)
    respond(
        survey.questionnaire, {survey.area: [survey.ockelbo], survey.listen: {survey.ockelbo: 2}}
    )
    table = item_distribution(question=survey.listen, breakdown="municipality")
    svg = str(charts.item_chart(table, chart_id="c1"))
    root = _parse(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c1-title c1-desc"
    assert set(_fills(svg)) <= set(charts.SIX_STEPS)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Ockelbo" in texts and "–" in texts
    # Legend: every step named, in order, with its colour.
    assert [t for t in texts if t in table.item.steps()] == list(table.item.steps())


def test_the_same_step_has_the_same_colour_in_every_chart(world):
    survey = answered_survey(world.association, people=24)
    one = item_distribution(question=survey.listen)
    two = item_distribution(question=survey.routines)
    for index in range(6):
        assert charts.step_colour(one.steps, index) == charts.step_colour(two.steps, index)
    assert charts.step_colour(one.steps, 5) == charts.SIX_STEPS[5]


def test_the_paired_chart_shows_two_items_per_county_part(world):
    survey = answered_survey(world.association, people=24)
    first = item_distribution(question=survey.listen, breakdown="county_part")
    second = item_distribution(question=survey.routines, breakdown="county_part")
    svg = str(
        charts.paired_chart(
            first, second, chart_id="pair", title="Respekt", short=("Lyssnar", "Vet")
        )
    )
    texts = [t.text for t in _parse(svg).iter(f"{SVG}text")]
    assert texts.count("Lyssnar") == 3  # all, Gävle, Västra Gästrikland
    assert "Västra Gästrikland" in texts


def test_the_split_chart_shows_each_municipality_in_two_conditions(world):
    survey = answered_survey(world.association, people=40)
    structured = ("question", survey.structured.pk)
    yes = item_distribution(
        question=survey.listen, breakdown="municipality", filters={structured: [1]}
    )
    no = item_distribution(
        question=survey.listen, breakdown="municipality", filters={structured: [2]}
    )
    svg = str(
        charts.split_chart(
            yes, no, chart_id="split", title="Strukturerad", short=("Ingår", "Ingår inte")
        )
    )
    texts = [t.text for t in _parse(svg).iter(f"{SVG}text")]
    assert "Hofors" in texts and "Ingår inte" in texts
