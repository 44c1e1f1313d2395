"""Sending invitations and reminders: once per person, resumable, refused addresses marked."""

from __future__ import annotations

import datetime
import re
import smtplib

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.urls import reverse
from django.utils import timezone

from mysam.surveys.models import (
    Draft,
    Invitation,
    InvitationStatus,
    Mailing,
    MailingKind,
    MailingStatus,
)
from mysam.surveys.services import mailing as services
from mysam.surveys.services import sample as sample_services
from mysam.surveys.tests.factories import make_measurement, make_questionnaire
from mysam.surveys.tokens import hash_token

pytestmark = pytest.mark.django_db

LINK = re.compile(r"/svara/([A-Za-z0-9_-]{40,})/")


@pytest.fixture
def questionnaire(world):
    measurement = make_measurement(
        world.association,
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + datetime.timedelta(days=14),
    )
    return make_questionnaire(measurement)


def _people(questionnaire, n, prefix="p"):
    return [
        sample_services.invitation_add(questionnaire=questionnaire, email=f"{prefix}{i}@hofors.se")
        for i in range(n)
    ]


def _start(questionnaire, kind=MailingKind.INVITATION, **kw):
    mailing = services.mailing_start(questionnaire=questionnaire, kind=kind, user=None)
    services.mailing_run(mailing_id=mailing.pk)
    mailing.refresh_from_db()
    return mailing


def _tokens(messages):
    return {m.to[0]: LINK.search(m.body).group(1) for m in messages}


def test_invitations_carry_a_personal_link_and_only_its_hash_is_stored(world, questionnaire):
    _people(questionnaire, 5)
    mailing = _start(questionnaire)
    assert (mailing.status, mailing.total, mailing.sent, mailing.failed) == (
        MailingStatus.DONE,
        5,
        5,
        0,
    )
    assert len(mail.outbox) == 5
    tokens = _tokens(mail.outbox)
    for invitation in Invitation.objects.all():
        token = tokens[invitation.email]
        assert invitation.token_hash == hash_token(token)
        assert token not in str(invitation.__dict__)
        assert invitation.sent_at is not None
    message = mail.outbox[0]
    assert world.association.name in message.from_email
    assert message.alternatives and tokens[message.to[0]] in message.alternatives[0][0]
    assert "2" in message.body  # the close date is in the text
    assert timezone.localdate().isoformat()[:4] in message.body
    # A second send-out has nobody to send to.
    with pytest.raises(ValidationError):
        services.mailing_start(questionnaire=questionnaire, kind="invitation", user=None)


def test_excluded_and_undeliverable_people_get_nothing(world, questionnaire):
    a, b, c = _people(questionnaire, 3)
    sample_services.invitation_exclude(invitation=a, reason="on_leave")
    services.invitation_mark_undeliverable(invitation=b, reason="")
    _start(questionnaire)
    assert [m.to[0] for m in mail.outbox] == [c.email]


def test_reminders_go_only_to_those_who_have_not_answered(world, questionnaire):
    people = _people(questionnaire, 6)
    _start(questionnaire)
    mail.outbox.clear()
    Invitation.objects.filter(pk=people[0].pk).update(status=InvitationStatus.ANSWERED)
    Invitation.objects.filter(pk=people[1].pk).update(status=InvitationStatus.SCREENED_OUT)
    Invitation.objects.filter(pk=people[2].pk).update(status=InvitationStatus.STARTED)
    sample_services.invitation_exclude(invitation=people[3], reason="not_target_group")
    services.invitation_mark_undeliverable(invitation=people[4], reason="550")
    Draft.objects.create(
        questionnaire=questionnaire,
        token_hash=Invitation.objects.get(pk=people[2].pk).token_hash,
        data={"a": 1},
    )
    mailing = _start(questionnaire, MailingKind.REMINDER)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([people[2].email, people[5].email])
    assert mailing.sent == 2
    started = Invitation.objects.get(pk=people[2].pk)
    assert started.reminder_count == 1
    # The reminder carries the invitation's link, so the saved draft is still under it.
    token = _tokens(mail.outbox)[started.email]
    assert Draft.objects.get().token_hash == hash_token(token) == started.token_hash
    # A second reminder goes to the same two, once each.
    mail.outbox.clear()
    _start(questionnaire, MailingKind.REMINDER)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([people[2].email, people[5].email])


