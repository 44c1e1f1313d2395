"""The funding demo: applications in every state, the seed's interventions, three years
of budgets whose financing adds up, and a clean removal."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from mysam.funding import demo
from mysam.funding.models import (
    ApplicationStatus,
    AssociationBudget,
    FollowUpPeriod,
    FundingApplication,
    Intervention,
)
from mysam.funding.selectors.budgets import budget_overview
from mysam.organisation import demo as organisation_demo
from mysam.plans import demo as plans_demo
from mysam.plans.models import GroupBudget


@pytest.fixture
def built(db):  # type: ignore[no-untyped-def]
    result = organisation_demo.demo_build()
    plans_demo.plans_demo_build(result.gavleborg)
    summary = demo.build(result.gavleborg)
    return result.gavleborg, summary


def test_the_demo_has_applications_in_every_state(built):
    association, summary = built
    states = set(
        FundingApplication.objects.filter(association=association).values_list("status", flat=True)
    )
    assert states == set(ApplicationStatus.values)
    assert "8 applications" in summary


def test_the_demo_has_the_seed_interventions_with_follow_up(built):
    association, _summary = built
    names = set(Intervention.objects.filter(association=association).values_list("name", flat=True))
    for word in ("IPS", "Mötesplatser", "Trisam", "ASF", "Mysam-strukturen"):
        assert any(word in n for n in names), word
    assert FollowUpPeriod.objects.filter(intervention__association=association).count() == 5


def test_the_demo_budgets_add_up_and_keep_the_plans_group_budgets(built):
    association, _summary = built
    assert list(
        AssociationBudget.objects.filter(association=association)
        .order_by("year")
        .values_list("year", flat=True)
    ) == [2024, 2025, 2026]
    hofors_2026 = GroupBudget.objects.get(group__name="Mysam Hofors", year=2026)
    assert hofors_2026.amount == Decimal("150000.00")  # the plans demo's row, untouched
    assert GroupBudget.objects.get(group__name="Mysam Ljusdal", year=2024).amount == Decimal(
        "324651.00"
    )
    overview = budget_overview(
        association=association, year=2026, today=datetime.date(2026, 11, 23)
    )
    assert sum(r.amount for r in overview.financing) == overview.total
    assert overview.municipalities_total == overview.financing[2].amount
    assert len(overview.municipalities) == 10
    assert overview.warnings  # money left unspent after 1 October


def test_remove_deletes_it_all(built):
    association, _summary = built
    demo.remove()
    assert not FundingApplication.objects.filter(association=association).exists()
    assert not Intervention.objects.filter(association=association).exists()
    assert not AssociationBudget.objects.filter(association=association).exists()
    assert not GroupBudget.objects.filter(note=demo.DEMO_NOTE).exists()
    assert GroupBudget.objects.filter(group__association=association, year=2026).exists()
