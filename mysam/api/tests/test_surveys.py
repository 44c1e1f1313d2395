"""Survey aggregates through the API: small groups stay hidden, only closed measurements."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mysam.api.tests.helpers import api_get, csv_rows, json_of, make_token
from mysam.conftest import World
from mysam.insights.selectors.results import item_distribution
from mysam.insights.tests.results_data import answered_survey, respond
from mysam.surveys.models import Measurement

pytestmark = pytest.mark.django_db
V1 = "/api/v1/"


def _with_small_group(world: World):  # type: ignore[no-untyped-def]
    survey = answered_survey(world.association)
    for value in (1, 2):  # two answers in Ockelbo: below the threshold of 5
        respond(
            survey.questionnaire,
            {survey.area: [survey.ockelbo], survey.listen: {survey.ockelbo: value}},
        )
    return survey


def test_small_groups_come_back_suppressed_with_null_counts(world: World) -> None:
    survey = _with_small_group(world)
    secret = make_token(world.association)
    body = json_of(
        api_get(f"{V1}survey-results/{survey.listen.pk}", secret, breakdown="municipality")
    )
    rows = body["results"]
    assert body["threshold"] == 5 and body["breakdown"] == "municipality"
    ockelbo = [r for r in rows if r["group_key"] == str(survey.ockelbo.pk)]
    assert ockelbo and all(r["suppressed"] for r in ockelbo)
    assert all(r["count"] is None and r["n"] is None and r["share"] is None for r in ockelbo)
    # The complement: another group is hidden too, so Ockelbo cannot be recovered by subtraction.
    hidden_groups = {r["group_key"] for r in rows if r["suppressed"] and not r["is_total"]}
    assert len(hidden_groups) >= 2
    # Whatever is shown equals the analysis selector's figures.
    table = item_distribution(question=survey.listen, breakdown="municipality")
    total = [r for r in rows if r["is_total"]]
    assert total[0]["n"] == table.total.n == sum(r["count"] for r in total)
    for group in table.groups:
        mine = [r for r in rows if r["group_key"] == str(group.key)]
        assert {r["suppressed"] for r in mine} == {group.hidden}
        if not group.hidden:
            assert {r["value"]: r["count"] for r in mine} == group.counts()


def test_the_csv_holds_the_json_rows(world: World) -> None:
    survey = _with_small_group(world)
    secret = make_token(world.association)
    path = f"{V1}survey-results/{survey.listen.pk}"
    rows = json_of(api_get(path, secret, breakdown="municipality"))["results"]
    table = csv_rows(api_get(path + ".csv", secret, breakdown="municipality"))

    def text(value: object) -> str:
        if value is None:
            return ""
        return str(value).lower() if isinstance(value, bool) else str(value)

    assert table == [{k: text(v) for k, v in row.items()} for row in rows]
    assert any(row["suppressed"] == "true" and row["count"] == "" for row in table)


def test_open_measurements_and_other_associations_give_nothing(world: World) -> None:
    survey = answered_survey(world.association)
    secret = make_token(world.association)
    other = make_token(world.other_association)
    path = f"{V1}survey-results/{survey.listen.pk}"
    listed = {r["id"] for r in json_of(api_get(V1 + "survey-questions", secret))["results"]}
    assert survey.listen.pk in listed
    assert survey.free.pk not in listed  # free text is never counted
    assert api_get(path, secret).status_code == 200
    assert api_get(f"{V1}survey-results/{survey.free.pk}", secret).status_code == 404
    assert api_get(path, other).status_code == 404
    assert json_of(api_get(V1 + "survey-questions", other))["results"] == []
    Measurement.objects.filter(pk=survey.questionnaire.measurement_id).update(status="open")
    assert api_get(path, secret).status_code == 404
    assert json_of(api_get(V1 + "survey-questions", secret))["results"] == []


def test_results_cost_the_same_queries_whatever_the_answers(world: World) -> None:
    survey = answered_survey(world.association, people=12)
    secret = make_token(world.association)
    path = f"{V1}survey-results/{survey.listen.pk}"
    api_get(path, secret)  # the day's first use records last_used_on
    counts = []
    for extra in (0, 30):
        for i in range(extra):
            respond(
                survey.questionnaire,
                {survey.area: [survey.hofors], survey.listen: {survey.hofors: 1 + i % 6}},
                municipality=survey.hofors,
            )
        with CaptureQueriesContext(connection) as captured:
            body = json_of(api_get(path, secret, breakdown="county_part"))
        counts.append((len(captured), body["results"][0]["n"]))
    assert counts[0][0] == counts[1][0]
    assert counts[1][1] > counts[0][1]
