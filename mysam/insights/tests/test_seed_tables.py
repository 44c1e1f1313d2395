"""Seed 004's published tables, rebuilt as answers and counted again by the selectors.

Table 2 (contact with the target group, n = 804): Ja 718 (89,3 %), Nej 83 (10,3 %),
Obesvarat 3 (0,4 %) — percentages of everyone who reached the question, blanks included.
Table 4 (in a structured cooperation group, by county part, n = 761 answers by area from
659 people): Norra Hälsingland 66 / 96, Södra Hälsingland 69 / 96, Västra Gästrikland
81 / 138, Gävle 66 / 149. The percentages are computed here, not copied: 66 / 215 is
30,7 %, which rounds to 31 % (the report printed 30 %).
"""

from __future__ import annotations

import pytest

from mysam.insights.selectors.results import item_distribution, two_way_table
from mysam.insights.tests.results_data import respond
from mysam.lib.formatting import format_percent
from mysam.organisation.models import CountyPart, Municipality
from mysam.surveys.models import Answer, ItemKind, Response
from mysam.surveys.tests.factories import (
    make_item,
    make_measurement,
    make_question,
    make_questionnaire,
    make_section,
)

pytestmark = pytest.mark.django_db

PARTS = {
    "Norra Hälsingland": ("Nordanstig", "Hudiksvall", "Ljusdal"),
    "Södra Hälsingland": ("Ovanåker", "Bollnäs", "Söderhamn"),
    "Västra Gästrikland": ("Ockelbo", "Hofors", "Sandviken"),
    "Gävle": ("Gävle",),
}
TABLE_4 = {
    "Norra Hälsingland": (66, 96),
    "Södra Hälsingland": (69, 96),
    "Västra Gästrikland": (81, 138),
    "Gävle": (66, 149),
}


@pytest.fixture
def baseline(world):
    association = world.association
    municipalities = {}
    for part_name, names in PARTS.items():
        part = CountyPart.objects.get_or_create(association=association, name=part_name)[0]
        municipalities[part_name] = [
            Municipality.objects.get_or_create(
                association=association, name=name, defaults={"county_part": part}
            )[0]
            for name in names
        ]
    measurement = make_measurement(association, name="Baslinjemätning 2016")
    questionnaire = make_questionnaire(measurement, title="Operativ personal")
    section = make_section(questionnaire, title="Bakgrund")
    contact = make_question(
        questionnaire,
        make_item(association, kind=ItemKind.YES_NO, code="kontakt-malgrupp"),
        section,
        screens_out_values=[2],
    )
    experience = make_question(
        questionnaire,
        make_item(association, kind=ItemKind.YES_NO, code="flerpartssamverkan"),
        section,
        screens_out_values=[2],
    )
    areas = make_question(
        questionnaire, make_item(association, kind=ItemKind.MUNICIPALITIES, code="omrade"), section
    )
    structured = make_question(
        questionnaire, make_item(association, kind=ItemKind.YES_NO, code="strukturerad"), section
    )

    # Answers by area: a list of county parts per respondent. 50 "Ja" and 52 "Nej"
    # respondents work in two county parts: 761 answers by area from 659 people.
    people: list[tuple[int, list[str]]] = []
    for value, (first, second, pairs) in (
        (1, ("Norra Hälsingland", "Västra Gästrikland", 50)),
        (2, ("Södra Hälsingland", "Gävle", 52)),
    ):
        left = {part: counts[value - 1] for part, counts in TABLE_4.items()}
        for _ in range(pairs):
            people.append((value, [first, second]))
            left[first] -= 1
            left[second] -= 1
        for part, count in left.items():
            people.extend((value, [part]) for _ in range(count))
    responses: list[Response] = []
    answers: list[Answer] = []

    def add(values, status="complete"):
        response, rows = respond(questionnaire, values, status=status, save=False)
        responses.append(response)
        answers.extend(rows)

    for number, (value, parts) in enumerate(people):
        chosen = [municipalities[part][number % len(municipalities[part])] for part in parts]
        add({contact: 1, experience: 1, areas: chosen, structured: value})
    for _ in range(59):  # met the target group, but no experience of cooperation
        add({contact: 1, experience: 2}, status="screened_out")
    for _ in range(83):
        add({contact: 2}, status="screened_out")
    for _ in range(3):  # left the question blank and went on
        add({experience: 1})
    for _ in range(13):  # stopped before the question: not an answer
        add({}, status="incomplete")
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(answers)
    return {"contact": contact, "structured": structured}


def test_table_2_counts_and_percentages(baseline):
    total = item_distribution(question=baseline["contact"]).total
    assert total.counts() == {1: 718, 2: 83}
    assert (total.n, total.blank, total.dont_know, total.asked) == (801, 3, 0, 804)
    yes, no = total.cells
    # The report's percentages are of all 804 who reached the question.
    assert format_percent(yes.share_of_asked, 1) == "89,3 %"
    assert format_percent(no.share_of_asked, 1) == "10,3 %"
    assert format_percent(total.blank / total.asked, 1) == "0,4 %"
    # Mysam's own are of the valid answers: 718 / 801.
    assert format_percent(yes.share, 1) == "89,6 %"


def test_table_4_counts_and_row_percentages(baseline):
    table = two_way_table(
        row_question_or_breakdown="county_part", column_question=baseline["structured"]
    )
    rows = {row.label: row for row in table.rows}
    assert set(rows) == set(TABLE_4)
    for part, (yes, no) in TABLE_4.items():
        row = rows[part]
        assert (row.cells[0].count, row.cells[1].count, row.total) == (yes, no, yes + no)
    assert table.total == 761
    assert table.column_totals == (282, 479)
    shares = {part: format_percent(rows[part].cells[0].row_share) for part in TABLE_4}
    assert shares == {
        "Norra Hälsingland": "41 %",
        "Södra Hälsingland": "42 %",
        "Västra Gästrikland": "37 %",
        "Gävle": "31 %",  # 66 / 215 = 30,7 %; the report printed 30 %
    }
    assert format_percent(rows["Gävle"].cells[0].row_share, 1) == "30,7 %"
    assert not table.any_hidden


def test_table_4_whole_county_is_counted_per_person(baseline):
    table = item_distribution(question=baseline["structured"], breakdown="county_part")
    assert table.areas_from_choice
    assert table.total.n == 659
    assert table.total.count(1) == 232
    assert format_percent(table.total.high_share) == "35 %"  # 232 of 659
    assert sum(group.n for group in table.groups) == 761
