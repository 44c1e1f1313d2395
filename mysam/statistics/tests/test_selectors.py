"""Rates with their denominators, per team, municipality, county and month; the county's
population figure as its own row or the sum; fixed query counts."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from mysam.conftest import client_for
from mysam.organisation.tests import factories as f
from mysam.statistics.models import TrisamTarget
from mysam.statistics.selectors import population, trisam
from mysam.statistics.tests.factories import make_figure, make_measure, make_month, make_team
from mysam.statistics.views.trisam import rate_text

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)


def actor_of(world, role: str = "board"):
    from mysam.accounts.actor import Actor

    return Actor(user=world.users[role], association=world.association, role=role)


def test_rates_add_up_per_team_municipality_and_county_with_denominators(world):
    other_municipality = f.MunicipalityFactory(association=world.association, name="Ockelbo")
    hofors_a = make_team(world.association, world.municipality, name="A")
    hofors_b = make_team(world.association, world.municipality, name="B")
    ockelbo = make_team(world.association, other_municipality, name="C")
    make_month(hofors_a, 2026, 1, 30, 25, new=3, closed=2)
    make_month(hofors_a, 2026, 2, 22, 16, new=1)
    make_month(hofors_b, 2026, 1, 0, 0)
    make_month(ockelbo, 2026, 2, 10, 5)
    make_month(ockelbo, 2025, 12, 10, 10)  # another year: not counted
    TrisamTarget.objects.create(association=world.association, year=2026, percent=80)
    overview = trisam.trisam_overview(actor=actor_of(world), year=2026, today=TODAY)
    teams = {t.name: t.ytd for t in overview.teams}
    assert (teams["A"].took_part, teams["A"].discussed) == (41, 52)
    assert teams["B"].share is None and teams["B"].reports == 1
    municipalities = {m.name: m for m in overview.municipalities}
    assert (municipalities["Hofors"].ytd.took_part, municipalities["Hofors"].ytd.discussed) == (
        41,
        52,
    )
    assert municipalities["Hofors"].teams == 2
    assert (overview.county.ytd.took_part, overview.county.ytd.discussed) == (46, 62)
    assert overview.county.months[2].discussed == 32
    assert overview.county.ytd.new_cases == 4 and overview.county.ytd.closed_cases == 2
    assert overview.target is not None and overview.target.percent == 80
    assert teams["A"].meets(overview.target) is False  # 41/52 = 78.8 % < 80 %
    assert overview.years == [2026, 2025]
    with translation.override("en"):  # Swedish: "41 av 52, 79 %"
        assert rate_text(teams["A"]) == "41 of 52, 79 %"


def test_another_associations_teams_are_not_counted(world):
    other_municipality = f.MunicipalityFactory(association=world.other_association)
    make_month(make_team(world.other_association, other_municipality), 2026, 1, 9, 9)
    overview = trisam.trisam_overview(actor=actor_of(world), year=2026, today=TODAY)
    assert overview.teams == [] and overview.county.ytd.reports == 0


def test_the_county_population_figure_is_its_own_row_or_the_sum(world):
    second = f.MunicipalityFactory(association=world.association, name="Ockelbo")
    counts = make_measure(world.association, "Antal")
    share = make_measure(world.association, "Andel", summable=False)
    own = make_measure(world.association, "Med länsrad")
    for measure in (counts, share, own):
        make_figure(measure, world.municipality, 2025, 100)
        make_figure(measure, second, 2025, 50)
    make_figure(own, None, 2025, 1000)
    make_figure(counts, world.municipality, 2024, 90)
    overview = population.population_overview(actor=actor_of(world))
    assert overview.year == 2025 and overview.years == [2025, 2024]
    rows = {r.measure.name: r for r in overview.rows}
    assert rows["Antal"].county.value == Decimal(150) and rows["Antal"].county.summed_from == 2
    assert rows["Andel"].county.value is None
    assert rows["Med länsrad"].county.value == Decimal(1000)
    assert rows["Med länsrad"].county.summed_from == 0
    trend = population.population_trend(actor=actor_of(world), measure=counts)
    assert trend.series(world.municipality.pk) == [(2024, Decimal(90)), (2025, Decimal(100))]
    assert trend.series(None) == [(2024, Decimal(90)), (2025, Decimal(150))]


def _data(world, size: int) -> None:
    for i in range(size):
        municipality = f.MunicipalityFactory(association=world.association, name=f"Kommun {i}")
        team = make_team(world.association, municipality)
        for month in range(1, 13):
            make_month(team, 2026, month, 10, 8)
        measure = make_measure(world.association, f"Mått {i}")
        for year in (2023, 2024, 2025):
            make_figure(measure, municipality, year, 10 * i)


@pytest.mark.parametrize("size", [1, 6])
def test_the_statistics_pages_cost_the_same_queries_whatever_the_data(world, size):
    _data(world, size)
    client = client_for(world, "board")
    from mysam.statistics.models import PopulationMeasure

    measure = PopulationMeasure.objects.filter(association=world.association).first()
    counts = {}
    for url in (
        "/statistik/",
        "/statistik/trisam/?year=2026",
        "/statistik/befolkning/",
        f"/statistik/befolkning/matt/{measure.pk}/",
    ):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[url] = len(queries)
    # Measured once with size 1 and asserted for both sizes: the counts do not grow.
    assert counts == {
        "/statistik/": EXPECTED["index"],
        "/statistik/trisam/?year=2026": EXPECTED["trisam"],
        "/statistik/befolkning/": EXPECTED["population"],
        f"/statistik/befolkning/matt/{measure.pk}/": EXPECTED["measure"],
    }


EXPECTED = {"index": 11, "trisam": 7, "population": 7, "measure": 6}
