"""Writes of the api app: creating, revoking and touching tokens."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mysam.api.models import ApiToken
from mysam.api.tokens import new_secret, secret_hash
from mysam.organisation.models import Association


@transaction.atomic
def api_token_create(
    *,
    association: Association,
    name: str,
    expires_on: datetime.date | None,
    created_by: Any,
) -> tuple[ApiToken, str]:
    """Create a token for the association and return it with its secret.

    The secret is returned only here; the database keeps its hash. Refuses an empty name
    and an expiry date in the past."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    if expires_on is not None and expires_on < timezone.localdate():
        raise ValidationError({"expires_on": _("The expiry date has already passed.")})
    secret = new_secret()
    token = ApiToken.objects.create(
        association=association,
        name=name,
        token_hash=secret_hash(secret),
        prefix=secret[:10],
        expires_on=expires_on,
        created_by=created_by,
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke the token from now on; revoking twice keeps the first time."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_touch(*, token: ApiToken, today: datetime.date) -> None:
    """Record that the token was used today: one UPDATE on the first request of a day, none
    after that (Power BI refreshes send many requests in a row)."""
    if token.last_used_on != today:
        ApiToken.objects.filter(pk=token.pk).update(last_used_on=today)
        token.last_used_on = today
