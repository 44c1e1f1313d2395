"""Action plans in the demo: the default template and catalogue, the two real plans of the
seeds with invented people, and current plans for the other groups in different states.

- Mysam Gävle 2017–2018 (seed 000): version 1 adopted in 2017 and the 2018 revision
  (version 2, adopted), so the comparison of versions has something to show.
- Mysam Ljusdal 2019 (seed 001): the förstudie on mental ill-health, budget 324 651 kr and
  the year's spending.
- 2026: Gävle (2026–2027), Ljusdal, Bollnäs adopted; Hofors and Hudiksvall/Nordanstig
  adopted with a newer draft revision; Söderhamn (2025–2026) adopted twice; Sandviken and
  Ovanåker draft only; Ockelbo without a plan. Some activities are overdue; there are
  progress entries, budgets and spending.

The texts follow the seeds, shortened. Every person comes from the registry's invented
people (DOMAIN.md: real names from the seeds never go into the demo); the participant
tables are copied from the registry with the plan service's own snapshot. Rows are written
directly with explicit dates, users and lineages from a seeded generator, so the demo is
the same every time. The old plans take their participants from the registry as of
2024-01-15, because the demo's memberships start later than 2017.
"""

from __future__ import annotations

import datetime
import random
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from mysam.accounts.models import User
from mysam.organisation import demo as organisation_demo
from mysam.organisation.models import (
    Association,
    CooperationGroup,
    Membership,
    MembershipRole,
    Party,
    Person,
)
from mysam.plans import defaults, services, template_services
from mysam.plans.models import (
    ActionPlan,
    Activity,
    ActivityProgress,
    ActivityStatus,
    GoalArea,
    GroupBudget,
    PlanGoal,
    PlanSection,
    PlanTargetGroup,
    PlanTemplate,
    PlanVersion,
    SectionKind,
    Spending,
    TargetGroup,
    VersionStatus,
)

D = datetime.date
S = ActivityStatus
REGISTRY_DAY = D(2024, 1, 15)  # participants of the old plans (see the module docstring)

# Catalogue names (defaults.TARGET_GROUPS)
YOUNG = "Unga utanför arbete och studier"
MENTAL = "Personer med psykisk ohälsa"
NEW = "Nyanlända"
LONG_UNEMPLOYED = "Långtidsarbetslösa"
LOW_EDUCATION = "Personer med låg utbildning"
DIFFUSE = "Den diffusa gruppen"

REGION, FK, AF = "Region Gävleborg", "Försäkringskassan", "Arbetsförmedlingen"
KOMMUN = "kommun"  # stands for the group's (first) municipality


@dataclass(frozen=True)
class A:
    """An activity: title, responsible party (KOMMUN = the group's municipality), dates,
    status, planned amount and a description."""

    title: str
    party: str | None = None
    start: datetime.date | None = None
    due: datetime.date | None = None
    status: str = S.PLANNED
    amount: int | None = None
    description: str = ""


@dataclass(frozen=True)
class G:
    area: int
    text: str
    activities: tuple[A, ...] = ()


