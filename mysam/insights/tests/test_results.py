"""Counts, breakdowns, suppression, comments and comparisons of survey results."""

from __future__ import annotations

import pytest

from mysam.insights.selectors import results
from mysam.insights.tests.results_data import DK, Survey, respond
from mysam.lib.statistics import mann_whitney, newcombe_interval, wilson_interval
from mysam.surveys.models import ResponseStatus
from mysam.surveys.tests.factories import make_measurement, make_question, make_questionnaire

pytestmark = pytest.mark.django_db

LISTEN_A = [1, 2, 3, 4, 4, 5, 6, 6]
ROUTINES_A = [4, 4, 4, 5, 6, 1, 2, DK]
USEFUL_A = [6, 6, 5, 4, None]
LISTEN_B = [4, 4, 4, 5, 5, 6]
ROUTINES_B = [3, 3, 4, None, 4, 4]


@pytest.fixture
def survey(world):
    s = Survey(world.association)
    q = s.questionnaire
    for i, listen in enumerate(LISTEN_A):
        answers = {
            s.area: [s.hofors],
            s.structured: 1 if i < 5 else 2,
            s.forms: [1, 2],
            s.listen: {s.hofors: listen},
            s.routines: ROUTINES_A[i],
            s.free: f"Text {i}",
        }
        if i < 5:
            answers[s.usefulness] = USEFUL_A[i]
        respond(
            q,
            answers,
            municipality=s.hofors,
            party=world.parties["municipality"],
            comments={s.listen: f"Hofors-kommentar {i}"},
        )
    for i, listen in enumerate(LISTEN_B):
        respond(
            q,
            {
                s.area: [s.gavle],
                s.structured: 2,
                s.forms: [1],
                s.listen: {s.gavle: listen},
                s.routines: ROUTINES_B[i],
            },
            municipality=s.gavle,
            party=world.parties["region"],
            comments={s.listen: f"Gävle-kommentar {i}"},
        )
    for listen, routine, useful in (
        ({s.hofors: 3, s.ockelbo: 2}, 5, 5),
        ({s.hofors: 6, s.ockelbo: DK}, 5, 6),
    ):
        respond(
            q,
            {
                s.area: [s.hofors, s.ockelbo],
                s.structured: 1,
                s.forms: [3],
                s.usefulness: useful,
                s.listen: listen,
                s.routines: routine,
            },
        )
    # Neither an unfinished nor a screened-out response counts.
    respond(
        q,
        {s.area: [s.hofors], s.listen: {s.hofors: 1}, s.routines: 1},
        status=ResponseStatus.INCOMPLETE,
    )
    respond(q, {s.area: [s.ockelbo], s.listen: {s.ockelbo: 1}}, status=ResponseStatus.SCREENED_OUT)
    return s


def test_it_counts_a_per_area_item_per_area_and_says_so(survey):
    table = results.item_distribution(question=survey.listen)
    total = table.total
    assert table.counted_per == "municipality"
    assert total.counts() == {1: 1, 2: 2, 3: 2, 4: 5, 5: 3, 6: 4}
    assert (total.n, total.dont_know, total.blank, total.persons) == (17, 1, 0, 16)
    assert total.high == 12
    assert total.high_share == pytest.approx(12 / 17)
    assert total.high_interval == wilson_interval(12, 17)
    assert [cell.label for cell in total.cells][0] == "Aldrig"
    assert total.cells[3].share == pytest.approx(5 / 17)
    assert total.cells[3].share_of_asked == pytest.approx(5 / 18)


def test_a_small_municipality_is_hidden_with_its_complement(survey):
    table = results.item_distribution(question=survey.listen, breakdown="municipality")
    by_name = {group.label: group for group in table.groups}
    assert set(by_name) == {"Hofors", "Gävle", "Ockelbo"}
    assert by_name["Hofors"].counts() == {1: 1, 2: 1, 3: 2, 4: 2, 5: 1, 6: 3}
    assert by_name["Hofors"].n == 10
    for name in ("Gävle", "Ockelbo"):
        hidden = by_name[name]
        assert hidden.hidden
        assert (hidden.n, hidden.cells, hidden.dont_know, hidden.high) == (None, (), None, None)
    assert table.any_hidden


def test_county_parts_gather_their_municipalities_per_area_answer(survey):
    table = results.item_distribution(question=survey.listen, breakdown="county_part")
    gavle = table.group(survey.gavle_part.pk)
    west = table.group(survey.west.pk)
    assert west is not None and gavle is not None
    assert (west.n, gavle.n, gavle.dont_know) == (10, 7, 1)
    assert gavle.counts() == {1: 0, 2: 1, 3: 0, 4: 3, 5: 2, 6: 1}


