"""The dashboard of the office and the board: one read that gathers the headline figures
of every area from that area's own selectors, so each figure means here what it means on
its detail page.

- plans: groups with an adopted plan / a draft only / no plan for the year, and overdue
  activities (mysam.plans.selectors.county.county_overview);
- meetings: attendance over twelve months, unapproved minutes, overdue action items
  (mysam.meetings.selectors.dashboard.dashboard_overview);
- funding: granted, budget, spent and remaining for the year
  (mysam.funding.selectors.overview.funding_summary);
- Trisam: the county's year-to-date rate against the year's target
  (mysam.statistics.selectors.trisam.trisam_overview);
- surveys: the latest measurement's response rate per questionnaire and, for at most
  ``MAX_HEADLINES`` scale items, the share of high values
  (mysam.insights.selectors.results; suppression applies there: a hidden total stays
  hidden here).

A fixed number of queries whatever the amount of data (each part has its own fixed count;
the survey part is capped by ``MAX_HEADLINES``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from mysam.accounts.actor import Actor
from mysam.funding.selectors.overview import FundingSummary, funding_summary
from mysam.insights.selectors.results import item_distribution, measurement_summary
from mysam.meetings import access as meetings_access
from mysam.meetings.selectors.dashboard import Dashboard as MeetingsDashboard
from mysam.meetings.selectors.dashboard import dashboard_overview as meetings_overview
from mysam.plans.selectors.county import ADOPTED, DRAFT, NONE, REVISING, county_overview
from mysam.statistics.models import TrisamTarget
from mysam.statistics.selectors.trisam import Counts, trisam_overview
from mysam.surveys.models import Measurement, MeasurementStatus, Question
from mysam.surveys.models.items import SCALE_KINDS

MAX_HEADLINES = 6


@dataclass
class PlanFigures:
    adopted: int
    draft: int
    none: int
    overdue: int


@dataclass
class TrisamFigures:
    year: int
    county: Counts
    target: TrisamTarget | None

    @property
    def meets_target(self) -> bool | None:
        return self.county.meets(self.target)


@dataclass
class Headline:
    question: Question
    high_share: float | None  # None when hidden (too few answers) or no valid answers
    n: int | None
    hidden: bool


@dataclass
class ResponseRate:
    name: str
    answered: int
    invited: int
    rate: float | None


@dataclass
class SurveyFigures:
    measurement: Measurement
    rates: list[ResponseRate] = field(default_factory=list)
    headlines: list[Headline] = field(default_factory=list)


@dataclass
class DashboardData:
    year: int
    today: datetime.date
    plans: PlanFigures
    meetings: MeetingsDashboard
    funding: FundingSummary
    trisam: TrisamFigures
    survey: SurveyFigures | None


def _plans(actor: Actor, year: int, today: datetime.date) -> PlanFigures:
    overview = county_overview(actor=actor, year=year, today=today)
    states = [g.state for g in overview.groups]
    return PlanFigures(
        adopted=sum(s in (ADOPTED, REVISING) for s in states),
        draft=states.count(DRAFT),
        none=states.count(NONE),
        overdue=len(overview.overdue),
    )


def _survey(association_id: int) -> SurveyFigures | None:
    measurement = (
        Measurement.objects.filter(
            association_id=association_id,
            status__in=(MeasurementStatus.OPEN, MeasurementStatus.CLOSED),
        )
        .order_by("-opens_on", "-created_at", "-pk")
        .first()
    )
    if measurement is None:
        return None
    figures = SurveyFigures(measurement=measurement)
    questions: list[Question] = []
    for summary in measurement_summary(measurement):
        figures.rates.append(
            ResponseRate(
                name=summary.questionnaire.title,
                answered=summary.complete + summary.screened_out,
                invited=summary.invited,
                rate=summary.response_rate,
            )
        )
        questions += [q for q in summary.questions if q.item.kind in SCALE_KINDS]
    for question in questions[:MAX_HEADLINES]:
        table = item_distribution(question=question)
        total = table.total
        figures.headlines.append(
            Headline(
                question=question,
                high_share=None if total.hidden else total.high_share,
                n=None if total.hidden else total.n,
                hidden=total.hidden,
            )
        )
    return figures


def dashboard_overview(*, actor: Actor, today: datetime.date | None = None) -> DashboardData:
    """Every area's headline figures for the office and the board (403 for other roles,
    404 without an association)."""
    meetings_access.require_office_or_board(actor)
    association = actor.association
    assert association is not None  # noqa: S101 (require_office_or_board checked it)
    today = today or timezone.localdate()
    year = today.year
    trisam = trisam_overview(actor=actor, year=year, today=today)
    return DashboardData(
        year=year,
        today=today,
        plans=_plans(actor, year, today),
        meetings=meetings_overview(actor=actor, today=today),
        funding=funding_summary(association=association, year=year),
        trisam=TrisamFigures(year=year, county=trisam.county.ytd, target=trisam.target),
        survey=_survey(association.pk),
    )
