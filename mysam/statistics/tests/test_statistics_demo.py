"""The statistics demo: two years of Trisam months around the target with gaps, the 2026
target, population figures for the ten municipalities 2019–2025, and a clean removal."""

from __future__ import annotations

import datetime

import pytest

from mysam.organisation import demo as organisation_demo
from mysam.statistics import demo
from mysam.statistics.models import PopulationFigure, PopulationMeasure, TrisamMonth, TrisamTarget

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def built(db):  # type: ignore[no-untyped-def]
    result = organisation_demo.demo_build()
    summary = demo.build(result.gavleborg, today=TODAY)
    return result.gavleborg, summary


def test_trisam_months_cover_two_years_around_the_target_with_some_missing(built):
    association, summary = built
    months = TrisamMonth.objects.filter(team__health_centre__association=association)
    teams = months.values("team").distinct().count()
    assert teams >= 10
    assert set(months.dates("month", "month")) <= {
        datetime.date(y, m, 1) for y in (2024, 2025, 2026) for m in range(1, 13)
    }
    assert months.order_by("month").first().month == datetime.date(2024, 11, 1)
    assert months.order_by("month").last().month == datetime.date(2026, 10, 1)
    assert 0 < months.count() < teams * 24  # some months were not reported
    discussed = sum(m.discussed for m in months)
    took_part = sum(m.took_part for m in months)
    assert 0.7 < took_part / discussed < 0.9
    assert TrisamTarget.objects.get(association=association, year=2026).percent == 80
    assert "Trisam team-months" in summary


def test_population_figures_for_the_ten_municipalities_2019_to_2025(built):
    association, _summary = built
    figures = PopulationFigure.objects.filter(measure__association=association)
    assert figures.exclude(municipality=None).values("municipality").distinct().count() == 10
    assert sorted(set(figures.values_list("year", flat=True))) == list(range(2019, 2026))
    assert PopulationMeasure.objects.filter(association=association).count() == 5
    # The share measure is not summed: the county's own figure is stored.
    share = PopulationMeasure.objects.get(association=association, summable=False)
    assert figures.filter(measure=share, municipality=None).count() == 7


def test_remove_deletes_it_all(built):
    demo.remove()
    assert not TrisamMonth.objects.exists()
    assert not TrisamTarget.objects.exists()
    assert not PopulationMeasure.objects.exists()
    assert not PopulationFigure.objects.exists()
