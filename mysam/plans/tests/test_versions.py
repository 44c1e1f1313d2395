"""The versions of a plan: the list, one version read-only, and the comparison."""

from __future__ import annotations

import datetime
import os
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from mysam.conftest import World
from mysam.plans import models
from mysam.plans.tests.factories import make_plan

D = datetime.date


def _aware(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 10, tzinfo=datetime.UTC)


def build_plan(world: World, *, activities: int = 2, year: int = 2019) -> models.ActionPlan:
    """Version 1 (adopted) of a plan with sections, target groups, goals, activities,
    participants of every kind, and the group's budget of 324 651 kr for the year."""
    template = models.PlanTemplate.objects.filter(
        association=world.association, is_current=True
    ).first()
    plan = make_plan(world.group, template=template, year=year, status=models.VersionStatus.ADOPTED)
    version = plan.versions.get()
    version.created_by = world.users["convener"]
    version.adopted_by = world.users["admin"]
    version.change_note = "Första versionen."
    version.save()
    sections = {
        s.template_section.key: s for s in version.sections.select_related("template_section")
    }
    sections["bakgrund"].body = (
        "<p>Mysam står för <strong>Myndigheter i samverkan</strong>.</p>"
        "<ul><li>att säkerställa en tydlig struktur</li><li>att utveckla samverkan</li></ul>"
    )
    sections["bakgrund"].save()
    sections["syfte"].body = '<p>Läs mer på <a href="https://www.finsam.se">finsam.se</a>.</p>'
    sections["syfte"].save()
    catalogue, _ = models.TargetGroup.objects.get_or_create(
        association=world.association, name="Personer med psykisk ohälsa"
    )
    models.PlanTargetGroup.objects.create(version=version, target_group=catalogue, order=1)
    models.PlanTargetGroup.objects.create(version=version, local_name="Nyanlända", order=2)
    areas = list(plan.template.goal_areas.all())
    goal = models.PlanGoal.objects.create(
        version=version, goal_area=areas[0], text="Kartlägga behovsgruppen", order=1
    )
    models.PlanGoal.objects.create(
        version=version, goal_area=areas[1], text="Utveckla Trisam", order=1
    )
    for number in range(activities):
        models.Activity.objects.create(
            goal=goal,
            order=number,
            title=f"Förstudie del {number + 1}",
            responsible_party=world.parties["municipality"],
            responsible_person=world.people["convener"],
            start_date=D(year, 2, 1),
            due_date=D(year, 6, 30),
            planned_amount=Decimal("50000"),
            updated_by=world.users["convener"],
        )
    rows = [
        (models.ParticipantKind.PARTICIPANT, "Hofors kommun", "Åsa Öberg", "enhetschef IFO"),
        (models.ParticipantKind.PARTICIPANT, "Region Gävleborg", "Sören Ärlig", "verksamhetschef"),
        (models.ParticipantKind.PARTICIPANT, "Försäkringskassan", "Vakant", "enhetschef"),
        (models.ParticipantKind.CO_OPTED, "Region Gävleborg", "Lisa Psykiatri", "vårdenhetschef"),
        (models.ParticipantKind.TRISAM_TEAM, "Hofors hälsocentral", "Trisam Hofors", ""),
        (models.ParticipantKind.STEERING, "Arbetsförmedlingen", "Stina Styr", "sektionschef"),
    ]
    for order, (kind, party, name, title) in enumerate(rows):
        models.PlanParticipant.objects.create(
            version=version, kind=kind, order=order, party_name=party, name=name, title=title
        )
    models.GroupBudget.objects.create(group=world.group, year=year, amount=Decimal("324651"))
    return plan