def _html(*paragraphs: str) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def _bullets(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


# --- Seed 000: Mysam Gävle 2017–2018 -----------------------------------------------------------

GAVLE_SECTIONS = {
    "samarbetsparter": _html(
        "Gävle kommun, Region Gävleborg, Arbetsförmedlingen och Försäkringskassan."
    ),
    "bakgrund": _html(
        "Mysam står för Myndigheter i samverkan. Mysam Gävle är en lokal chefsgrupp för "
        "fyrpartssamverkan inom rehabiliteringsområdet som verkar inom Gävle kommun. Det är en "
        "grupp på strategisk nivå bestående av chefer inom kommunens individ- och familjeomsorg, "
        "arbetsmarknadsenhet och omvårdnad om personer med funktionsnedsättning, samt "
        "primärvården, Försäkringskassan och Arbetsförmedlingen. Representanter för "
        "öppenvårdspsykiatrin, skola/elevhälsa och eventuell övrig part kan adjungeras vid behov.",
        "De fyra parterna i Mysam har ett gemensamt uppdrag att möta de utmaningar som finns "
        "lokalt inom välfärds- och rehabiliteringsområdet, med stöd av lagen om finansiell "
        "samordning av rehabiliteringsinsatser (Finsam).",
        "Under 2016 och fram till den 31 augusti 2018 är det Försäkringskassan som är "
        "sammankallande till samverkansgruppens möten, med finansiellt stöd av "
        "Samordningsförbund Gävleborg.",
    ),
    "syfte": _html(
        "På övergripande nivå vänder sig Mysam Gävle till individer 16–64 år inom kommunens "
        "geografiska område med behov av samordnad rehabilitering. Samverkansgruppens syfte är:"
    )
    + _bullets(
        "att säkerställa en tydlig struktur för samverkan inom rehabiliteringsområdet,",
        "att utveckla de lokala samverkansformerna för att stödja personer att uppnå egen "
        "försörjning.",
    ),
}
GAVLE_2018_BACKGROUND_ADDITION = (
    "Från den 1 september 2018 är en av gruppens ledamöter sammankallande. Vid översynen "
    "2018 lades fokus på den diffusa gruppen och på gemensam kompetensutveckling."
)

GAVLE_GOALS = (
    G(
        1,
        "Utöver de tre prioriterade grupperna har den ”diffusa gruppen” identifierats: våld i "
        "nära relationer, läkemedelsberoende/missbruk, HBTQ och sjuka men ej "
        "sjukpenningrätt. Psykisk ohälsa är gemensamt för grupperna, och "
        "jämställdhetsperspektivet och hedersproblematiken ska beaktas.",
        (
            A("Kartlägga behoven hos den diffusa gruppen", KOMMUN, D(2017, 2, 1), D(2017, 9, 30)),
            A(
                "Information till nyanlända om den svenska sjukvården på grundläggande nivå",
                REGION,
                D(2017, 3, 1),
                D(2017, 12, 15),
            ),
        ),
    ),
    G(
        2,
        "Andelen nyanlända med behov av försörjningsstöd ökar: en grupp att särskilt fokusera "
        "på för att få ut fler personer i ASF.",
        (
            A(
                "Följa andelen nyanlända med försörjningsstöd",
                KOMMUN,
                D(2017, 2, 1),
                D(2017, 12, 31),
            ),
        ),
    ),
    G(
        3,
        "Trisam-team på hälsocentralerna Andersberg, Sätra, Valbo, Capio Gävle, Södertull, "
        "Gävle Strand och Hamrånge.",
        (
            A(
                "Starta Trisam-team på Gävle Strand HC och Hamrånge HC",
                REGION,
                D(2017, 9, 1),
                D(2018, 3, 31),
            ),
        ),
    ),
    G(
        4,
        "ASF-perspektivet hålls levande och belyses i gruppens diskussioner.",
        (
            A(
                "Sprida kunskap om ASF inom parternas verksamheter",
                KOMMUN,
                D(2017, 1, 15),
                D(2018, 12, 31),
                S.IN_PROGRESS,
            ),
        ),
    ),
    G(
        5,
        "Söka samverkansmedel där arbetet med de prioriterade grupperna visar behov, t.ex. "
        "för kompetensutveckling eller projektutveckling.",
    ),
    G(
        6,
        "Använda de samverkansforum som redan finns och föra frågor dit de hör hemma, i "
        "stället för att skapa nya konstellationer.",
        (A("Kartlägga samverkansgrupperna i kommunen", FK, D(2017, 4, 1), D(2017, 10, 31)),),
    ),
    G(
        7,
        "Öka kunskapen bland medarbetarna om den ”diffusa gruppen”: att ställa rätt frågor om "
        "våld i nära relationer och missbruk. Kommunen driver frågan.",
        (
            A(
                "Gemensam workshop om våld i nära relationer och missbruk",
                KOMMUN,
                D(2017, 9, 1),
                D(2017, 11, 30),
            ),
        ),
    ),
    G(
        8,
        "Information från Mysams möten sprids till medarbetare och överordnade chefer, så att "
        "medarbetarna vet att gruppen finns och vilka frågor som kan lyftas dit.",
        (
            A(
                "Presentera Mysam på parternas arbetsplatsträffar",
                AF,
                D(2017, 3, 1),
                D(2017, 6, 15),
            ),
        ),
    ),
)

# --- Seed 001: Mysam Ljusdal 2019 ------------------------------------------------------------------

LJUSDAL_SECTIONS = {
    "samarbetsparter": _html(
        "Ljusdals kommun, Region Gävleborg, Arbetsförmedlingen och Försäkringskassan."
    ),
    "bakgrund": _html(
        "Mysam står för Myndigheter i samverkan. Mysam Ljusdal är en lokal chefsgrupp för "
        "fyrpartssamverkan inom rehabiliteringsområdet som verkar inom Ljusdals kommun.",
        "Mysam-gruppen avgör även vem som deltar i Trisam styrgrupp samt dess kalendarium.",
        "Under 2019 är det den av Samordningsförbundet finansierade processledaren för Mysam "
        "som är sammankallande. Den sammankallande har även uppdrag att samordna och stödja "
        "gruppen för att genomföra och identifiera insatsområden.",
    ),
    "syfte": _html(
        "På övergripande nivå vänder sig Mysam Ljusdal till individer 16–64 år inom kommunens "
        "geografiska område med behov av samordnad rehabilitering."
    ),
}
LJUSDAL_GOALS = (
    G(
        1,
        "Kartlägga behovsgruppen: långvarigt sjukskrivna personer med psykisk "
        "funktionsnedsättning, med eller utan sysselsättning, 16–64 år.",
        (
            A(
                "Kartläggning med AME, funktionsnedsättning, försörjningsstöd, "
                "ungdomsmottagningen, hälsocentralerna, psykiatrin, AF och FK",
                KOMMUN,
                D(2019, 4, 1),
                D(2019, 10, 31),
                S.DONE,
                180_000,
            ),
            A(
                "Involvera personliga ombud och brukarorganisationer i att identifiera frisk- "
                "och framgångsfaktorer",
                KOMMUN,
                D(2019, 9, 1),
                D(2019, 11, 30),
                S.DONE,
                20_000,
            ),
        ),
    ),
    G(
        5,
        "Ansöka om samverkansmedel för ”Förstudie Mysam Ljusdal – insats prioriterad målgrupp "
        "i psykisk ohälsa”: utreda förutsättningarna för insatser och metod, med målet "
        "integration på arbetsmarknaden, och upprätta en genomförandeplan.",
        (
            A(
                "Skriva och lämna in ansökan om förstudien",
                KOMMUN,
                D(2019, 1, 15),
                D(2019, 3, 31),
                S.DONE,
            ),
            A(
                "Upprätta genomförandeplan utifrån kartläggningens resultat",
                KOMMUN,
                D(2019, 11, 1),
                D(2019, 12, 31),
                S.IN_PROGRESS,
                100_000,
            ),
        ),
    ),
    G(
        7,
        "Frågan om gemensam kompetensutveckling parkeras i avvaktan på vad förstudien visar.",
        (
            A(
                "Ta ställning till kompetensutveckling när förstudien är klar",
                None,
                None,
                None,
                S.PAUSED,
            ),
        ),
    ),
    G(
        3,
        "Följa den dialog som börjat i länets Trisam-styrgrupper om att förändra och utveckla "
        "nuvarande modell av Trisam.",
        (
            A(
                "Rapport från Trisam-styrgruppen på varje möte",
                REGION,
                D(2019, 1, 1),
                D(2019, 12, 31),
                S.DONE,
            ),
        ),
    ),
)
LJUSDAL_SPENDING = (
    (D(2019, 6, 28), 95_000, "Processledning förstudie, januari–juni", 1),
    (D(2019, 10, 15), 72_500, "Kartläggning: intervjuer och analys", 0),
    (D(2019, 11, 20), 18_400, "Workshop om frisk- och framgångsfaktorer", 1),
)

# --- 2026 -----------------------------------------------------------------------------------------

CURRENT_TARGET_GROUPS: dict[str, tuple[str, ...]] = {
    "Mysam Gävle": (YOUNG, MENTAL, NEW, DIFFUSE),
    "Mysam Sandviken": (YOUNG, LONG_UNEMPLOYED),
    "Mysam Hofors": (
        MENTAL,
        LONG_UNEMPLOYED,
        "local:Personer med försörjningsstöd i mer än ett år",
    ),
    "Mysam Bollnäs": (
        YOUNG,
        LOW_EDUCATION,
        "local:Unga med neuropsykiatriska funktionsnedsättningar",
    ),
    "Mysam Ovanåker": (NEW, LONG_UNEMPLOYED),
    "Mysam Söderhamn": (MENTAL, DIFFUSE),
    "Mysam Ljusdal": (MENTAL, LONG_UNEMPLOYED, NEW, LOW_EDUCATION),
    "Mysam Hudiksvall/Nordanstig": (YOUNG, MENTAL, "local:Unga vuxna utan gymnasieexamen"),
}


def _current_goals(year: int) -> tuple[G, ...]:
    """The goals and activities most current plans share (each group gets its own statuses)."""
    return (
        G(
            1,
            "Kartlägga behoven hos gruppens prioriterade målgrupper med stöd av statistiken "
            "över samverkanspopulationen.",
            (
                A(
                    "Gå igenom samverkanspopulationen på ett möte",
                    KOMMUN,
                    D(year, 1, 15),
                    D(year, 3, 31),
                ),
            ),
        ),
        G(
            3,
            "Individen deltar i sitt eget Trisam-möte (mål 80 %), och Trisam-styrgruppen "
            "rapporterar till Mysam-gruppen.",
            (
                A(
                    "Följa upp individens delaktighet i Trisam-mötena",
                    REGION,
                    D(year, 2, 1),
                    D(year, 6, 30),
                ),
                A("Rapport från Trisam-styrgruppen", REGION, D(year, 1, 1), D(year, 12, 31)),
            ),
        ),
        G(
            5,
            "En gemensam ansökan om samverkansmedel för en insats för gruppens prioriterade "
            "målgrupper.",
            (
                A(
                    "Ta fram underlag till ansökan",
                    KOMMUN,
                    D(year, 2, 1),
                    D(year, 4, 30),
                    amount=40_000,
                ),
                A("Lämna in ansökan till förbundet", KOMMUN, D(year, 5, 1), D(year, 9, 30)),
            ),
        ),
        G(
            6,
            "Samordnad individuell plan (SIP) används när flera parter behöver samordna sina "
            "insatser.",
            (A("Kartlägga samverkansgrupperna i kommunen", FK, D(year, 3, 1), D(year, 10, 31)),),
        ),
        G(
            7,
            "Gemensam kompetensutveckling om psykisk ohälsa för parternas medarbetare.",
            (
                A(
                    "Gemensam utbildningsdag om psykisk ohälsa",
                    REGION,
                    D(year, 8, 15),
                    D(year, 10, 15),
                    amount=60_000,
                ),
            ),
        ),
        G(
            8,
            "Medarbetarna känner till Mysam-gruppen och vilka frågor som kan lyftas dit.",
            (
                A(
                    "Presentera Mysam på parternas arbetsplatsträffar",
                    AF,
                    D(year, 3, 1),
                    D(year, 6, 15),
                ),
                A(
                    "Dela goda exempel i förbundets nyhetsbrev",
                    None,
                    D(year, 9, 1),
                    D(year, 12, 15),
                ),
            ),
        ),
    )


# Status cycles: how far each group has come with the shared activities (index = activity
# number in _current_goals order). Planned or in progress with a past due date is overdue.
STATUS_CYCLES: dict[str, tuple[str, ...]] = {
    "Mysam Gävle": (S.DONE, S.DONE, S.IN_PROGRESS, S.DONE, S.DONE, S.IN_PROGRESS, S.IN_PROGRESS, S.DONE, S.PLANNED),
    "Mysam Sandviken": (S.PLANNED,) * 9,
    "Mysam Hofors": (S.DONE, S.IN_PROGRESS, S.IN_PROGRESS, S.DONE, S.PLANNED, S.IN_PROGRESS, S.PLANNED, S.DONE, S.PLANNED),
    "Mysam Bollnäs": (S.IN_PROGRESS, S.DONE, S.IN_PROGRESS, S.PLANNED, S.PLANNED, S.PAUSED, S.PLANNED, S.DONE, S.PLANNED),
    "Mysam Ovanåker": (S.DONE, S.IN_PROGRESS, S.IN_PROGRESS, S.DONE, S.PLANNED, S.DONE, S.PLANNED, S.DONE, S.PLANNED),
    "Mysam Söderhamn": (S.DONE, S.DONE, S.IN_PROGRESS, S.DONE, S.DONE, S.DONE, S.DONE, S.DONE, S.IN_PROGRESS),
    "Mysam Söderhamn 2026": (S.DONE, S.DONE, S.IN_PROGRESS, S.DONE, S.IN_PROGRESS, S.DONE, S.DONE, S.DONE, S.PLANNED),
    "Mysam Ljusdal": (S.DONE, S.DONE, S.IN_PROGRESS, S.DONE, S.IN_PROGRESS, S.IN_PROGRESS, S.DONE, S.CANCELLED, S.PLANNED),
    "Mysam Hudiksvall/Nordanstig": (S.DONE, S.IN_PROGRESS, S.IN_PROGRESS, S.DONE, S.DONE, S.PLANNED, S.IN_PROGRESS, S.DONE, S.PLANNED),
}  # fmt: skip

BUDGETS_2026 = {
    "Mysam Gävle": 450_000,
    "Mysam Sandviken": 250_000,
    "Mysam Hofors": 150_000,
    "Mysam Ockelbo": 100_000,
    "Mysam Bollnäs": 220_000,
    "Mysam Ovanåker": 120_000,
    "Mysam Söderhamn": 200_000,
    "Mysam Ljusdal": 330_000,
    "Mysam Hudiksvall/Nordanstig": 300_000,
}
SPENDING_2026: dict[str, tuple[tuple[datetime.date, float, str, int | None], ...]] = {
    # (date, amount, what, index of the activity it was spent on or None)
    "Mysam Gävle": (
        (D(2026, 4, 28), 38_500, "Underlag till ansökan: analys av statistik", 3),
        (D(2026, 10, 15), 61_200, "Utbildningsdag om psykisk ohälsa: föreläsare och lokal", 6),
        (D(2026, 3, 12), 4_350, "Fika och lokal, möte om samverkanspopulationen", None),
    ),
    "Mysam Hofors": (
        (D(2026, 4, 10), 22_000, "Underlag till ansökan", 3),
        (D(2026, 6, 2), 3_475.5, "Lokal och fika, arbetsplatsträffar", 7),
    ),
    "Mysam Bollnäs": ((D(2026, 3, 20), 12_800, "Processtöd för ansökan", 3),),
    "Mysam Söderhamn": (
        (D(2026, 4, 2), 40_000, "Underlag till ansökan", 3),
        (D(2026, 10, 10), 58_900, "Utbildningsdag om psykisk ohälsa", 6),
        (D(2025, 10, 20), 45_000, "Utbildningsdag 2025", None),
    ),
    "Mysam Ljusdal": (
        (D(2026, 4, 30), 41_250, "Underlag till ansökan", 3),
        (D(2026, 9, 18), 120_000, "Förstudie, etapp 2: kartläggning", None),
        (D(2026, 10, 15), 64_800, "Utbildningsdag om psykisk ohälsa", 6),
    ),
    "Mysam Hudiksvall/Nordanstig": (
        (D(2026, 4, 15), 35_000, "Underlag till ansökan", 3),
        (D(2026, 11, 5), 280_500, "Insats för unga vuxna: första fakturan", None),
    ),
}


# --- Building -------------------------------------------------------------------------------------


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@dataclass
class _Builder:
    association: Association
    rng: random.Random
    office: User | None
    users: dict[int, User]  # person id → user (the demo logins)
    catalogue: dict[str, TargetGroup]
    parties: dict[str, Party]
    areas: dict[tuple[int, int], GoalArea] = field(default_factory=dict)  # (template, number)
    plans: list[ActionPlan] = field(default_factory=list)

    def lineage(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def area(self, template: PlanTemplate, number: int) -> GoalArea:
        key = (template.pk, number)
        if key not in self.areas:
            for area in GoalArea.objects.filter(template=template):
                self.areas[(template.pk, area.number)] = area
        return self.areas[key]

    def people(self, group: CooperationGroup, on: datetime.date) -> list[Person]:
        return [
            m.person
            for m in Membership.objects.current(on)
            .filter(group=group, role__in=[MembershipRole.MEMBER, MembershipRole.CONVENER])
            .select_related("person", "person__party")
            .order_by("person__last_name", "person__first_name")
        ]

    def convener_user(self, group: CooperationGroup, on: datetime.date) -> User | None:
        for membership in Membership.objects.current(on).filter(
            group=group, role=MembershipRole.CONVENER
        ):
            if membership.person_id in self.users:
                return self.users[membership.person_id]
        return self.office

    def party_for(self, group: CooperationGroup, name: str | None) -> Party | None:
        if name is None:
            return None
        if name == KOMMUN:
            municipality = group.municipalities.order_by("name").first()
            return municipality.parties.first() if municipality is not None else None
        return self.parties.get(name)

    def plan(
        self,
        group: CooperationGroup,
        template: PlanTemplate,
        *,
        start: int,
        end: int,
        plan_date: datetime.date,
        sections: dict[str, str],
        target_groups: tuple[str, ...],
        goals: tuple[G, ...],
        statuses: tuple[str, ...] | None = None,
        participants_on: datetime.date | None = None,
    ) -> tuple[ActionPlan, PlanVersion]:
        by = self.convener_user(group, plan_date)
        plan = ActionPlan.objects.create(
            group=group,
            template=template,
            title=services.default_plan_title(group, start, end),
            start_year=start,
            end_year=end,
            created_at=_at(plan_date),
            created_by=by,
        )
        version = PlanVersion.objects.create(
            plan=plan, number=1, plan_date=plan_date, created_at=_at(plan_date), created_by=by
        )
        municipalities = ", ".join(
            m.parties.first().name  # type: ignore[union-attr]
            for m in group.municipalities.order_by("name")
            if m.parties.exists()
        )
        for section in template.sections.filter(kind=SectionKind.TEXT):
            body = sections.get(section.key)
            if body is None and section.key == "samarbetsparter":
                body = _html(f"{municipalities}, Region Gävleborg, Arbetsförmedlingen och "
                             "Försäkringskassan.")  # fmt: skip
            if body is None:
                body = section.default_text.replace("Mysam-gruppen är", f"{group.name} är", 1)
            PlanSection.objects.create(
                version=version,
                template_section=section,
                body=body,
                updated_at=_at(plan_date),
                updated_by=by,
            )
        for order, name in enumerate(target_groups, start=1):
            if name.startswith("local:"):
                PlanTargetGroup.objects.create(
                    version=version, local_name=name.removeprefix("local:"), order=order
                )
            else:
                PlanTargetGroup.objects.create(
                    version=version, target_group=self.catalogue[name], order=order
                )
        people = self.people(group, participants_on or plan_date)
        index = 0
        for goal_order, goal in enumerate(goals, start=1):
            plan_goal = PlanGoal.objects.create(
                version=version,
                goal_area=self.area(template, goal.area),
                lineage=self.lineage(),
                order=goal_order,
                text=goal.text,
                updated_at=_at(plan_date),
                updated_by=by,
            )
            for order, a in enumerate(goal.activities, start=1):
                party = self.party_for(group, a.party)
                person = next((p for p in people if party and p.party_id == party.pk), None)
                Activity.objects.create(
                    goal=plan_goal,
                    lineage=self.lineage(),
                    order=order,
                    title=a.title,
                    description=a.description,
                    responsible_party=party,
                    responsible_person=person,
                    start_date=a.start,
                    due_date=a.due,
                    status=statuses[index] if statuses else a.status,
                    planned_amount=Decimal(a.amount) if a.amount is not None else None,
                    updated_at=_at(plan_date),
                    updated_by=by,
                )
                index += 1
        services.participants_snapshot(version=version, on=participants_on or plan_date)
        self.plans.append(plan)
        return plan, version

    def adopt(self, version: PlanVersion, day: datetime.date) -> None:
        version.status = VersionStatus.ADOPTED
        version.adopted_at = _at(day, 14)
        version.adopted_by = self.convener_user(version.plan.group, day)
        version.save(update_fields=["status", "adopted_at", "adopted_by"])

    def revise(
        self,
        plan: ActionPlan,
        note: str,
        day: datetime.date,
        *,
        participants_on: datetime.date | None = None,
    ) -> PlanVersion:
        by = self.convener_user(plan.group, day)
        version = services.revision_start(plan=plan, change_note=note, user=by, today=day)
        PlanVersion.objects.filter(pk=version.pk).update(created_at=_at(day))
        if participants_on is not None:
            services.participants_snapshot(version=version, on=participants_on)
        return version

    def activities(self, version: PlanVersion) -> list[Activity]:
        return list(
            Activity.objects.filter(goal__version=version).order_by("goal__order", "order", "pk")
        )

    def progress(
        self,
        plan: ActionPlan,
        activity: Activity,
        day: datetime.date,
        text: str,
        new_status: str = "",
    ) -> None:
        ActivityProgress.objects.create(
            plan=plan,
            activity_lineage=activity.lineage,
            date=day,
            text=text,
            new_status=new_status,
            created_at=_at(day, 15),
            created_by=self.convener_user(plan.group, day),
        )

    def spend(
        self,
        plan: ActionPlan,
        activity: Activity | None,
        day: datetime.date,
        amount: float,
        what: str,
    ) -> None:
        Spending.objects.create(
            plan=plan,
            activity_lineage=activity.lineage if activity else None,
            date=day,
            amount=Decimal(str(amount)),
            description=what,
            created_at=_at(day, 11),
            created_by=self.convener_user(plan.group, day),
        )


def _change(version: PlanVersion, title: str, *, status: str, day: datetime.date) -> Activity:
    activity = Activity.objects.get(goal__version=version, title=title)
    activity.status = status
    activity.updated_at = _at(day)
    activity.revision += 1
    activity.save(update_fields=["status", "updated_at", "revision"])
    return activity


def plans_demo_exists(association: Association) -> bool:
    return ActionPlan.objects.filter(group__association=association).exists()


@transaction.atomic
def plans_demo_build(association: Association, *, seed: int = 2019) -> list[ActionPlan]:
    """Build the plans demo in the (organisation demo's) association; returns the plans.
    Refuses to run when the association already has plans."""
    if plans_demo_exists(association):
        raise ValueError("The association already has action plans.")
    groups = {g.name: g for g in CooperationGroup.objects.filter(association=association)}
    users = {
        person.pk: person.user
        for person in Person.objects.filter(
            association=association, user__isnull=False
        ).select_related("user")
        if person.user is not None
    }
    office = User.objects.filter(email=organisation_demo.ADMIN_EMAIL).first()
    template_v1 = defaults.template_create_default(
        association=association, created_by_id=office.pk if office else None
    )
    PlanTemplate.objects.filter(pk=template_v1.pk).update(created_at=_at(D(2016, 11, 15)))
    b = _Builder(
        association=association,
        rng=random.Random(seed),  # noqa: S311 (demo data, not secrets)
        office=office,
        users=users,
        catalogue={t.name: t for t in TargetGroup.objects.filter(association=association)},
        parties={p.name: p for p in Party.objects.filter(association=association)},
    )
    _build_gavle_2017(b, groups["Mysam Gävle"], template_v1)
    _build_ljusdal_2019(b, groups["Mysam Ljusdal"], template_v1)
    template_v2 = _revise_template(b, template_v1)
    _build_current(b, groups, template_v2)
    return b.plans


def _build_gavle_2017(b: _Builder, group: CooperationGroup, template: PlanTemplate) -> None:
    plan, v1 = b.plan(
        group,
        template,
        start=2017,
        end=2018,
        plan_date=D(2017, 1, 20),
        sections=GAVLE_SECTIONS,
        target_groups=(YOUNG, MENTAL, NEW),
        goals=GAVLE_GOALS,
        participants_on=REGISTRY_DAY,
    )
    b.adopt(v1, D(2017, 2, 15))
    acts = {a.title: a for a in b.activities(v1)}
    b.progress(
        plan,
        acts["Kartlägga behoven hos den diffusa gruppen"],
        D(2017, 5, 10),
        "IFO och boendestödet har beskrivit vilka signaler de ser; sammanställning till "
        "septembermötet.",
        S.IN_PROGRESS,
    )
    b.progress(
        plan,
        acts["Kartlägga behoven hos den diffusa gruppen"],
        D(2017, 9, 27),
        "Sammanställningen presenterad. Behovet av kunskap om våld i nära relationer och "
        "missbruk tas vidare till kompetensutvecklingen.",
        S.DONE,
    )
    b.progress(
        plan,
        acts["Gemensam workshop om våld i nära relationer och missbruk"],
        D(2017, 11, 22),
        "Workshop genomförd med 64 deltagare från alla fyra parter.",
        S.DONE,
    )
    b.progress(
        plan,
        acts["Starta Trisam-team på Gävle Strand HC och Hamrånge HC"],
        D(2017, 12, 6),
        "Gävle Strand startar i februari, Hamrånge i mars.",
        S.IN_PROGRESS,
    )

    # The 2018 review: version 2, adopted.
    v2 = b.revise(
        plan,
        "Årlig översyn 2018: den diffusa gruppen prioriteras, genomförda aktiviteter är "
        "markerade, ny aktivitet om samverkansmedel och ny sammankallande från september.",
        D(2018, 1, 25),
        participants_on=REGISTRY_DAY,
    )
    day = D(2018, 1, 25)
    for title in (
        "Kartlägga behoven hos den diffusa gruppen",
        "Information till nyanlända om den svenska sjukvården på grundläggande nivå",
        "Följa andelen nyanlända med försörjningsstöd",
        "Kartlägga samverkansgrupperna i kommunen",
        "Gemensam workshop om våld i nära relationer och missbruk",
        "Presentera Mysam på parternas arbetsplatsträffar",
    ):
        _change(v2, title, status=S.DONE, day=day)
    _change(
        v2, "Starta Trisam-team på Gävle Strand HC och Hamrånge HC", status=S.IN_PROGRESS, day=day
    )
    PlanTargetGroup.objects.create(version=v2, target_group=b.catalogue[DIFFUSE], order=4)
    background = PlanSection.objects.get(version=v2, template_section__key="bakgrund")
    background.body += _html(GAVLE_2018_BACKGROUND_ADDITION)
    background.revision += 1
    background.updated_at = _at(day)
    background.save(update_fields=["body", "revision", "updated_at"])
    goal5 = PlanGoal.objects.get(version=v2, goal_area__number=5)
    Activity.objects.create(
        goal=goal5,
        lineage=b.lineage(),
        order=1,
        title="Ansökan om samverkansmedel för fortsatt kompetensutveckling om den diffusa gruppen",
        responsible_party=b.party_for(group, KOMMUN),
        start_date=D(2018, 2, 1),
        due_date=D(2018, 5, 31),
        status=S.DONE,
        planned_amount=Decimal(50_000),
        updated_at=_at(day),
    )
    b.adopt(v2, D(2018, 2, 20))


def _build_ljusdal_2019(b: _Builder, group: CooperationGroup, template: PlanTemplate) -> None:
    plan, version = b.plan(
        group,
        template,
        start=2019,
        end=2019,
        plan_date=D(2019, 1, 22),
        sections=LJUSDAL_SECTIONS,
        target_groups=(MENTAL, LONG_UNEMPLOYED, NEW, LOW_EDUCATION),
        goals=LJUSDAL_GOALS,
        participants_on=REGISTRY_DAY,
    )
    PlanTargetGroup.objects.filter(version=version, target_group=b.catalogue[MENTAL]).update(
        note="16–64 år"
    )
    b.adopt(version, D(2019, 2, 12))
    GroupBudget.objects.create(
        group=group,
        year=2019,
        amount=Decimal(324_651),
        note="Beslut av förbundets styrelse; kan inte tas med till nästkommande år.",
    )
    acts = b.activities(version)
    for day, amount, what, index in LJUSDAL_SPENDING:
        b.spend(plan, acts[index], day, amount, what)
    b.progress(
        plan,
        acts[2],
        D(2019, 3, 26),
        "Ansökan inlämnad; förbundets styrelse beslutar i april.",
        S.DONE,
    )
    b.progress(
        plan,
        acts[0],
        D(2019, 6, 11),
        "Intervjuer med alla berörda verksamheter bokade.",
        S.IN_PROGRESS,
    )
    b.progress(plan, acts[0], D(2019, 10, 29), "Kartläggningen klar och presenterad.", S.DONE)


def _revise_template(b: _Builder, template: PlanTemplate) -> PlanTemplate:
    """Version 2 of the template (2025): a follow-up section, so that the old plans keep
    version 1 and the template page lists both."""
    from mysam.plans.template_services import GoalAreaInput, SectionInput

    sections = [
        SectionInput(
            title=s.title,
            kind=s.kind,
            order=s.order,
            guidance=s.guidance,
            default_text=s.default_text,
            source_id=s.pk,
        )
        for s in template.sections.order_by("order")
    ]
    sections.append(
        SectionInput(
            title="Uppföljning",
            kind=SectionKind.TEXT,
            order=6,
            guidance="Hur och när gruppen följer upp handlingsplanen.",
            default_text=_html(
                "Handlingsplanen följs upp vid varje möte under punkten ”Uppföljning av "
                "handlingsplanen”: status per målområde, försenade aktiviteter och vad som "
                "har hänt sedan förra mötet."
            ),
        )
    )
    areas = [
        GoalAreaInput(
            number=a.number,
            title=a.title,
            questions=tuple(q.text for q in a.questions.all()),
            source_id=a.pk,
        )
        for a in template.goal_areas.order_by("number").prefetch_related("questions")
    ]
    result = template_services.template_save(
        association=b.association,
        based_on=template.version,
        name=template.name,
        introduction=template.introduction,
        sections=sections,
        goal_areas=areas,
        user_id=b.office.pk if b.office else None,
    )
    PlanTemplate.objects.filter(pk=result.template.pk).update(created_at=_at(D(2025, 11, 3)))
    result.template.refresh_from_db()
    return result.template


def _build_current(
    b: _Builder, groups: dict[str, CooperationGroup], template: PlanTemplate
) -> None:
    made: dict[str, tuple[ActionPlan, PlanVersion]] = {}

    def make(
        name: str,
        *,
        start: int = 2026,
        end: int = 2026,
        day: datetime.date,
        goal_year: int | None = None,
    ) -> None:
        goals_here = _current_goals(goal_year or start)
        made[name] = b.plan(
            groups[name],
            template,
            start=start,
            end=end,
            plan_date=day,
            sections={},
            target_groups=CURRENT_TARGET_GROUPS[name],
            goals=goals_here,
            statuses=STATUS_CYCLES[name],
        )

    make("Mysam Gävle", end=2027, day=D(2026, 1, 14))
    b.adopt(made["Mysam Gävle"][1], D(2026, 2, 10))

    # Draft only: a late start, for 2026–2027 with the activities in 2027.
    make("Mysam Sandviken", end=2027, day=D(2026, 9, 8), goal_year=2027)

    make("Mysam Hofors", day=D(2026, 1, 19))
    b.adopt(made["Mysam Hofors"][1], D(2026, 2, 3))
    hofors_v2 = b.revise(
        made["Mysam Hofors"][0],
        "Halvårsöversyn: unga utanför arbete och studier läggs till som prioriterad grupp "
        "och en aktivitet om feriearbete planeras.",
        D(2026, 9, 15),
    )
    PlanTargetGroup.objects.create(version=hofors_v2, target_group=b.catalogue[YOUNG], order=4)
    goal1 = PlanGoal.objects.get(version=hofors_v2, goal_area__number=1)
    Activity.objects.create(
        goal=goal1,
        lineage=b.lineage(),
        order=2,
        title="Feriearbete med handledning för unga utanför arbete och studier",
        responsible_party=b.party_for(groups["Mysam Hofors"], KOMMUN),
        start_date=D(2026, 10, 1),
        due_date=D(2027, 6, 30),
        planned_amount=Decimal(35_000),
        updated_at=_at(D(2026, 9, 15)),
    )

    make("Mysam Bollnäs", day=D(2026, 1, 27))
    b.adopt(made["Mysam Bollnäs"][1], D(2026, 3, 3))

    make("Mysam Ovanåker", day=D(2026, 2, 16))  # draft only: the newest group

    make("Mysam Söderhamn", start=2025, end=2026, day=D(2025, 1, 21))
    soderhamn, soderhamn_v1 = made["Mysam Söderhamn"]
    b.adopt(soderhamn_v1, D(2025, 2, 18))
    soderhamn_v2 = b.revise(
        soderhamn,
        "Årlig översyn inför 2026: datum för 2026 och den diffusa gruppen i fokus.",
        D(2026, 1, 27),
    )
    # The revision plans the same activities again for 2026.
    for activity, status in zip(
        b.activities(soderhamn_v2), STATUS_CYCLES["Mysam Söderhamn 2026"], strict=True
    ):
        activity.due_date = activity.due_date and activity.due_date.replace(year=2026)
        activity.start_date = activity.start_date and activity.start_date.replace(year=2026)
        activity.status = status
        activity.revision += 1
        activity.updated_at = _at(D(2026, 1, 27))
        activity.save(update_fields=["due_date", "start_date", "status", "revision", "updated_at"])
    b.adopt(soderhamn_v2, D(2026, 2, 17))

    make("Mysam Ljusdal", day=D(2026, 1, 13))
    b.adopt(made["Mysam Ljusdal"][1], D(2026, 2, 10))

    make("Mysam Hudiksvall/Nordanstig", day=D(2026, 1, 22))
    hud_plan, hud_v1 = made["Mysam Hudiksvall/Nordanstig"]
    b.adopt(hud_v1, D(2026, 2, 19))
    hud_v2 = b.revise(
        hud_plan,
        "Revidering efter uppföljningen i september: ny tidplan för kartläggningen.",
        D(2026, 10, 6),
    )
    _change(
        hud_v2, "Kartlägga samverkansgrupperna i kommunen", status=S.IN_PROGRESS, day=D(2026, 10, 6)
    )

    # Mysam Ockelbo has no plan (only a budget): the county view shows it as missing.
    for name, amount in BUDGETS_2026.items():
        GroupBudget.objects.create(group=groups[name], year=2026, amount=Decimal(amount))
    GroupBudget.objects.create(group=groups["Mysam Söderhamn"], year=2025, amount=Decimal(180_000))

    for name, rows in SPENDING_2026.items():
        plan, version = made[name]
        in_force = (
            PlanVersion.objects.filter(plan=plan, status=VersionStatus.ADOPTED)
            .order_by("-number")
            .first()
            or version
        )
        acts = b.activities(in_force)
        for day, kronor, what, index in rows:
            b.spend(plan, acts[index] if index is not None else None, day, kronor, what)

    # Progress entries from the autumn's meetings.
    for name, texts in (
        (
            "Mysam Hofors",
            (
                (
                    1,
                    D(2026, 3, 23),
                    "Trisam-statistiken gicks igenom: 100 % deltagande i Hofors.",
                    "",
                ),
                (2, D(2026, 9, 14), "Styrgruppen har bytt ordförande; rapport vid nästa möte.", ""),
                (
                    4,
                    D(2026, 10, 12),
                    "Ansökan försenad: väntar på underlag från AF.",
                    S.IN_PROGRESS,
                ),
            ),
        ),
        (
            "Mysam Ljusdal",
            (
                (
                    0,
                    D(2026, 3, 17),
                    "Samverkanspopulationen genomgången; IFO:s andel över länet.",
                    S.DONE,
                ),
                (6, D(2026, 10, 15), "Utbildningsdagen genomförd med 85 deltagare.", S.DONE),
            ),
        ),
        (
            "Mysam Bollnäs",
            ((3, D(2026, 5, 19), "Underlaget är påbörjat men har stannat av.", S.IN_PROGRESS),),
        ),
        (
            "Mysam Gävle",
            (
                (
                    6,
                    D(2026, 10, 14),
                    "Utbildningsdagen genomförd, utvärdering pågår.",
                    S.IN_PROGRESS,
                ),
            ),
        ),
    ):
        plan, version = made[name]
        acts = b.activities(version)
        for index, day, text, status in texts:
            b.progress(plan, acts[index], day, text, status)


@transaction.atomic
def plans_demo_remove() -> None:
    """Delete the action plans, budgets, templates and catalogues of the demo associations
    (before the organisation demo removes the groups they refer to)."""
    slugs = [organisation_demo.GAVLEBORG_SLUG, organisation_demo.EXEMPEL_SLUG]
    ActionPlan.objects.filter(group__association__slug__in=slugs).delete()
    GroupBudget.objects.filter(group__association__slug__in=slugs).delete()
    PlanTemplate.objects.filter(association__slug__in=slugs).update(is_current=False)
    PlanTemplate.objects.filter(association__slug__in=slugs).delete()
    TargetGroup.objects.filter(association__slug__in=slugs).delete()
