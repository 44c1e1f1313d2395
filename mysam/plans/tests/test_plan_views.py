"""The plan pages through HTTP: who may open and change what, the forms, conflicts between
two editors, double submits and the plan page's query count."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from mysam.accounts.models import AssociationRoleKind
from mysam.conftest import World, make_user, signed_in_context
from mysam.organisation.tests import factories as f
from mysam.plans import models, services
from mysam.plans.tests.factories import make_template

PLAN_DATE = datetime.date(2026, 1, 20)
WRITERS = ("convener", "admin")


@pytest.fixture
def template(world: World) -> models.PlanTemplate:
    return make_template(world.association)


@pytest.fixture
def plan(world: World, template) -> models.ActionPlan:
    return services.plan_create(
        group=world.group, start_year=2026, end_year=2026, plan_date=PLAN_DATE
    )


def version_of(plan: models.ActionPlan) -> models.PlanVersion:
    return plan.versions.order_by("-number").first()


def add_goal(plan: models.ActionPlan, text: str = "Fler i egen försörjning") -> models.PlanGoal:
    return services.goal_create(
        version=version_of(plan), goal_area=plan.template.goal_areas.get(number=1), text=text
    )


def add_activity(plan: models.ActionPlan, **kwargs) -> models.Activity:
    goal = kwargs.pop("goal", None) or add_goal(plan)
    return services.activity_create(goal=goal, **{"title": "Kartlägg behovet", **kwargs})


def adopt(plan: models.ActionPlan) -> models.PlanVersion:
    return services.version_adopt(version=version_of(plan))


def post(client: Client, url: str, data: dict, *, token: str | None = None):
    return client.post(url, {**data, "form_token": token or uuid.uuid4().hex})


@pytest.fixture
def other_group_member(world: World) -> Client:
    """A member of another group of the same association."""
    user = make_user(
        "annan.grupp@example.se", association=world.association, role=AssociationRoleKind.MEMBER
    )
    group = f.CooperationGroupFactory(association=world.association, name="Mysam Ockelbo")
    person = f.PersonFactory(association=world.association, party=world.parties["af"], user=user)
    f.MembershipFactory(group=group, person=person, start_date=datetime.date(2024, 1, 1))
    client = Client()
    client.force_login(user)
    return client


def statuses(clients: dict[str, Client], url: str) -> dict[str, int | str]:
    result: dict[str, int | str] = {}
    for role, client in clients.items():
        response = client.get(url)
        login = response.status_code == 302 and "/konto/login/" in response["Location"]
        result[role] = "login" if login else response.status_code
    return result


class TestPlanList:
    def test_it_shows_visible_plans_by_group_with_status(self, clients, plan, world):
        response = clients["member"].get(reverse("plans:plan_list"))
        assert response.status_code == 200
        assert plan.title in response.content.decode()
        assert reverse("plans:plan_create", args=[world.group.pk]) not in response.content.decode()

    def test_conveners_and_the_office_get_a_create_action(self, clients, world, template):
        url = reverse("plans:plan_create", args=[world.group.pk])
        for role in WRITERS:
            assert url in clients[role].get(reverse("plans:plan_list")).content.decode()

    def test_a_draft_is_not_listed_for_other_groups(self, clients, plan, other_group_member):
        assert (
            plan.title not in clients["outsider"].get(reverse("plans:plan_list")).content.decode()
        )
        adopt(plan)
        content = other_group_member.get(reverse("plans:plan_list")).content.decode()
        assert plan.title in content

    def test_statuses(self, clients, plan):
        assert statuses(clients, reverse("plans:plan_list")) == {
            "anonymous": "login",
            "member": 200,
            "convener": 200,
            "outsider": 200,
            "board": 200,
            "admin": 200,
            "other_admin": 200,
        }
        assert (
            plan.title
            not in clients["other_admin"].get(reverse("plans:plan_list")).content.decode()
        )


class TestPlanCreate:
    def test_statuses(self, clients, world, template):
        assert statuses(clients, reverse("plans:plan_create", args=[world.group.pk])) == {
            "anonymous": "login",
            "member": 403,
            "convener": 200,
            "outsider": 403,
            "board": 403,
            "admin": 200,
            "other_admin": 404,
        }

    def test_a_convener_creates_a_two_year_plan_once_even_when_double_clicked(
        self, clients, world, template
    ):
        url = reverse("plans:plan_create", args=[world.group.pk])
        data = {"start_year": 2017, "two_years": "on", "plan_date": "2017-01-15", "title": ""}
        token = uuid.uuid4().hex
        first = post(clients["convener"], url, data, token=token)
        second = post(clients["convener"], url, data, token=token)
        plan = models.ActionPlan.objects.get(group=world.group)
        assert first["Location"] == reverse("plans:plan_detail", args=[plan.pk])
        assert second.status_code == 302
        assert plan.title == "Handlingsplan för Mysam Hofors år 2017–2018"
        assert (plan.start_year, plan.end_year) == (2017, 2018)
        assert version_of(plan).plan_date == datetime.date(2017, 1, 15)

    def test_without_a_template_it_says_so(self, clients, world):
        response = clients["admin"].get(reverse("plans:plan_create", args=[world.group.pk]))
        assert response.status_code == 200
        assert response.context["form"] is None
        assert b'<form method="post" class="form"' not in response.content


class TestPlanDetail:
    def test_statuses_for_a_draft(self, clients, plan):
        assert statuses(clients, reverse("plans:plan_detail", args=[plan.pk])) == {
            "anonymous": "login",
            "member": 200,
            "convener": 200,
            "outsider": 404,
            "board": 200,
            "admin": 200,
            "other_admin": 404,
        }

    def test_another_group_reads_an_adopted_plan_only_when_the_association_allows(
        self, plan, world, other_group_member
    ):
        url = reverse("plans:plan_detail", args=[plan.pk])
        assert other_group_member.get(url).status_code == 404  # a draft: never
        adopt(plan)
        assert other_group_member.get(url).status_code == 200
        world.association.plans_visible_to_all_groups = False
        world.association.save()
        assert other_group_member.get(url).status_code == 404

    def test_readers_of_other_groups_see_the_adopted_version_not_the_newer_draft(
        self, plan, other_group_member, clients
    ):
        section = version_of(plan).sections.first()
        services.section_update(section=section, body="Fastställd text", revision=1)
        adopt(plan)
        draft = services.revision_start(plan=plan, change_note="Revidering")
        services.section_update(section=draft.sections.first(), body="Utkasttext", revision=1)
        url = reverse("plans:plan_detail", args=[plan.pk])
        other = other_group_member.get(url).content.decode()
        assert "Fastställd text" in other and "Utkasttext" not in other
        own = clients["member"].get(url).content.decode()
        assert "Utkasttext" in own

    def test_it_shows_goals_activities_overdue_and_changes(self, clients, plan, world):
        activity = add_activity(
            plan,
            responsible_person=world.people["member"],
            due_date=datetime.date(2026, 2, 1),
            planned_amount=Decimal("324651"),
        )
        services.progress_add(
            activity=activity, date=datetime.date(2026, 1, 25), text="Första mötet hållet"
        )
        response = clients["member"].get(
            reverse("plans:plan_detail", args=[plan.pk]), {"sedan": "2026-01-01"}
        )
        content = response.content.decode()
        assert "Kartlägg behovet" in content
        assert "Åsa Öberg" in content
        assert "activity--overdue" in content
        assert "Första mötet hållet" in content
        assert "324\xa0651\xa0kr" in content or "324 651 kr" in content
        summary = response.context["page"].follow_up
        assert [a.pk for a in summary.overdue] == [activity.pk]
        assert [c.activity.pk for c in summary.changed] == [activity.pk]

    def test_the_query_count_does_not_grow_with_the_plan(
        self, clients, plan, world, django_assert_num_queries
    ):
        url = reverse("plans:plan_detail", args=[plan.pk])

        def fill(n: int) -> None:
            goal = add_goal(plan)
            for i in range(n):
                activity = add_activity(
                    plan, goal=goal, title=f"A{i}", responsible_person=world.people["member"]
                )
                services.progress_add(activity=activity, date=PLAN_DATE, text="ok")
                services.spending_add(
                    plan=plan,
                    activity=activity,
                    date=PLAN_DATE,
                    amount=Decimal("10"),
                    description="x",
                )
            services.plan_target_groups_update(version=version_of(plan), add_local=[f"Lokal {n}"])

        fill(2)
        client = clients["convener"]
        client.get(url)  # warm up: session, caches
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as small:
            assert client.get(url).status_code == 200
        fill(18)
        with django_assert_num_queries(len(small.captured_queries)):
            response = client.get(url)
        assert response.context["page"].activity_count == 20


# --- Writing the draft --------------------------------------------------------------------


def _write_urls(plan: models.ActionPlan) -> dict[str, str]:
    version = version_of(plan)
    activity = add_activity(plan)
    goal = activity.goal
    spending = services.spending_add(
        plan=plan, date=PLAN_DATE, amount=Decimal("5"), description="Fika"
    )
    area = plan.template.goal_areas.get(number=2)
    return {
        "section_edit": reverse("plans:section_edit", args=[version.sections.first().pk]),
        "target_groups_edit": reverse("plans:target_groups_edit", args=[version.pk]),
        "goal_add": reverse("plans:goal_add", args=[version.pk, area.pk]),
        "goal_edit": reverse("plans:goal_edit", args=[goal.pk]),
        "goal_delete": reverse("plans:goal_delete", args=[goal.pk]),
        "activity_add": reverse("plans:activity_add", args=[goal.pk]),
        "activity_edit": reverse("plans:activity_edit", args=[activity.pk]),
        "activity_delete": reverse("plans:activity_delete", args=[activity.pk]),
        "version_adopt": reverse("plans:version_adopt", args=[version.pk]),
        "spending_add": reverse("plans:spending_add", args=[plan.pk]),
        "spending_delete": reverse("plans:spending_delete", args=[spending.pk]),
    }


DRAFT_WRITE = {
    "anonymous": "login",
    "member": 403,
    "convener": 200,
    "outsider": 404,
    "board": 403,
    "admin": 200,
    "other_admin": 404,
}


class TestWriteAccess:
    def test_writes_to_a_draft(self, clients, plan):
        for name, url in _write_urls(plan).items():
            assert (name, statuses(clients, url)) == (name, DRAFT_WRITE)

    def test_posts_are_refused_like_gets(self, clients, plan):
        urls = _write_urls(plan)
        for role in ("member", "board"):
            for name, url in urls.items():
                assert (name, post(clients[role], url, {}).status_code) == (name, 403)
        assert models.PlanVersion.objects.get().status == models.VersionStatus.DRAFT

    def test_an_adopted_version_is_locked_for_everyone(self, clients, plan):
        urls = _write_urls(plan)
        adopt(plan)
        for name in ("section_edit", "goal_add", "goal_edit", "activity_edit", "version_adopt"):
            assert clients["convener"].get(urls[name]).status_code == 403, name
            assert clients["admin"].get(urls[name]).status_code == 403, name
        # Spending and progress go on after adoption.
        assert clients["convener"].get(urls["spending_add"]).status_code == 200

    def test_a_member_of_another_group_gets_404_on_a_draft(self, plan, other_group_member):
        for name, url in _write_urls(plan).items():
            assert (name, other_group_member.get(url).status_code) == (name, 404)


class TestForms:
    def test_section_edit_shows_the_guidance_and_saves_sanitised(self, clients, plan):
        section = version_of(plan).sections.first()
        section.template_section.guidance = "Beskriv gruppens förutsättningar."
        section.template_section.save()
        url = reverse("plans:section_edit", args=[section.pk])
        assert "Beskriv gruppens förutsättningar." in clients["convener"].get(url).content.decode()
        response = clients["convener"].post(
            url, {"body": "Hej <script>alert(1)</script>\n\n- punkt", "revision": 1}
        )
        assert response.status_code == 302
        section.refresh_from_db()
        assert (
            section.body
            == "<p>Hej &lt;script&gt;alert(1)&lt;/script&gt;</p><ul><li>punkt</li></ul>"
        )
        page = clients["member"].get(reverse("plans:plan_detail", args=[plan.pk]))
        assert "<script>alert" not in page.content.decode()

    def test_goal_add_shows_the_guiding_questions(self, clients, plan):
        version = version_of(plan)
        area = plan.template.goal_areas.get(number=2)
        url = reverse("plans:goal_add", args=[version.pk, area.pk])
        assert "Vilka frågor gäller trisam?" in clients["convener"].get(url).content.decode()
        token = uuid.uuid4().hex
        post(clients["convener"], url, {"text": "Alla HC har Trisam"}, token=token)
        post(clients["convener"], url, {"text": "Alla HC har Trisam"}, token=token)
        assert list(version.goals.values_list("text", flat=True)) == ["Alla HC har Trisam"]

    def test_a_goal_area_of_another_template_is_404(self, clients, plan, world):
        other = make_template(world.other_association)
        url = reverse("plans:goal_add", args=[version_of(plan).pk, other.goal_areas.first().pk])
        assert clients["convener"].get(url).status_code == 404

    def test_activity_add_and_edit(self, clients, plan, world):
        goal = add_goal(plan)
        response = post(
            clients["convener"],
            reverse("plans:activity_add", args=[goal.pk]),
            {
                "title": "Utbildningsdag",
                "responsible_party": world.parties["municipality"].pk,
                "responsible_person": world.people["member"].pk,
                "start_date": "2026-03-01",
                "due_date": "2026-04-01",
                "status": "planned",
                "planned_amount": "12 500,50",
            },
        )
        assert response.status_code == 302
        activity = models.Activity.objects.get()
        assert activity.planned_amount == Decimal("12500.50")
        response = clients["convener"].post(
            reverse("plans:activity_edit", args=[activity.pk]),
            {
                "revision": 1,
                "title": "Utbildningsdag",
                "start_date": "2026-03-01",
                "due_date": "2026-02-01",
                "status": "planned",
            },
        )
        assert response.status_code == 200
        assert "due_date" in response.context["form"].errors

    def test_target_groups_from_the_catalogue_and_local(self, clients, plan, world):
        from mysam.plans.tests.factories import TargetGroupFactory

        young = TargetGroupFactory(association=world.association, name="Unga utanför")
        url = reverse("plans:target_groups_edit", args=[version_of(plan).pk])
        assert "Unga utanför" in clients["convener"].get(url).content.decode()
        response = clients["convener"].post(
            url, {"add_catalogue": [young.pk], "add_local": "Våld i nära relation\n"}
        )
        assert response.status_code == 302
        rows = list(version_of(plan).target_groups.all())
        assert [r.name for r in rows] == ["Unga utanför", "Våld i nära relation"]
        response = clients["convener"].post(
            url,
            {
                f"order_{rows[0].pk}": 2,
                f"order_{rows[1].pk}": 1,
                f"remove_{rows[0].pk}": "on",
            },
        )
        assert [r.name for r in version_of(plan).target_groups.all()] == ["Våld i nära relation"]

    def test_deleting_asks_first(self, clients, plan):
        activity = add_activity(plan)
        url = reverse("plans:activity_delete", args=[activity.pk])
        assert clients["convener"].get(url).status_code == 200
        assert models.Activity.objects.filter(pk=activity.pk).exists()
        post(clients["convener"], url, {})
        assert not models.Activity.objects.filter(pk=activity.pk).exists()


class TestConflicts:
    def test_two_people_editing_the_same_section(self, clients, plan):
        section = version_of(plan).sections.first()
        url = reverse("plans:section_edit", args=[section.pk])
        first, second = clients["convener"], clients["admin"]
        revision = first.get(url).context["form"]["revision"].value()
        assert second.get(url).context["form"]["revision"].value() == revision
        assert first.post(url, {"body": "Sörens text", "revision": revision}).status_code == 302
        response = second.post(url, {"body": "Kanslits text", "revision": revision})
        assert response.status_code == 200
        content = response.content.decode()
        assert response.context["conflict"]["text"] == "Sörens text"
        assert "Sörens text" in content  # theirs, saved
        assert "Kanslits text" in content  # yours, still in the form
        assert response.context["form"]["revision"].value() == "2"
        section.refresh_from_db()
        assert section.body == "<p>Sörens text</p>"
        # Merging and saving on the new revision works.
        merged = second.post(url, {"body": "Sörens text\n\nKanslits text", "revision": 2})
        assert merged.status_code == 302
        section.refresh_from_db()
        assert section.body == "<p>Sörens text</p><p>Kanslits text</p>"

    def test_two_people_editing_the_same_activity(self, clients, plan):
        activity = add_activity(plan)
        url = reverse("plans:activity_edit", args=[activity.pk])
        data = {"revision": 1, "status": "planned", "description": ""}
        ok = clients["convener"].post(url, {**data, "title": "Kartlägg unga"})
        assert ok.status_code == 302
        response = clients["admin"].post(
            url, {**data, "title": "Kartlägg nyanlända", "description": "Min beskrivning"}
        )
        assert response.status_code == 200
        content = response.content.decode()
        assert "Kartlägg unga" in content and "Kartlägg nyanlända" in content
        assert "Min beskrivning" in content
        assert response.context["form"]["revision"].value() == "2"
        activity.refresh_from_db()
        assert activity.title == "Kartlägg unga"


class TestProgress:
    def test_statuses(self, clients, plan, world):
        activity = add_activity(plan)
        url = reverse("plans:progress_add", args=[activity.pk])
        assert statuses(clients, url) == {
            "anonymous": "login",
            "member": 403,
            "convener": 200,
            "outsider": 404,
            "board": 403,
            "admin": 200,
            "other_admin": 404,
        }

    def test_the_responsible_person_logs_progress_on_an_adopted_plan(self, clients, plan, world):
        activity = add_activity(plan, responsible_person=world.people["member"])
        adopt(plan)
        url = reverse("plans:progress_add", args=[activity.pk])
        token = uuid.uuid4().hex
        data = {"date": "2026-02-01", "text": "Start gjord", "new_status": "in_progress"}
        assert post(clients["member"], url, data, token=token).status_code == 302
        post(clients["member"], url, data, token=token)
        assert models.ActivityProgress.objects.count() == 1
        activity.refresh_from_db()
        assert activity.status == models.ActivityStatus.IN_PROGRESS
        page = clients["member"].get(reverse("plans:plan_detail", args=[plan.pk]))
        assert "Start gjord" in page.content.decode()


class TestBudgetAndSpending:
    def test_budget_set_is_for_the_office(self, clients, plan):
        url = reverse("plans:budget_set", args=[plan.pk])
        assert statuses(clients, url) == {
            "anonymous": "login",
            "member": 403,
            "convener": 403,
            "outsider": 404,
            "board": 403,
            "admin": 200,
            "other_admin": 404,
        }
        response = post(clients["admin"], url, {"year": 2026, "amount": "324 651"})
        assert response.status_code == 302
        assert models.GroupBudget.objects.get().amount == Decimal("324651")

    def test_the_plan_page_shows_budget_spent_remaining_and_warns(self, clients, plan, world):
        services.budget_set(group=world.group, year=2026, amount=Decimal("324651"))
        activity = add_activity(plan, planned_amount=Decimal("400000"))
        post(
            clients["convener"],
            reverse("plans:spending_add", args=[plan.pk]),
            {
                "date": "2026-03-01",
                "amount": "1 000",
                "description": "Lokalhyra",
                "activity": activity.pk,
            },
        )
        content = clients["member"].get(reverse("plans:plan_detail", args=[plan.pk])).content
        text = content.decode()
        assert "Lokalhyra" in text
        page = clients["member"].get(reverse("plans:plan_detail", args=[plan.pk])).context["page"]
        year = page.budget_years[0]
        assert (year.amount, year.planned, year.spent, year.remaining) == (
            Decimal("324651"),
            Decimal("400000"),
            Decimal("1000"),
            Decimal("323651"),
        )
        assert year.planned_over_budget and not year.over_budget

    def test_spending_delete(self, clients, plan):
        spending = services.spending_add(
            plan=plan, date=PLAN_DATE, amount=Decimal("5"), description="Fika"
        )
        url = reverse("plans:spending_delete", args=[spending.pk])
        post(clients["convener"], url, {})
        assert not models.Spending.objects.exists()


class TestAdoptAndRevise:
    def test_adopt_then_revise_once(self, clients, plan):
        add_activity(plan)
        version = version_of(plan)
        post(clients["convener"], reverse("plans:version_adopt", args=[version.pk]), {})
        version.refresh_from_db()
        assert version.status == models.VersionStatus.ADOPTED
        url = reverse("plans:revision_start", args=[plan.pk])
        assert statuses(clients, url) == {
            "anonymous": "login",
            "member": 403,
            "convener": 200,
            "outsider": 403,
            "board": 403,
            "admin": 200,
            "other_admin": 404,
        }
        token = uuid.uuid4().hex
        first = post(clients["convener"], url, {"change_note": "Årlig revidering"}, token=token)
        second = post(clients["convener"], url, {"change_note": "Årlig revidering"}, token=token)
        assert first.status_code == second.status_code == 302
        assert plan.versions.count() == 2
        # Another tab, another token: refused with a message, still one new version.
        third = post(clients["convener"], url, {"change_note": "igen"})
        assert third.status_code == 200
        assert plan.versions.count() == 2
        assert version_of(plan).goals.get().activities.count() == 1


# --- In the browser ----------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_plan_pages_pass_axe_and_fit_a_phone(chromium, live_server, world):
    """Every page of writing and following up a plan: no axe violation, nothing wider than
    a 375 px screen outside a scrolling table. A conflict page is included."""

    from mysam.conftest import axe_violations, format_violations

    make_template(world.association)
    plan = services.plan_create(
        group=world.group, start_year=2026, end_year=2026, plan_date=PLAN_DATE
    )
    services.section_update(
        section=version_of(plan).sections.first(),
        body="Text med **fet** stil.\n\n- en punkt\n- [länk](https://example.se)",
        revision=1,
    )
    services.budget_set(group=world.group, year=2026, amount=Decimal("324651"))
    activity = add_activity(
        plan,
        responsible_person=world.people["member"],
        due_date=datetime.date(2026, 2, 1),
        planned_amount=Decimal("400000"),
    )
    services.progress_add(activity=activity, date=PLAN_DATE, text="Påbörjad")
    services.spending_add(plan=plan, date=PLAN_DATE, amount=Decimal("1500"), description="Lokal")
    version = version_of(plan)
    pages = [
        reverse("plans:plan_list"),
        reverse("plans:plan_create", args=[world.group.pk]),
        reverse("plans:plan_detail", args=[plan.pk]),
        reverse("plans:section_edit", args=[version.sections.first().pk]),
        reverse("plans:target_groups_edit", args=[version.pk]),
        reverse("plans:goal_add", args=[version.pk, plan.template.goal_areas.first().pk]),
        reverse("plans:activity_add", args=[activity.goal_id]),
        reverse("plans:activity_edit", args=[activity.pk]),
        reverse("plans:progress_add", args=[activity.pk]),
        reverse("plans:budget_set", args=[plan.pk]),
        reverse("plans:spending_add", args=[plan.pk]),
        reverse("plans:version_adopt", args=[version.pk]),
    ]
    problems = []
    for viewport in ({"width": 1280, "height": 900}, {"width": 375, "height": 812}):
        context = signed_in_context(chromium, live_server, world.users["admin"], viewport)
        page = context.new_page()
        for url in pages:
            response = page.goto(live_server.url + url)
            if response.status != 200:
                problems.append(f"{url}: {response.status}")
                continue
            if viewport["width"] == 1280:
                violations = axe_violations(page)
                if violations:
                    problems.append(f"{url}:\n{format_violations(violations)}")
            else:
                wide = page.evaluate(
                    "() => document.documentElement.scrollWidth > "
                    "document.documentElement.clientWidth"
                )
                if wide:
                    problems.append(f"{url}: wider than 375 px")
        # The conflict page: save the section from a stale form.
        page.goto(live_server.url + pages[3])
        services.section_update(
            section=version.sections.first(),
            body="Någon annans text",
            revision=version.sections.first().revision,
        )
        page.fill("textarea[name=body]", "Min text")
        page.click("form.form button[type=submit]")
        page.wait_for_load_state()
        assert "Någon annans text" in page.content()
        if viewport["width"] == 1280:
            violations = axe_violations(page)
            if violations:
                problems.append(f"conflict:\n{format_violations(violations)}")
        context.close()
    assert problems == []
