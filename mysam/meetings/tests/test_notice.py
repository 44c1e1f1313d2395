"""The notice: who gets it, what it holds, and that it goes out over real SMTP."""

from __future__ import annotations

import datetime
import email
import socket
from email.message import Message

import icalendar
import pytest
from django.core import mail
from django.urls import reverse

from mysam.meetings.models import AgendaItem, Meeting, MeetingStatus
from mysam.meetings.services import calendar as services
from mysam.meetings.tests.factories import make_meeting
from mysam.organisation import models as org
from mysam.organisation.tests import factories as f


@pytest.fixture
def co_opted(world):  # type: ignore[no-untyped-def]
    return f.MembershipFactory(
        group=world.group,
        person=f.PersonFactory(association=world.association, email="adjungerad@example.se"),
        role=org.MembershipRole.CO_OPTED,
    )


@pytest.fixture
def commit(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Run what a block leaves for after the commit (the notice task) at the block's end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def meeting(world) -> Meeting:  # type: ignore[no-untyped-def]
    meeting = make_meeting(world.group, day=datetime.date(2030, 3, 12))
    item = meeting.agenda_items.get(order=4)
    item.presenter = "Trisam-teamet"
    item.estimated_minutes = 15
    item.save()
    return meeting


def _calendar_part(message: mail.EmailMessage) -> icalendar.Calendar:
    parsed = email.message_from_bytes(message.message().as_bytes())
    return _calendar_from(parsed)


def _calendar_from(parsed: Message) -> icalendar.Calendar:
    for part in parsed.walk():
        if part.get_content_type() == "text/calendar":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return icalendar.Calendar.from_ical(payload)
    raise AssertionError("no text/calendar part")


class TestRecipients:
    def test_it_goes_to_current_members_with_an_address(
        self, world, meeting, co_opted, commit
    ) -> None:  # type: ignore[no-untyped-def]
        ended = f.MembershipFactory(
            group=world.group, end_date=datetime.date(2024, 6, 30), role=org.MembershipRole.MEMBER
        )
        no_address = f.MembershipFactory(group=world.group, person__email="")
        substitute = f.MembershipFactory(group=world.group, role=org.MembershipRole.SUBSTITUTE)
        with commit():
            services.notice_send(meeting=meeting)
        recipients = sorted(m.to[0] for m in mail.outbox)
        expected = sorted(
            [
                world.people["member"].email,
                world.people["convener"].email,
                substitute.person.email,
            ]
        )
        assert recipients == expected
        assert ended.person.email not in recipients
        assert co_opted.person.email not in recipients
        assert no_address.person.user is None

    def test_a_co_opted_member_gets_it_only_when_invited(
        self, world, meeting, co_opted, commit
    ) -> None:  # type: ignore[no-untyped-def]
        with commit():
            services.notice_send(meeting=meeting, invited_co_opted=[co_opted])
        assert co_opted.person.email in [m.to[0] for m in mail.outbox]
        assert list(meeting.invited_co_opted.all()) == [co_opted]

    def test_it_refuses_inviting_someone_who_is_not_co_opted(self, world, meeting, commit) -> None:  # type: ignore[no-untyped-def]
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError), commit():
            services.notice_send(meeting=meeting, invited_co_opted=[world.memberships["member"]])


class TestContent:
    def test_it_holds_the_agenda_in_text_and_html_and_an_invitation(
        self, world, meeting, commit
    ) -> None:  # type: ignore[no-untyped-def]
        with commit():
            services.notice_send(meeting=meeting)
        message = mail.outbox[0]
        assert "Trisam – Trisam-teamet" in message.body
        assert "2030-03-12" in message.subject
        html = message.alternatives[0][0]  # type: ignore[attr-defined]
        assert "<li>Trisam – Trisam-teamet (15 " in str(html)
        cal = _calendar_part(message)
        assert cal["METHOD"] == "REQUEST"
        event = next(iter(cal.walk("VEVENT")))
        assert str(event["UID"]) == f"{meeting.ical_uid}@mysam"
        assert event["SEQUENCE"] == 0
        meeting.refresh_from_db()
        assert meeting.notice_sent_at is not None

    def test_proposed_items_are_not_in_the_notice(self, world, meeting, commit) -> None:  # type: ignore[no-untyped-def]
        AgendaItem.objects.create(meeting=meeting, order=99, title="Förslag X", status="proposed")
        with commit():
            services.notice_send(meeting=meeting)
        assert "Förslag X" not in mail.outbox[0].body

    def test_sending_again_and_moving_send_updates_with_a_higher_sequence(
        self, world, meeting, commit
    ) -> None:  # type: ignore[no-untyped-def]
        with commit():
            services.notice_send(meeting=meeting)
        with commit():
            services.notice_send(meeting=meeting)
        with commit():
            services.meeting_update(
                meeting=meeting,
                title=meeting.title,
                date=datetime.date(2030, 3, 19),
                start_time=datetime.time(9, 0),
                end_time=datetime.time(11, 0),
                location="Hofors kommunhus",
            )
        per_send = len(mail.outbox) // 3
        sequences = [
            next(iter(_calendar_part(m).walk("VEVENT")))["SEQUENCE"]
            for m in mail.outbox[::per_send]
        ]
        assert sequences == [0, 1, 2]
        uids = {str(next(iter(_calendar_part(m).walk("VEVENT")))["UID"]) for m in mail.outbox}
        assert uids == {f"{meeting.ical_uid}@mysam"}
        moved = next(iter(_calendar_part(mail.outbox[-1]).walk("VEVENT")))
        assert moved.decoded("DTSTART").hour == 9
        assert str(moved["LOCATION"]) == "Hofors kommunhus"
        assert "Uppdaterad" in mail.outbox[-1].subject or "Updated" in mail.outbox[-1].subject

    def test_a_change_before_the_notice_sends_nothing(self, world, meeting, commit) -> None:  # type: ignore[no-untyped-def]
        with commit():
            services.meeting_update(
                meeting=meeting,
                title="Nytt namn",
                date=datetime.date(2030, 3, 19),
                start_time=datetime.time(9, 0),
                end_time=datetime.time(11, 0),
            )
        assert mail.outbox == []
        meeting.refresh_from_db()
        assert meeting.ical_sequence == 0

    def test_cancelling_sends_method_cancel_to_the_same_recipients(
        self, world, meeting, commit
    ) -> None:  # type: ignore[no-untyped-def]
        with commit():
            services.notice_send(meeting=meeting)
        first = sorted(m.to[0] for m in mail.outbox)
        mail.outbox.clear()
        with commit():
            services.meeting_cancel(meeting=meeting)
        assert sorted(m.to[0] for m in mail.outbox) == first
        cal = _calendar_part(mail.outbox[0])
        event = next(iter(cal.walk("VEVENT")))
        assert cal["METHOD"] == "CANCEL"
        assert event["STATUS"] == "CANCELLED"
        assert str(event["UID"]) == f"{meeting.ical_uid}@mysam"
        assert event["SEQUENCE"] == 1
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.CANCELLED


