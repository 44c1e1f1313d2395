"""Test data for action plans: a small template and a plan with one version."""

from __future__ import annotations

import datetime

import factory

from mysam.organisation.models import Association, CooperationGroup
from mysam.organisation.tests.factories import AssociationFactory, CooperationGroupFactory
from mysam.plans import models


class PlanTemplateFactory(factory.django.DjangoModelFactory[models.PlanTemplate]):
    class Meta:
        model = models.PlanTemplate

    association = factory.SubFactory(AssociationFactory)
    version = factory.Sequence(lambda n: n + 1)
    name = "Mall för handlingsplan"
    is_current = True


class TargetGroupFactory(factory.django.DjangoModelFactory[models.TargetGroup]):
    class Meta:
        model = models.TargetGroup

    association = factory.SubFactory(AssociationFactory)
    name = factory.Sequence(lambda n: f"Målgrupp {n}")


def make_template(association: Association) -> models.PlanTemplate:
    """A small current template: two text sections, target groups, goals, participants,
    and two goal areas with guiding questions."""
    template = PlanTemplateFactory(association=association)
    sections = [
        ("bakgrund", "Bakgrund och förutsättningar", models.SectionKind.TEXT, "Mysam står för…"),
        ("syfte", "Syfte och målgrupper", models.SectionKind.TEXT, ""),
        ("prioriterade", "Prioriterade grupper", models.SectionKind.TARGET_GROUPS, ""),
        ("mal", "Mål och aktiviteter", models.SectionKind.GOALS, ""),
        ("budget", "Budget", models.SectionKind.BUDGET, ""),
        ("deltagare", "Deltagare", models.SectionKind.PARTICIPANTS, ""),
    ]
    for order, (key, title, kind, text) in enumerate(sections, start=1):
        models.TemplateSection.objects.create(
            template=template, order=order, key=key, title=title, kind=kind, default_text=text
        )
    for number, title in [(1, "Identifiera målgrupper"), (2, "Trisam")]:
        area = models.GoalArea.objects.create(template=template, number=number, title=title)
        models.GuidingQuestion.objects.create(
            goal_area=area, order=1, text=f"Vilka frågor gäller {title.lower()}?"
        )
    return template


def make_plan(
    group: CooperationGroup,
    *,
    template: models.PlanTemplate | None = None,
    year: int = 2026,
    status: str = models.VersionStatus.DRAFT,
) -> models.ActionPlan:
    """A plan with one version holding a section per text section of the template."""
    template = template or make_template(group.association)
    plan = models.ActionPlan.objects.create(
        group=group,
        template=template,
        title=f"Handlingsplan för {group.name} år {year}",
        start_year=year,
        end_year=year,
    )
    version = models.PlanVersion.objects.create(
        plan=plan,
        number=1,
        status=status,
        plan_date=datetime.date(year, 1, 15),
        adopted_at=(
            datetime.datetime(year, 2, 1, tzinfo=datetime.UTC)
            if status == models.VersionStatus.ADOPTED
            else None
        ),
    )
    for section in template.sections.all():
        models.PlanSection.objects.create(
            version=version, template_section=section, body=section.default_text
        )
    return plan


__all__ = ["CooperationGroupFactory", "make_plan", "make_template"]
