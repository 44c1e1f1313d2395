"""Who is asking: the signed-in user, the association they work in and their roles there.

The middleware attaches an Actor to every request as ``request.actor``; access functions and
selectors take it instead of reading the session themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from django.utils import timezone

from mysam.accounts.models import AssociationRoleKind

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from mysam.accounts.models import AssociationRole, User
    from mysam.organisation.models import Association


@dataclass(frozen=True)
class Actor:
    user: User | AnonymousUser
    association: Association | None = None
    role: str | None = None
    # All the user's association roles (read once per request by the middleware), for the
    # association switcher and the MFA requirement.
    roles: tuple[AssociationRole, ...] = field(default=(), compare=False, repr=False)

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user.is_authenticated)

    @property
    def has_association(self) -> bool:
        return self.association is not None and self.role is not None

    @property
    def is_admin(self) -> bool:
        """Office administrator of the current association."""
        return self.has_association and self.role == AssociationRoleKind.ADMIN

    @property
    def is_admin_anywhere(self) -> bool:
        """Admin of any of the user's associations (they must use MFA)."""
        return any(r.role == AssociationRoleKind.ADMIN for r in self.roles)

    @property
    def is_board(self) -> bool:
        return self.has_association and self.role == AssociationRoleKind.BOARD

    @property
    def reads_everything(self) -> bool:
        """The office and the board read everything in the association."""
        return self.is_admin or self.is_board

    @property
    def association_id(self) -> int | None:
        return self.association.pk if self.association is not None else None

    @cached_property
    def group_roles(self) -> dict[int, set[str]]:
        """The user's membership roles per group, for memberships in force today."""
        from mysam.organisation.models import Membership

        if self.association is None or self.role is None or not self.user.is_authenticated:
            return {}
        roles: dict[int, set[str]] = {}
        rows = (
            Membership.objects.current(timezone.localdate())
            .filter(person__user_id=self.user.pk, group__association=self.association)
            .values_list("group_id", "role")
        )
        for group_id, role in rows:
            roles.setdefault(group_id, set()).add(role)
        return roles

    def is_convener_of(self, group_id: int) -> bool:
        return "convener" in self.group_roles.get(group_id, set())

    def is_in_group(self, group_id: int) -> bool:
        return group_id in self.group_roles
