"""django-allauth adapters: no self-service signup; the office creates accounts.

Single sign-on (OpenID Connect or SAML through an association's identity provider) only
logs in an existing user whose account e-mail matches the address the provider asserts,
and only if that user holds a role in the association that offers the provider.
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from mysam.accounts import selectors, services


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False


class SocialAccountAdapter(DefaultSocialAccountAdapter):  # type: ignore[misc]
    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        # Single sign-on logs in existing users (matched on e-mail); it never creates one.
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        """Refuse, with a page that says why, any SSO login we will not complete.

        Called after allauth has looked the login up (by an earlier connection, or by the
        verified e-mail address). Refuses a provider no association offers, an address
        with no Mysam account, and a user without a role in the provider's association.
        """
        provider = sociallogin.provider
        app = getattr(provider, "app", None)
        identity_provider = selectors.identity_provider_for_app(app)
        email = sociallogin.user.email if sociallogin.user is not None else ""
        if identity_provider is None:
            self._refuse(
                request,
                _("This sign-in service is not enabled for any association in Mysam."),
            )
            return
        name = identity_provider.label
        if sociallogin.state.get("process") == "connect":
            # A signed-in user links their IdP account: only an IdP of their own association.
            if not selectors.user_has_role_in(request.user, identity_provider.association):
                self._refuse(
                    request,
                    _("%(provider)s belongs to another association.") % {"provider": name},
                )
            return
        if not sociallogin.is_existing:
            if selectors.user_exists_with_email(email):
                message = _(
                    "%(provider)s did not confirm that the e-mail address %(email)s is "
                    "verified, so Mysam cannot match it to your account. Log in with your "
                    "password this time, and ask the office to have the sign-in service's "
                    "settings checked."
                ) % {"email": email, "provider": name}
            elif email:
                message = _(
                    "No Mysam account has the e-mail address %(email)s, which %(provider)s "
                    "gave us. Ask your association's office to give you access with that "
                    "address, or log in with your e-mail address and password."
                ) % {"email": email, "provider": name}
            else:
                message = _(
                    "%(provider)s did not tell us your e-mail address, so we cannot find your "
                    "Mysam account. Log in with your e-mail address and password, or ask the "
                    "office to check the sign-in service's settings."
                ) % {"provider": name}
            self._refuse(request, message, identity_provider.association.slug)
            return
        if not selectors.user_has_role_in(sociallogin.user, identity_provider.association):
            self._refuse(
                request,
                _(
                    "Your account has no role in %(association)s, which offers %(provider)s. "
                    "Log in with your e-mail address and password, or use your own "
                    "association's sign-in service."
                )
                % {"association": identity_provider.association, "provider": name},
                identity_provider.association.slug,
            )
            return
        if getattr(sociallogin, "_did_authenticate_by_email", None):
            # The office entered this address, so it is verified: without this, allauth
            # would wipe the password of an account whose address it has not seen verified.
            services.user_email_confirm(user=sociallogin.user)

    def _refuse(self, request: HttpRequest, message: str, association_slug: str = "") -> None:
        response = render(
            request,
            "socialaccount/login_refused.html",
            {"message": message, "association_slug": association_slug},
            status=403,
        )
        raise ImmediateHttpResponse(response)