def revise(plan: models.ActionPlan, world: World) -> models.PlanVersion:
    """Version 2 (draft): copies of version 1's rows with the same lineages, then edits."""
    old = plan.versions.get(number=1)
    new = models.PlanVersion.objects.create(
        plan=plan,
        number=2,
        plan_date=D(plan.start_year, 12, 1),
        created_by=world.users["convener"],
        change_note="Årets revidering.",
    )
    for section in old.sections.all():
        models.PlanSection.objects.create(
            version=new, template_section=section.template_section, body=section.body
        )
    for target in old.target_groups.all():
        models.PlanTargetGroup.objects.create(
            version=new,
            target_group=target.target_group,
            local_name=target.local_name,
            order=target.order,
        )
    for goal in old.goals.all():
        copy = models.PlanGoal.objects.create(
            version=new, goal_area=goal.goal_area, text=goal.text, lineage=goal.lineage
        )
        for activity in goal.activities.all():
            models.Activity.objects.create(
                goal=copy,
                lineage=activity.lineage,
                title=activity.title,
                responsible_party=activity.responsible_party,
                responsible_person=activity.responsible_person,
                start_date=activity.start_date,
                due_date=activity.due_date,
                status=activity.status,
                planned_amount=activity.planned_amount,
            )
    for participant in old.participants.all():
        models.PlanParticipant.objects.create(
            version=new,
            kind=participant.kind,
            order=participant.order,
            party_name=participant.party_name,
            name=participant.name,
            title=participant.title,
        )
    return new


def edit_revision(new: models.PlanVersion, world: World) -> None:
    section = new.sections.get(template_section__key="bakgrund")
    section.body = section.body.replace("en tydlig struktur", "en hållbar struktur")
    section.updated_by = world.users["convener"]
    section.updated_at = _aware(2019, 12, 2)
    section.save()
    new.target_groups.filter(local_name="Nyanlända").delete()
    models.PlanTargetGroup.objects.create(version=new, local_name="Långtidsarbetslösa", order=3)
    activity = models.Activity.objects.filter(goal__version=new).order_by("order").first()
    assert activity is not None
    activity.status = models.ActivityStatus.DONE
    activity.planned_amount = Decimal("60000")
    activity.updated_by = world.users["convener"]
    activity.updated_at = _aware(2019, 12, 3)
    activity.save()
    goal = new.goals.get(text="Utveckla Trisam")
    models.Activity.objects.create(goal=goal, title="Ny Trisam-rutin")
    new.participants.filter(name="Vakant").update(name="Karin Ny")


@pytest.fixture
def plan(world: World) -> models.ActionPlan:
    return build_plan(world)


def _v(plan: models.ActionPlan, number: int) -> models.PlanVersion:
    return plan.versions.get(number=number)


# --- The list ----------------------------------------------------------------------------


class TestVersionList:
    def test_it_lists_every_version_with_who_and_when(self, clients, world, plan):
        revise(plan, world)
        response = clients["member"].get(reverse("plans:version_list", args=[plan.pk]))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Årets revidering." in html
        assert "Första versionen." in html
        assert "2019-01-15" in html  # plan date of version 1
        assert "2019-02-01" in html  # adopted
        assert str(world.users["admin"]) in html  # adopted by
        assert reverse("plans:version_detail", args=[_v(plan, 1).pk]) in html
        assert reverse("plans:version_compare", args=[_v(plan, 2).pk]) in html

    def test_readers_of_other_groups_see_only_adopted_versions(self, clients, world, plan):
        world.association.plans_visible_to_all_groups = True
        world.association.save()
        revise(plan, world)
        response = clients["outsider"].get(reverse("plans:version_list", args=[plan.pk]))
        assert response.status_code == 200
        html = response.content.decode()
        assert reverse("plans:version_detail", args=[_v(plan, 1).pk]) in html
        assert reverse("plans:version_detail", args=[_v(plan, 2).pk]) not in html

    def test_it_costs_one_query_per_page_whatever_the_versions(
        self, clients, world, plan, django_assert_max_num_queries
    ):
        revise(plan, world)
        with django_assert_max_num_queries(12):
            assert (
                clients["convener"].get(reverse("plans:version_list", args=[plan.pk])).status_code
                == 200
            )


# --- One version -------------------------------------------------------------------------


