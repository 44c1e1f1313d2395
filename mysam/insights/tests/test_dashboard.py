"""The dashboard of the office and the board: who may see it, that its figures come from
each area's selectors and link to their pages, and that it costs the same queries whatever
the amount of data."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mysam.funding.models import ApplicationStatus
from mysam.funding.tests.factories import application
from mysam.insights.tests.results_data import answered_survey, respond
from mysam.meetings.tests.factories import make_meeting
from mysam.organisation.tests import factories as f
from mysam.plans.models import VersionStatus
from mysam.plans.tests.factories import make_plan, make_template
from mysam.statistics.models import TrisamTarget
from mysam.statistics.tests.factories import make_month, make_team

pytestmark = pytest.mark.django_db
URL = "/resultat/oversikt/"


def test_the_office_and_the_board_see_it_and_no_one_else(world, clients):
    assert reverse("insights:dashboard") == URL
    assert clients["admin"].get(URL).status_code == 200
    assert clients["board"].get(URL).status_code == 200
    for role in ("member", "convener", "outsider"):
        assert clients[role].get(URL).status_code == 403, role
    response = clients["anonymous"].get(URL)
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_another_associations_office_sees_only_its_own_figures(world, clients):
    team = make_team(world.association, world.municipality)
    make_month(team, datetime.date.today().year, 1, 52, 41)  # noqa: DTZ011
    html = clients["other_admin"].get(URL).content.decode()
    assert 'id="fig-trisam"' in html and "79" not in html.split('id="fig-trisam"')[1][:200]


def test_every_area_has_its_figure_linking_to_its_page(world, clients):
    year = datetime.date.today().year  # noqa: DTZ011
    team = make_team(world.association, world.municipality)
    make_month(team, year, 1, 52, 41)
    TrisamTarget.objects.create(association=world.association, year=year, percent=80)
    make_plan(world.group, year=year, status=VersionStatus.ADOPTED)
    survey = answered_survey(world.association, status="closed")
    html = clients["board"].get(URL).content.decode()
    for anchor, target in (
        ("fig-plans-adopted", reverse("plans:county")),
        ("fig-attendance", reverse("meetings:dashboard")),
        ("fig-granted", reverse("funding:application_list")),
        ("fig-spent", reverse("funding:budget_year", args=[year])),
        ("fig-trisam", reverse("statistics:trisam")),
    ):
        assert f'id="{anchor}" href="{target}' in html, anchor
    assert '<span class="stat">1</span>' in html.split('id="fig-plans-adopted"')[1][:200]
    trisam = html.split('id="fig-trisam"')[1][:400]
    assert "79" in trisam and "41" in trisam and "52" in trisam
    assert reverse("insights:measurement_results", args=[survey.measurement.pk]) in html
    assert reverse("insights:question_results", args=[survey.listen.pk]) in html


def test_a_hidden_survey_total_stays_hidden(world, clients):
    answered_survey(world.association, status="closed", people=2)  # below the threshold
    html = clients["board"].get(URL).content.decode()
    table = html.split('id="survey-headlines"')[1]
    assert "%" not in table.split("</table>")[0].split("</thead>")[1]


def _data(world, size: int, survey, template, first: int = 0) -> None:
    year = datetime.date.today().year  # noqa: DTZ011
    for i in range(first, first + size):
        municipality = f.MunicipalityFactory(association=world.association, name=f"Kommun {i}")
        group = f.CooperationGroupFactory(association=world.association, name=f"Grupp {i}")
        make_plan(
            group,
            template=template,
            year=year,
            status=VersionStatus.ADOPTED if i % 2 else VersionStatus.DRAFT,
        )
        make_meeting(group, day=datetime.date.today() - datetime.timedelta(days=10 + i))  # noqa: DTZ011
        application(association=world.association, group=group, status=ApplicationStatus.SUBMITTED)
        team = make_team(world.association, municipality, group=group)
        for month in range(1, 4):
            make_month(team, year, month, 10, 8)
        for _j in range(5):
            respond(
                survey.questionnaire,
                {survey.area: [survey.hofors], survey.structured: 1, survey.routines: 2},
                municipality=survey.hofors,
            )


def test_the_dashboard_costs_the_same_queries_whatever_the_amount_of_data(world, clients):
    survey = answered_survey(world.association, status="closed")
    client = clients["board"]
    template = make_template(world.association)
    _data(world, 1, survey, template)
    client.get(URL)  # warm the session and caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    _data(world, 8, survey, template, first=1)
    with CaptureQueriesContext(connection) as large:
        assert client.get(URL).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
