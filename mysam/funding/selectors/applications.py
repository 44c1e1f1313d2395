"""Reads of funding applications.

For other apps (API, dashboards): ``application_list(actor=...)`` (or
``application_rows(queryset=...)`` for an association-wide queryset) returns rows with the
requested total already summed; ``status_counts(association=...)`` counts per status.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from mysam.accounts.actor import Actor
from mysam.funding import access
from mysam.funding.models import (
    ApplicationAttachment,
    ApplicationEvent,
    ApplicationStatus,
    BudgetLine,
    FundingApplication,
    Intervention,
)
from mysam.organisation.models import Association, Party

_MONEY = DecimalField(max_digits=14, decimal_places=2)


def with_requested(queryset: QuerySet[FundingApplication]) -> QuerySet[FundingApplication]:
    """Annotate ``requested`` (the sum of the budget lines) without multiplying rows."""
    lines = (
        BudgetLine.objects.filter(application_id=OuterRef("pk"))
        .order_by()
        .values("application_id")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return queryset.annotate(
        requested=Coalesce(Subquery(lines, output_field=_MONEY), Value(Decimal("0.00")))
    )


def application_rows(
    *, queryset: QuerySet[FundingApplication], status: str | None = None
) -> list[FundingApplication]:
    """The applications of ``queryset`` (newest first) with ``requested`` and the group
    loaded. One query."""
    if status:
        queryset = queryset.filter(status=status)
    return list(
        with_requested(queryset).select_related("applicant_group").order_by("-created_at", "-pk")
    )


def application_list(*, actor: Actor, status: str | None = None) -> list[FundingApplication]:
    """The applications the actor may read, optionally of one status. One query (plus the
    actor's group roles, read once per request)."""
    return application_rows(queryset=access.visible_applications(actor), status=status)


def status_counts(*, association: Association) -> dict[str, int]:
    """How many applications of the association are in each status (every status present,
    0 when none). One query."""
    counts = dict.fromkeys(ApplicationStatus.values, 0)
    rows = (
        FundingApplication.objects.filter(association=association)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    for status, n in rows:
        counts[status] = n
    return counts


@dataclass
class ApplicationPage:
    application: FundingApplication
    lines: list[BudgetLine]
    parties: list[Party]
    attachments: list[ApplicationAttachment]
    events: list[ApplicationEvent]
    interventions: list[Intervention]
    years: dict[int, Decimal] = field(default_factory=dict)

    @property
    def requested(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))


def application_page(*, application: FundingApplication) -> ApplicationPage:
    """Everything shown on an application's page: budget lines (with a total per year),
    parties, attachments, the history with who did what, and the interventions it funds.
    Five queries."""
    lines = list(application.budget_lines.all())
    years: dict[int, Decimal] = {}
    for line in lines:
        years[line.year] = years.get(line.year, Decimal("0.00")) + line.amount
    return ApplicationPage(
        application=application,
        lines=lines,
        parties=list(application.parties.all()),
        attachments=list(application.attachments.all()),
        events=list(application.events.select_related("user")),
        interventions=list(application.interventions.all()),
        years=dict(sorted(years.items())),
    )
