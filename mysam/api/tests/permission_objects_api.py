"""Objects for the api rows of the permissions table (docs/permissions/api.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mysam.api.models import ApiToken
from mysam.api.services import api_token_create


def objects(world: Any) -> dict[str, Callable[[], dict[str, Any]]]:
    def token() -> ApiToken:
        created, _secret = api_token_create(
            association=world.association, name="Power BI", expires_on=None, created_by=None
        )
        return created

    return {
        # The API answers 401 before it looks at the id, so any id will do.
        "api_row": lambda: {"id": world.group.pk},
        "api_token": lambda: {"pk": token().pk},
    }