def test_a_once_asked_item_counts_dont_know_and_blanks_as_missing(survey):
    table = results.item_distribution(question=survey.routines)
    total = table.total
    assert table.counted_per == ""
    assert total.counts() == {1: 1, 2: 1, 3: 2, 4: 6, 5: 3, 6: 1}
    assert (total.n, total.dont_know, total.blank, total.missing, total.asked) == (14, 1, 1, 2, 16)
    assert total.high == 10


def test_a_once_asked_item_by_area_counts_a_respondent_in_each_chosen_area(survey):
    table = results.item_distribution(question=survey.routines, breakdown="county_part")
    assert table.areas_from_choice
    assert table.group(survey.west.pk).n == 9
    assert table.group(survey.gavle_part.pk).n == 7
    by_municipality = results.item_distribution(question=survey.routines, breakdown="municipality")
    assert by_municipality.group(survey.hofors.pk).n == 9
    assert by_municipality.group(survey.ockelbo.pk).hidden
    assert by_municipality.group(survey.gavle.pk).hidden  # the complement of Ockelbo's 2


def test_a_background_question_breaks_results_down(survey):
    table = results.item_distribution(
        question=survey.routines, breakdown=("question", survey.structured.pk)
    )
    yes, no = table.groups
    assert (yes.key, yes.label, no.key, no.label) == (1, "Ja", 2, "Nej")
    assert yes.counts() == {1: 0, 2: 0, 3: 0, 4: 3, 5: 3, 6: 1}
    assert (no.n, no.dont_know, no.blank) == (7, 1, 1)
    assert table.breakdown_label == survey.structured.item.text


def test_a_conditional_question_counts_only_those_who_were_shown_it(survey):
    total = results.item_distribution(question=survey.usefulness).total
    assert (total.n, total.blank, total.dont_know) == (6, 1, 0)


def test_a_multiple_choice_counts_respondents_per_option(survey):
    from django.utils import translation

    with translation.override("en"):
        table = results.item_distribution(question=survey.forms, breakdown="party")
    assert table.is_multiple
    assert table.total.n == 16
    assert table.total.counts() == {1: 14, 2: 8, 3: 2}
    assert table.total.cells[0].share == pytest.approx(14 / 16)
    labels = [group.label for group in table.groups]
    assert labels[-1] == "Not stated"  # the open-link answers have no party


def test_filters_restrict_the_respondents(survey):
    table = results.item_distribution(
        question=survey.routines, filters={("question", survey.structured.pk): [1]}
    )
    assert table.total.n == 7


def test_a_too_small_total_hides_everything(survey, world):
    world.association.small_group_threshold = 20
    world.association.save()
    table = results.item_distribution(question=survey.routines, breakdown="party")
    assert table.total.hidden
    assert all(group.hidden for group in table.groups)


def test_comments_are_listed_only_for_groups_that_are_shown(survey):
    groups = {
        g.label: g for g in results.comments(question=survey.listen, breakdown="municipality")
    }
    assert len(groups["Hofors"].comments) == 8
    assert groups["Gävle"].hidden and groups["Gävle"].comments == ()
    everything = results.comments(question=survey.listen)
    assert len(everything[0].comments) == 14
    free = results.comments(question=survey.free)
    assert sorted(free[0].comments) == [f"Text {i}" for i in range(8)]


def test_two_way_table_hides_small_cells_and_their_complements(survey):
    table = results.two_way_table(
        row_question_or_breakdown="county_part", column_question=survey.structured
    )
    gavle, west = table.rows  # in alphabetical order
    assert (west.label, west.total, gavle.label, gavle.total) == (
        "Västra Gästrikland",
        10,
        "Gävle",
        8,
    )
    # Cells 7/3 and 2/6: the 3 and the 2 are small; each row and column then needs a
    # second hidden cell, so all four are hidden and only the margins are shown.
    assert all(cell.hidden for row in table.rows for cell in row.cells)
    assert table.column_totals == (9, 9)
    assert table.total == 18
    assert table.test is None


def test_compare_groups_gives_newcombe_and_mann_whitney(survey):
    comparison = results.compare_groups(
        question=survey.routines, breakdown=("question", survey.structured.pk), first=1, second=2
    )
    assert comparison.available
    assert comparison.difference == newcombe_interval(7, 7, 3, 7)
    assert comparison.test == mann_whitney({4: 3, 5: 3, 6: 1}, {1: 1, 2: 1, 3: 2, 4: 3})
    assert comparison.test.significant == (comparison.test.p_value < 0.05)


def test_compare_groups_refuses_a_hidden_group(survey):
    comparison = results.compare_groups(
        question=survey.listen,
        breakdown="municipality",
        first=survey.hofors.pk,
        second=survey.gavle.pk,
    )
    assert not comparison.available
    assert comparison.difference is None


