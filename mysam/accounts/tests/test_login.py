"""Logging in with e-mail and password, throttling, logging out and resetting a password."""

from __future__ import annotations

import re
import socket

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from mysam import settings as project_settings
from mysam.accounts.models import User
from mysam.accounts.tests.helpers import login
from mysam.conftest import make_user

LOGIN = reverse("account_login")


@pytest.mark.django_db
class TestLogin:
    def test_it_shows_the_login_form_with_labels_and_a_reset_link(self):
        response = Client().get(LOGIN)
        html = response.content.decode()
        assert response.status_code == 200
        assert '<label for="id_login">' in html
        assert '<label for="id_password">' in html
        assert reverse("account_reset_password") in html
        assert "Glömt lösenordet?" in html
        assert 'href="/static/mysam/mysam.css"' in html  # our layout, not allauth's
        assert reverse("account_signup") not in html

    def test_it_logs_in_with_email_and_password(self, world):
        client = Client()
        response = login(client, "Kansli@Example.se")
        assert response.status_code == 302
        # The admin has TOTP, so the next stage asks for the code; a member goes straight in.
        client = Client()
        response = login(client, world.users["member"].email)
        assert response.status_code == 302
        assert response["Location"] == reverse("core:home")
        assert client.get(reverse("core:home")).status_code == 200

    def test_it_refuses_a_wrong_password_with_an_error_summary(self, world):
        response = login(Client(), world.users["member"].email, "fel-lösenord-123")
        html = response.content.decode()
        assert response.status_code == 200
        assert 'class="error-summary"' in html
        assert "felaktigt" in html  # allauth's Swedish: "…och/eller lösenordet är felaktigt."

    def test_it_stores_passwords_with_argon2_by_default(self, settings, db):
        settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
        user = User.objects.create_user("ny@example.se", "ett-långt-lösenord-77")
        assert user.password.startswith("argon2")
        response = login(Client(), "ny@example.se", "ett-långt-lösenord-77")
        assert response.status_code == 302

    def test_it_throttles_after_five_wrong_passwords(self, world):
        email = world.users["member"].email
        client = Client()
        for _ in range(5):
            assert login(client, email, "fel-lösenord-123").status_code == 200
        response = login(client, email)  # the right password, too late
        html = response.content.decode()
        assert response.status_code in (200, 429)
        assert "För många misslyckade inloggningsförsök" in html
        assert "_auth_user_id" not in client.session

    def test_it_logs_out(self, clients):
        client = clients["member"]
        assert client.get(reverse("account_logout")).status_code == 200  # confirmation page
        response = client.post(reverse("account_logout"))
        assert response.status_code == 302
        assert client.get(reverse("core:home")).status_code == 302

    def test_the_email_page_says_the_office_manages_addresses(self, clients):
        response = clients["member"].get(reverse("account_email"))
        assert response.status_code == 200
        assert 'name="email"' not in response.content.decode()
        assert (
            clients["member"].post(reverse("account_email"), {"email": "x@example.se"}).status_code
            == 405
        )

    def test_signup_is_closed(self, db):
        response = Client().get(reverse("account_signup"))
        assert response.status_code == 200
        assert "password1" not in response.content.decode()


def _reset_link(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/konto/password/reset/key/\S+/)", body)
    assert match, body
    return match.group(1)


@pytest.mark.django_db
class TestPasswordReset:
    def test_it_resets_a_password_by_email_end_to_end(self, world):
        email = world.users["member"].email
        client = Client()
        page = client.get(reverse("account_reset_password"))
        assert '<label for="id_email">' in page.content.decode()
        response = client.post(reverse("account_reset_password"), {"email": email})
        assert response.status_code == 302
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [email]
        link = _reset_link(mail.outbox[0].body)

        response = client.get(link)  # allauth moves the key into the session, then redirects
        assert response.status_code == 302
        form_url = response["Location"]
        assert 'name="password1"' in client.get(form_url).content.decode()
        new_password = "nytt-säkert-lösenord-2026"
        response = client.post(form_url, {"password1": new_password, "password2": new_password})
        assert response.status_code == 302
        assert response["Location"] == reverse("account_reset_password_from_key_done")
        assert client.get(response["Location"]).status_code == 200

        assert login(Client(), email, new_password).status_code == 302
        assert login(Client(), email).status_code == 200  # the old password no longer works

    def test_it_shows_clear_errors_for_mismatched_passwords(self, world):
        client = Client()
        client.post(reverse("account_reset_password"), {"email": world.users["member"].email})
        form_url = client.get(_reset_link(mail.outbox[0].body))["Location"]
        response = client.post(form_url, {"password1": "abcdefghijk-1", "password2": "annat-23456"})
        html = response.content.decode()
        assert response.status_code == 200
        assert 'class="error-summary"' in html
        assert 'href="#id_password2"' in html


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
        self.messages.append((list(envelope.rcpt_tos), envelope.content.decode("utf-8", "replace")))
        return "250 Message accepted for delivery"


@pytest.mark.django_db
def test_the_reset_mail_goes_out_through_a_real_smtp_server(settings):
    from aiosmtpd.controller import Controller

    user = make_user("smtp@example.se")
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
        response = Client().post(reverse("account_reset_password"), {"email": user.email})
        assert response.status_code == 302
    finally:
        controller.stop()
    assert len(inbox.messages) == 1
    recipients, content = inbox.messages[0]
    assert recipients == [user.email]
    assert "/konto/password/reset/key/" in content.replace("=\r\n", "").replace("=\n", "")