class RefusingBackend(LocmemBackend):
    """Refuses addresses starting with "fel"."""

    def send_messages(self, messages):
        for message in messages:
            if message.to[0].startswith("fel"):
                raise smtplib.SMTPRecipientsRefused(
                    {message.to[0]: (550, b"5.1.1 mailbox unavailable")}
                )
        return super().send_messages(messages)


def test_refused_addresses_are_marked_undeliverable(world, questionnaire, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    _people(questionnaire, 3)
    _people(questionnaire, 2, prefix="fel")
    mailing = _start(questionnaire)
    assert (mailing.sent, mailing.failed, mailing.status) == (3, 2, MailingStatus.DONE)
    bounced = Invitation.objects.filter(bounced_at__isnull=False)
    assert sorted(i.email for i in bounced) == ["fel0@hofors.se", "fel1@hofors.se"]
    assert "550" in bounced[0].bounce_reason
    assert services.uncertain(questionnaire=questionnaire).count() == 0
    # The office corrects an address: it is sent by the next invitation send-out.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.invitation_correct_email(invitation=bounced[0], email="ratt@hofors.se")
    mail.outbox.clear()
    _start(questionnaire)
    assert [m.to[0] for m in mail.outbox] == ["ratt@hofors.se"]


class CrashingBackend(LocmemBackend):
    """Dies (like a killed worker) in the middle of the Nth conversation."""

    crash_at = 7
    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).calls == self.crash_at:
            raise smtplib.SMTPServerDisconnected("connection lost")
        return super().send_messages(messages)


def test_a_crash_half_way_then_a_restart_sends_the_rest_and_nothing_twice(
    world, questionnaire, settings, clients
):
    settings.EMAIL_BACKEND = f"{__name__}.CrashingBackend"
    CrashingBackend.calls = 0
    _people(questionnaire, 20)
    mailing = services.mailing_start(questionnaire=questionnaire, kind="invitation", user=None)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        services.mailing_run(mailing_id=mailing.pk)
    mailing.refresh_from_db()
    assert (mailing.status, mailing.sent) == (MailingStatus.FAILED, 6)
    assert len(mail.outbox) == 6
    # The one being sent when it died is uncertain and reported, not sent again.
    uncertain = list(services.uncertain(questionnaire=questionnaire))
    assert len(uncertain) == 1
    page = clients["admin"].get(reverse("surveys:mailing_list", args=[questionnaire.pk]))
    assert uncertain[0].email in page.content.decode()
    # "Continue the send-out" sends the rest.
    response = clients["admin"].post(reverse("surveys:mailing_resume", args=[mailing.pk]))
    assert response.status_code == 302
    services.mailing_run(mailing_id=mailing.pk)  # the worker picks it up
    mailing.refresh_from_db()
    assert (mailing.status, mailing.sent) == (MailingStatus.DONE, 19)
    recipients = [m.to[0] for m in mail.outbox]
    assert len(recipients) == len(set(recipients)) == 19
    assert uncertain[0].email not in recipients
    # Only when the office asks are the uncertain ones sent again.
    mail.outbox.clear()
    again = services.mailing_resend_uncertain(questionnaire=questionnaire, user=None)
    services.mailing_run(mailing_id=again.pk)
    assert [m.to[0] for m in mail.outbox] == [uncertain[0].email]
    assert services.uncertain(questionnaire=questionnaire).count() == 0


