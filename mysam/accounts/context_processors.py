from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def current_association(request: HttpRequest) -> dict[str, Any]:
    """The actor and the user's associations, for the header's association switcher."""
    actor = getattr(request, "actor", None)
    return {
        "actor": actor,
        # Read once by the middleware; pages rendered without it (errors) get none.
        "user_roles": list(actor.roles) if actor is not None else [],
    }
