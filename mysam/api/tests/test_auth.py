"""Who may read the API: only a valid token, and only its own association's rows."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from mysam.api.models import ApiToken
from mysam.api.services import api_token_revoke
from mysam.api.tests.helpers import api_get, json_of, make_token
from mysam.conftest import World

pytestmark = pytest.mark.django_db

GROUPS = "/api/v1/groups"


def test_it_refuses_a_request_without_a_token(world: World) -> None:
    response = api_get(GROUPS, None)
    assert response.status_code == 401
    assert json_of(response) == {"detail": "Missing, unknown, revoked or expired token."}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_it_refuses_an_unknown_token(world: World) -> None:
    make_token(world.association)
    assert api_get(GROUPS, "mysam_not-a-real-token").status_code == 401


def test_it_refuses_a_revoked_token(world: World) -> None:
    secret = make_token(world.association)
    assert api_get(GROUPS, secret).status_code == 200
    api_token_revoke(token=ApiToken.objects.get())
    assert api_get(GROUPS, secret).status_code == 401


def test_it_refuses_an_expired_token_and_accepts_one_valid_today(world: World) -> None:
    secret = make_token(world.association)
    today = timezone.localdate()
    ApiToken.objects.update(expires_on=today)
    assert api_get(GROUPS, secret).status_code == 200
    ApiToken.objects.update(expires_on=today - datetime.timedelta(days=1))
    assert api_get(GROUPS, secret).status_code == 401


def test_it_ignores_a_signed_in_session(world: World, clients) -> None:  # type: ignore[no-untyped-def]
    assert clients["admin"].get(GROUPS).status_code == 401


def test_it_does_not_take_the_token_from_the_query_string(world: World) -> None:
    secret = make_token(world.association)
    assert api_get(GROUPS, None, token=secret).status_code == 401


def test_it_stores_only_a_hash_and_records_the_day_of_use(world: World) -> None:
    secret = make_token(world.association)
    token = ApiToken.objects.get()
    assert secret not in token.token_hash
    assert token.last_used_on is None
    api_get(GROUPS, secret)
    token.refresh_from_db()
    assert token.last_used_on == timezone.localdate()


def test_it_shows_another_association_nothing(world: World) -> None:
    other = make_token(world.other_association)
    mine = make_token(world.association)
    body = json_of(api_get(GROUPS, other))
    assert [row["name"] for row in body["results"]] == ["Mysam Annanstans"]
    assert api_get(f"{GROUPS}/{world.group.pk}", other).status_code == 404
    assert api_get(f"{GROUPS}/{world.group.pk}", mine).status_code == 200
    for path in ("/api/v1/municipalities", "/api/v1/parties", "/api/v1/county-parts"):
        assert json_of(api_get(path, other))["results"] == []
        assert json_of(api_get(path, other))["count"] == 0


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_it_answers_405_to_every_method_but_get(world: World, method: str) -> None:
    from django.test import Client

    secret = make_token(world.association)
    response = getattr(Client(), method)(GROUPS, headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 405
