"""The funding part of the demo (`manage.py demo_data`): applications in every state,
the interventions of seed 004 (IPS, Mötesplatser, Trisam, ASF-platser, Mysam-strukturen),
the association's budgets for 2024–2026 with financing by population, the groups' budgets
(the plans demo's 2026 rows are kept; missing years are added), spending and aggregate
follow-up figures. Invented figures; nothing about any person."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from mysam.accounts.models import AssociationRole, AssociationRoleKind, User
from mysam.funding.models import (
    ApplicationStatus,
    AssociationBudget,
    FundingApplication,
    Intervention,
    InterventionKind,
    InterventionStatus,
)
from mysam.funding.services import applications as app_services
from mysam.funding.services import budgets as budget_services
from mysam.funding.services import interventions as int_services
from mysam.funding.services.applications import BudgetLineData
from mysam.organisation import demo as organisation_demo
from mysam.organisation.models import Association, CooperationGroup, Party, PartyKind
from mysam.plans.models import GroupBudget

D = datetime.date
S = ApplicationStatus
DEMO_NOTE = "Demo: samverkansmedel"
YEARS = (2024, 2025, 2026)
TOTALS = {2024: 13_400_000, 2025: 13_900_000, 2026: 14_650_000}
# Invented round population figures per municipality (the key for the municipalities' 25 %).
POPULATION = {
    "Gävle": 103_500,
    "Sandviken": 39_900,
    "Hofors": 9_400,
    "Ockelbo": 5_800,
    "Bollnäs": 26_300,
    "Ovanåker": 11_400,
    "Söderhamn": 25_200,
    "Hudiksvall": 37_800,
    "Nordanstig": 9_300,
    "Ljusdal": 18_900,
}
# Group budgets for the years the plans demo does not cover (2026 comes from plans).
GROUP_BUDGETS = {
    "Mysam Gävle": (420_000, 440_000),
    "Mysam Sandviken": (230_000, 240_000),
    "Mysam Hofors": (140_000, 145_000),
    "Mysam Ockelbo": (90_000, 95_000),
    "Mysam Bollnäs": (200_000, 210_000),
    "Mysam Ovanåker": (110_000, 115_000),
    "Mysam Söderhamn": (180_000, 180_000),
    "Mysam Ljusdal": (324_651, 320_000),
    "Mysam Hudiksvall/Nordanstig": (280_000, 290_000),
}


def _user(association: Association, role: str) -> User | None:
    row = (
        AssociationRole.objects.filter(association=association, role=role)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return row.user if row is not None else None


def _parties(association: Association, *kinds: str) -> list[Party]:
    return list(Party.objects.filter(association=association, kind__in=kinds).order_by("name"))


def _budgets(association: Association) -> None:
    municipalities = {m.name: m for m in association.municipalities.all()}
    for year in YEARS:
        budget = budget_services.association_budget_set(
            association=association, year=year, total=Decimal(TOTALS[year]), note=DEMO_NOTE
        )
        budget_services.municipality_weights_set(
            budget=budget,
            weights={
                municipalities[name]: Decimal(people)
                for name, people in POPULATION.items()
                if name in municipalities
            },
        )
    groups = {g.name: g for g in CooperationGroup.objects.filter(association=association)}
    existing = set(
        GroupBudget.objects.filter(group__association=association).values_list(
            "group__name", "year"
        )
    )
    for name, amounts in GROUP_BUDGETS.items():
        if name not in groups:
            continue
        for year, amount in zip((2024, 2025), amounts, strict=True):
            if (name, year) not in existing:
                budget_services.group_allocation_set(
                    group=groups[name], year=year, amount=Decimal(amount), note=DEMO_NOTE
                )


def _application(
    association: Association,
    *,
    title: str,
    group: CooperationGroup | None,
    status: str,
    lines: list[tuple[str, int, int]],
    purpose: str,
    target_group: str,
    start: datetime.date,
    end: datetime.date,
    parties: list[Party],
    users: dict[str, User | None],
    decided: datetime.date | None = None,
    part: int | None = None,
    conditions: str = "",
) -> FundingApplication:
    app = app_services.application_create(
        association=association,
        title=title,
        applicant_group=group,
        target_group=target_group,
        purpose=purpose,
        method="Samordnat stöd med en gemensam handläggare från parterna.",
        parties=parties,
        start_date=start,
        end_date=end,
        expected_results="Fler deltagare går vidare till arbete eller studier.",
        contact_name="Kim Exempelsson",
        contact_email="kontakt@gavleborg.example",
        budget_lines=[BudgetLineData(d, y, Decimal(a)) for d, y, a in lines],
        user=users["convener"] if group is not None else users["admin"],
    )
    if status == S.DRAFT:
        return app
    app_services.application_submit(application=app, user=users["convener"])
    if status == S.WITHDRAWN:
        return app_services.application_withdraw(
            application=app, user=users["convener"], comment="Gruppen söker i stället hösten."
        )
    if status == S.SUBMITTED:
        return app
    app_services.application_prepare(application=app, user=users["admin"])
    if status == S.PREPARATION:
        return app
    return app_services.application_decide(
        application=app,
        outcome=status,
        decision_date=decided or D(2026, 3, 12),
        amount=Decimal(part) if part is not None else None,
        conditions=conditions,
        decision_text="Styrelsen beslutar i enlighet med kansliets förslag.",
        user=users["board"],
    )


@transaction.atomic
def build(association: Association) -> str:
    """Build this app's demo rows for `association`; return a one-line summary."""
    users = {
        "admin": _user(association, AssociationRoleKind.ADMIN),
        "board": _user(association, AssociationRoleKind.BOARD),
        "convener": User.objects.filter(email=organisation_demo.CONVENER_EMAIL).first(),
    }
    groups = {g.name: g for g in CooperationGroup.objects.filter(association=association)}
    region = _parties(association, PartyKind.REGION)
    agencies = _parties(association, PartyKind.FK, PartyKind.AF)
    municipality_parties = {p.name: p for p in _parties(association, PartyKind.MUNICIPALITY)}

    def muni(*names: str) -> list[Party]:
        return [municipality_parties[n] for n in names if n in municipality_parties]

    _budgets(association)

    apps = {
        "ips": _application(
            association,
            title="IPS – individanpassat stöd till arbete, Gävle",
            group=groups.get("Mysam Gävle"),
            status=S.GRANTED,
            lines=[("IPS-coacher, 2 tjänster", 2025, 1_150_000), ("IPS-coacher", 2026, 1_180_000)],
            purpose="Stöd till arbete för personer med psykisk ohälsa enligt IPS-modellen.",
            target_group="Personer 18–64 år med psykisk ohälsa som vill arbeta.",
            start=D(2025, 1, 1),
            end=D(2026, 12, 31),
            parties=region + agencies + muni("Gävle kommun"),
            decided=D(2024, 11, 20),
            conditions="Uppföljning halvårsvis i Mysam. Slutrapport senast 2027-02-28.",
            users=users,
        ),
        "motesplatser": _application(
            association,
            title="Mötesplatser i Södra Hälsingland",
            group=groups.get("Mysam Söderhamn"),
            status=S.GRANTED_IN_PART,
            lines=[("Personal mötesplatser", 2026, 620_000), ("Lokaler", 2026, 180_000)],
            purpose="Öppna mötesplatser med vägledning mot arbete och studier.",
            target_group="Personer långt från arbetsmarknaden i Söderhamn och Bollnäs.",
            start=D(2026, 1, 1),
            end=D(2026, 12, 31),
            parties=muni("Söderhamns kommun", "Bollnäs kommun") + agencies,
            decided=D(2025, 12, 10),
            part=650_000,
            conditions="Lokalkostnaden delas av kommunerna.",
            users=users,
        ),
        "asf": _application(
            association,
            title="ASF-platser för unga vuxna",
            group=None,
            status=S.GRANTED,
            lines=[("Platser hos arbetsintegrerande sociala företag", 2026, 540_000)],
            purpose="Köpa platser hos arbetsintegrerande sociala företag (ASF).",
            target_group="Unga vuxna 18–29 år utan sysselsättning.",
            start=D(2026, 1, 1),
            end=D(2026, 12, 31),
            parties=agencies,
            decided=D(2025, 12, 10),
            users=users,
        ),
        "rejected": _application(
            association,
            title="Digital plattform för deltagare",
            group=groups.get("Mysam Sandviken"),
            status=S.REJECTED,
            lines=[("Licenser", 2026, 260_000)],
            purpose="En app där deltagarna följer sin planering.",
            target_group="Deltagare i samordnade insatser.",
            start=D(2026, 3, 1),
            end=D(2026, 12, 31),
            parties=muni("Sandvikens kommun"),
            decided=D(2026, 3, 12),
            users=users,
        ),
        "preparation": _application(
            association,
            title="Samordnad rehabilitering i Ljusdal",
            group=groups.get("Mysam Ljusdal"),
            status=S.PREPARATION,
            lines=[("Samordnare", 2027, 480_000)],
            purpose="En samordnare för personer med långvarig sjukskrivning.",
            target_group="Långtidssjukskrivna 16–64 år.",
            start=D(2027, 1, 1),
            end=D(2027, 12, 31),
            parties=muni("Ljusdals kommun") + region,
            users=users,
        ),
        "submitted": _application(
            association,
            title="Språkstöd på arbetsplatsen, Bollnäs",
            group=groups.get("Mysam Bollnäs"),
            status=S.SUBMITTED,
            lines=[("Språkhandledare", 2027, 310_000)],
            purpose="Språkstöd för nyanlända under praktik.",
            target_group="Nyanlända 20–64 år i etableringen.",
            start=D(2027, 1, 1),
            end=D(2027, 12, 31),
            parties=muni("Bollnäs kommun") + agencies,
            users=users,
        ),
        "draft": _application(
            association,
            title="Hälsoskola i Hofors",
            group=groups.get("Mysam Hofors"),
            status=S.DRAFT,
            lines=[("Kursledare", 2027, 95_000)],
            purpose="En hälsoskola för personer med långvarig smärta.",
            target_group="Personer 25–64 år med långvarig smärta.",
            start=D(2027, 2, 1),
            end=D(2027, 11, 30),
            parties=muni("Hofors kommun") + region,
            users=users,
        ),
        "withdrawn": _application(
            association,
            title="Friskvårdsträffar i Ockelbo",
            group=groups.get("Mysam Ockelbo"),
            status=S.WITHDRAWN,
            lines=[("Ledare", 2026, 40_000)],
            purpose="Gemensamma friskvårdsträffar.",
            target_group="Deltagare i arbetsträning.",
            start=D(2026, 9, 1),
            end=D(2026, 12, 31),
            parties=muni("Ockelbo kommun"),
            users=users,
        ),
    }

    Kind, St = InterventionKind, InterventionStatus
    interventions = [
        # name, kind, status, start, end, application, parties, {year: budget}, spending
        (
            "IPS Gävle",
            Kind.INDIVIDUAL,
            St.ONGOING,
            D(2025, 1, 1),
            D(2026, 12, 31),
            apps["ips"],
            region + agencies + muni("Gävle kommun"),
            {2025: 1_150_000, 2026: 1_180_000},
            [(D(2025, 6, 30), 560_000), (D(2025, 12, 15), 575_000), (D(2026, 6, 30), 590_000)],
        ),
        (
            "Mötesplatser Södra Hälsingland",
            Kind.INDIVIDUAL,
            St.ONGOING,
            D(2026, 1, 1),
            D(2026, 12, 31),
            apps["motesplatser"],
            muni("Söderhamns kommun", "Bollnäs kommun") + agencies,
            {2026: 650_000},
            [(D(2026, 4, 30), 160_000), (D(2026, 8, 31), 170_000)],
        ),
        (
            "ASF-platser",
            Kind.INDIVIDUAL,
            St.ONGOING,
            D(2026, 1, 1),
            D(2026, 12, 31),
            apps["asf"],
            agencies,
            {2026: 540_000},
            [(D(2026, 3, 31), 135_000), (D(2026, 6, 30), 135_000), (D(2026, 9, 30), 135_000)],
        ),
        (
            "Trisam – tidig samordnad rehabilitering",
            Kind.STRUCTURAL,
            St.ONGOING,
            D(2024, 1, 1),
            None,
            None,
            region + agencies,
            {2024: 900_000, 2025: 950_000, 2026: 980_000},
            [(D(2024, 12, 15), 880_000), (D(2025, 12, 15), 990_000), (D(2026, 6, 30), 470_000)],
        ),
        (
            "Mysam-strukturen",
            Kind.STRUCTURAL,
            St.ONGOING,
            D(2024, 1, 1),
            None,
            None,
            region + agencies + list(municipality_parties.values()),
            {2024: 600_000, 2025: 620_000, 2026: 640_000},
            [(D(2024, 12, 20), 590_000), (D(2025, 12, 20), 612_000), (D(2026, 9, 30), 410_000)],
        ),
    ]
    made: dict[str, Intervention] = {}
    for name, kind, status, start, end, app, parties, budgets, spending in interventions:
        row = int_services.intervention_create(
            association=association,
            name=name,
            kind=kind,
            status=status,
            start_date=start,
            end_date=end,
            application=app,
            parties=parties,
            description="Demo: påhittade belopp och siffror.",
        )
        made[name] = row
        for year, amount in budgets.items():
            int_services.intervention_budget_set(
                intervention=row, year=year, amount=Decimal(amount)
            )
        for day, amount in spending:
            int_services.intervention_spending_add(
                intervention=row,
                date=day,
                amount=Decimal(amount),
                description="Utbetalning enligt beslut",
                user=users["admin"],
            )

    follow_up = {
        "IPS Gävle": [
            (2025, 1, (14, 9, 1), (3, 2, 0), (2, 1, 1, 1)),
            (2025, 2, (11, 8, 0), (7, 5, 1), (5, 3, 2, 3)),
            (2026, 1, (12, 10, 1), (8, 6, 0), (6, 3, 2, 3)),
        ],
        "Mötesplatser Södra Hälsingland": [
            (2026, 1, (22, 15, 2), (6, 4, 1), (2, 3, 3, 3)),
        ],
        "ASF-platser": [
            (2026, 1, (6, 9, 0), (2, 3, 0), (3, 1, 0, 1)),
        ],
    }
    for name, periods in follow_up.items():
        for year, half, started, finished, outcomes in periods:
            int_services.follow_up_set(
                intervention=made[name],
                year=year,
                half=half,
                counts={
                    "started_women": started[0],
                    "started_men": started[1],
                    "started_other": started[2],
                    "finished_women": finished[0],
                    "finished_men": finished[1],
                    "finished_other": finished[2],
                    "to_work": outcomes[0],
                    "to_studies": outcomes[1],
                    "to_rehabilitation": outcomes[2],
                    "to_other": outcomes[3],
                },
            )
    return (
        f"Funding: {len(apps)} applications, {len(made)} interventions, "
        f"budgets for {YEARS[0]}–{YEARS[-1]}."
    )


@transaction.atomic
def remove() -> None:
    """Delete this app's demo rows (before the organisation demo removes what they use)."""
    slugs = [organisation_demo.GAVLEBORG_SLUG, organisation_demo.EXEMPEL_SLUG]
    Intervention.objects.filter(association__slug__in=slugs).delete()
    FundingApplication.objects.filter(association__slug__in=slugs).delete()
    AssociationBudget.objects.filter(association__slug__in=slugs).delete()
    GroupBudget.objects.filter(group__association__slug__in=slugs, note=DEMO_NOTE).delete()
