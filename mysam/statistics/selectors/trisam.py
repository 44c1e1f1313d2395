"""Reads of Trisam statistics: per team, municipality and the county; per month and year
to date; the participation rate (took part / discussed) against the year's target.

Every read costs a fixed number of queries whatever the number of teams and months: the
rows come in a few flat queries and are added up in Python.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from mysam.accounts.actor import Actor
from mysam.organisation.models import TrisamTeam
from mysam.statistics.access import require_statistics_reader
from mysam.statistics.models import TrisamMonth, TrisamTarget

MONTHS = tuple(range(1, 13))


@dataclass
class Counts:
    """Summed figures of one or more team-months."""

    discussed: int = 0
    took_part: int = 0
    new_cases: int = 0
    closed_cases: int = 0
    reports: int = 0  # how many team-months were reported

    @property
    def share(self) -> float | None:
        """Took part / discussed; None when nobody was discussed."""
        return self.took_part / self.discussed if self.discussed else None

    def add(self, row: TrisamMonth | Counts) -> None:
        self.discussed += row.discussed
        self.took_part += row.took_part
        self.new_cases += row.new_cases
        self.closed_cases += row.closed_cases
        self.reports += row.reports if isinstance(row, Counts) else 1

    def meets(self, target: TrisamTarget | None) -> bool | None:
        if target is None or self.share is None:
            return None
        return self.share >= target.share


@dataclass
class Area:
    """A team, a municipality or the county, with its months and year to date."""

    key: str
    name: str
    pk: int | None = None
    months: dict[int, Counts] = field(default_factory=dict)
    ytd: Counts = field(default_factory=Counts)
    teams: int = 0

    def add(self, month: int, row: TrisamMonth | Counts) -> None:
        self.months.setdefault(month, Counts()).add(row)
        self.ytd.add(row)

    def month_rows(self) -> list[tuple[int, Counts | None]]:
        return [(m, self.months.get(m)) for m in MONTHS]


@dataclass
class TrisamOverview:
    year: int
    years: list[int]
    target: TrisamTarget | None
    teams: list[Area]
    municipalities: list[Area]
    county: Area

    @property
    def has_figures(self) -> bool:
        return self.county.ytd.reports > 0


def trisam_years(*, association_id: int, today: datetime.date) -> list[int]:
    """Years with figures, plus the current year; newest first (one query)."""
    years = {
        d.year
        for d in TrisamMonth.objects.filter(
            team__health_centre__association_id=association_id
        ).dates("month", "year")
    }
    years.add(today.year)
    return sorted(years, reverse=True)


def trisam_target(*, association_id: int, year: int) -> TrisamTarget | None:
    return TrisamTarget.objects.filter(association_id=association_id, year=year).first()


def trisam_overview(
    *, actor: Actor, year: int | None = None, today: datetime.date | None = None
) -> TrisamOverview:
    """Every team's, municipality's and the county's figures for ``year`` (default: this
    year), with the target. Four queries. Refuses actors without a role (404)."""
    association = require_statistics_reader(actor)
    today = today or timezone.localdate()
    year = year or today.year
    teams = list(
        TrisamTeam.objects.filter(health_centre__association_id=association.pk)
        .select_related("health_centre__municipality")
        .order_by("health_centre__municipality__name", "name")
    )
    rows = TrisamMonth.objects.filter(
        team__health_centre__association_id=association.pk, month__year=year
    )
    by_team = {t.pk: Area(key=f"team-{t.pk}", name=t.name, pk=t.pk, teams=1) for t in teams}
    municipalities: dict[int, Area] = {}
    for team in teams:
        m = team.health_centre.municipality
        area = municipalities.setdefault(
            m.pk, Area(key=f"municipality-{m.pk}", name=m.name, pk=m.pk)
        )
        area.teams += 1
    county = Area(key="county", name=str(association.name), teams=len(teams))
    municipality_of = {t.pk: t.health_centre.municipality_id for t in teams}
    for row in rows:
        by_team[row.team_id].add(row.month.month, row)
        municipalities[municipality_of[row.team_id]].add(row.month.month, row)
        county.add(row.month.month, row)
    return TrisamOverview(
        year=year,
        years=trisam_years(association_id=association.pk, today=today),
        target=trisam_target(association_id=association.pk, year=year),
        teams=list(by_team.values()),
        municipalities=sorted(municipalities.values(), key=lambda a: a.name),
        county=county,
    )


@dataclass
class TeamYear:
    team: TrisamTeam
    year: int
    years: list[int]
    target: TrisamTarget | None
    area: Area
    rows: dict[int, TrisamMonth]


def trisam_team_year(
    *, actor: Actor, team: TrisamTeam, year: int, today: datetime.date | None = None
) -> TeamYear:
    """One team's twelve months of ``year`` (``team`` comes from access). Three queries."""
    association = require_statistics_reader(actor)
    today = today or timezone.localdate()
    rows = {r.month.month: r for r in TrisamMonth.objects.filter(team=team, month__year=year)}
    area = Area(key=f"team-{team.pk}", name=team.name, pk=team.pk, teams=1)
    for month, row in rows.items():
        area.add(month, row)
    return TeamYear(
        team=team,
        year=year,
        years=trisam_years(association_id=association.pk, today=today),
        target=trisam_target(association_id=association.pk, year=year),
        area=area,
        rows=rows,
    )


def trisam_targets(*, actor: Actor) -> list[TrisamTarget]:
    """The association's targets, newest year first (one query)."""
    association = require_statistics_reader(actor)
    return list(TrisamTarget.objects.filter(association=association))
