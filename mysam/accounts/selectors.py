"""Reads about users: their associations, roles and authenticators."""

from __future__ import annotations

from typing import TYPE_CHECKING

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from mysam.accounts.actor import Actor
from mysam.accounts.models import AssociationRole, AssociationRoleKind, IdentityProvider, User
from mysam.organisation.models import Association, Person

if TYPE_CHECKING:
    from allauth.socialaccount.models import SocialApp
    from django.http import HttpRequest

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
    roles = tuple(roles_for_user(user))
    chosen = request.session.get(SESSION_KEY)
    match = next((r for r in roles if r.association_id == chosen), None)
    if match is None and len(roles) == 1:
        match = roles[0]
    if match is None:
        return Actor(user=user, roles=roles)
    return Actor(user=user, association=match.association, role=match.role, roles=roles)


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


def association_roles_for_admin(*, association: Association) -> QuerySet[AssociationRole]:
    """The roles of an association with their users, for the office's user list.

    Each role carries ``has_totp`` and ``user.linked_people`` (the user's people in this
    association). Two queries, whatever the number of users.
    """
    totp = Authenticator.objects.filter(user_id=OuterRef("user_id"), type=Authenticator.Type.TOTP)
    return (
        AssociationRole.objects.filter(association=association)
        .select_related("user")
        .annotate(has_totp=Exists(totp))
        .prefetch_related(
            Prefetch(
                "user__people",
                queryset=Person.objects.filter(association=association),
                to_attr="linked_people",
            )
        )
        .order_by("user__full_name", "user__email")
    )


def people_without_account(*, association: Association) -> QuerySet[Person]:
    """People of the association not yet linked to a user account (for linking)."""
    return Person.objects.filter(association=association, user__isnull=True).order_by(
        "last_name", "first_name"
    )


def association_admin_count(*, association: Association) -> int:
    return AssociationRole.objects.filter(
        association=association, role=AssociationRoleKind.ADMIN
    ).count()


def identity_providers_for_login(*, association_slug: str | None) -> list[IdentityProvider]:
    """Active single sign-on providers for the login page, in button order.

    With an association's slug: only that association's (none for an unknown slug).
    Without one: every association's (see docs/decisions.md). One query.
    """
    providers = IdentityProvider.objects.filter(is_active=True)
    if association_slug:
        providers = providers.filter(association__slug=association_slug)
    return list(
        providers.select_related("association", "social_app").order_by(
            "association__name", "position", "label"
        )
    )


def identity_provider_for_app(app: SocialApp | None) -> IdentityProvider | None:
    """The active provider row for an allauth SocialApp, or None (not offered by anyone)."""
    if app is None or app.pk is None:
        return None
    return (
        IdentityProvider.objects.filter(social_app_id=app.pk, is_active=True)
        .select_related("association")
        .first()
    )


def user_exists_with_email(email: str) -> bool:
    return bool(email) and User.objects.filter(email__iexact=email).exists()


def user_has_role_in(user: User | AnonymousUser, association: Association) -> bool:
    return (
        user.is_authenticated
        and AssociationRole.objects.filter(user_id=user.pk, association=association).exists()
    )


def user_needs_mfa(user: User | AnonymousUser) -> bool:
    """True for an association admin who has not yet set up an authenticator app."""
    return user_is_admin_anywhere(user) and not user_has_totp(user)
