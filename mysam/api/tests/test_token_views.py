"""The office's token pages: who may use them, the secret shown once, revoking."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mysam.api.models import ApiToken
from mysam.api.services import api_token_create
from mysam.api.tests.helpers import api_get
from mysam.conftest import World

pytestmark = pytest.mark.django_db
LIST = reverse("api:token_list")


def test_only_the_office_may_open_the_page(world: World, clients) -> None:  # type: ignore[no-untyped-def]
    assert clients["anonymous"].get(LIST).status_code == 302
    for role in ("member", "convener", "outsider", "board"):
        assert clients[role].get(LIST).status_code == 403
        assert clients[role].post(LIST, {"name": "x"}).status_code == 403
    assert clients["admin"].get(LIST).status_code == 200
    assert ApiToken.objects.count() == 0


def test_the_office_creates_a_token_and_sees_its_secret_once(world: World, clients) -> None:  # type: ignore[no-untyped-def]
    page = clients["admin"].get(LIST)
    form_token = page.context["form"]["form_token"].value()
    response = clients["admin"].post(LIST, {"name": "Power BI", "form_token": form_token})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("mysam_") and secret in response.content.decode()
    token = ApiToken.objects.get()
    assert (token.association, token.name, token.created_by) == (
        world.association,
        "Power BI",
        world.users["admin"],
    )
    assert api_get("/api/v1/groups", secret).status_code == 200
    again = clients["admin"].post(LIST, {"name": "Power BI", "form_token": form_token})
    assert again.status_code == 302 and ApiToken.objects.count() == 1
    assert secret not in clients["admin"].get(LIST).content.decode()


def test_the_office_revokes_a_token(world: World, clients) -> None:  # type: ignore[no-untyped-def]
    token, secret = api_token_create(
        association=world.association, name="BI", expires_on=None, created_by=None
    )
    url = reverse("api:token_revoke", args=[token.pk])
    assert clients["board"].post(url).status_code == 403
    assert clients["other_admin"].post(url).status_code == 404
    assert clients["admin"].get(url).status_code == 405
    assert clients["admin"].post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_get("/api/v1/groups", secret).status_code == 401


def test_another_associations_office_sees_only_its_own_tokens(world: World, clients) -> None:  # type: ignore[no-untyped-def]
    api_token_create(association=world.association, name="Hemlig", expires_on=None, created_by=None)
    assert "Hemlig" not in clients["other_admin"].get(LIST).content.decode()
    assert "Hemlig" in clients["admin"].get(LIST).content.decode()
