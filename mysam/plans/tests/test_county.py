"""The county view: which groups have an adopted plan, overdue activities, prioritised
target groups and budget use, for the office and the board."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mysam.conftest import World, signed_in_context
from mysam.organisation.tests.factories import CooperationGroupFactory
from mysam.plans import defaults
from mysam.plans import models as m
from mysam.plans.selectors import county as selectors

D = datetime.date
YEAR = timezone.localdate().year
TODAY = timezone.localdate()


def _plan(
    group,  # type: ignore[no-untyped-def]
    template: m.PlanTemplate,
    statuses: tuple[str, ...] = ("adopted",),
    *,
    start: int = YEAR,
    end: int | None = None,
) -> m.ActionPlan:
    plan = m.ActionPlan.objects.create(
        group=group,
        template=template,
        title=f"Handlingsplan för {group.name} år {start}",
        start_year=start,
        end_year=end or start,
    )
    for number, status in enumerate(statuses, start=1):
        m.PlanVersion.objects.create(
            plan=plan,
            number=number,
            status=status,
            plan_date=D(start, 1, 10),
            adopted_at=timezone.now() if status == "adopted" else None,
        )
    return plan


def _activity(
    version: m.PlanVersion,
    title: str,
    *,
    due: datetime.date | None = None,
    status: str = "planned",
    amount: str | None = None,
    area: int = 1,
) -> m.Activity:
    goal_area = m.GoalArea.objects.get(template=version.plan.template, number=area)
    goal = m.PlanGoal.objects.create(version=version, goal_area=goal_area, text=f"Mål för {title}")
    return m.Activity.objects.create(
        goal=goal,
        title=title,
        due_date=due,
        start_date=due and D(due.year, 1, 1),
        status=status,
        planned_amount=Decimal(amount) if amount else None,
    )


@pytest.fixture
def template(world: World) -> m.PlanTemplate:
    return defaults.template_create_default(association=world.association)


def _catalogue(world: World, name: str) -> m.TargetGroup:
    return m.TargetGroup.objects.get(association=world.association, name=name)


class TestCountyOverview:
    def test_it_sorts_groups_by_the_state_of_their_plan(
        self, world: World, template: m.PlanTemplate, clients: dict[str, Client]
    ):
        adopted = CooperationGroupFactory(association=world.association, name="Mysam Antagen")
        draft = CooperationGroupFactory(association=world.association, name="Mysam Utkast")
        revising = CooperationGroupFactory(association=world.association, name="Mysam Revision")
        old = CooperationGroupFactory(association=world.association, name="Mysam Gammal")
        _plan(adopted, template, ("adopted",), start=YEAR - 1, end=YEAR)
        _plan(draft, template, ("draft",))
        _plan(revising, template, ("adopted", "draft"))
        _plan(old, template, ("adopted",), start=YEAR - 3)

        page = clients["board"].get(reverse("plans:county"))

        overview = page.context["overview"]
        assert overview.year == YEAR
        states = {row.group.name: row.state for row in overview.groups}
        assert states == {
            "Mysam Antagen": "adopted",
            "Mysam Utkast": "draft",
            "Mysam Revision": "revising",
            "Mysam Gammal": "none",
            "Mysam Hofors": "none",
        }
        assert [r.group.name for r in overview.with_adopted] == ["Mysam Antagen", "Mysam Revision"]
        content = page.content.decode()
        assert "revidering pågår" in content and "utkast" in content

    def test_another_year_shows_that_years_plans(
        self, world: World, template: m.PlanTemplate, clients: dict[str, Client]
    ):
        _plan(world.group, template, ("adopted",), start=2019)
        page = clients["admin"].get(reverse("plans:county"), {"ar": "2019"})
        overview = page.context["overview"]
        assert overview.year == 2019 and 2019 in overview.years and YEAR in overview.years
        assert [r.group.name for r in overview.with_adopted] == ["Mysam Hofors"]
        assert '<option value="2019" selected>' in page.content.decode()
        nonsense = clients["admin"].get(reverse("plans:county"), {"ar": "abc"})
        assert nonsense.context["overview"].year == YEAR

    def test_it_lists_overdue_activities_of_the_version_in_force(
        self, world: World, template: m.PlanTemplate, clients: dict[str, Client]
    ):
        plan = _plan(world.group, template, ("adopted", "draft"))
        adopted, draft = plan.versions.order_by("number")
        yesterday = TODAY - datetime.timedelta(days=1)
        late = _activity(adopted, "Workshop om våld i nära relationer", due=yesterday)
        late.responsible_person = world.people["convener"]
        late.responsible_party = world.parties["region"]
        late.save()
        _activity(adopted, "Klar aktivitet", due=yesterday, status="done")
        _activity(adopted, "Inställd aktivitet", due=yesterday, status="cancelled")
        _activity(adopted, "Framtida aktivitet", due=TODAY + datetime.timedelta(days=30))
        _activity(draft, "Kopia i utkastet", due=yesterday)

        page = clients["admin"].get(reverse("plans:county"))

        overdue = page.context["overview"].overdue
        assert [row.activity.title for row in overdue] == ["Workshop om våld i nära relationer"]
        assert overdue[0].days == 1
        content = page.content.decode()
        assert "Sören Ärlig" in content and "Region Gävleborg" in content
        assert yesterday.isoformat() in content

    def test_it_counts_the_groups_prioritising_each_target_group(
        self, world: World, template: m.PlanTemplate, clients: dict[str, Client]
    ):
        other = CooperationGroupFactory(association=world.association, name="Mysam Annan")
        young = _catalogue(world, "Unga utanför arbete och studier")
        newly = _catalogue(world, "Nyanlända")
        for group, names in ((world.group, [young, newly]), (other, [young])):
            version = _plan(group, template).versions.get()
            for tg in names:
                m.PlanTargetGroup.objects.create(version=version, target_group=tg)
        version = m.PlanVersion.objects.get(plan__group=other)
        m.PlanTargetGroup.objects.create(version=version, local_name="Unga föräldrar")

        page = clients["board"].get(reverse("plans:county"))

        rows = {r.target_group.name: r.count for r in page.context["overview"].target_groups}
        assert rows["Unga utanför arbete och studier"] == 2
        assert rows["Nyanlända"] == 1
        assert rows["Den diffusa gruppen"] == 0
        assert list(rows)[0] == "Unga utanför arbete och studier"
        local = page.context["overview"].local_target_groups
        assert [(r.name, r.group.name) for r in local] == [("Unga föräldrar", "Mysam Annan")]

    def test_it_shows_budget_use_in_swedish_numbers(
        self, world: World, template: m.PlanTemplate, clients: dict[str, Client]
    ):
        plan = _plan(world.group, template)
        version = plan.versions.get()
        _activity(version, "Förstudie", due=D(YEAR, 6, 30), amount="150000")
        _activity(version, "Förra årets", due=D(YEAR - 1, 6, 30), amount="9999")
        m.GroupBudget.objects.create(group=world.group, year=YEAR, amount=Decimal("324651"))
        m.Spending.objects.create(
            plan=plan, date=D(YEAR, 3, 1), amount=Decimal("100000"), description="Processledning"
        )
        m.Spending.objects.create(
            plan=plan, date=D(YEAR - 1, 12, 1), amount=Decimal("5000"), description="Förra året"
        )

        page = clients["admin"].get(reverse("plans:county"))

        row = next(r for r in page.context["overview"].budgets if r.group == world.group)
        assert (row.budget, row.planned, row.spent) == (
            Decimal("324651"),
            Decimal("150000"),
            Decimal("100000"),
        )
        assert row.remaining == Decimal("224651")
        content = page.content.decode()
        for text in ("324 651 kr", "150 000 kr", "100 000 kr", "224 651 kr", "31 %"):
            assert text in content

    def test_it_takes_the_same_number_of_queries_for_2_and_20_groups(
        self,
        world: World,
        template: m.PlanTemplate,
        clients: dict[str, Client],
    ):
        def build(n: int) -> None:
            catalogue = list(m.TargetGroup.objects.filter(association=world.association))
            for i in range(n):
                group = CooperationGroupFactory(association=world.association)
                statuses = (("adopted",), ("draft",), ("adopted", "draft"))[i % 3]
                plan = _plan(group, template, statuses)
                for version in plan.versions.all():
                    _activity(version, f"Aktivitet {i}", due=D(YEAR, 1, 2), amount="1000")
                    m.PlanTargetGroup.objects.create(
                        version=version, target_group=catalogue[i % len(catalogue)]
                    )
                    m.PlanTargetGroup.objects.create(version=version, local_name=f"Lokal {i}")
                m.GroupBudget.objects.create(group=group, year=YEAR, amount=Decimal("50000"))
                m.Spending.objects.create(
                    plan=plan, date=D(YEAR, 1, 5), amount=Decimal("10"), description="Fika"
                )

        client = clients["board"]
        url = reverse("plans:county")
        build(2)
        client.get(url)  # warm up the session and the actor
        counts = []
        for extra in (0, 18):
            build(extra)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200
            counts.append(len(captured.captured_queries))
        assert counts[0] == counts[1] <= 16
        assert len(response.context["overview"].groups) == 21


class TestSelector:
    def test_a_group_with_an_adopted_and_a_draft_plan_counts_as_adopted(
        self, world: World, template: m.PlanTemplate, clients: dict[str, Client]
    ):
        _plan(world.group, template, ("draft",))
        _plan(world.group, template, ("adopted",), start=YEAR - 1, end=YEAR)
        actor = clients["admin"].get(reverse("plans:county")).wsgi_request.actor  # type: ignore[attr-defined]
        overview = selectors.county_overview(actor=actor, year=YEAR, today=TODAY)
        row = next(r for r in overview.groups if r.group == world.group)
        assert row.state == "adopted" and len(row.plans) == 2


# --- Who may do what -----------------------------------------------------------------------------


def test_only_the_office_and_the_board_see_the_county_view(
    world: World, clients: dict[str, Client]
):
    url = reverse("plans:county")
    anonymous = clients["anonymous"].get(url)
    assert anonymous.status_code == 302 and reverse("account_login") in anonymous["Location"]
    expected = {
        "member": 403,
        "convener": 403,
        "outsider": 403,
        "board": 200,
        "admin": 200,
        "other_admin": 200,
    }
    assert {role: clients[role].get(url).status_code for role in expected} == expected


def test_another_associations_office_sees_only_its_own_groups(
    world: World, template: m.PlanTemplate, clients: dict[str, Client]
):
    _plan(world.group, template)
    page = clients["other_admin"].get(reverse("plans:county"))
    names = [row.group.name for row in page.context["overview"].groups]
    assert names == ["Mysam Annanstans"]
    assert "Mysam Hofors" not in page.content.decode()


# --- In the browser ----------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_county_and_template_pages_pass_axe_and_fit_a_phone(chromium, live_server, world):
    """The county view, the template (current, earlier, editor with an error) and the
    catalogue pages: no axe violation, nothing wider than a 375 px screen outside a
    scrolling table."""

    from mysam.conftest import axe_violations, format_violations
    from mysam.core.tests.test_browser_crawl import OVERFLOW_JS

    template = defaults.template_create_default(association=world.association)
    plan = _plan(world.group, template, ("adopted", "draft"))
    adopted = plan.versions.get(number=1)
    late = _activity(adopted, "Försenad aktivitet", due=TODAY - datetime.timedelta(days=3))
    late.responsible_person = world.people["member"]
    late.save()
    m.PlanTargetGroup.objects.create(version=adopted, target_group=_catalogue(world, "Nyanlända"))
    m.PlanTargetGroup.objects.create(version=adopted, local_name="Unga föräldrar")
    m.GroupBudget.objects.create(group=world.group, year=YEAR, amount=Decimal("324651"))
    m.Spending.objects.create(plan=plan, date=TODAY, amount=Decimal("1500"), description="Lokal")
    other = CooperationGroupFactory(association=world.association, name="Mysam Utkast")
    _plan(other, template, ("draft",))
    target_group = _catalogue(world, "Nyanlända")
    pages = [
        reverse("plans:county"),
        reverse("plans:template_detail"),
        reverse("plans:template_version", args=[template.pk]),
        reverse("plans:template_edit"),
        reverse("plans:target_group_list"),
        reverse("plans:target_group_create"),
        reverse("plans:target_group_edit", args=[target_group.pk]),
    ]
    problems = []
    for viewport in ({"width": 1280, "height": 900}, {"width": 375, "height": 812}):
        context = signed_in_context(chromium, live_server, world.users["admin"], viewport)
        page = context.new_page()

        def check(label: str, page: Any = page, wide: bool = viewport["width"] == 1280) -> None:
            if wide:
                violations = axe_violations(page)
                if violations:
                    problems.append(f"{label}:\n{format_violations(violations)}")
            else:
                culprits = page.evaluate(OVERFLOW_JS)
                if culprits:
                    problems.append(f"{label}: wider than 375 px: {culprits}")

        for url in pages:
            response = page.goto(live_server.url + url)
            if response.status != 200:
                problems.append(f"{url}: {response.status}")
                continue
            check(url)
        # The editor with an error: a section without a title.
        page.goto(live_server.url + reverse("plans:template_edit"))
        page.fill("#id_sections-0-title", "")
        page.click("form.form button[type=submit]")
        page.wait_for_load_state()
        assert "error-summary" in page.content()
        check("template_edit with an error")
        context.close()
    assert problems == [], "\n".join(problems)
