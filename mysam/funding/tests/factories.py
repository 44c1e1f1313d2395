"""Builders of funding rows for tests (through the services, so the rules hold)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from mysam.funding.models import ApplicationStatus, FundingApplication, Intervention
from mysam.funding.services import applications as app_services
from mysam.funding.services import interventions as int_services
from mysam.funding.services.applications import BudgetLineData
from mysam.organisation.models import Association, CooperationGroup

YEAR = 2026


def application(
    *,
    association: Association,
    group: CooperationGroup | None = None,
    status: str = ApplicationStatus.DRAFT,
    amounts: tuple[str, ...] = ("120000.00", "80000.50"),
    title: str = "IPS i Hofors",
    decided: datetime.date | None = None,
    **kwargs: Any,
) -> FundingApplication:
    """An application in ``status`` with budget lines of ``amounts`` (years 2026, 2027…)."""
    app = app_services.application_create(
        association=association,
        title=title,
        applicant_group=group,
        target_group="Unga vuxna 16–29 år utan sysselsättning",
        purpose="Fler i arbete",
        start_date=datetime.date(YEAR, 1, 1),
        end_date=datetime.date(YEAR + 1, 12, 31),
        contact_name="Anna Andersson",
        budget_lines=[
            BudgetLineData(description=f"Rad {n}", year=YEAR + (n % 2), amount=Decimal(a))
            for n, a in enumerate(amounts)
        ],
        **kwargs,
    )
    if status == ApplicationStatus.DRAFT:
        return app
    app = app_services.application_submit(application=app)
    if status == ApplicationStatus.SUBMITTED:
        return app
    if status == ApplicationStatus.WITHDRAWN:
        return app_services.application_withdraw(application=app)
    app = app_services.application_prepare(application=app)
    if status == ApplicationStatus.PREPARATION:
        return app
    total = sum((Decimal(a) for a in amounts), Decimal(0))
    return app_services.application_decide(
        application=app,
        outcome=status,
        decision_date=decided or datetime.date(YEAR, 3, 1),
        amount=(total / 2).quantize(Decimal("0.01"))
        if status == ApplicationStatus.GRANTED_IN_PART
        else None,
        conditions="Redovisning senast 31 januari.",
        decision_text="Styrelsen beslutar enligt förslaget.",
    )


def intervention(
    *, association: Association, name: str = "IPS", kind: str = "individual", **kwargs: Any
) -> Intervention:
    return int_services.intervention_create(
        association=association,
        name=name,
        kind=kind,
        start_date=kwargs.pop("start_date", datetime.date(YEAR - 1, 1, 1)),
        status=kwargs.pop("status", "ongoing"),
        **kwargs,
    )