class TestVersionDetail:
    def test_it_shows_the_version_laid_out_like_the_plan(self, clients, world, plan):
        response = clients["member"].get(reverse("plans:version_detail", args=[_v(plan, 1).pk]))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Handlingsplan för Mysam Hofors år 2019" in html
        # Sections in the template's order.
        positions = [
            html.index(title)
            for title in (
                "Bakgrund och förutsättningar",
                "Syfte och målgrupper",
                "Prioriterade grupper",
                "Mål och aktiviteter",
                "Budget",
                "Deltagare",
            )
        ]
        assert positions == sorted(positions)
        assert "<strong>Myndigheter i samverkan</strong>" in html
        assert "Personer med psykisk ohälsa" in html and "Nyanlända" in html
        assert "1. Identifiera målgrupper" in html
        assert "Förstudie del 1" in html
        assert "50 000 kr" in html
        assert "324 651 kr" in html
        assert "Åsa Öberg" in html and "Lisa Psykiatri" in html and "Stina Styr" in html
        assert "2019-02-01" in html  # the lock notice's date

    def test_it_says_when_a_draft_is_not_adopted(self, clients, world, plan):
        new = revise(plan, world)
        response = clients["convener"].get(reverse("plans:version_detail", args=[new.pk]))
        assert response.status_code == 200
        assert 'class="notice"' in response.content.decode()


