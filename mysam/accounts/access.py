"""Permission-scoped lookups for user administration.

Only the office (the admin role of the current association) administers who has access
to the association. Everyone else gets 403 for the pages; a role of another association
answers 404, as if it did not exist.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from mysam.accounts.actor import Actor
from mysam.accounts.models import AssociationRole
from mysam.organisation.models import Association


def require_user_admin(actor: Actor) -> Association:
    """The actor's association if they are its office admin; PermissionDenied otherwise."""
    if not actor.is_admin or actor.association is None:
        raise PermissionDenied
    return actor.association


def get_association_role_for_user(actor: Actor, pk: int, *, write: bool = True) -> AssociationRole:
    """A role in the actor's association, with its user.

    Answers 404 when no association is chosen or the role belongs to another association,
    and 403 when the actor is not the association's office admin (roles are only ever read
    to be changed, so ``write`` defaults to true).
    """
    if not actor.has_association or actor.association is None:
        raise Http404
    try:
        role = AssociationRole.objects.select_related("user", "association").get(
            pk=pk, association=actor.association
        )
    except (AssociationRole.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and not actor.is_admin:
        raise PermissionDenied
    return role
