"""Entering Trisam months and targets, and the measure catalogue."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from mysam.statistics.models import PopulationMeasure, TrisamMonth, TrisamTarget
from mysam.statistics.services import population as population_services
from mysam.statistics.services import trisam as services
from mysam.statistics.services.trisam import MonthFigures
from mysam.statistics.tests.factories import make_month, make_team

pytestmark = pytest.mark.django_db


def test_saving_months_creates_then_edits_without_duplicates(world):
    team = make_team(world.association, world.municipality)
    counts = services.trisam_months_save(
        team=team, year=2026, months={1: MonthFigures(10, 8, 3, 1), 2: MonthFigures(5, 5)}
    )
    assert counts == {"created": 2, "updated": 0, "removed": 0}
    counts = services.trisam_months_save(
        team=team, year=2026, months={1: MonthFigures(10, 9, 3, 1), 2: MonthFigures(5, 5)}
    )
    assert counts == {"created": 0, "updated": 1, "removed": 0}
    assert TrisamMonth.objects.filter(team=team).count() == 2
    assert TrisamMonth.objects.get(team=team, month=datetime.date(2026, 1, 1)).took_part == 9


def test_clearing_a_month_removes_it_and_other_months_stay(world):
    team = make_team(world.association, world.municipality)
    make_month(team, 2026, 1, 4, 3)
    make_month(team, 2026, 2, 4, 3)
    counts = services.trisam_months_save(team=team, year=2026, months={1: None})
    assert counts["removed"] == 1
    assert list(TrisamMonth.objects.filter(team=team).values_list("month__month", flat=True)) == [2]


def test_more_took_part_than_discussed_is_refused_and_nothing_is_stored(world):
    team = make_team(world.association, world.municipality)
    with pytest.raises(ValidationError):
        services.trisam_months_save(
            team=team, year=2026, months={1: MonthFigures(5, 4), 2: MonthFigures(3, 4)}
        )
    assert not TrisamMonth.objects.exists()


def test_negative_figures_are_refused(world):
    team = make_team(world.association, world.municipality)
    with pytest.raises(ValidationError):
        services.trisam_months_save(team=team, year=2026, months={1: MonthFigures(5, 4, -1)})


def test_the_database_refuses_a_second_row_for_the_same_team_and_month(world):
    team = make_team(world.association, world.municipality)
    make_month(team, 2026, 1, 4, 3)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_month(team, 2026, 1, 5, 3)


def test_a_target_is_set_once_per_year_and_can_be_changed(world):
    services.trisam_target_set(association=world.association, year=2026, percent=80)
    services.trisam_target_set(association=world.association, year=2026, percent=85)
    assert TrisamTarget.objects.get(association=world.association, year=2026).percent == 85
    assert TrisamTarget.objects.count() == 1
    with pytest.raises(ValidationError):
        services.trisam_target_set(association=world.association, year=2026, percent=101)


def test_measures_need_a_unique_name(world):
    measure = population_services.measure_create(
        association=world.association, name="Unga utanför", unit="personer", summable=True
    )
    with pytest.raises(ValidationError):
        population_services.measure_create(
            association=world.association, name="unga  utanför", unit="personer", summable=True
        )
    population_services.measure_update(
        measure=measure, name="Unga 16–24 utanför", unit="personer", summable=False
    )
    measure.refresh_from_db()
    assert (measure.name, measure.summable) == ("Unga 16–24 utanför", False)
    assert PopulationMeasure.objects.count() == 1