def test_compare_measurements_treats_them_as_independent_samples(survey, world):
    later = make_measurement(
        world.association, name="Uppföljning 2019", previous=survey.measurement
    )
    questionnaire = make_questionnaire(later, title="Operativ personal 2019")
    question = make_question(questionnaire, survey.routines.item)
    for value in [6, 6, 5, 5, 5, 4, 4, 2, 1, 6]:
        respond(questionnaire, {question: value})
    comparison = results.compare_measurements(
        item=survey.routines.item, earlier=survey.measurement, later=later
    )
    assert comparison.first_label == "Uppföljning 2019"
    assert comparison.difference == newcombe_interval(8, 10, 10, 14)
    assert comparison.test == mann_whitney(
        {6: 3, 5: 3, 4: 2, 2: 1, 1: 1}, {1: 1, 2: 1, 3: 2, 4: 6, 5: 3, 6: 1}
    )


def test_the_significance_sentence_only_claims_a_difference_below_005():
    from mysam.lib.statistics import TestResult

    with pytest.MonkeyPatch.context():
        from django.utils import translation

        with translation.override("en"):
            assert results.significance_sentence(TestResult("x", 1.0, 0.031)) == (
                "statistically significant difference (p = 0,03)"
            )
            assert "chance" in results.significance_sentence(TestResult("x", 1.0, 0.05))
            assert "Too few" in results.significance_sentence(
                TestResult("x", 1.0, 0.001, reliable=False)
            )


@pytest.mark.parametrize("breakdown", [None, "municipality", "unit_type", "group", "party"])
def test_item_distribution_costs_the_same_queries_whatever_the_data(
    survey, breakdown, django_assert_num_queries
):
    # question, area questions, [labels,] the responses, the answers
    expected = 4 if breakdown in (None, "unit_type") else 5
    with django_assert_num_queries(expected):
        results.item_distribution(question=survey.listen, breakdown=breakdown)
    for i in range(30):
        respond(
            survey.questionnaire,
            {survey.area: [survey.ockelbo], survey.listen: {survey.ockelbo: 1 + i % 6}},
        )
    with django_assert_num_queries(expected):
        table = results.item_distribution(question=survey.listen, breakdown=breakdown)
    assert table.total.n == 47


def test_it_refuses_an_unknown_breakdown_and_a_foreign_background_question(survey, world):
    with pytest.raises(ValueError):
        results.item_distribution(question=survey.listen, breakdown="shoe_size")
    other = make_questionnaire(make_measurement(world.association), title="Chefer")
    foreign = make_question(other, survey.structured.item)
    with pytest.raises(ValueError):
        results.item_distribution(question=survey.listen, breakdown=("question", foreign.pk))


def _same_counts(fast: results._Raw, reference: results._Raw, grouped: bool) -> None:
    assert fast.total_counts == reference.total_counts
    assert fast.total == reference.total
    assert fast.from_choice == reference.from_choice
    if grouped:
        assert fast.counts == reference.counts
        assert fast.valid == reference.valid
        assert fast.dont_know == reference.dont_know
        assert fast.persons == reference.persons
        assert fast.base == reference.base


def test_counting_in_python_equals_counting_in_sql_for_every_breakdown_and_filter(survey, world):
    """`_raw` (one read per question, every breakdown counted in Python) against
    `_raw_sql` (each breakdown a GROUP BY in the database), also inside `shared_reads()`,
    for per-area, once-asked, conditional, multiple-choice, free-text and screening
    questions."""
    from mysam.surveys.models import ItemKind
    from mysam.surveys.tests.factories import make_item, make_section

    closed = survey.measurement.status
    survey.measurement.status = "draft"
    survey.measurement.save(update_fields=["status"])
    screening = make_question(
        survey.questionnaire,
        make_item(world.association, kind=ItemKind.YES_NO, code="arbetar"),
        make_section(survey.questionnaire, title="Sållning"),
        screens_out_values=[2],
    )
    survey.measurement.status = closed
    survey.measurement.save(update_fields=["status"])
    respond(survey.questionnaire, {survey.area: [survey.gavle], screening: 1, survey.routines: 3})
    respond(survey.questionnaire, {screening: 2}, status=ResponseStatus.SCREENED_OUT)
    questions = [
        survey.listen,
        survey.routines,
        survey.usefulness,
        survey.forms,
        survey.free,
        survey.structured,
        screening,
    ]
    structured = ("question", survey.structured.pk)
    breakdowns = [None, "county_part", "municipality", "party", "unit_type", "group", structured]
    filter_sets = [
        None,
        {structured: [1]},
        {"county_part": [survey.west.pk]},
        {"municipality": [survey.hofors.pk, survey.ockelbo.pk], "party": []},
        {"party": [world.parties["municipality"].pk]},
    ]
    for shared in (False, True):
        with results.shared_reads() if shared else _nothing():
            for question in questions:
                for breakdown in breakdowns:
                    for filters in filter_sets:
                        _same_counts(
                            results._raw(question, breakdown, filters),
                            results._raw_sql(question, breakdown, filters),
                            grouped=breakdown is not None,
                        )


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *args: object) -> None:
        return None
