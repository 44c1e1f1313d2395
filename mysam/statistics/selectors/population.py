"""Reads of population statistics ("samverkanspopulation"): figures per municipality and
year, a municipality against the county, trends over the years.

The county's figure is its own imported row (municipality "Länet") when there is one;
otherwise, for a summable measure, the sum of the municipalities' figures that year (and the
page says how many municipalities it adds up); for other measures there is none.
Fixed query counts: measures, municipalities and figures come in one query each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from mysam.accounts.actor import Actor
from mysam.organisation.models import Municipality
from mysam.statistics.access import require_statistics_reader
from mysam.statistics.models import PopulationFigure, PopulationMeasure


@dataclass
class CountyValue:
    value: Decimal | None
    summed_from: int = 0  # 0: the county's own row (or no value)


@dataclass
class MeasureYear:
    """One measure in one year: every municipality's value and the county's."""

    measure: PopulationMeasure
    year: int
    values: dict[int, Decimal]  # municipality id → value
    county: CountyValue


@dataclass
class PopulationOverview:
    years: list[int]
    year: int | None
    municipalities: list[Municipality]
    rows: list[MeasureYear]


def _county(
    measure: PopulationMeasure, own: Decimal | None, values: dict[int, Decimal]
) -> CountyValue:
    if own is not None:
        return CountyValue(value=own)
    if measure.summable and values:
        return CountyValue(value=sum(values.values(), Decimal(0)), summed_from=len(values))
    return CountyValue(value=None)


def population_measures(*, actor: Actor) -> list[PopulationMeasure]:
    """The association's catalogue of measures (one query)."""
    association = require_statistics_reader(actor)
    return list(PopulationMeasure.objects.filter(association=association))


def population_overview(*, actor: Actor, year: int | None = None) -> PopulationOverview:
    """Every measure's figures for every municipality and the county in ``year`` (default:
    the newest year with figures). Four queries."""
    association = require_statistics_reader(actor)
    figures = PopulationFigure.objects.filter(measure__association=association)
    years = sorted(set(figures.values_list("year", flat=True).distinct()), reverse=True)
    if year is None or year not in years:
        year = years[0] if years else None
    measures = list(PopulationMeasure.objects.filter(association=association))
    municipalities = list(Municipality.objects.filter(association=association).order_by("name"))
    values: dict[int, dict[int, Decimal]] = {m.pk: {} for m in measures}
    own: dict[int, Decimal] = {}
    if year is not None:
        for f in figures.filter(year=year):
            if f.municipality_id is None:
                own[f.measure_id] = f.value
            else:
                values[f.measure_id][f.municipality_id] = f.value
    rows = [
        MeasureYear(
            measure=m,
            year=year or 0,
            values=values[m.pk],
            county=_county(m, own.get(m.pk), values[m.pk]),
        )
        for m in measures
    ]
    return PopulationOverview(years=years, year=year, municipalities=municipalities, rows=rows)


@dataclass
class Trend:
    measure: PopulationMeasure
    municipalities: list[Municipality]
    years: list[int]
    by_year: list[MeasureYear] = field(default_factory=list)
    selected: Municipality | None = None

    def series(self, municipality_id: int | None) -> list[tuple[int, Decimal | None]]:
        """(year, value) for one municipality, or the county when ``municipality_id`` is
        None."""
        if municipality_id is None:
            return [(y.year, y.county.value) for y in self.by_year]
        return [(y.year, y.values.get(municipality_id)) for y in self.by_year]


def population_trend(
    *, actor: Actor, measure: PopulationMeasure, municipality: Municipality | None = None
) -> Trend:
    """All years of one measure (``measure`` comes from access): every municipality and the
    county. Two queries."""
    require_statistics_reader(actor)
    municipalities = list(
        Municipality.objects.filter(association_id=measure.association_id).order_by("name")
    )
    by_year: dict[int, tuple[dict[int, Decimal], list[Decimal]]] = {}
    for f in PopulationFigure.objects.filter(measure=measure).order_by("year"):
        values, own = by_year.setdefault(f.year, ({}, []))
        if f.municipality_id is None:
            own.append(f.value)
        else:
            values[f.municipality_id] = f.value
    trend = Trend(
        measure=measure,
        municipalities=municipalities,
        years=sorted(by_year),
        selected=municipality,
    )
    for year in trend.years:
        values, own = by_year[year]
        trend.by_year.append(
            MeasureYear(
                measure=measure,
                year=year,
                values=values,
                county=_county(measure, own[0] if own else None, values),
            )
        )
    return trend
