"""Reads about users: their associations, roles and authenticators."""

from __future__ import annotations

from typing import TYPE_CHECKING

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser

from mysam.accounts.actor import Actor
from mysam.accounts.models import AssociationRole, AssociationRoleKind

if TYPE_CHECKING:
    from django.http import HttpRequest

    from mysam.accounts.models import User

SESSION_KEY = "mysam_association_id"


def roles_for_user(user: User | AnonymousUser) -> list[AssociationRole]:
    """The user's association roles, association preloaded, ordered by association name."""
    if not user.is_authenticated:
        return []
    return list(
        AssociationRole.objects.filter(user_id=user.pk)
        .select_related("association")
        .order_by("association__name")
    )


def actor_for_request(request: HttpRequest) -> Actor:
    """The Actor for a request: the association chosen in the session, or the only one.

    A user with roles in several associations works in none until they pick one.
    """
    user = request.user
    if not user.is_authenticated:
        return Actor(user=user)
    roles = roles_for_user(user)
    chosen = request.session.get(SESSION_KEY)
    match = next((r for r in roles if r.association_id == chosen), None)
    if match is None and len(roles) == 1:
        match = roles[0]
    if match is None:
        return Actor(user=user)
    return Actor(user=user, association=match.association, role=match.role)


def user_is_admin_anywhere(user: User | AnonymousUser) -> bool:
    return (
        user.is_authenticated
        and AssociationRole.objects.filter(user_id=user.pk, role=AssociationRoleKind.ADMIN).exists()
    )


def user_has_totp(user: User | AnonymousUser) -> bool:
    return (
        user.is_authenticated
        and Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()
    )
