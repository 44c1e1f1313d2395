"""The results pages in Chromium: no axe-core WCAG 2.1 A/AA violation at desktop and phone
width, nothing wider than a phone screen; and a screenshot of an item page to look at."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mysam.conftest import DESKTOP, page_problems, signed_in_context
from mysam.insights.tests.results_data import answered_survey, respond


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_item_page_with_chart_and_table_passes_axe(chromium, live_server, world, tmp_path):  # type: ignore[no-untyped-def]
    survey = answered_survey(world.association, people=40)
    for value in (1, 2):  # a small group, drawn as "–"
        respond(
            survey.questionnaire,
            {survey.area: [survey.ockelbo], survey.listen: {survey.ockelbo: value}},
        )
    member, board = world.users["member"], world.users["board"]
    pages = [
        (member, reverse("insights:measurement_results", args=[survey.measurement.pk])),
        (member, reverse("insights:question_results", args=[survey.listen.pk])),
        (
            member,
            reverse("insights:question_comments", args=[survey.listen.pk]) + "?by=municipality",
        ),
        (
            board,
            reverse("insights:two_way", args=[survey.questionnaire.pk])
            + f"?rows=county_part&column=q{survey.structured.pk}",
        ),
        (board, reverse("insights:compare_groups", args=[survey.routines.pk])),
        (board, reverse("insights:compare_audiences", args=[survey.measurement.pk])),
    ]
    problems = page_problems(chromium, live_server, pages)
    assert not problems, "\n".join(problems)
    context = signed_in_context(chromium, live_server, member, DESKTOP)
    page = context.new_page()
    page.goto(live_server.url + reverse("insights:question_results", args=[survey.listen.pk]))
    assert page.locator("svg[role=img]").count() == 4
    assert page.locator("#by-1-table").is_visible()
    page.screenshot(path=str(tmp_path / "item-page.png"), full_page=True)
    context.close()
