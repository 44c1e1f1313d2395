"""Request middleware: the current association, and MFA for association admins."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from mysam.accounts.actor import Actor
from mysam.accounts.selectors import actor_for_request, user_has_totp


class CurrentAssociationMiddleware:
    """Attach ``request.actor``: the user, their chosen association and their role in it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.actor = actor_for_request(request)  # type: ignore[attr-defined]
        return self.get_response(request)


# Paths an admin without MFA may still use: setting up MFA, logging out, static files.
_MFA_EXEMPT_PREFIXES = ("/konto/", "/static/", "/media/", "/i18n/", "/tillganglighet/")
# ...except the office's user administration, which lives under /konto/ too.
_MFA_REQUIRED_PREFIXES = ("/konto/anvandare/",)


class RequireMfaForAdminsMiddleware:
    """Association admins must have an authenticator app before they can do anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        actor: Actor = request.actor  # type: ignore[attr-defined]
        if (
            actor.is_authenticated
            and (
                not request.path.startswith(_MFA_EXEMPT_PREFIXES)
                or request.path.startswith(_MFA_REQUIRED_PREFIXES)
            )
            and actor.is_admin_anywhere
            and not user_has_totp(actor.user)
        ):
            return redirect(reverse("accounts:mfa_required"))
        return self.get_response(request)
