"""Two-factor authentication: required for admins, asked at login, recovery codes."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.urls import reverse

from mysam.accounts.models import AssociationRoleKind
from mysam.accounts.tests.helpers import login, reauthenticate, totp_code
from mysam.conftest import make_user

MFA_REQUIRED = reverse("accounts:mfa_required")


@pytest.mark.django_db
class TestAdminsMustUseMfa:
    def test_an_admin_without_totp_is_sent_to_set_it_up_then_reaches_the_start_page(self, world):
        make_user("nytt-kansli@example.se", association=world.association, role="admin")
        client = Client()
        assert login(client, "nytt-kansli@example.se").status_code == 302
        for path in [
            reverse("core:home"),
            reverse("organisation:overview"),
            reverse("accounts:user_list"),
        ]:
            response = client.get(path)
            assert response.status_code == 302, path
            assert response["Location"] == MFA_REQUIRED, path
        page = client.get(MFA_REQUIRED)
        assert page.status_code == 200
        assert reverse("mfa_activate_totp") in page.content.decode()

        # The login page and the MFA pages stay reachable: no redirect loop.
        assert client.get(reverse("account_login")).status_code == 302  # already logged in
        assert client.get(reverse("mfa_index")).status_code == 200
        # allauth asks for the password again before any change to MFA.
        response = client.get(reverse("mfa_activate_totp"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_reauthenticate"))
        page = client.get(response["Location"])
        assert '<label for="id_password">' in page.content.decode()
        assert reauthenticate(client).status_code == 302
        response = client.get(reverse("mfa_activate_totp"))
        html = response.content.decode()
        assert response.status_code == 200
        assert '<label for="id_code">' in html
        assert 'class="subnav"' in html  # our account menu

        secret = client.session["mfa.totp.secret"]
        wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
        assert wrong.status_code == 200 and 'class="error-summary"' in wrong.content.decode()
        response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
        assert response.status_code == 302
        assert Authenticator.objects.filter(
            user__email="nytt-kansli@example.se", type=Authenticator.Type.TOTP
        ).exists()
        assert client.get(reverse("core:home")).status_code == 200

    def test_the_mfa_notice_sends_users_who_need_nothing_home(self, clients):
        for role in ("member", "board", "admin"):
            response = clients[role].get(MFA_REQUIRED)
            assert response.status_code == 302, role
            assert response["Location"] == reverse("core:home")

    def test_members_and_board_need_no_mfa(self, clients):
        assert clients["member"].get(reverse("core:home")).status_code == 200
        assert clients["board"].get(reverse("core:home")).status_code == 200


@pytest.fixture
def totp_user(world):  # type: ignore[no-untyped-def]
    user = make_user("tvafaktor@example.se", association=world.association, role="board")
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


@pytest.mark.django_db
class TestLoginWithTotp:
    def test_it_asks_for_the_code_after_the_password(self, totp_user):
        user, secret = totp_user
        client = Client()
        response = login(client, user.email)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_authenticate")
        assert client.get(reverse("core:home")).status_code == 302  # not yet logged in
        page = client.get(reverse("mfa_authenticate"))
        assert '<label for="id_code">' in page.content.decode()

        wrong = client.post(reverse("mfa_authenticate"), {"code": "123456"})
        assert wrong.status_code == 200
        assert "Felaktig kod" in wrong.content.decode()
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
        assert response.status_code == 302
        assert client.get(reverse("core:home")).status_code == 200


@pytest.mark.django_db
class TestRecoveryCodes:
    def test_they_can_be_generated_on_the_account_page(self, totp_user):
        user, secret = totp_user
        client = Client()
        login(client, user.email)
        client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
        reauthenticate(client)
        index = client.get(reverse("mfa_index"))
        assert index.status_code == 200
        assert reverse("mfa_generate_recovery_codes") in index.content.decode()
        response = client.post(reverse("mfa_generate_recovery_codes"))
        assert response.status_code == 302
        codes = RecoveryCodes(
            Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
        ).get_unused_codes()
        assert len(codes) >= 10
        page = client.get(reverse("mfa_view_recovery_codes"))
        assert page.status_code == 200
        assert codes[0] in page.content.decode()
        download = client.get(reverse("mfa_download_recovery_codes"))
        assert codes[0] in download.content.decode()

    def test_a_recovery_code_logs_in_once(self, totp_user):
        user, _ = totp_user
        code = RecoveryCodes.activate(user).get_unused_codes()[0]
        client = Client()
        login(client, user.email)
        response = client.post(reverse("mfa_authenticate"), {"code": code})
        assert response.status_code == 302
        assert client.get(reverse("core:home")).status_code == 200

        again = Client()
        login(again, user.email)
        response = again.post(reverse("mfa_authenticate"), {"code": code})
        assert response.status_code == 200
        assert "Felaktig kod" in response.content.decode()
        assert again.get(reverse("core:home")).status_code == 302


@pytest.mark.django_db
def test_the_mfa_pages_render_in_our_layout(totp_user):
    user, secret = totp_user
    client = Client()
    login(client, user.email)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    reauthenticate(client)
    client.post(reverse("mfa_generate_recovery_codes"))
    for name in [
        "mfa_index",
        "mfa_deactivate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "account_change_password",
        "socialaccount_connections",
        "account_logout",
    ]:
        response = client.get(reverse(name))
        html = response.content.decode()
        assert response.status_code == 200, name
        assert "mysam/mysam.css" in html, name
        assert "<h1>" in html, name
    assert AssociationRoleKind.BOARD  # the user is not an admin: no "Users" link
    assert reverse("accounts:user_list") not in client.get(reverse("mfa_index")).content.decode()
