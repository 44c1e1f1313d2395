"""The follow-up summary the meetings feature puts on an agenda."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from mysam.conftest import World
from mysam.plans import models, services
from mysam.plans.selectors.follow_up import plan_follow_up_summary
from mysam.plans.tests.factories import make_template

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def plan(world: World) -> models.ActionPlan:
    make_template(world.association)
    return services.plan_create(
        group=world.group, start_year=2026, end_year=2026, plan_date=datetime.date(2026, 1, 10)
    )


def _activity(plan, *, area: int = 1, **kwargs) -> models.Activity:
    version = plan.versions.get()
    goal_area = plan.template.goal_areas.get(number=area)
    goal = version.goals.filter(goal_area=goal_area).first() or services.goal_create(
        version=version, goal_area=goal_area, text=f"Mål {area}"
    )
    activity = services.activity_create(goal=goal, **{"title": "Aktivitet", **kwargs})
    # Pretend it was written long ago, so only what happens later counts as a change.
    models.Activity.objects.filter(pk=activity.pk).update(
        updated_at=datetime.datetime(2026, 1, 10, 12, tzinfo=datetime.UTC)
    )
    activity.refresh_from_db()
    return activity


class TestFollowUpSummary:
    def test_a_group_without_a_plan(self, world):
        summary = plan_follow_up_summary(group=world.group, since=TODAY, today=TODAY)
        assert summary.plan is None and summary.version is None
        html = render_to_string("plans/plan/_follow_up.html", {"summary": summary})
        assert "<table" not in html and html.strip()

    def test_counts_per_goal_area_and_overdue(self, plan):
        _activity(plan, title="Sen", due_date=datetime.date(2026, 5, 1))
        _activity(
            plan,
            title="Klar",
            due_date=datetime.date(2026, 5, 1),
            status=models.ActivityStatus.DONE,
        )
        _activity(plan, area=2, title="Pausad", status=models.ActivityStatus.PAUSED)
        _activity(plan, title="Framtid", due_date=datetime.date(2026, 12, 1))
        summary = plan_follow_up_summary(
            group=plan.group, since=datetime.date(2026, 6, 1), today=TODAY
        )
        counts = {
            row.area.number: {c.status: c.count for c in row.counts if c.count}
            for row in summary.areas
        }
        assert counts == {1: {"planned": 2, "done": 1}, 2: {"paused": 1}}
        assert [a.title for a in summary.overdue] == ["Sen"]

    def test_changed_since_means_progress_or_an_edit_on_or_after_the_date(self, plan):
        logged = _activity(plan, title="Loggad")
        _activity(plan, title="Orörd")
        old = _activity(plan, title="Gammal logg")
        services.progress_add(activity=logged, date=datetime.date(2026, 6, 1), text="Möte hållet")
        services.progress_add(activity=old, date=datetime.date(2026, 5, 31), text="Förra veckan")
        summary = plan_follow_up_summary(
            group=plan.group, since=datetime.date(2026, 6, 1), today=TODAY
        )
        assert [(c.activity.title, [e.text for e in c.entries]) for c in summary.changed] == [
            ("Loggad", ["Möte hållet"])
        ]

    def test_a_status_change_counts_as_a_change(self, plan):
        activity = _activity(plan, title="Status")
        services.progress_add(
            activity=activity,
            date=datetime.date(2026, 6, 2),
            text="",
            new_status=models.ActivityStatus.IN_PROGRESS,
        )
        summary = plan_follow_up_summary(
            group=plan.group, since=datetime.date(2026, 6, 1), today=TODAY
        )
        assert summary.changed[0].activity.status == models.ActivityStatus.IN_PROGRESS

    def test_spending_this_year_against_the_budget(self, plan, world):
        services.budget_set(group=world.group, year=2026, amount=Decimal("1000"))
        _activity(plan, planned_amount=Decimal("1200"))
        services.spending_add(
            plan=plan, date=datetime.date(2026, 2, 1), amount=Decimal("1000.01"), description="x"
        )
        summary = plan_follow_up_summary(group=world.group, since=TODAY, today=TODAY)
        assert summary.remaining == Decimal("-0.01")
        assert summary.over_budget and summary.planned_over_budget
        html = render_to_string("plans/plan/_follow_up.html", {"summary": summary})
        assert "1\xa0000\xa0kr" in html or "1 000 kr" in html

    def test_it_picks_the_plan_of_the_current_year_and_its_newest_version(self, plan, world):
        services.plan_create(
            group=world.group, start_year=2024, end_year=2025, plan_date=datetime.date(2024, 1, 1)
        )
        services.version_adopt(version=plan.versions.get())
        revision = services.revision_start(plan=plan, change_note="x")
        summary = plan_follow_up_summary(group=world.group, since=TODAY, today=TODAY)
        assert summary.plan == plan and summary.version == revision

    def test_the_query_count_is_fixed(self, plan, django_assert_num_queries):
        for i in range(3):
            _activity(plan, title=f"A{i}")
        with django_assert_num_queries(7):
            plan_follow_up_summary(group=plan.group, since=TODAY, today=TODAY)
        for i in range(10):
            activity = _activity(plan, area=2, title=f"B{i}")
            services.progress_add(activity=activity, date=TODAY, text="ok")
        with django_assert_num_queries(7):
            summary = plan_follow_up_summary(group=plan.group, since=TODAY, today=TODAY)
        assert len(summary.changed) == 10
