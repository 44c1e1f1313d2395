"""The minutes' access rules, role by role: drafts only for their writers and checkers,
approved minutes locked, action items for their responsible person."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from mysam.accounts.actor import Actor
from mysam.accounts.models import AssociationRole
from mysam.conftest import World
from mysam.meetings import access, models
from mysam.meetings.tests.factories import make_meeting, make_minutes


def actor_for(world: World, role: str) -> Actor:
    user = world.users[role]
    association_role = AssociationRole.objects.get(user=user)
    return Actor(user=user, association=association_role.association, role=association_role.role)


@pytest.fixture
def draft(world: World) -> models.Minutes:
    return make_minutes(make_meeting(world.group))


def test_a_draft_is_visible_only_to_its_writers_and_checkers(world, draft):
    for role in ("convener", "admin"):
        assert access.get_minutes_for_user(actor_for(world, role), draft.meeting_id) == draft
        assert list(access.visible_minutes(actor_for(world, role))) == [draft]
    for role in ("member", "board", "outsider", "other_admin"):
        with pytest.raises(Http404):
            access.get_minutes_for_user(actor_for(world, role), draft.meeting_id)
        assert list(access.visible_minutes(actor_for(world, role))) == []
    models.MinutesChecker.objects.create(minutes=draft, person=world.people["member"])
    assert access.get_minutes_for_user(actor_for(world, "member"), draft.meeting_id) == draft


def test_ready_minutes_are_read_by_the_group_and_written_by_the_convener(world, draft):
    draft.status = models.MinutesStatus.READY
    draft.save()
    for role in ("member", "convener", "board", "admin"):
        access.get_minutes_for_user(actor_for(world, role), draft.meeting_id)
    with pytest.raises(PermissionDenied):
        access.get_minutes_for_user(actor_for(world, "member"), draft.meeting_id, write=True)
    access.get_minutes_for_user(actor_for(world, "convener"), draft.meeting_id, write=True)


def test_approved_minutes_are_locked_but_can_be_corrected(world, draft):
    draft.status = models.MinutesStatus.APPROVED
    draft.approved_at = draft.updated_at
    draft.save()
    convener = actor_for(world, "convener")
    with pytest.raises(access.MinutesLocked):
        access.get_minutes_for_user(convener, draft.meeting_id, write=True)
    assert access.get_minutes_for_correction(convener, draft.meeting_id) == draft
    with pytest.raises(PermissionDenied):
        access.get_minutes_for_correction(actor_for(world, "member"), draft.meeting_id)


def test_minutes_are_started_only_by_a_writer(world):
    meeting = make_meeting(world.group)
    assert access.get_minutes_or_start(actor_for(world, "convener"), meeting.pk) == (meeting, None)
    with pytest.raises(Http404):
        access.get_minutes_or_start(actor_for(world, "member"), meeting.pk)
    with pytest.raises(Http404):
        access.get_minutes_or_start(actor_for(world, "other_admin"), meeting.pk)


def test_an_action_item_is_marked_done_by_its_responsible_person(world, draft):
    item = models.ActionItem.objects.create(
        minutes=draft,
        text="Gör",
        responsible=world.people["member"],
        due_date=datetime.date(2026, 4, 1),
    )
    # Responsible: sees it and may mark it done even while the minutes are a draft.
    assert access.get_action_item_for_user(actor_for(world, "member"), item.pk, write=True)
    with pytest.raises(Http404):
        access.get_action_item_for_user(actor_for(world, "board"), item.pk)
    with pytest.raises(PermissionDenied):
        access.get_action_item_for_edit(actor_for(world, "member"), item.pk)
    assert access.get_action_item_for_edit(actor_for(world, "convener"), item.pk) == item
