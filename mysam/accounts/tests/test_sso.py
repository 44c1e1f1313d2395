"""Single sign-on: each association's identity providers on the login page, and who may
log in through them (existing users matched by e-mail, with a role in that association)."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.internal.flows.login import complete_login, pre_social_login
from allauth.socialaccount.models import SocialApp
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import Client, RequestFactory
from django.urls import reverse

from mysam.accounts.models import IdentityProvider

LABEL = "Logga in med SITHS (Inera IdP)"


def make_provider(association, *, provider_id: str = "inera-gavleborg", label: str = LABEL):  # type: ignore[no-untyped-def]
    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id=provider_id,
        name="Inera IdP",
        client_id="mysam",
        secret="hemligt",
        settings={"server_url": "https://idp.example.se"},
    )
    return IdentityProvider.objects.create(association=association, social_app=app, label=label)


@pytest.fixture
def inera(world):  # type: ignore[no-untyped-def]
    return make_provider(world.association)


@pytest.mark.django_db
class TestLoginPage:
    def test_it_shows_the_associations_provider_button(self, inera):
        html = Client().get(reverse("account_login") + "?forbund=gavleborg").content.decode()
        assert LABEL in html
        url = reverse("openid_connect_login", kwargs={"provider_id": "inera-gavleborg"})
        assert f'action="{url}"' in html

    def test_it_shows_only_the_chosen_associations_providers(self, world, inera):
        make_provider(world.other_association, provider_id="freja-annat", label="Freja eID")
        html = Client().get(reverse("account_login") + "?forbund=annat").content.decode()
        assert "Freja eID" in html
        assert LABEL not in html

    def test_without_an_association_it_shows_every_associations_providers(self, world, inera):
        make_provider(world.other_association, provider_id="freja-annat", label="Freja eID")
        html = Client().get(reverse("account_login")).content.decode()
        assert LABEL in html and "Freja eID" in html
        assert world.association.name in html and world.other_association.name in html

    def test_inactive_providers_and_plain_social_apps_are_not_shown(self, inera):
        inera.is_active = False
        inera.save()
        SocialApp.objects.create(provider="openid_connect", provider_id="los", name="Lös app")
        html = Client().get(reverse("account_login")).content.decode()
        assert LABEL not in html
        assert "Lös app" not in html
        assert "/konto/oidc/" not in html


def _request():  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/konto/oidc/inera-gavleborg/login/callback/")
    SessionMiddleware(lambda r: None).process_request(request)  # type: ignore[arg-type,return-value]
    request.session.save()
    request.user = AnonymousUser()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _sociallogin(request, app: SocialApp, email: str, *, verified: bool = True):  # type: ignore[no-untyped-def]
    provider = app.get_provider(request)
    sociallogin = provider.sociallogin_from_response(
        request, {"sub": f"sub-{email}", "email": email, "email_verified": verified}
    )
    sociallogin.state = {"process": "login"}
    return sociallogin


@pytest.mark.django_db
class TestWhoMayLogIn:
    def test_an_unknown_email_is_refused_with_a_clear_message(self, inera):
        request = _request()
        with context.request_context(request):
            sociallogin = _sociallogin(request, inera.social_app, "okand@example.se")
            with pytest.raises(ImmediateHttpResponse) as refused:
                pre_social_login(request, sociallogin)
        response = refused.value.response
        html = response.content.decode()
        assert response.status_code == 403
        assert "okand@example.se" in html
        assert "Inget konto i Mysam" in html
        assert "?forbund=gavleborg" in html

    def test_signup_through_sso_stays_closed(self, inera):
        from mysam.accounts.adapters import SocialAccountAdapter

        request = _request()
        assert SocialAccountAdapter(request).is_open_for_signup(request, None) is False

    def test_an_existing_user_of_the_association_is_logged_in(self, world, inera):
        member = world.users["member"]
        request = _request()
        with context.request_context(request):
            sociallogin = _sociallogin(request, inera.social_app, member.email.upper())
            response = complete_login(request, sociallogin)
        assert response.status_code == 302
        assert request.user == member
        member.refresh_from_db()
        assert member.has_usable_password()  # not wiped: the office's address is trusted
        assert EmailAddress.objects.filter(user=member, verified=True).exists()
        assert member.socialaccount_set.filter(provider="inera-gavleborg").exists()

    def test_a_user_of_another_association_is_refused(self, world, inera):
        request = _request()
        with context.request_context(request):
            sociallogin = _sociallogin(request, inera.social_app, world.users["other_admin"].email)
            response = complete_login(request, sociallogin)
        assert response.status_code == 403
        assert "ingen roll i" in response.content.decode()
        assert not request.user.is_authenticated

    def test_an_unverified_email_is_refused_with_a_hint(self, world, inera):
        request = _request()
        with context.request_context(request):
            sociallogin = _sociallogin(
                request, inera.social_app, world.users["member"].email, verified=False
            )
            response = complete_login(request, sociallogin)
        assert response.status_code == 403
        assert "verifierad" in response.content.decode()

    def test_a_provider_no_association_offers_is_refused(self, world):
        app = SocialApp.objects.create(
            provider="openid_connect",
            provider_id="los",
            name="Lös",
            client_id="x",
            settings={"server_url": "https://idp.example.se"},
        )
        request = _request()
        with context.request_context(request):
            sociallogin = _sociallogin(request, app, world.users["member"].email)
            response = complete_login(request, sociallogin)
        assert response.status_code == 403
        assert not request.user.is_authenticated


@pytest.mark.django_db
class TestConnections:
    def test_the_connections_page_offers_only_the_own_associations_providers(
        self, clients, world, inera
    ):
        make_provider(world.other_association, provider_id="freja-annat", label="Freja eID")
        html = clients["member"].get(reverse("socialaccount_connections")).content.decode()
        assert LABEL in html
        assert "Freja eID" not in html
        assert 'name="process" value="connect"' in html

    def test_connecting_another_associations_provider_is_refused(self, world, inera):
        request = _request()
        request.user = world.users["other_admin"]
        with context.request_context(request):
            sociallogin = _sociallogin(request, inera.social_app, "vem@example.se")
            sociallogin.state = {"process": "connect"}
            with pytest.raises(ImmediateHttpResponse) as refused:
                pre_social_login(request, sociallogin)
        assert refused.value.response.status_code == 403