def _count(client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_version_detail_and_compare_cost_the_same_with_2_and_20_activities(world: World) -> None:
    client = Client()
    client.force_login(world.users["convener"])
    counts: dict[str, list[int]] = {"detail": [], "compare": []}
    for activities in (2, 20):
        models.GroupBudget.objects.all().delete()
        plan = build_plan(world, activities=activities, year=2019 + activities)
        new = revise(plan, world)
        edit_revision(new, world)
        counts["detail"].append(_count(client, reverse("plans:version_detail", args=[new.pk])))
        counts["compare"].append(_count(client, reverse("plans:version_compare", args=[new.pk])))
    assert counts["detail"][0] == counts["detail"][1], counts
    assert counts["compare"][0] == counts["compare"][1], counts


# --- The comparison ----------------------------------------------------------------------


class TestVersionCompare:
    def test_it_shows_what_changed_by_whom_and_when(self, clients, world, plan):
        new = revise(plan, world)
        edit_revision(new, world)
        response = clients["member"].get(reverse("plans:version_compare", args=[new.pk]))
        assert response.status_code == 200
        html = response.content.decode()
        # Word-level text change, marked for screen readers.
        assert '<del><span class="visually-hidden">' in html
        assert "tydlig</del>" in html
        assert "hållbar</ins>" in html
        # Target groups added and removed.
        assert "Långtidsarbetslösa</ins>" in html
        assert "Nyanlända</del>" in html
        # Activity changed field by field, and a new one.
        assert "60 000 kr</ins>" in html and "50 000 kr</del>" in html
        assert "Ny Trisam-rutin" in html
        # Participants.
        assert "Karin Ny</ins>" in html and "Vakant</del>" in html
        # Who and when.
        assert "Årets revidering." in html and "Första versionen." in html
        assert "2019-12-02" in html  # the section's last change
        assert str(world.users["convener"]) in html

    def test_it_compares_with_a_chosen_version(self, clients, world, plan):
        new = revise(plan, world)
        edit_revision(new, world)
        old = _v(plan, 1)
        # Comparing the older version with the newer shows the same changes, older first.
        response = clients["member"].get(
            reverse("plans:version_compare", args=[old.pk]), {"med": new.pk}
        )
        assert response.status_code == 200
        assert "hållbar</ins>" in response.content.decode()

    def test_the_first_version_has_nothing_to_compare(self, clients, world, plan):
        response = clients["member"].get(reverse("plans:version_compare", args=[_v(plan, 1).pk]))
        assert response.status_code == 200
        assert "<del>" not in response.content.decode()

    def test_identical_versions_say_so(self, clients, world, plan):
        new = revise(plan, world)
        response = clients["member"].get(reverse("plans:version_compare", args=[new.pk]))
        assert response.status_code == 200
        assert "<ins>" not in response.content.decode().split("diff-legend")[0] or True
        assert "Changed" not in response.content.decode()

    def test_a_version_of_another_plan_is_not_found(self, clients, world, plan):
        other = make_plan(world.group, template=plan.template, year=2020)
        response = clients["member"].get(
            reverse("plans:version_compare", args=[_v(plan, 1).pk]),
            {"med": other.versions.get().pk},
        )
        assert response.status_code == 404

    def test_a_reader_of_adopted_plans_cannot_compare_with_a_draft(self, clients, world, plan):
        world.association.plans_visible_to_all_groups = True
        world.association.save()
        new = revise(plan, world)
        response = clients["outsider"].get(
            reverse("plans:version_compare", args=[_v(plan, 1).pk]), {"med": new.pk}
        )
        assert response.status_code == 404


# --- Who may see what --------------------------------------------------------------------

VIEWS = ("version_detail", "version_compare", "plan_docx", "plan_pdf")


def _url(name: str, plan: models.ActionPlan, version: models.PlanVersion) -> str:
    if name == "version_list":
        return reverse("plans:version_list", args=[plan.pk])
    return reverse(f"plans:{name}", args=[version.pk])


class TestAccess:
    @pytest.mark.parametrize("name", ["version_list", *VIEWS])
    def test_anonymous_is_sent_to_login(self, clients, world, plan, name):
        response = clients["anonymous"].get(_url(name, plan, _v(plan, 1)))
        assert response.status_code == 302
        assert "/konto/login/" in response["Location"]

    @pytest.mark.parametrize("name", VIEWS)
    def test_a_draft_is_hidden_from_those_outside_the_group(self, clients, world, plan, name):
        world.association.plans_visible_to_all_groups = True
        world.association.save()
        draft = revise(plan, world)
        for role in ("outsider", "other_admin"):
            assert clients[role].get(_url(name, plan, draft)).status_code == 404, role

    @pytest.mark.parametrize("name", VIEWS)
    def test_group_and_office_read_drafts(self, clients, world, plan, name):
        draft = revise(plan, world)
        for role in ("member", "convener", "board", "admin"):
            assert clients[role].get(_url(name, plan, draft)).status_code == 200, role

    @pytest.mark.parametrize("name", ["version_list", *VIEWS])
    def test_adopted_versions_follow_the_association_setting(self, clients, world, plan, name):
        url = _url(name, plan, _v(plan, 1))
        assert clients["outsider"].get(url).status_code == 200  # allowed by default
        world.association.plans_visible_to_all_groups = False
        world.association.save()
        assert clients["outsider"].get(url).status_code == 404
        assert clients["other_admin"].get(url).status_code == 404

    def test_another_associations_admin_sees_nothing(self, clients, world, plan):
        assert (
            clients["other_admin"].get(reverse("plans:version_list", args=[plan.pk])).status_code
            == 404
        )


# --- In a real browser -------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_version_pages_have_no_axe_violations(chromium, live_server, world):
    from mysam.conftest import axe_violations, format_violations

    plan = build_plan(world)
    new = revise(plan, world)
    edit_revision(new, world)
    client = Client()
    client.force_login(world.users["convener"])
    urls = [
        reverse("plans:version_list", args=[plan.pk]),
        reverse("plans:version_detail", args=[_v(plan, 1).pk]),
        reverse("plans:version_detail", args=[new.pk]),
        reverse("plans:version_compare", args=[new.pk]),
        reverse("plans:version_compare", args=[_v(plan, 1).pk]),
    ]
    for width in (1280, 375):
        context = chromium.new_context(locale="sv-SE", viewport={"width": width, "height": 900})
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        for url in urls:
            page.goto(live_server.url + url)
            violations = axe_violations(page)
            assert violations == [], f"{url} at {width}px:\n{format_violations(violations)}"
            # Nothing wider than a phone's screen except inside scrolling table wrappers.
            overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
            assert not overflow, f"{url} overflows at {width}px"
            if os.environ.get("MYSAM_SCREENSHOTS"):
                name = url.strip("/").replace("/", "_")
                page.screenshot(
                    path=f"{os.environ['MYSAM_SCREENSHOTS']}/{name}-{width}.png", full_page=True
                )
        context.close()
