"""The objects the funding rows of the permissions table (docs/permissions/funding.md) are
requested for, built in the tested association."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from mysam.funding.models import ApplicationStatus
from mysam.funding.services import applications as app_services
from mysam.funding.services import budgets as budget_services
from mysam.funding.services import interventions as int_services
from mysam.funding.tests import factories


def objects(world: Any) -> dict[str, Callable[[], dict[str, Any]]]:
    def application(status: str) -> dict[str, Any]:
        app = factories.application(association=world.association, group=world.group, status=status)
        return {"pk": app.pk}

    def attachment() -> dict[str, Any]:
        app = factories.application(association=world.association, group=world.group)
        row = app_services.attachment_add(
            application=app,
            file=SimpleUploadedFile("budget.txt", b"Budget", content_type="text/plain"),
        )
        return {"pk": row.pk}

    def spending() -> dict[str, Any]:
        ips = factories.intervention(association=world.association)
        row = int_services.intervention_spending_add(
            intervention=ips,
            date=datetime.date(2026, 2, 1),
            amount=Decimal("1000"),
            description="Handledning",
        )
        return {"pk": row.pk}

    def year() -> dict[str, Any]:
        budget_services.association_budget_set(
            association=world.association, year=2026, total=Decimal("10000000")
        )
        return {"year": 2026}

    return {
        "funding_draft": lambda: application(ApplicationStatus.DRAFT),
        "funding_submitted": lambda: application(ApplicationStatus.SUBMITTED),
        "funding_preparation": lambda: application(ApplicationStatus.PREPARATION),
        "funding_decided": lambda: application(ApplicationStatus.GRANTED_IN_PART),
        "funding_attachment": attachment,
        "funding_intervention": lambda: {
            "pk": factories.intervention(association=world.association).pk
        },
        "funding_spending": spending,
        "funding_year": year,
    }