def test_a_killed_worker_is_resumed_when_its_heartbeat_is_stale(world, questionnaire):
    _people(questionnaire, 4)
    mailing = services.mailing_start(questionnaire=questionnaire, kind="invitation", user=None)
    # A worker that was killed: claimed one, then died; the mailing still says "sending".
    first = Invitation.objects.first()
    services._claim(mailing, first.pk, first.token_hash, first.token_salt, timezone.now())
    Mailing.objects.filter(pk=mailing.pk).update(
        status=MailingStatus.RUNNING, heartbeat_at=timezone.now()
    )
    mailing.refresh_from_db()
    with pytest.raises(ValidationError):
        services.mailing_resume(mailing=mailing)  # still fresh: maybe running
    Mailing.objects.filter(pk=mailing.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    assert services.mailings_resume_stale() == 1
    services.mailing_run(mailing_id=mailing.pk)
    assert len(mail.outbox) == 3
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.DONE


def test_two_runs_at_once_never_send_one_email_twice(world, questionnaire):
    _people(questionnaire, 10)
    mailing = services.mailing_start(questionnaire=questionnaire, kind="invitation", user=None)
    services.mailing_run(mailing_id=mailing.pk)
    Mailing.objects.filter(pk=mailing.pk).update(status=MailingStatus.RUNNING)
    services.mailing_run(mailing_id=mailing.pk)
    assert len(mail.outbox) == 10


def test_nothing_is_sent_after_the_close_date(world, questionnaire):
    _people(questionnaire, 2)
    measurement = questionnaire.measurement
    measurement.opens_on = timezone.localdate() - datetime.timedelta(days=30)
    measurement.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    measurement.save()
    questionnaire.refresh_from_db()
    with pytest.raises(ValidationError):
        services.mailing_start(questionnaire=questionnaire, kind="invitation", user=None)


def test_the_office_starts_a_send_out_and_watches_it(
    world, clients, questionnaire, django_capture_on_commit_callbacks
):
    _people(questionnaire, 3)
    client = clients["admin"]
    url = reverse("surveys:mailing_list", args=[questionnaire.pk])
    form = client.get(url).context["form"]
    data = {"kind": "invitation", "form_token": form["form_token"].initial}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    assert client.post(url, data).status_code == 302  # a double submit starts one
    mailing = Mailing.objects.get()
    assert mailing.task_id
    assert len(mail.outbox) == 3
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    progress = client.get(reverse("surveys:mailing_progress", args=[mailing.pk]))
    assert b'id="mailing-bar"' in progress.content
    assert b'value="3"' in progress.content
    assert b"hx-trigger" not in progress.content  # done: polling stops


def test_the_progress_fragment_polls_while_sending(world, clients, questionnaire):
    _people(questionnaire, 3)
    mailing = services.mailing_start(questionnaire=questionnaire, kind="invitation", user=None)
    progress = clients["board"].get(reverse("surveys:mailing_progress", args=[mailing.pk]))
    assert progress.status_code == 200
    assert b'hx-trigger="every 2s"' in progress.content
    assert b'max="3"' in progress.content


def test_the_open_link_is_turned_on_and_off(world, clients, questionnaire):
    url = reverse("surveys:open_link", args=[questionnaire.pk])
    clients["admin"].post(url, {"enabled": "1"})
    questionnaire.refresh_from_db()
    token = questionnaire.open_link_token
    assert token
    page = clients["admin"].get(reverse("surveys:mailing_list", args=[questionnaire.pk]))
    assert token in page.content.decode()
    clients["admin"].post(url, {"enabled": "0"})
    questionnaire.refresh_from_db()
    assert questionnaire.open_link_token is None


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        ("member", 403, 403),
        ("outsider", 403, 403),
        ("convener", 403, 403),
        ("board", 200, 403),
        ("other_admin", 404, 404),
    ],
)
def test_forbidden_access(world, clients, questionnaire, role, read, write):
    _people(questionnaire, 1)
    mailing = services.mailing_start(questionnaire=questionnaire, kind="invitation", user=None)
    client = clients[role]
    assert client.get(reverse("surveys:mailing_list", args=[questionnaire.pk])).status_code == read
    assert client.get(reverse("surveys:mailing_detail", args=[mailing.pk])).status_code == read
    assert client.get(reverse("surveys:mailing_progress", args=[mailing.pk])).status_code == read
    for url in (
        reverse("surveys:mailing_list", args=[questionnaire.pk]),
        reverse("surveys:mailing_resume", args=[mailing.pk]),
        reverse("surveys:open_link", args=[questionnaire.pk]),
        reverse("surveys:mailing_resend_uncertain", args=[questionnaire.pk]),
    ):
        assert client.post(url, {"kind": "invitation", "enabled": "1"}).status_code == write, url
    assert Mailing.objects.count() == 1
    anonymous = clients["anonymous"].get(reverse("surveys:mailing_list", args=[questionnaire.pk]))
    assert anonymous.status_code == 302


def test_the_management_command_continues_stale_send_outs(world, questionnaire):
    from io import StringIO

    from django.core.management import call_command

    _people(questionnaire, 2)
    mailing = services.mailing_start(questionnaire=questionnaire, kind="invitation", user=None)
    Mailing.objects.filter(pk=mailing.pk).update(
        status=MailingStatus.RUNNING, heartbeat_at=timezone.now() - datetime.timedelta(hours=1)
    )
    out = StringIO()
    call_command("surveys_mailings", stdout=out)
    assert out.getvalue().startswith("1 ")
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.QUEUED
