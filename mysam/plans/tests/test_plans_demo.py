"""The action plans of the demo: the seeds' two plans with invented people, and current
plans for the other groups in different states."""

from __future__ import annotations

import io
import re
import unicodedata
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from mysam.organisation import demo as organisation_demo
from mysam.organisation.management.commands import demo_data as demo_data_command
from mysam.organisation.models import Association
from mysam.organisation.tests.test_demo import REAL, REAL_SURNAMES
from mysam.plans import demo
from mysam.plans import models as m
from mysam.plans.selectors import county as county_selectors


@pytest.fixture
def built(db):  # type: ignore[no-untyped-def]
    result = organisation_demo.demo_build()
    plans = demo.plans_demo_build(result.gavleborg)
    return result, plans


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _states(association: Association, year: int) -> dict[str, str]:
    from mysam.accounts.actor import Actor
    from mysam.accounts.models import User

    user = User.objects.get(email=organisation_demo.BOARD_EMAIL)
    actor = Actor(user=user, association=association, role="board")
    overview = county_selectors.county_overview(actor=actor, year=year)
    return {row.group.name: row.state for row in overview.groups}


class TestPlansDemo:
    def test_it_builds_the_template_and_the_plans(self, built):
        result, plans = built
        gavleborg = result.gavleborg
        assert len(plans) == 10
        templates = m.PlanTemplate.objects.filter(association=gavleborg).order_by("version")
        assert [(t.version, t.is_current, t.plans.count()) for t in templates] == [
            (1, False, 2),
            (2, True, 8),
        ]
        assert m.TargetGroup.objects.filter(association=gavleborg).count() == 6
        assert m.GuidingQuestion.objects.filter(goal_area__template__in=templates).count() == 40

    def test_the_gavle_plan_of_seed_000_has_two_adopted_versions(self, built):
        plan = m.ActionPlan.objects.get(title="Handlingsplan för Mysam Gävle år 2017–2018")
        versions = list(plan.versions.order_by("number"))
        assert [(v.number, v.status) for v in versions] == [(1, "adopted"), (2, "adopted")]
        assert versions[1].change_note and versions[1].adopted_at > versions[0].adopted_at
        v1_groups = set(versions[0].target_groups.values_list("target_group__name", flat=True))
        v2_groups = set(versions[1].target_groups.values_list("target_group__name", flat=True))
        assert v2_groups - v1_groups == {"Den diffusa gruppen"}
        assert m.PlanGoal.objects.filter(version=versions[0]).count() == 8
        workshop = m.Activity.objects.filter(
            goal__version__plan=plan, title__startswith="Gemensam workshop"
        ).order_by("goal__version__number")
        assert [a.status for a in workshop] == ["planned", "done"]
        assert workshop[0].lineage == workshop[1].lineage
        assert m.ActivityProgress.objects.filter(plan=plan).count() == 4
        assert versions[0].participants.filter(kind="participant").count() >= 4
        assert versions[0].participants.filter(kind="trisam_team").count() >= 5

    def test_the_ljusdal_plan_of_seed_001_has_its_budget_and_spending(self, built):
        result, _plans = built
        plan = m.ActionPlan.objects.get(title="Handlingsplan för Mysam Ljusdal år 2019")
        version = plan.versions.get()
        assert version.status == "adopted"
        names = list(
            version.target_groups.order_by("order").values_list("target_group__name", flat=True)
        )
        assert names == [
            "Personer med psykisk ohälsa",
            "Långtidsarbetslösa",
            "Nyanlända",
            "Personer med låg utbildning",
        ]
        budget = m.GroupBudget.objects.get(group=plan.group, year=2019)
        assert budget.amount == Decimal("324651")
        spent = sum(s.amount for s in m.Spending.objects.filter(plan=plan))
        assert spent == Decimal("185900")
        assert m.PlanGoal.objects.filter(
            version=version, text__contains="Förstudie Mysam Ljusdal"
        ).exists()

    def test_the_current_plans_are_in_different_states(self, built):
        result, _plans = built
        states = _states(result.gavleborg, 2026)
        assert states == {
            "Mysam Gävle": "adopted",
            "Mysam Sandviken": "draft",
            "Mysam Hofors": "revising",
            "Mysam Ockelbo": "none",
            "Mysam Bollnäs": "adopted",
            "Mysam Ovanåker": "draft",
            "Mysam Söderhamn": "adopted",
            "Mysam Ljusdal": "adopted",
            "Mysam Hudiksvall/Nordanstig": "revising",
        }
        assert _states(result.gavleborg, 2019)["Mysam Ljusdal"] == "adopted"
        assert _states(result.gavleborg, 2017)["Mysam Gävle"] == "adopted"
        current = m.Activity.objects.filter(goal__version__plan__start_year__gte=2025)
        assert current.filter(due_date__lt="2026-11-01", status__in=["planned", "in_progress"])
        assert m.ActivityProgress.objects.filter(date__year=2026).count() >= 5
        assert m.GroupBudget.objects.filter(year=2026).count() == 9
        assert m.Spending.objects.filter(date__year=2026).count() >= 10

    def test_it_is_deterministic(self, db):
        def snapshot() -> list[tuple[object, ...]]:
            return list(
                m.Activity.objects.order_by(
                    "goal__version__plan__title", "goal__version__number", "pk"
                ).values_list(
                    "goal__version__plan__title",
                    "title",
                    "status",
                    "due_date",
                    "lineage",
                    "responsible_person__last_name",
                )
            )

        result = organisation_demo.demo_build()
        demo.plans_demo_build(result.gavleborg)
        first = snapshot()
        demo.plans_demo_remove()
        organisation_demo.demo_remove()
        result = organisation_demo.demo_build()
        demo.plans_demo_build(result.gavleborg)
        assert snapshot() == first

    def test_no_real_person_from_the_seeds_is_in_the_plans(self, built):
        texts: list[str] = []
        texts += m.PlanSection.objects.values_list("body", flat=True)
        texts += m.PlanGoal.objects.values_list("text", flat=True)
        texts += m.Activity.objects.values_list("title", flat=True)
        texts += m.Activity.objects.values_list("description", flat=True)
        texts += m.ActivityProgress.objects.values_list("text", flat=True)
        texts += m.Spending.objects.values_list("description", flat=True)
        texts += m.PlanParticipant.objects.values_list("name", flat=True)
        texts += m.PlanVersion.objects.values_list("change_note", flat=True)
        texts += m.TemplateSection.objects.values_list("default_text", flat=True)
        words = set(re.findall(r"[\w-]+", _fold(" ".join(texts))))
        whole = _fold(" ".join(texts))
        for name in REAL:
            assert _fold(name) not in whole, name
        for surname in REAL_SURNAMES:
            assert _fold(surname) not in words, surname
        assert "malin" not in words  # the ASF coordinator named in seed 000

    def test_the_demo_users_see_their_plans_in_the_county_view(self, built, client: Client):
        client.post(
            reverse("account_login"),
            {"login": organisation_demo.BOARD_EMAIL, "password": organisation_demo.DEMO_PASSWORD},
        )
        page = client.get(reverse("plans:county"), {"ar": "2026"})
        assert page.status_code == 200
        content = page.content.decode()
        assert "Mysam Ockelbo" in content and "330 000 kr" in content


class TestCommand:
    def test_the_demo_command_builds_and_resets_the_plans(self, db, monkeypatch):
        # The later apps' demos have their own tests; organisation's reset test runs them all.
        monkeypatch.setattr(demo_data_command, "LATER_DEMOS", [])
        out = io.StringIO()
        call_command("demo_data", stdout=out)
        assert "10 action plans" in out.getvalue()
        call_command("demo_data", "--if-empty", stdout=io.StringIO())
        assert m.ActionPlan.objects.count() == 10
        call_command("demo_data", "--reset", stdout=io.StringIO())
        assert m.ActionPlan.objects.count() == 10
        assert m.PlanTemplate.objects.count() == 2