class TestNoticePage:
    def test_the_page_previews_recipients_and_the_mail(self, world, clients, meeting) -> None:  # type: ignore[no-untyped-def]
        response = clients["convener"].get(reverse("meetings:notice_send", args=[meeting.pk]))
        assert response.status_code == 200
        html = response.content.decode()
        assert world.people["member"].email in html
        assert "Trisam" in html
        assert mail.outbox == []

    def test_posting_sends_and_invites_chosen_co_opted(
        self, world, clients, meeting, co_opted, commit
    ) -> None:  # type: ignore[no-untyped-def]
        with commit():
            response = clients["convener"].post(
                reverse("meetings:notice_send", args=[meeting.pk]),
                {"invited_co_opted": [co_opted.pk]},
            )
        assert response.status_code == 302
        assert co_opted.person.email in [m.to[0] for m in mail.outbox]
        assert len(mail.outbox) == 3

    @pytest.mark.parametrize(
        ("role", "status"),
        [("member", 403), ("outsider", 404), ("board", 403), ("other_admin", 404)],
    )
    def test_only_the_convener_and_office_send(self, world, clients, meeting, role, status) -> None:  # type: ignore[no-untyped-def]
        url = reverse("meetings:notice_send", args=[meeting.pk])
        assert clients[role].get(url).status_code == status
        assert clients[role].post(url).status_code == status
        assert mail.outbox == []

    def test_anonymous_is_sent_to_login(self, clients, meeting) -> None:  # type: ignore[no-untyped-def]
        response = clients["anonymous"].get(reverse("meetings:notice_send", args=[meeting.pk]))
        assert response.status_code == 302
        assert "/konto/login/" in response["Location"]


# --- Over a real SMTP server ---------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
        self.messages.append((list(envelope.rcpt_tos), bytes(envelope.original_content)))
        return "250 Message accepted for delivery"


@pytest.mark.django_db(transaction=True)
def test_the_notice_goes_out_through_a_real_smtp_server(world, settings, co_opted) -> None:  # type: ignore[no-untyped-def]
    from aiosmtpd.controller import Controller

    meeting = make_meeting(world.group, day=datetime.date(2030, 3, 12))
    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        # transaction=True: the task runs on a real commit, as in production.
        services.notice_send(meeting=meeting)
    finally:
        controller.stop()
    expected = {world.people["member"].email, world.people["convener"].email}
    assert len(inbox.messages) == len(expected)
    assert {rcpt for rcpts, _content in inbox.messages for rcpt in rcpts} == expected
    assert co_opted.person.email not in {r for rcpts, _c in inbox.messages for r in rcpts}
    for _rcpts, content in inbox.messages:
        parsed = email.message_from_bytes(content)
        types = [part.get_content_type() for part in parsed.walk()]
        assert "text/plain" in types
        assert "text/html" in types
        cal = _calendar_from(parsed)
        event = next(iter(cal.walk("VEVENT")))
        assert str(event["UID"]) == f"{meeting.ical_uid}@mysam"
        attendees = event["ATTENDEE"]
        attendees = attendees if isinstance(attendees, list) else [attendees]
        assert {str(a).removeprefix("mailto:") for a in attendees} == expected


def test_the_notice_page_sends_without_any_choice_to_make(world, clients, meeting, commit) -> None:  # type: ignore[no-untyped-def]
    """A group without co-opted members: the form has no fields and still sends."""
    with commit():
        response = clients["admin"].post(reverse("meetings:notice_send", args=[meeting.pk]))
    assert response.status_code == 302
    assert len(mail.outbox) == 2
