"""Invitations through a real SMTP server (aiosmtpd on localhost)."""

from __future__ import annotations

import email
import re
import socket
from collections import Counter
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse

from mysam.surveys.models import Invitation, MailingStatus
from mysam.surveys.services import mailing as services
from mysam.surveys.services import sample as sample_services
from mysam.surveys.tests.factories import make_measurement, make_questionnaire
from mysam.surveys.tokens import hash_token

pytestmark = pytest.mark.django_db

LINK = re.compile(r"/svara/([A-Za-z0-9_-]{40,})/")


class Sink:
    """Keeps every message; refuses recipients whose address starts with "fel"."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address.startswith("fel"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp(settings):
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield sink
    controller.stop()


def test_300_invitations_arrive_once_each_with_a_working_link(world, smtp, client):
    measurement = make_measurement(world.association)
    questionnaire = make_questionnaire(measurement)
    for n in range(300):
        sample_services.invitation_add(questionnaire=questionnaire, email=f"person{n}@example.se")
    for n in range(2):
        sample_services.invitation_add(questionnaire=questionnaire, email=f"fel{n}@example.se")
    mailing = services.mailing_start(questionnaire=questionnaire, kind="invitation", user=None)
    assert services.mailing_run(mailing_id=mailing.pk) == 300
    mailing.refresh_from_db()
    assert (mailing.status, mailing.sent, mailing.failed) == (MailingStatus.DONE, 300, 2)

    recipients = Counter(str(m["To"]) for m in smtp.messages)
    assert len(recipients) == 300
    assert set(recipients.values()) == {1}
    hashes = dict(Invitation.objects.values_list("email", "token_hash"))
    for message in smtp.messages:
        text = message.get_body(preferencelist=("plain",)).get_content()
        html = message.get_body(preferencelist=("html",)).get_content()
        token = LINK.search(text).group(1)
        assert token in html
        assert hashes[str(message["To"])] == hash_token(token)
        assert world.association.name in str(message["From"])
    # The link opens the questionnaire (the answering page is "respond"'s).
    token = LINK.search(smtp.messages[0].get_body(preferencelist=("plain",)).get_content())[1]
    response = client.get(reverse("respond:answer", kwargs={"token": token}))
    assert response.status_code == 200
    # The refused addresses are marked undeliverable.
    bounced = Invitation.objects.filter(bounced_at__isnull=False)
    assert sorted(bounced.values_list("email", flat=True)) == ["fel0@example.se", "fel1@example.se"]
    assert "550" in bounced[0].bounce_reason
