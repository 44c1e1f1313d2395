"""The funding services: the application flow and its refusals, exact money, the financing
split and the allocations through plans.GroupBudget."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from mysam.funding.models import ApplicationEvent, ApplicationStatus, MunicipalityKey
from mysam.funding.money import split
from mysam.funding.selectors.budgets import financing_split
from mysam.funding.services import applications as services
from mysam.funding.services import budgets as budget_services
from mysam.funding.services import interventions as int_services
from mysam.funding.tests import factories
from mysam.organisation.tests.factories import MunicipalityFactory
from mysam.plans.models import GroupBudget

pytestmark = pytest.mark.django_db

S = ApplicationStatus


def test_the_flow_keeps_a_history_with_who_and_when(world):
    admin = world.users["admin"]
    app = factories.application(association=world.association, group=world.group)
    services.application_submit(application=app, user=world.users["convener"], comment="Klar")
    services.application_prepare(application=app, user=admin)
    services.application_decide(
        application=app,
        outcome=S.GRANTED,
        decision_date=datetime.date(2026, 3, 1),
        user=world.users["board"],
    )
    events = list(ApplicationEvent.objects.filter(application=app).order_by("at", "pk"))
    assert [(e.from_status, e.to_status) for e in events] == [
        ("", S.DRAFT),
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.PREPARATION),
        (S.PREPARATION, S.GRANTED),
    ]
    assert events[1].user == world.users["convener"] and events[1].comment == "Klar"
    assert events[3].user == world.users["board"]


def test_a_full_grant_is_the_exact_requested_total(world):
    app = factories.application(
        association=world.association, status=S.GRANTED, amounts=("0.10", "0.20", "324651.00")
    )
    assert app.granted_amount == Decimal("324651.30")


@pytest.mark.parametrize(
    ("outcome", "amount"),
    [
        (S.GRANTED, Decimal("1")),  # full grant must equal the requested total
        (S.GRANTED_IN_PART, None),
        (S.GRANTED_IN_PART, Decimal("0")),
        (S.GRANTED_IN_PART, Decimal("200000.50")),  # the whole total is not "in part"
        (S.REJECTED, Decimal("5")),
        ("approved", None),
    ],
)
def test_the_decision_refuses_an_amount_that_does_not_fit(world, outcome, amount):
    app = factories.application(association=world.association, status=S.PREPARATION)
    with pytest.raises(ValidationError):
        services.application_decide(
            application=app, outcome=outcome, amount=amount, decision_date=datetime.date(2026, 3, 1)
        )
    app.refresh_from_db()
    assert app.status == S.PREPARATION


def test_a_grant_in_part_stores_the_amount(world):
    app = factories.application(association=world.association, status=S.GRANTED_IN_PART)
    assert app.granted_amount == Decimal("100000.25")
    assert app.status == S.GRANTED_IN_PART


@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.REJECTED, S.WITHDRAWN])
def test_only_an_application_in_preparation_can_be_decided(world, status):
    app = factories.application(association=world.association, status=status)
    with pytest.raises(ValidationError):
        services.application_decide(
            application=app, outcome=S.REJECTED, decision_date=datetime.date(2026, 3, 1)
        )


def test_steps_from_the_wrong_status_are_refused(world):
    draft = factories.application(association=world.association)
    with pytest.raises(ValidationError):
        services.application_prepare(application=draft)
    submitted = factories.application(association=world.association, status=S.SUBMITTED)
    with pytest.raises(ValidationError):
        services.application_submit(application=submitted)
    granted = factories.application(association=world.association, status=S.GRANTED)
    with pytest.raises(ValidationError):
        services.application_withdraw(application=granted)
    with pytest.raises(ValidationError):
        services.application_update(
            application=granted,
            title="x",
            applicant_group=None,
            target_group="x",
            purpose="x",
            start_date=datetime.date(2026, 1, 1),
            end_date=datetime.date(2026, 1, 1),
            contact_name="x",
        )


def test_a_draft_without_budget_lines_cannot_be_submitted(world):
    app = factories.application(association=world.association, amounts=())
    with pytest.raises(ValidationError):
        services.application_submit(application=app)


def test_a_decision_in_the_future_and_on_behalf_without_text_are_refused(world):
    app = factories.application(association=world.association, status=S.PREPARATION)
    with pytest.raises(ValidationError):
        services.application_decide(
            application=app, outcome=S.REJECTED, decision_date=datetime.date(2999, 1, 1)
        )
    with pytest.raises(ValidationError) as info:
        services.application_decide(
            application=app,
            outcome=S.REJECTED,
            decision_date=datetime.date(2026, 3, 1),
            on_behalf_of_board=True,
        )
    assert "decision_text" in info.value.message_dict


def test_sending_back_needs_a_comment_and_makes_a_draft(world):
    app = factories.application(association=world.association, status=S.SUBMITTED)
    with pytest.raises(ValidationError):
        services.application_return_to_draft(application=app, comment=" ")
    services.application_return_to_draft(application=app, comment="Komplettera budgeten")
    app.refresh_from_db()
    assert app.status == S.DRAFT


def test_budget_lines_outside_the_period_or_of_another_association_are_refused(world):
    with pytest.raises(ValidationError):
        factories.application(association=world.association, group=world.other_group)
    with pytest.raises(ValidationError):
        services.application_create(
            association=world.association,
            title="x",
            applicant_group=None,
            target_group="x",
            purpose="x",
            start_date=datetime.date(2026, 1, 1),
            end_date=datetime.date(2026, 12, 31),
            contact_name="x",
            budget_lines=[services.BudgetLineData("x", 2030, Decimal("1"))],
        )


def test_split_sums_exactly_with_largest_remainder():
    parts = split(Decimal("100.00"), [Decimal(1), Decimal(1), Decimal(1)])
    assert parts == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert sum(parts) == Decimal("100.00")
    parts = split(Decimal("1000000.01"), [Decimal("21873"), Decimal("9512"), Decimal("5490")])
    assert sum(parts) == Decimal("1000000.01")
    assert split(Decimal("10"), [Decimal(0), Decimal(0)]) == [Decimal("0.00")] * 2


def test_the_financing_split_adds_up_to_the_total(world):
    budget = budget_services.association_budget_set(
        association=world.association, year=2026, total=Decimal("12345678.91")
    )
    rows = financing_split(budget)
    assert [r.amount for r in rows] == [
        Decimal("6172839.45"),  # 617 283 945,5 öre: remainder ,5
        Decimal("3086419.73"),  # 308 641 972,75 öre: the two largest remainders get an öre
        Decimal("3086419.73"),
    ]
    assert sum(r.amount for r in rows) == budget.total


def test_shares_must_add_up_to_100(world):
    with pytest.raises(ValidationError):
        budget_services.association_budget_set(
            association=world.association,
            year=2026,
            total=Decimal("1"),
            state_share=Decimal("50"),
            region_share=Decimal("30"),
            municipality_share=Decimal("25"),
        )


def test_agreed_municipality_shares_must_add_up_to_100(world):
    budget = budget_services.association_budget_set(
        association=world.association,
        year=2026,
        total=Decimal("1000"),
        municipality_key=MunicipalityKey.SHARE,
    )
    other = MunicipalityFactory(association=world.association, county_part=world.county_part)
    with pytest.raises(ValidationError):
        budget_services.municipality_weights_set(
            budget=budget, weights={world.municipality: Decimal("60"), other: Decimal("30")}
        )
    rows = budget_services.municipality_weights_set(
        budget=budget, weights={world.municipality: Decimal("70"), other: Decimal("30")}
    )
    assert len(rows) == 2


def test_group_allocations_are_the_plans_group_budgets(world):
    budget_services.group_allocation_set(group=world.group, year=2026, amount=Decimal("324651"))
    budget_services.group_allocation_set(group=world.group, year=2026, amount=Decimal("300000"))
    rows = GroupBudget.objects.filter(group=world.group)
    assert [(r.year, r.amount) for r in rows] == [(2026, Decimal("300000.00"))]
    with pytest.raises(ValidationError):
        budget_services.group_allocations_set(
            association=world.association,
            year=2026,
            amounts={world.other_group: Decimal("1")},
        )


def test_follow_up_refuses_more_finished_than_started_and_negative_counts(world):
    ips = factories.intervention(association=world.association)
    with pytest.raises(ValidationError):
        int_services.follow_up_set(
            intervention=ips, year=2026, half=1, counts={"started_women": 2, "finished_women": 3}
        )
    with pytest.raises(ValidationError):
        int_services.follow_up_set(intervention=ips, year=2026, half=1, counts={"started_men": -1})
    with pytest.raises(ValidationError):
        int_services.follow_up_set(
            intervention=ips,
            year=2026,
            half=1,
            counts={"started_men": 4, "finished_men": 2, "to_work": 2, "to_studies": 1},
        )
    int_services.follow_up_set(
        intervention=ips, year=2026, half=1, counts={"started_men": 4, "finished_men": 1}
    )
    # Those who started in the first half may finish in the second.
    row = int_services.follow_up_set(
        intervention=ips,
        year=2026,
        half=2,
        counts={"finished_men": 3, "to_work": 2, "to_other": 1},
    )
    assert (row.started, row.finished, row.outcomes) == (0, 3, 3)
    with pytest.raises(ValidationError):  # a whole-year row beside half-years
        int_services.follow_up_set(intervention=ips, year=2026, half=0, counts={})


def test_an_intervention_is_individual_or_structural_and_funded_only_by_a_grant(world):
    with pytest.raises(ValidationError):
        factories.intervention(association=world.association, kind="mixed")
    draft = factories.application(association=world.association)
    with pytest.raises(ValidationError):
        factories.intervention(association=world.association, application=draft)
    granted = factories.application(association=world.association, status=S.GRANTED)
    ips = factories.intervention(association=world.association, application=granted)
    assert ips.application == granted


def test_spending_on_an_intervention_is_positive_and_exact(world):
    ips = factories.intervention(association=world.association)
    with pytest.raises(ValidationError):
        int_services.intervention_spending_add(
            intervention=ips, date=datetime.date(2026, 2, 1), amount=Decimal("0"), description="x"
        )
    row = int_services.intervention_spending_add(
        intervention=ips, date=datetime.date(2026, 2, 1), amount=Decimal("0.1"), description="x"
    )
    assert row.amount == Decimal("0.10")
