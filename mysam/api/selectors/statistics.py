"""Trisam figures per team and month, the yearly targets, and population figures."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import F, QuerySet
from ninja import Schema

from mysam.api.selectors.base import Table, YearFilters
from mysam.organisation.models import TrisamTeam
from mysam.statistics.models import PopulationFigure, PopulationMeasure, TrisamMonth, TrisamTarget


class TrisamTeamItem(Schema):
    id: int
    name: str
    health_centre_id: int
    municipality_id: int
    group_id: int | None
    is_active: bool


class TrisamMonthItem(Schema):
    id: int
    team_id: int
    municipality_id: int
    month: datetime.date
    discussed: int
    took_part: int
    new_cases: int
    closed_cases: int


class TrisamTargetItem(Schema):
    id: int
    year: int
    percent: int


class PopulationMeasureItem(Schema):
    id: int
    name: str
    unit: str
    summable: bool
    description: str


class PopulationFigureItem(Schema):
    id: int
    measure_id: int
    municipality_id: int | None
    year: int
    value: float


def trisam_teams(association_id: int, filters: YearFilters) -> QuerySet[Any]:
    rows = TrisamTeam.objects.filter(health_centre__association_id=association_id)
    if filters.group is not None:
        rows = rows.filter(group_id=filters.group)
    if filters.municipality is not None:
        rows = rows.filter(health_centre__municipality_id=filters.municipality)
    return rows.order_by("name", "pk").values(
        "id",
        "name",
        "health_centre_id",
        "group_id",
        "is_active",
        municipality_id=F("health_centre__municipality_id"),
    )


def trisam_months(association_id: int, filters: YearFilters) -> QuerySet[Any]:
    rows = TrisamMonth.objects.filter(team__health_centre__association_id=association_id)
    if filters.year is not None:
        rows = rows.filter(month__year=filters.year)
    if filters.group is not None:
        rows = rows.filter(team__group_id=filters.group)
    if filters.municipality is not None:
        rows = rows.filter(team__health_centre__municipality_id=filters.municipality)
    return rows.order_by("month", "team_id", "pk").values(
        "id",
        "team_id",
        "month",
        "discussed",
        "took_part",
        "new_cases",
        "closed_cases",
        municipality_id=F("team__health_centre__municipality_id"),
    )


def trisam_targets(association_id: int, filters: YearFilters) -> QuerySet[Any]:
    rows = TrisamTarget.objects.filter(association_id=association_id)
    if filters.year is not None:
        rows = rows.filter(year=filters.year)
    return rows.order_by("year", "pk").values("id", "year", "percent")


def population_measures(association_id: int, filters: YearFilters) -> QuerySet[Any]:
    return (
        PopulationMeasure.objects.filter(association_id=association_id)
        .order_by("position", "name", "pk")
        .values("id", "name", "unit", "summable", "description")
    )


def population_figures(association_id: int, filters: YearFilters) -> QuerySet[Any]:
    rows = PopulationFigure.objects.filter(measure__association_id=association_id)
    if filters.year is not None:
        rows = rows.filter(year=filters.year)
    if filters.municipality is not None:
        rows = rows.filter(municipality_id=filters.municipality)
    return rows.order_by("measure_id", "year", "municipality_id", "pk").values(
        "id", "measure_id", "municipality_id", "year", "value"
    )


TABLES = [
    Table(
        "trisam-teams",
        "Trisam teams",
        "Trisam teams with their health centre, municipality and group.",
        TrisamTeamItem,
        trisam_teams,
        YearFilters,
    ),
    Table(
        "trisam-months",
        "Trisam figures",
        "Per team and month (the first day of the month): individuals discussed, who took "
        "part in their own meeting, new and closed cases. The participation rate is "
        "took_part / discussed; compare it with trisam-targets.",
        TrisamMonthItem,
        trisam_months,
        YearFilters,
    ),
    Table(
        "trisam-targets",
        "Trisam targets",
        "The association's target for the participation rate, per cent per year.",
        TrisamTargetItem,
        trisam_targets,
        YearFilters,
    ),
    Table(
        "population-measures",
        "Population measures",
        "What the population figures measure (e.g. people 16–64 with försörjningsstöd); "
        "summable says whether municipalities' figures add up to the county's.",
        PopulationMeasureItem,
        population_measures,
    ),
    Table(
        "population-figures",
        "Population figures",
        "Figures per measure, municipality and year; municipality_id null is the county as a "
        "whole.",
        PopulationFigureItem,
        population_figures,
        YearFilters,
    ),
]
