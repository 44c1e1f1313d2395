"""The minutes' flow through the services: draft → ready → approved at the next meeting or
by named checkers → locked → correction with a reason as a new version; decisions numbered
by item; action items tied to the action plan; the search text kept up to date."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from mysam.conftest import World
from mysam.meetings import models
from mysam.meetings.services import minutes as services
from mysam.meetings.tests.factories import make_meeting
from mysam.organisation import models as org
from mysam.organisation.tests import factories as f
from mysam.plans.models import Activity, ActivityProgress, PlanGoal
from mysam.plans.tests.factories import make_plan

FIRST_DAY = datetime.date(2026, 3, 23)
NEXT_DAY = datetime.date(2026, 5, 4)


def item_of(meeting: models.Meeting, kind: str) -> models.AgendaItem:
    return meeting.agenda_items.get(kind=kind)


def note_of(minutes: models.Minutes, kind: str) -> models.MinutesNote:
    return minutes.notes.get(agenda_item__kind=kind)


def write_note(minutes: models.Minutes, kind: str, text: str, user=None) -> models.MinutesNote:  # type: ignore[no-untyped-def]
    note = note_of(minutes, kind)
    return services.minutes_note_update(note=note, body=text, revision=note.revision, user=user)


def started(world: World, day: datetime.date = FIRST_DAY) -> models.Minutes:
    meeting = make_meeting(world.group, day=day)
    return services.minutes_start(meeting=meeting, user=world.users["convener"])


def ready(
    minutes: models.Minutes, method: str = models.ApprovalMethod.NEXT_MEETING, checkers=None
) -> models.Minutes:  # type: ignore[no-untyped-def]
    if not minutes.notes.exclude(body="").exists():
        write_note(minutes, models.AgendaItemKind.TRISAM, "Statistik visas.")
    return services.minutes_ready(minutes=minutes, approval_method=method, checkers=checkers)


def refresh(minutes: models.Minutes) -> models.Minutes:
    return models.Minutes.objects.get(pk=minutes.pk)


class TestStart:
    def test_it_makes_one_note_per_item_on_the_agenda_and_is_idempotent(self, world):
        meeting = make_meeting(world.group)
        models.AgendaItem.objects.create(
            meeting=meeting,
            order=20,
            title="Förslag",
            status=models.AgendaItemStatus.PROPOSED,
        )
        minutes = services.minutes_start(meeting=meeting, user=world.users["convener"])
        assert minutes.notes.count() == 7
        assert minutes.signed_by.startswith("Sören Ärlig")
        models.AgendaItem.objects.create(meeting=meeting, order=8, title="Projekt Trygg Ung")
        again = services.minutes_start(meeting=meeting)
        assert again.pk == minutes.pk
        assert again.notes.count() == 8
        assert "Mysam Hofors" in refresh(minutes).search_text


class TestFlow:
    def test_it_goes_from_draft_to_approved_at_the_next_meeting_and_is_corrected(self, world):
        convener = world.users["convener"]
        first = started(world)
        write_note(first, models.AgendaItemKind.TRISAM, "- Ny rehabkoordinator\n- Bra samarbete")
        with pytest.raises(ValidationError):
            services.minutes_approve_at_meeting(
                minutes=first, at_meeting=make_meeting(world.group, day=NEXT_DAY), user=convener
            )
        services.minutes_ready(minutes=first, approval_method=models.ApprovalMethod.NEXT_MEETING)
        assert refresh(first).status == models.MinutesStatus.READY

        later_meeting = models.Meeting.objects.get(starts_at__date=NEXT_DAY)
        services.minutes_approve_at_meeting(minutes=first, at_meeting=later_meeting, user=convener)
        first = refresh(first)
        assert first.status == models.MinutesStatus.APPROVED
        assert first.approved_at_meeting == later_meeting
        assert first.approved_at is not None
        version = first.versions.get()
        assert version.number == 1
        trisam = next(i for i in version.content["items"] if i["title"] == "Trisam")
        assert "Ny rehabkoordinator" in trisam["body"]
        later_note = note_of(later_meeting.minutes, models.AgendaItemKind.PREVIOUS_MINUTES)
        assert "Föregående minnesanteckningar godkänns" in later_note.body

        # Locked: the draft-writing services refuse.
        with pytest.raises(ValidationError):
            write_note(first, models.AgendaItemKind.TRISAM, "Ändrat")
        with pytest.raises(ValidationError):
            services.decision_create(
                minutes=first, agenda_item=item_of(first.meeting, "trisam"), text="X"
            )

        note = note_of(first, models.AgendaItemKind.TRISAM)
        with pytest.raises(ValidationError) as error:
            services.minutes_correct(
                minutes=first, reason=" ", bodies={note.pk: "Rättad"}, version=1
            )
        assert "reason" in error.value.message_dict
        services.minutes_correct(
            minutes=first,
            reason="Fel namn under punkt 4",
            bodies={note.pk: "- Ny rehabkoordinator Hofors\n- Bra samarbete"},
            version=1,
            user=convener,
        )
        first = refresh(first)
        assert first.version == 2
        assert list(first.versions.values_list("number", "reason")) == [
            (1, ""),
            (2, "Fel namn under punkt 4"),
        ]
        old, new = first.versions.order_by("number")
        assert (
            "Hofors" not in next(i for i in old.content["items"] if i["title"] == "Trisam")["body"]
        )
        assert "Ny rehabkoordinator Hofors" in new.content["items"][3]["body"]
        assert "Ny rehabkoordinator Hofors" in first.search_text
        # A correction over a newer correction is refused.
        with pytest.raises(ValidationError):
            services.minutes_correct(minutes=first, reason="x", bodies={note.pk: "y"}, version=1)

    def test_it_refuses_ready_without_any_notes(self, world):
        minutes = started(world)
        with pytest.raises(ValidationError) as refused:
            services.minutes_ready(
                minutes=minutes, approval_method=models.ApprovalMethod.NEXT_MEETING
            )
        assert refused.value.messages == [
            gettext("Write the notes of at least one item before sending them.")
        ]

    def test_only_the_next_meeting_approves(self, world):
        first = ready(started(world))
        make_meeting(world.group, day=NEXT_DAY)
        third = make_meeting(world.group, day=datetime.date(2026, 6, 8))
        with pytest.raises(ValidationError) as refused:
            services.minutes_approve_at_meeting(minutes=first, at_meeting=third)
        assert refused.value.messages == [
            gettext("Minutes are approved at the group's next meeting.")
        ]


class TestCheckers:
    def test_it_is_approved_when_every_checker_has_confirmed(self, world):
        member, convener = world.people["member"], world.people["convener"]
        minutes = started(world)
        with pytest.raises(ValidationError) as error:
            ready(minutes, models.ApprovalMethod.CHECKERS, [])
        assert "checkers" in error.value.message_dict
        with pytest.raises(ValidationError):
            ready(minutes, models.ApprovalMethod.CHECKERS, [world.people["outsider"]])
        ready(minutes, models.ApprovalMethod.CHECKERS, [member, convener])
        with pytest.raises(ValidationError):
            services.minutes_confirm(minutes=minutes, person=world.people["outsider"])
        services.minutes_confirm(minutes=minutes, person=member)
        assert refresh(minutes).status == models.MinutesStatus.READY
        services.minutes_confirm(minutes=minutes, person=convener)
        minutes = refresh(minutes)
        assert minutes.status == models.MinutesStatus.APPROVED
        assert minutes.approved_at_meeting is None
        assert minutes.versions.get().number == 1


class TestDecisions:
    def test_they_are_numbered_by_item_and_renumbered_when_one_is_removed(self, world):
        minutes = started(world)
        trisam = item_of(minutes.meeting, "trisam")
        other = item_of(minutes.meeting, "other_business")
        first, second, third = (
            services.decision_create(minutes=minutes, agenda_item=trisam, text=t)
            for t in ("Ett", "Två", "Tre")
        )
        elsewhere = services.decision_create(minutes=minutes, agenda_item=other, text="Annat")
        assert [first.number, second.number, third.number, elsewhere.number] == [1, 2, 3, 1]
        services.decision_delete(decision=first)
        assert list(trisam.decisions.order_by("number").values_list("number", "text")) == [
            (1, "Två"),
            (2, "Tre"),
        ]
        services.decision_update(decision=third, text="Tre, ändrat")
        assert "Tre, ändrat" in refresh(minutes).search_text
        with pytest.raises(ValidationError):
            services.decision_create(minutes=minutes, agenda_item=trisam, text="  ")

    def test_an_item_of_another_meeting_is_refused(self, world):
        minutes = started(world)
        elsewhere = make_meeting(world.group, day=NEXT_DAY).agenda_items.first()
        with pytest.raises(ValidationError):
            services.decision_create(minutes=minutes, agenda_item=elsewhere, text="X")


class TestActionItems:
    def test_tied_to_a_plan_activity_it_adds_a_progress_entry(self, world):
        plan = make_plan(world.group)
        version = plan.versions.get()
        goal = PlanGoal.objects.create(
            version=version, goal_area=plan.template.goal_areas.get(number=1), text="Mål"
        )
        activity = Activity.objects.create(goal=goal, title="Kartlägg målgruppen")
        minutes = started(world)
        action = services.action_item_create(
            minutes=minutes,
            agenda_item=item_of(minutes.meeting, "trisam"),
            text="Bjud in psykiatrin",
            responsible=world.people["member"],
            due_date=datetime.date(2026, 4, 30),
            plan_activity=activity,
            user=world.users["convener"],
        )
        assert action.plan_activity_lineage == activity.lineage
        entry = ActivityProgress.objects.get(activity_lineage=activity.lineage)
        assert entry.text.startswith("Åtgärd från mötet 2026-03-23: Bjud in psykiatrin")
        assert entry.plan == plan
        assert "Bjud in psykiatrin" in refresh(minutes).search_text

    def test_an_activity_of_another_group_and_a_person_of_another_association_are_refused(
        self, world
    ):
        other_group = f.CooperationGroupFactory(association=world.association, name="Mysam Gävle")
        plan = make_plan(other_group)
        goal = PlanGoal.objects.create(
            version=plan.versions.get(),
            goal_area=plan.template.goal_areas.get(number=1),
            text="Mål",
        )
        activity = Activity.objects.create(goal=goal, title="Annan grupps aktivitet")
        minutes = started(world)
        stranger = f.PersonFactory(association=world.other_association)
        for kwargs in (
            {"plan_activity": activity, "responsible": world.people["member"]},
            {"responsible": stranger},
        ):
            with pytest.raises(ValidationError):
                services.action_item_create(
                    minutes=minutes,
                    agenda_item=None,
                    text="Något",
                    due_date=datetime.date(2026, 4, 30),
                    **kwargs,
                )

    def test_done_is_allowed_after_approval(self, world):
        minutes = started(world)
        action = services.action_item_create(
            minutes=minutes,
            agenda_item=None,
            text="Skicka statistik",
            responsible=world.people["member"],
            due_date=datetime.date(2026, 4, 30),
        )
        ready(minutes, models.ApprovalMethod.CHECKERS, [world.people["member"]])
        services.minutes_confirm(minutes=minutes, person=world.people["member"])
        done = services.action_item_done(action_item=action)
        assert done.status == models.ActionItemStatus.DONE
        assert done.done_at is not None
        with pytest.raises(ValidationError):
            services.action_item_update(
                action_item=action,
                text="Ändrat",
                responsible=world.people["member"],
                due_date=datetime.date(2026, 5, 1),
            )

    def test_assigning_tells_the_reminders(self, world, django_capture_on_commit_callbacks):
        from django.core import mail

        world.people["member"].email = "asa@example.se"
        world.people["member"].save()
        minutes = started(world)
        with django_capture_on_commit_callbacks(execute=True):
            services.action_item_create(
                minutes=minutes,
                agenda_item=None,
                text="Skicka statistik",
                responsible=world.people["member"],
                due_date=datetime.date(2026, 4, 30),
            )
        assert any("asa@example.se" in m.to for m in mail.outbox)


def test_membership_role_is_used(world):
    """The group people offered as checkers are the current members."""
    from mysam.meetings.selectors.minutes import group_people

    f.MembershipFactory(
        group=world.group,
        person=world.people["outsider"],
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2021, 1, 1),
        role=org.MembershipRole.MEMBER,
    )
    assert set(group_people(group=world.group)) == {
        world.people["member"],
        world.people["convener"],
    }
