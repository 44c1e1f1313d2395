"""The office's list of API tokens."""

from __future__ import annotations

from django.db.models import QuerySet

from mysam.api.models import ApiToken


def tokens_for_association(*, association_id: int) -> QuerySet[ApiToken]:
    """All tokens of the association, newest first, with who created them (one query)."""
    return ApiToken.objects.filter(association_id=association_id).select_related("created_by")
