"""The results pages: who may read them, what they show, and what they cost."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from mysam.insights.tests.results_data import answered_survey, respond
from mysam.surveys.tests.factories import make_measurement, make_question, make_questionnaire

pytestmark = pytest.mark.django_db


def _pages(survey):
    return [
        reverse("insights:measurement_results", args=[survey.measurement.pk]),
        reverse("insights:question_results", args=[survey.listen.pk]),
        reverse("insights:question_comments", args=[survey.listen.pk]),
        reverse("insights:two_way", args=[survey.questionnaire.pk]),
        reverse("insights:compare_groups", args=[survey.routines.pk]),
        reverse("insights:compare_audiences", args=[survey.measurement.pk]),
        reverse("insights:compare_previous", args=[survey.measurement.pk]),
    ]


def test_members_may_not_read_an_open_measurement_but_the_board_and_office_may(world, clients):
    survey = answered_survey(world.association, status="open")
    for url in _pages(survey):
        assert clients["member"].get(url).status_code == 403, url
        assert clients["convener"].get(url).status_code == 403, url
        assert clients["board"].get(url).status_code == 200, url
        assert clients["admin"].get(url).status_code == 200, url


def test_another_association_gets_404_and_anonymous_is_sent_to_log_in(world, clients):
    survey = answered_survey(world.association)
    for url in _pages(survey):
        assert clients["other_admin"].get(url).status_code == 404, url
        response = clients["anonymous"].get(url)
        assert response.status_code == 302 and "login" in response["Location"], url
        assert clients["member"].get(url).status_code == 200, url


def test_the_item_page_shows_every_breakdown_with_a_chart_and_hides_small_groups(world, clients):
    survey = answered_survey(world.association)
    # Two answers in Ockelbo: hidden, and Hofors (6) or Gävle (6) with it.
    for value in (1, 2):
        respond(
            survey.questionnaire,
            {survey.area: [survey.ockelbo], survey.listen: {survey.ockelbo: value}},
        )
    with translation.override("en"):
        response = clients["member"].get(
            reverse("insights:question_results", args=[survey.listen.pk])
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        html.count("<svg") == 4
    )  # all, county part, municipality, party, unit type → 4 + none for group
    assert 'id="by-1-table"' in html
    assert "Räknat per kommun: n = 14 svar från 14 personer." in html
    assert 'aria-describedby="suppression-note">–<' in html
    assert "Ockelbo" in html


def test_the_two_way_page_builds_the_table_chosen(world, clients):
    survey = answered_survey(world.association, people=40)
    url = reverse("insights:two_way", args=[survey.questionnaire.pk])
    response = clients["board"].get(
        url, {"rows": "county_part", "column": f"q{survey.structured.pk}"}
    )
    html = response.content.decode()
    assert 'id="two-way"' in html
    assert "Västra Gästrikland" in html and "Gävle" in html
    # 40 people: 20 in Hofors (Västra Gästrikland, all "Nej") and 20 in Gävle (all "Ja").
    assert "20 (100,0 %)" in html


def test_comments_of_hidden_groups_never_reach_the_page(world, clients):
    survey = answered_survey(world.association)
    respond(
        survey.questionnaire,
        {survey.area: [survey.ockelbo], survey.listen: {survey.ockelbo: 3}},
        comments={survey.listen: "Hemlig kommentar från Ockelbo"},
    )
    url = reverse("insights:question_comments", args=[survey.listen.pk])
    by_municipality = clients["board"].get(url, {"by": "municipality"}).content.decode()
    assert "Hemlig kommentar" not in by_municipality
    assert "Kommentar 1" in by_municipality or "Kommentar 0" in by_municipality
    whole = clients["board"].get(url).content.decode()
    assert "Hemlig kommentar" in whole  # 13 answers in all: the whole is large enough


def test_the_previous_measurement_is_compared_item_by_item(world, clients):
    survey = answered_survey(world.association, people=20)
    later = make_measurement(
        world.association, name="Uppföljning 2019", previous=survey.measurement
    )
    questionnaire = make_questionnaire(later, title="Operativ personal 2019")
    question = make_question(questionnaire, survey.routines.item)
    for value in [6, 6, 5, 5, 5, 4, 4, 2, 1, 6]:
        respond(questionnaire, {question: value})
    later.status = "closed"
    later.save()
    with translation.override("en"):
        html = (
            clients["member"]
            .get(reverse("insights:compare_previous", args=[later.pk]))
            .content.decode()
        )
    assert survey.routines.item.text in html
    assert "80,0 % (8 " in html and "50,0 % (10 " in html  # 8 of 10 against 10 of 20


def _grow(survey, extra):
    for i in range(extra):
        place = survey.sandviken if i % 2 else survey.ockelbo
        respond(
            survey.questionnaire,
            {
                survey.area: [place],
                survey.structured: 1,
                survey.listen: {place: 1 + i % 6},
                survey.routines: 2,
            },
            municipality=place,
        )


@pytest.mark.parametrize(
    "name",
    ["insights:measurement_results", "insights:question_results", "insights:compare_audiences"],
)
def test_results_pages_cost_the_same_queries_whatever_the_amount_of_answers(
    world, clients, name, django_assert_num_queries
):
    survey = answered_survey(world.association)
    pk = survey.listen.pk if name == "insights:question_results" else survey.measurement.pk
    url = reverse(name, args=[pk])
    client = clients["board"]
    client.get(url)  # warm the session and the actor's caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(survey, 60)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
