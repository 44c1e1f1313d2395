"""One personal link per person: the invitation and every reminder carry the same link, so
the first e-mail still opens the questionnaire (and the saved answers) after a reminder;
the database holds no usable token; a corrected address gets a new link and the old one
says kindly that it was replaced."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mysam.surveys.models import (
    Draft,
    Invitation,
    InvitationStatus,
    MailingKind,
    ReplacedLink,
)
from mysam.surveys.services import mailing as services
from mysam.surveys.tests.permission_objects_respond import Built, build, invite
from mysam.surveys.tokens import hash_token, personal_token

pytestmark = pytest.mark.django_db

LINK = re.compile(r"/svara/([A-Za-z0-9_-]{40,})/")
REPLACED = re.compile(r"This link has been replaced|Länken har ersatts")


@pytest.fixture
def built(world) -> Built:  # type: ignore[no-untyped-def]
    built = build(
        world.association,
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + datetime.timedelta(days=14),
    )
    for n in range(2):
        services_add(built, f"person{n}@hofors.se")
    return built


def services_add(built: Built, email: str) -> Invitation:
    from mysam.surveys.services import sample as sample_services

    return sample_services.invitation_add(questionnaire=built.questionnaire, email=email)


def send(built: Built, kind: str = MailingKind.INVITATION) -> dict[str, str]:
    """Run a send-out; the token in each recipient's e-mail."""
    mail.outbox.clear()
    mailing = services.mailing_start(questionnaire=built.questionnaire, kind=kind, user=None)
    services.mailing_run(mailing_id=mailing.pk)
    return {m.to[0]: LINK.search(m.body).group(1) for m in mail.outbox}  # type: ignore[union-attr]


def answer_url(token: str) -> str:
    return reverse("respond:answer", args=[token])


def save_page_one(client: Client, built: Built, token: str) -> None:
    """Answer page 1 and save on page 2 ("save and continue later")."""
    m1 = built.municipalities[0]
    data = {"sida": 1, "action": "next", f"q{built.areas.pk}": [m1.pk]}
    data[f"q{built.contact.pk}"] = "1"
    assert client.post(answer_url(token), data).status_code == 302
    saved = client.post(answer_url(token), {"sida": 2, "action": "save"})
    assert saved.status_code == 302


def test_a_reminder_carries_the_same_link_and_the_first_email_still_opens_the_draft(
    built: Built,
) -> None:
    first = send(built)
    email = "person0@hofors.se"
    save_page_one(Client(), built, first[email])
    invitation = Invitation.objects.get(email=email)
    assert invitation.status == InvitationStatus.STARTED
    reminded = send(built, MailingKind.REMINDER)
    assert set(reminded) == {"person0@hofors.se", "person1@hofors.se"}
    assert reminded == first  # the same link in every e-mail to a person
    # The first e-mail's link, opened after the reminder, continues on the saved page.
    page = Client().get(answer_url(first[email]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>Samverkan</h1>" in html
    assert Draft.objects.get().token_hash == hash_token(first[email]) == invitation.token_hash
    # A second reminder: still the same link.
    assert send(built, MailingKind.REMINDER) == first
    assert not ReplacedLink.objects.exists()


def test_the_database_holds_no_usable_token(built: Built, settings) -> None:  # type: ignore[no-untyped-def]
    tokens = send(built)
    for invitation in Invitation.objects.all():
        token = tokens[invitation.email]
        row = " ".join(
            str(v) for v in Invitation.objects.filter(pk=invitation.pk).values()[0].values()
        )
        assert token not in row
        assert invitation.token_salt and invitation.token_salt != token
        assert Client().get(answer_url(invitation.token_salt)).status_code == 404
        assert Client().get(answer_url(invitation.token_hash)).status_code == 404
        # The token is derived from the salt with the server's key, and only with it.
        assert personal_token(invitation.token_salt) == token
        settings.SURVEY_LINK_KEY = "another key"
        assert personal_token(invitation.token_salt) != token
        del settings.SURVEY_LINK_KEY
    assert len(set(tokens.values())) == 2


def test_a_corrected_address_gets_a_new_link_and_the_old_one_says_it_was_replaced(
    built: Built,
) -> None:
    old = send(built)["person0@hofors.se"]
    save_page_one(Client(), built, old)
    invitation = Invitation.objects.get(email="person0@hofors.se")
    services.invitation_correct_email(invitation=invitation, email="ratt@hofors.se")
    invitation.refresh_from_db()
    # The saved answers went with the old link (perhaps another person's): deleted.
    assert not Draft.objects.exists()
    assert invitation.status == InvitationStatus.INVITED
    replaced = Client().get(answer_url(old))
    assert replaced.status_code == 410
    assert REPLACED.search(replaced.content.decode())
    assert built.questionnaire.title in replaced.content.decode()
    assert 'name="sida"' not in replaced.content.decode()
    assert Client().get(reverse("respond:saved", args=[old])).status_code == 410
    # Posting answers through the old link stores nothing.
    m1 = built.municipalities[0]
    data = {"sida": 1, "action": "save", f"q{built.areas.pk}": [m1.pk]}
    assert Client().post(answer_url(old), data).status_code == 410
    assert not Draft.objects.exists()
    # The next invitation send-out gives the new address a new link that works.
    new = send(built)
    assert list(new) == ["ratt@hofors.se"]
    assert new["ratt@hofors.se"] != old
    assert Client().get(answer_url(new["ratt@hofors.se"])).status_code == 200
    # A link never sent is still the plain "not found".
    assert Client().get(answer_url("finns-inte")).status_code == 404


def test_a_link_sent_before_links_were_stable_is_replaced_once_with_its_draft(
    built: Built,
) -> None:
    """An invitation sent by the old code (a random token, no salt): its first reminder
    gives it a stable link; the old link explains that it was replaced, the draft follows."""
    token, invitation = invite(built.questionnaire, email="tidig@hofors.se")
    Invitation.objects.filter(pk=invitation.pk).update(
        send_claimed_at=timezone.now(), sent_at=timezone.now()
    )
    save_page_one(Client(), built, token)
    Invitation.objects.exclude(pk=invitation.pk).delete()
    reminded = send(built, MailingKind.REMINDER)["tidig@hofors.se"]
    assert reminded != token
    assert REPLACED.search(Client().get(answer_url(token)).content.decode())
    page = Client().get(answer_url(reminded))
    assert "<h1>Samverkan</h1>" in page.content.decode()
    assert Draft.objects.get().token_hash == hash_token(reminded)
    assert send(built, MailingKind.REMINDER) == {"tidig@hofors.se": reminded}
