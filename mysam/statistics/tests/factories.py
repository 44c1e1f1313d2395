"""Test data for statistics: Trisam teams with months, measures with figures."""

from __future__ import annotations

import datetime
from decimal import Decimal

from mysam.organisation.models import Association, CooperationGroup, Municipality, TrisamTeam
from mysam.organisation.tests import factories as f
from mysam.statistics.models import PopulationFigure, PopulationMeasure, TrisamMonth


def make_team(
    association: Association,
    municipality: Municipality,
    *,
    group: CooperationGroup | None = None,
    name: str | None = None,
) -> TrisamTeam:
    centre = f.HealthCentreFactory(association=association, municipality=municipality)
    kwargs = {"name": name} if name else {}
    return f.TrisamTeamFactory(health_centre=centre, group=group, **kwargs)


def make_month(
    team: TrisamTeam,
    year: int,
    month: int,
    discussed: int,
    took_part: int,
    new: int = 0,
    closed: int = 0,
) -> TrisamMonth:
    return TrisamMonth.objects.create(
        team=team,
        month=datetime.date(year, month, 1),
        discussed=discussed,
        took_part=took_part,
        new_cases=new,
        closed_cases=closed,
    )


def make_measure(
    association: Association, name: str = "Försörjningsstöd 16–64", *, summable: bool = True
) -> PopulationMeasure:
    return PopulationMeasure.objects.create(association=association, name=name, summable=summable)


def make_figure(
    measure: PopulationMeasure, municipality: Municipality | None, year: int, value: str | int
) -> PopulationFigure:
    return PopulationFigure.objects.create(
        measure=measure, municipality=municipality, year=year, value=Decimal(value)
    )
