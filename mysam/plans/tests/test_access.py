"""The permission rules of mysam.plans.access, role by role."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from mysam.accounts.actor import Actor
from mysam.accounts.models import AssociationRole
from mysam.accounts.selectors import actor_for_request  # noqa: F401 (documents where actors come from)
from mysam.conftest import World
from mysam.plans import access, models, services
from mysam.plans.tests.factories import make_template


def actor(world: World, role: str) -> Actor:
    user = world.users[role]
    association_role = AssociationRole.objects.get(user=user)
    return Actor(user=user, association=association_role.association, role=association_role.role)


@pytest.fixture
def plan(world: World) -> models.ActionPlan:
    make_template(world.association)
    return services.plan_create(
        group=world.group, start_year=2026, end_year=2026, plan_date=datetime.date(2026, 1, 10)
    )


def outcome(call) -> str:
    try:
        call()
    except Http404:
        return "404"
    except PermissionDenied:
        return "403"
    return "ok"


ROLES = ("member", "convener", "outsider", "board", "admin", "other_admin")


class TestPlanAccess:
    def test_reading_a_draft(self, world, plan):
        result = {
            r: outcome(lambda r=r: access.get_plan_for_user(actor(world, r), plan.pk))
            for r in ROLES
        }
        assert result == {
            "member": "ok",
            "convener": "ok",
            "outsider": "404",
            "board": "ok",
            "admin": "ok",
            "other_admin": "404",
        }

    def test_writing(self, world, plan):
        result = {
            r: outcome(lambda r=r: access.get_plan_for_user(actor(world, r), plan.pk, write=True))
            for r in ROLES
        }
        assert result == {
            "member": "403",
            "convener": "ok",
            "outsider": "404",
            "board": "403",
            "admin": "ok",
            "other_admin": "404",
        }

    def test_an_adopted_plan_is_readable_by_all_only_when_allowed(self, world, plan):
        services.version_adopt(version=plan.versions.get())
        assert outcome(lambda: access.get_plan_for_user(actor(world, "outsider"), plan.pk)) == "ok"
        world.association.plans_visible_to_all_groups = False
        world.association.save()
        assert outcome(lambda: access.get_plan_for_user(actor(world, "outsider"), plan.pk)) == "404"
        assert access.visible_plans(actor(world, "outsider")).count() == 0
        assert access.visible_plans(actor(world, "member")).count() == 1

    def test_writing_an_adopted_version_is_locked(self, world, plan):
        version = services.version_adopt(version=plan.versions.get())
        with pytest.raises(access.VersionLocked):
            access.get_version_for_user(actor(world, "convener"), version.pk, write=True)

    def test_a_goal_area_of_another_template_is_404(self, world, plan):
        other = make_template(world.other_association)
        with pytest.raises(Http404):
            access.get_goal_area_for_version(plan.versions.get(), other.goal_areas.first().pk)
        area = plan.template.goal_areas.first()
        assert access.get_goal_area_for_version(plan.versions.get(), area.pk) == area

    def test_progress_by_the_responsible_person(self, world, plan):
        version = plan.versions.get()
        goal = services.goal_create(
            version=version, goal_area=plan.template.goal_areas.first(), text="Mål"
        )
        activity = services.activity_create(
            goal=goal, title="A", responsible_person=world.people["member"]
        )
        assert (
            outcome(lambda: access.get_activity_for_progress(actor(world, "member"), activity.pk))
            == "ok"
        )
        other = services.activity_create(goal=goal, title="B")
        assert (
            outcome(lambda: access.get_activity_for_progress(actor(world, "member"), other.pk))
            == "403"
        )
        assert (
            outcome(lambda: access.get_activity_for_progress(actor(world, "board"), other.pk))
            == "403"
        )
