"""Shared helpers of the api tests: tokens and authenticated requests."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.test import Client

from mysam.api.services import api_token_create
from mysam.organisation.models import Association


def make_token(association: Association, *, name: str = "Power BI") -> str:
    """A fresh token's secret for the association."""
    _token, secret = api_token_create(
        association=association, name=name, expires_on=None, created_by=None
    )
    return secret


def api_get(path: str, secret: str | None, **params: Any) -> Any:
    headers = {"Authorization": f"Bearer {secret}"} if secret is not None else {}
    return Client().get(path, params, headers=headers)


def json_of(response: Any) -> Any:
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return json.loads(response.content)


def csv_rows(response: Any) -> list[dict[str, str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
