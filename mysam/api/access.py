"""Permission-scoped lookups of the api app.

Two kinds of caller: a signed-in office admin managing tokens (pages), and a token reading
the API (no session, no user)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from mysam.accounts.actor import Actor
from mysam.api.models import ApiToken
from mysam.api.services import api_token_touch
from mysam.api.tokens import secret_hash
from mysam.organisation.access import require_admin, scope


def get_token_for_admin(actor: Actor, pk: int) -> ApiToken:
    """A token of the actor's association for the office; 404 for another association's
    token or an unknown one, 403 for anyone but the office."""
    association_id = scope(actor)
    try:
        token = ApiToken.objects.get(pk=pk, association_id=association_id)
    except ApiToken.DoesNotExist:
        raise Http404 from None
    if not actor.is_admin:
        raise PermissionDenied
    return token


def token_from_secret(secret: str) -> ApiToken | None:
    """The usable token with this secret, or None (unknown, revoked or expired): the API then
    answers 401. Marks the token as used today."""
    if not secret:
        return None
    try:
        token = ApiToken.objects.select_related("association").get(token_hash=secret_hash(secret))
    except ApiToken.DoesNotExist:
        return None
    today = timezone.localdate()
    if not token.is_usable(today):
        return None
    api_token_touch(token=token, today=today)
    return token


__all__ = ["get_token_for_admin", "require_admin", "token_from_secret"]
