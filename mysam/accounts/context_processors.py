from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from mysam.accounts.selectors import roles_for_user


def current_association(request: HttpRequest) -> dict[str, Any]:
    """The actor and the user's associations, for the header's association switcher."""
    actor = getattr(request, "actor", None)
    user = getattr(request, "user", None)
    return {
        "actor": actor,
        "user_roles": roles_for_user(user) if user is not None else [],
    }
