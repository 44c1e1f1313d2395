"""Rows in every API table for one association, ``size`` of each, built directly (the tests
read them; the domain services are tested in their own apps)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from mysam.conftest import World
from mysam.funding import models as fund
from mysam.funding.tests.factories import application
from mysam.meetings.models import Attendance, AttendanceStatus
from mysam.meetings.tests.factories import make_meeting
from mysam.organisation.tests import factories as f
from mysam.plans.models import Activity, GroupBudget, PlanGoal, PlanTemplate, Spending
from mysam.plans.tests.factories import make_plan, make_template
from mysam.statistics import models as stats
from mysam.surveys.models import (
    Audience,
    Item,
    ItemKind,
    Measurement,
    MeasurementStatus,
    Question,
    Questionnaire,
    Section,
)


def populate(world: World, size: int) -> None:
    assoc = world.association
    template = PlanTemplate.objects.filter(association=assoc).first() or make_template(assoc)
    # Years must be unique per association: continue after the rows of an earlier call.
    first = 2030 + fund.AssociationBudget.objects.filter(association=assoc).count()
    for n in range(size):
        part = f.CountyPartFactory(association=assoc)
        municipality = f.MunicipalityFactory(association=assoc, county_part=part)
        party = f.PartyFactory(association=assoc)
        f.UnitFactory(party=party, municipality=municipality)
        group = f.CooperationGroupFactory(association=assoc, municipalities=[municipality])
        meeting = make_meeting(world.group, day=datetime.date(2026, 2, 1 + n), with_agenda=False)
        Attendance.objects.create(
            meeting=meeting, person=world.people["member"], status=AttendanceStatus.PRESENT
        )
        plan = make_plan(group, template=template, year=2026)
        goal = PlanGoal.objects.create(
            version=plan.versions.get(), goal_area=template.goal_areas.first(), text="Mål"
        )
        Activity.objects.create(goal=goal, title=f"Aktivitet {n}", planned_amount=Decimal("1500"))
        GroupBudget.objects.create(group=group, year=2026, amount=Decimal("324651"))
        Spending.objects.create(
            plan=plan, date=datetime.date(2026, 3, 1), amount=Decimal("99.50"), description="X"
        )
        app = application(association=assoc, group=group, title=f"Ansökan {first + n}")
        intervention = fund.Intervention.objects.create(
            association=assoc,
            name=f"Insats {first + n}",
            kind=fund.InterventionKind.INDIVIDUAL,
            group=group,
            application=app,
            start_date=datetime.date(2026, 1, 1),
        )
        fund.InterventionBudget.objects.create(
            intervention=intervention, year=2026, amount=Decimal("1000")
        )
        fund.InterventionSpending.objects.create(
            intervention=intervention,
            date=datetime.date(2026, 4, 1),
            amount=Decimal("250.25"),
            description="Lön",
        )
        fund.FollowUpPeriod.objects.create(
            intervention=intervention, year=2026, started_women=3, finished_men=1
        )
        budget = fund.AssociationBudget.objects.create(
            association=assoc, year=first + n, total=Decimal("4000000")
        )
        fund.MunicipalityWeight.objects.create(
            budget=budget, municipality=municipality, weight=Decimal("10")
        )
        centre = f.HealthCentreFactory(association=assoc, municipality=municipality)
        team = f.TrisamTeamFactory(health_centre=centre, group=group)
        stats.TrisamMonth.objects.create(
            team=team, month=datetime.date(2026, 1, 1), discussed=10, took_part=8
        )
        stats.TrisamTarget.objects.create(association=assoc, year=first + n, percent=80)
        measure = stats.PopulationMeasure.objects.create(
            association=assoc, name=f"Mått {first + n}"
        )
        measurement = Measurement.objects.create(
            association=assoc, name=f"Mätning {first + n}", status=MeasurementStatus.CLOSED
        )
        questionnaire = Questionnaire.objects.create(
            measurement=measurement, audience=Audience.MANAGERS, title="Chefer"
        )
        item = Item.objects.create(
            association=assoc, code=f"fraga-{first + n}", text="Vi lyssnar", kind=ItemKind.YES_NO
        )
        Question.objects.create(
            questionnaire=questionnaire,
            section=Section.objects.create(questionnaire=questionnaire, title="Del 1"),
            item=item,
        )
        stats.PopulationFigure.objects.create(
            measure=measure, municipality=municipality, year=2025, value=Decimal("1234")
        )
