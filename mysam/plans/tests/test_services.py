"""Writing a plan: creating it from the template and the registry, editing the newest draft
with conflict detection, progress, budget arithmetic, adopting and revising."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mysam.conftest import World
from mysam.organisation import models as org
from mysam.organisation.tests import factories as f
from mysam.plans import models, services
from mysam.plans.selectors.follow_up import plan_follow_up_summary
from mysam.plans.tests.factories import TargetGroupFactory, make_template

PLAN_DATE = datetime.date(2026, 1, 20)


@pytest.fixture
def template(world: World) -> models.PlanTemplate:
    return make_template(world.association)


@pytest.fixture
def plan(world: World, template: models.PlanTemplate) -> models.ActionPlan:
    return services.plan_create(
        group=world.group,
        start_year=2026,
        end_year=2026,
        plan_date=PLAN_DATE,
        user=world.users["convener"],
    )


def _version(plan: models.ActionPlan) -> models.PlanVersion:
    return plan.versions.order_by("-number").first()


def _goal(plan: models.ActionPlan, text: str = "Fler i arbete") -> models.PlanGoal:
    version = _version(plan)
    area = plan.template.goal_areas.get(number=1)
    return services.goal_create(version=version, goal_area=area, text=text)


class TestPlanCreate:
    def test_it_names_the_plan_like_the_association_does(self, plan, world):
        assert plan.title == "Handlingsplan för Mysam Hofors år 2026"
        two = services.plan_create(
            group=world.group, start_year=2017, end_year=2018, plan_date=PLAN_DATE
        )
        assert two.title == "Handlingsplan för Mysam Hofors år 2017–2018"

    def test_it_refuses_more_than_two_years(self, world, template):
        with pytest.raises(ValidationError):
            services.plan_create(
                group=world.group, start_year=2026, end_year=2028, plan_date=PLAN_DATE
            )

    def test_it_refuses_without_a_current_template(self, world):
        with pytest.raises(ValidationError):
            services.plan_create(
                group=world.group, start_year=2026, end_year=2026, plan_date=PLAN_DATE
            )

    def test_version_one_has_a_section_per_text_section_with_its_default_text(self, plan):
        version = _version(plan)
        assert version.number == 1 and version.status == models.VersionStatus.DRAFT
        sections = list(version.sections.select_related("template_section"))
        assert [s.template_section.key for s in sections] == ["bakgrund", "syfte"]
        assert sections[0].body == "<p>Mysam står för…</p>"

    def test_participants_are_copied_from_the_registry_as_of_the_plan_date(self, world, template):
        region = world.parties["region"]
        left = f.PersonFactory(
            association=world.association, first_name="Ex", last_name="Slutat", party=region
        )
        f.MembershipFactory(
            group=world.group,
            person=left,
            start_date=datetime.date(2024, 1, 1),
            end_date=datetime.date(2025, 12, 31),
        )
        later = f.PersonFactory(
            association=world.association, first_name="Ny", last_name="Senare", party=region
        )
        f.MembershipFactory(group=world.group, person=later, start_date=datetime.date(2026, 6, 1))
        psych = f.PersonFactory(
            association=world.association,
            first_name="Adam",
            last_name="Adjungerad",
            party=region,
            title="Vårdenhetschef psykiatri",
        )
        f.MembershipFactory(
            group=world.group,
            person=psych,
            role=org.MembershipRole.CO_OPTED,
            start_date=datetime.date(2025, 1, 1),
        )
        steering = f.SteeringGroupFactory(group=world.group, municipality=world.municipality)
        org.SteeringGroupMember.objects.create(
            steering_group=steering, person=psych, start_date=datetime.date(2025, 1, 1)
        )
        centre = f.HealthCentreFactory(
            association=world.association, municipality=world.municipality, name="Hofors HC"
        )
        f.TrisamTeamFactory(health_centre=centre, group=world.group, name="Trisam Hofors")
        world.people["member"].title = "Enhetschef IFO"
        world.people["member"].save()

        plan = services.plan_create(
            group=world.group, start_year=2026, end_year=2026, plan_date=PLAN_DATE
        )
        rows = {(p.kind, p.party_name, p.name, p.title) for p in _version(plan).participants.all()}
        assert (
            models.ParticipantKind.PARTICIPANT,
            "Hofors kommun",
            "Åsa Öberg",
            "Enhetschef IFO",
        ) in rows
        names = {name for _kind, _party, name, _title in rows}
        assert "Sören Ärlig" in names  # the convener
        assert "Ex Slutat" not in names  # left before the plan date
        assert "Ny Senare" not in names  # starts after it
        assert (
            models.ParticipantKind.CO_OPTED,
            "Region Gävleborg",
            "Adam Adjungerad",
            "Vårdenhetschef psykiatri",
        ) in rows
        assert (models.ParticipantKind.STEERING, "Region Gävleborg") in {
            (k, p) for k, p, n, _t in rows if n == "Adam Adjungerad"
        }
        assert (models.ParticipantKind.TRISAM_TEAM, "", "Trisam Hofors", "Hofors HC") in rows

    def test_a_vacant_seat_is_shown_as_vacant(self, world, template):
        f.SeatFactory(group=world.group, party=world.parties["fk"], label="Enhetschef FN")
        plan = services.plan_create(
            group=world.group, start_year=2026, end_year=2026, plan_date=PLAN_DATE
        )
        vacant = _version(plan).participants.get(title="Enhetschef FN")
        assert vacant.party_name == "Försäkringskassan"
        assert vacant.person is None


class TestConflicts:
    def test_a_save_based_on_an_old_revision_raises_a_conflict_and_keeps_the_newer_text(self, plan):
        section = _version(plan).sections.first()
        services.section_update(section=section, body="Första", revision=1)
        with pytest.raises(services.EditConflict) as info:
            services.section_update(section=section, body="Andra", revision=1)
        assert info.value.revision == 2
        assert info.value.current.body == "<p>Första</p>"
        section.refresh_from_db()
        assert section.body == "<p>Första</p>"
        # Saving again on the new revision succeeds.
        services.section_update(section=section, body="Sammanfogad", revision=2)
        section.refresh_from_db()
        assert (section.body, section.revision) == ("<p>Sammanfogad</p>", 3)

    def test_section_text_is_stored_sanitised(self, plan):
        section = _version(plan).sections.first()
        services.section_update(
            section=section,
            body='<p onclick="x()">Hej</p><script>alert(1)</script><a href="javascript:x">l</a>',
            revision=1,
        )
        section.refresh_from_db()
        assert "script" not in section.body
        assert "onclick" not in section.body
        assert "javascript" not in section.body

    def test_activity_conflict(self, plan):
        activity = services.activity_create(goal=_goal(plan), title="Kartlägg")
        services.activity_update(activity=activity, revision=1, title="Kartlägg behovet")
        with pytest.raises(services.EditConflict) as info:
            services.activity_update(activity=activity, revision=1, title="Kartlägg gruppen")
        assert info.value.current.title == "Kartlägg behovet"

    def test_goal_conflict(self, plan):
        goal = _goal(plan)
        services.goal_update(goal=goal, text="Ny", revision=1)
        with pytest.raises(services.EditConflict):
            services.goal_update(goal=goal, text="Annan", revision=1)


class TestWriting:
    def test_activity_person_must_belong_to_the_responsible_party(self, plan, world):
        with pytest.raises(ValidationError) as info:
            services.activity_create(
                goal=_goal(plan),
                title="X",
                responsible_party=world.parties["af"],
                responsible_person=world.people["member"],
            )
        assert "responsible_person" in info.value.message_dict

    def test_a_person_alone_sets_the_party(self, plan, world):
        activity = services.activity_create(
            goal=_goal(plan), title="X", responsible_person=world.people["member"]
        )
        assert activity.responsible_party == world.parties["municipality"]

    def test_target_groups_add_reorder_remove(self, plan, world):
        version = _version(plan)
        young = TargetGroupFactory(association=world.association, name="Unga")
        newly = TargetGroupFactory(association=world.association, name="Nyanlända")
        rows = services.plan_target_groups_update(
            version=version, add_catalogue=[young, newly], add_local=["Våld i nära relation", ""]
        )
        assert [r.name for r in rows] == ["Unga", "Nyanlända", "Våld i nära relation"]
        by_name = {r.name: r for r in rows}
        rows = services.plan_target_groups_update(
            version=version,
            orders={by_name["Unga"].pk: 3, by_name["Våld i nära relation"].pk: 1},
            remove={by_name["Nyanlända"].pk},
            add_catalogue=[young],  # already chosen: not twice
        )
        assert [(r.name, r.order) for r in rows] == [("Våld i nära relation", 1), ("Unga", 2)]

    def test_catalogue_of_another_association_is_refused(self, plan, world):
        other = TargetGroupFactory(association=world.other_association)
        with pytest.raises(ValidationError):
            services.plan_target_groups_update(version=_version(plan), add_catalogue=[other])

    def test_an_activity_with_spending_cannot_be_removed(self, plan):
        activity = services.activity_create(goal=_goal(plan), title="Utbildning")
        services.spending_add(
            plan=plan,
            activity=activity,
            date=datetime.date(2026, 3, 1),
            amount=Decimal("100"),
            description="Lokal",
        )
        with pytest.raises(ValidationError):
            services.activity_delete(activity=activity)
        with pytest.raises(ValidationError):
            services.goal_delete(goal=activity.goal)


class TestAdoptAndRevise:
    def test_adopting_locks_the_version(self, plan, world):
        version = services.version_adopt(version=_version(plan), user=world.users["convener"])
        assert version.status == models.VersionStatus.ADOPTED
        assert version.adopted_at is not None and version.adopted_by == world.users["convener"]
        with pytest.raises(ValidationError, match="(locked|låst)"):
            services.section_update(section=version.sections.first(), body="x", revision=1)
        with pytest.raises(ValidationError):
            services.goal_create(
                version=version, goal_area=plan.template.goal_areas.first(), text="x"
            )
        with pytest.raises(ValidationError):
            services.version_adopt(version=version)

    def test_a_revision_copies_everything_with_the_same_lineage(self, plan, world):
        goal = _goal(plan)
        activity = services.activity_create(
            goal=goal, title="Kartlägg", planned_amount=Decimal("1000.50")
        )
        services.plan_target_groups_update(version=_version(plan), add_local=["Unga"])
        section = _version(plan).sections.first()
        services.section_update(section=section, body="Text v1", revision=1)
        services.version_adopt(version=_version(plan))

        new = services.revision_start(
            plan=plan,
            change_note="Årlig revidering",
            user=world.users["convener"],
            today=datetime.date(2027, 1, 10),
        )
        assert (new.number, new.status, new.plan_date) == (
            2,
            models.VersionStatus.DRAFT,
            datetime.date(2027, 1, 10),
        )
        assert new.change_note == "Årlig revidering"
        assert [s.body for s in new.sections.all()][0] == "<p>Text v1</p>"
        assert [t.name for t in new.target_groups.all()] == ["Unga"]
        new_goal = new.goals.get()
        assert new_goal.lineage == goal.lineage and new_goal.pk != goal.pk
        new_activity = models.Activity.objects.get(goal=new_goal)
        assert new_activity.lineage == activity.lineage
        assert new_activity.planned_amount == Decimal("1000.50")
        assert new.participants.filter(name="Åsa Öberg").exists()
        # The adopted version is untouched.
        assert models.Activity.objects.filter(goal=goal).count() == 1

    def test_a_revision_is_only_started_from_an_adopted_version_and_only_once(self, plan):
        with pytest.raises(services.RevisionAlreadyStarted):
            services.revision_start(plan=plan, change_note="x")
        services.version_adopt(version=_version(plan))
        services.revision_start(plan=plan, change_note="x")
        with pytest.raises(services.RevisionAlreadyStarted):
            services.revision_start(plan=plan, change_note="x")
        assert plan.versions.count() == 2

    def test_a_double_clicked_revision_makes_one_version(self, plan):
        services.version_adopt(version=_version(plan))
        token = uuid.uuid4().hex
        from mysam.organisation import services as org_services

        org_services.form_submission_once(
            token=token, write=lambda: services.revision_start(plan=plan, change_note="x")
        )
        with pytest.raises(org_services.AlreadySubmitted):
            org_services.form_submission_once(
                token=token, write=lambda: services.revision_start(plan=plan, change_note="x")
            )
        assert plan.versions.count() == 2


class TestProgress:
    def test_a_new_status_updates_the_newest_version_of_the_lineage(self, plan, world):
        activity = services.activity_create(goal=_goal(plan), title="Kartlägg")
        services.version_adopt(version=_version(plan))
        services.revision_start(plan=plan, change_note="x")
        # Progress logged on the old (adopted) version's activity…
        services.progress_add(
            activity=activity,
            date=datetime.date(2026, 2, 1),
            text="Klart",
            new_status=models.ActivityStatus.DONE,
            user=world.users["convener"],
        )
        newest = models.Activity.objects.get(lineage=activity.lineage, goal__version__number=2)
        assert newest.status == models.ActivityStatus.DONE
        assert newest.revision == 2
        activity.refresh_from_db()
        assert activity.status == models.ActivityStatus.PLANNED  # history unchanged
        assert models.ActivityProgress.objects.get().activity_lineage == activity.lineage

    def test_progress_needs_text_or_a_status_and_no_future_date(self, plan):
        activity = services.activity_create(goal=_goal(plan), title="Kartlägg")
        with pytest.raises(ValidationError):
            services.progress_add(activity=activity, date=datetime.date(2026, 2, 1), text=" ")
        with pytest.raises(ValidationError):
            services.progress_add(
                activity=activity,
                date=timezone.localdate() + datetime.timedelta(days=2),
                text="x",
            )


class TestBudget:
    def test_budget_planned_spent_and_remaining_in_decimal(self, plan, world):
        year = 2026
        services.budget_set(group=world.group, year=year, amount=Decimal("324651"))
        goal = _goal(plan)
        services.activity_create(goal=goal, title="A", planned_amount=Decimal("0.10"))
        services.activity_create(goal=goal, title="B", planned_amount=Decimal("0.20"))
        services.activity_create(
            goal=goal,
            title="Inställd",
            planned_amount=Decimal("999999"),
            status=models.ActivityStatus.CANCELLED,
        )
        for amount in ("100000.10", "24651.20"):
            services.spending_add(
                plan=plan,
                date=datetime.date(year, 1, 1),
                amount=Decimal(amount),
                description="Föreläsning",
            )
        summary = plan_follow_up_summary(
            group=world.group, since=datetime.date(year, 1, 1), today=datetime.date(year, 6, 1)
        )
        assert summary.budget == Decimal("324651.00")
        assert summary.planned == Decimal("0.30")  # not 0.30000000000000004
        assert summary.spent == Decimal("124651.30")
        assert summary.remaining == Decimal("199999.70")
        assert not summary.over_budget and not summary.planned_over_budget

    def test_setting_a_year_again_replaces_it(self, world):
        services.budget_set(group=world.group, year=2019, amount=Decimal("324651"))
        services.budget_set(group=world.group, year=2019, amount=Decimal("300000"))
        assert models.GroupBudget.objects.get(group=world.group, year=2019).amount == Decimal(
            "300000"
        )

    def test_spending_outside_the_plan_years_or_not_positive_is_refused(self, plan):
        with pytest.raises(ValidationError):
            services.spending_add(
                plan=plan, date=datetime.date(2030, 1, 1), amount=Decimal("1"), description="x"
            )
        with pytest.raises(ValidationError):
            services.spending_add(
                plan=plan, date=datetime.date(2026, 1, 1), amount=Decimal("0"), description="x"
            )
