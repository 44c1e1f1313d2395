"""The statistics part of the demo (`manage.py demo_data`): two years of monthly Trisam
figures for the demo's Trisam teams (around the 80 % target, some months not reported), the
targets, and invented but plausible population figures for the ten municipalities for
2019–2025. Aggregate counts only; the figures are invented."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from mysam.organisation.demo import EXEMPEL_SLUG, GAVLEBORG_SLUG
from mysam.organisation.models import Association, Municipality, TrisamTeam
from mysam.statistics.models import (
    PopulationFigure,
    PopulationMeasure,
    TrisamMonth,
    TrisamTarget,
    month_start,
)

# Inhabitants 16–64 (rounded, invented near the real order of size) per municipality.
WORKING_AGE = {
    "Gävle": 63000,
    "Sandviken": 23500,
    "Hofors": 5300,
    "Ockelbo": 3200,
    "Bollnäs": 15300,
    "Ovanåker": 6500,
    "Söderhamn": 14400,
    "Hudiksvall": 21600,
    "Nordanstig": 5100,
    "Ljusdal": 10700,
}
# name, unit, summable, share of the working-age population, yearly drift
MEASURES = (
    ("Personer 16–64 år med försörjningsstöd", "personer", True, 0.038, -0.03),
    ("Långtidssjukskrivna mer än 90 dagar", "personer", True, 0.021, 0.01),
    ("Unga 16–24 år som varken arbetar eller studerar", "personer", True, 0.009, -0.02),
    ("Inskrivna arbetslösa 16–64 år, mer än 12 månader", "personer", True, 0.027, 0.02),
    ("Andel 16–64 år med försörjningsstöd", "procent", False, 0.0, 0.0),
)
YEARS = range(2019, 2026)
# The years' targets; seed 004 names 80 % for 2026.
TARGETS = {2025: 75, 2026: 80}


def _months(today: datetime.date) -> list[tuple[int, int]]:
    """The 24 months before ``today``'s month."""
    year, month = today.year, today.month
    result = []
    for _i in range(24):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        result.append((year, month))
    return sorted(result)


def _trisam(association: Association, rng: random.Random, today: datetime.date) -> int:
    rows = []
    teams = TrisamTeam.objects.filter(health_centre__association=association).order_by("name")
    for team in teams:
        size = rng.randint(4, 12)  # individuals discussed in a usual month
        skill = rng.uniform(0.68, 0.9)  # the team's usual participation
        for year, month in _months(today):
            if month == 7 and rng.random() < 0.7:  # summer: often no meeting
                continue
            if rng.random() < 0.07:  # a month not reported
                continue
            discussed = max(1, size + rng.randint(-3, 3))
            rate = min(1.0, max(0.4, rng.gauss(skill + (0.03 if year == today.year else 0), 0.08)))
            new = rng.randint(0, max(1, size // 3))
            rows.append(
                TrisamMonth(
                    team=team,
                    month=month_start(year, month),
                    discussed=discussed,
                    took_part=round(discussed * rate),
                    new_cases=new,
                    closed_cases=max(0, new + rng.randint(-2, 2)),
                )
            )
    TrisamMonth.objects.bulk_create(rows)
    for year, percent in TARGETS.items():
        TrisamTarget.objects.create(association=association, year=year, percent=percent)
    return len(rows)


def _population(association: Association, rng: random.Random) -> int:
    municipalities = {
        m.name: m
        for m in Municipality.objects.filter(association=association, name__in=WORKING_AGE)
    }
    figures = []
    counts: dict[tuple[str, int], Decimal] = {}
    for position, (name, unit, summable, share, drift) in enumerate(MEASURES):
        measure = PopulationMeasure.objects.create(
            association=association,
            name=name,
            unit=unit,
            summable=summable,
            position=position,
            description="Påhittade siffror i demon.",
        )
        for municipality_name, municipality in municipalities.items():
            local = share * rng.uniform(0.75, 1.3)
            for i, year in enumerate(YEARS):
                value: Decimal
                if unit == "procent":
                    value = counts[(municipality_name, year)] / WORKING_AGE[municipality_name] * 100
                else:
                    covid = 1.12 if year in (2020, 2021) else 1.0
                    value = Decimal(
                        round(
                            WORKING_AGE[municipality_name]
                            * local
                            * (1 + drift) ** i
                            * covid
                            * rng.uniform(0.96, 1.04)
                        )
                    )
                    if position == 0:
                        counts[(municipality_name, year)] = value
                figures.append(
                    PopulationFigure(
                        measure=measure,
                        municipality=municipality,
                        year=year,
                        value=value.quantize(Decimal("0.01")),
                    )
                )
        if unit == "procent":  # a share is not summed: the county's own figure is imported
            total = sum(WORKING_AGE[m] for m in municipalities)
            for year in YEARS:
                value = sum((counts[(m, year)] for m in municipalities), Decimal(0)) / total * 100
                figures.append(
                    PopulationFigure(
                        measure=measure, year=year, value=value.quantize(Decimal("0.01"))
                    )
                )
    PopulationFigure.objects.bulk_create(figures)
    return len(figures)


@transaction.atomic
def build(association: Association, *, today: datetime.date | None = None) -> str:
    """Build this app's demo rows for `association`; return a one-line summary."""
    rng = random.Random(7)  # noqa: S311 (demo figures, not security)
    months = _trisam(association, rng, today or timezone.localdate())
    figures = _population(association, rng)
    return (
        f"Statistics: {months} Trisam team-months, targets {sorted(TARGETS)}, "
        f"{figures} population figures."
    )


@transaction.atomic
def remove() -> None:
    """Delete this app's demo rows (before the organisation demo removes what they use)."""
    slugs = [GAVLEBORG_SLUG, EXEMPEL_SLUG]
    TrisamMonth.objects.filter(team__health_centre__association__slug__in=slugs).delete()
    TrisamTarget.objects.filter(association__slug__in=slugs).delete()
    PopulationFigure.objects.filter(measure__association__slug__in=slugs).delete()
    PopulationMeasure.objects.filter(association__slug__in=slugs).delete()
