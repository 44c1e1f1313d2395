"""Reminder e-mails: minutes ready for checking, action item assigned, due tomorrow."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from mysam.meetings import models
from mysam.meetings.services import reminders
from mysam.meetings.tests.factories import make_meeting, make_minutes
from mysam.organisation.tests import factories as f

TODAY = datetime.date(2026, 11, 23)


def sv(msgid: str, **values: str) -> str:
    """The Swedish text of a message (the English source until the catalogue has it)."""
    with translation.override("sv"):
        return translation.gettext(msgid) % values


@pytest.fixture
def meeting(world):
    world.people["member"].email = "asa.oberg@example.se"
    world.people["member"].save()
    world.people["convener"].email = "soren.arlig@example.se"
    world.people["convener"].save()
    return make_meeting(world.group, day=datetime.date(2026, 11, 2))


def _action(meeting, person, *, due, status=models.ActionItemStatus.OPEN):
    minutes = getattr(meeting, "minutes", None) or make_minutes(meeting)
    return models.ActionItem.objects.create(
        minutes=minutes, text="Ta fram statistik", responsible=person, due_date=due, status=status
    )


class TestMinutesReady:
    def test_it_mails_the_groups_current_members(
        self, world, meeting, django_capture_on_commit_callbacks
    ):
        ended = f.PersonFactory(
            association=world.association, party=world.parties["af"], email="slutat@example.se"
        )
        f.MembershipFactory(
            group=world.group,
            person=ended,
            start_date=datetime.date(2020, 1, 1),
            end_date=datetime.date(2021, 1, 1),
        )
        minutes = make_minutes(meeting, status=models.MinutesStatus.READY)
        with django_capture_on_commit_callbacks(execute=True):
            reminders.notify_minutes_ready(minutes=minutes)
        assert sorted(m.to[0] for m in mail.outbox) == [
            "asa.oberg@example.se",
            "soren.arlig@example.se",
        ]
        message = mail.outbox[0]
        assert message.subject == sv(
            "Minutes ready for checking: %(group)s %(date)s",
            group="Mysam Hofors",
            date="2026-11-02",
        )
        assert (
            sv(
                "They will be approved at the next meeting. Read them beforehand and tell the "
                "convener if something should be changed."
            )
            in message.body
        )
        assert "http://" in message.body
        assert message.alternatives[0][1] == "text/html"

    def test_it_mails_only_the_named_checkers(
        self, world, meeting, django_capture_on_commit_callbacks
    ):
        minutes = make_minutes(meeting, status=models.MinutesStatus.READY)
        minutes.approval_method = models.ApprovalMethod.CHECKERS
        minutes.save()
        models.MinutesChecker.objects.create(minutes=minutes, person=world.people["member"])
        with django_capture_on_commit_callbacks(execute=True):
            reminders.notify_minutes_ready(minutes=minutes)
        assert [m.to for m in mail.outbox] == [["asa.oberg@example.se"]]
        assert "Mysam Hofors" in mail.outbox[0].body
        assert (
            sv(
                "You are named as a checker. Read them and confirm them in Mysam, or tell the "
                "convener what should be changed."
            )
            in mail.outbox[0].body
        )

    def test_it_sends_nothing_when_the_transaction_rolls_back(self, world, meeting):
        minutes = make_minutes(meeting, status=models.MinutesStatus.READY)
        with pytest.raises(RuntimeError), transaction.atomic():
            reminders.notify_minutes_ready(minutes=minutes)
            raise RuntimeError
        assert mail.outbox == []

    def test_it_sends_nothing_for_a_draft(self, world, meeting):
        minutes = make_minutes(meeting)
        assert reminders.reminders_send_minutes_ready(minutes_id=minutes.pk) == 0
        assert mail.outbox == []


class TestActionItemAssigned:
    def test_it_mails_the_responsible_person_once(
        self, world, meeting, django_capture_on_commit_callbacks
    ):
        item = _action(meeting, world.people["member"], due=datetime.date(2026, 12, 15))
        with django_capture_on_commit_callbacks(execute=True):
            reminders.notify_action_item_assigned(action_item=item)
        with django_capture_on_commit_callbacks(execute=True):
            reminders.notify_action_item_assigned(action_item=item)
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["asa.oberg@example.se"]
        assert message.subject == sv("An action item for you: %(group)s", group="Mysam Hofors")
        assert "Ta fram statistik" in message.body
        assert "2026-12-15" in message.body

    def test_it_skips_a_person_without_email(self, world, meeting):
        item = _action(meeting, world.people["outsider"], due=datetime.date(2026, 12, 15))
        world.people["outsider"].email = ""
        world.people["outsider"].save()
        assert reminders.reminders_send_action_item_assigned(action_item_id=item.pk) == 0


class TestDueTomorrow:
    def test_the_daily_command_twice_sends_one_mail(self, world, meeting):
        due = _action(meeting, world.people["member"], due=TODAY + datetime.timedelta(days=1))
        _action(meeting, world.people["convener"], due=TODAY + datetime.timedelta(days=2))
        _action(
            meeting,
            world.people["convener"],
            due=TODAY + datetime.timedelta(days=1),
            status=models.ActionItemStatus.DONE,
        )
        call_command("meetings_daily", "--date", TODAY.isoformat(), stdout=None)
        call_command("meetings_daily", "--date", TODAY.isoformat(), stdout=None)
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["asa.oberg@example.se"]
        assert message.subject == sv(
            "Reminder: an action item is due tomorrow (%(due)s)", due="2026-11-24"
        )
        assert (
            models.ReminderSent.objects.filter(
                kind=models.ReminderKind.ACTION_DUE, object_id=due.pk
            ).count()
            == 1
        )

    def test_it_sends_nothing_when_nothing_is_due_tomorrow(self, world, meeting):
        _action(meeting, world.people["member"], due=TODAY)
        assert reminders.reminders_send_due_tomorrow(day=TODAY) == 0
        assert mail.outbox == []

    def test_a_failed_send_is_tried_again_next_run(self, world, meeting, settings, monkeypatch):
        _action(meeting, world.people["member"], due=TODAY + datetime.timedelta(days=1))

        def broken(*args, **kwargs):
            raise ConnectionError("SMTP down")

        monkeypatch.setattr(reminders, "_render_and_send", broken)
        assert reminders.reminders_send_due_tomorrow(day=TODAY) == 0
        assert not models.ReminderSent.objects.exists()
        monkeypatch.undo()
        assert reminders.reminders_send_due_tomorrow(day=TODAY) == 1


def test_it_rejects_a_bad_date():
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("meetings_daily", "--date", "23/11")
