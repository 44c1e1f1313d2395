"""The office's preview: the respondent's pages, page by page, with nothing stored."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mysam.conftest import World
from mysam.surveys.models import Draft, Invitation, MeasurementStatus, Response
from mysam.surveys.tests.permission_objects_respond import build

pytestmark = pytest.mark.django_db


def preview_url(pk: int) -> str:
    return reverse("surveys:questionnaire_preview", kwargs={"pk": pk})


def state_of(html: str) -> str:
    match = re.search(r'name="state" value="([^"]*)"', html)
    assert match
    return match.group(1)


def step(
    client: Client, address: str, html: str, page: int, action: str = "next", **data: Any
) -> str:
    response = client.post(
        address, {"sida": page, "action": action, "state": state_of(html), **data}
    )
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", ["admin", "board"])
def test_it_pages_through_with_conditions_and_per_area_repetition(
    clients: dict[str, Client], world: World, role: str
) -> None:
    built = build(world.association, status=MeasurementStatus.DRAFT)
    client = clients[role]
    address = preview_url(built.questionnaire.pk)
    html = client.get(address).content.decode()
    assert 'class="preview-banner"' in html
    assert "I vilka kommuner arbetar du?" in html
    m1, m2 = built.municipalities[:2]
    html = step(
        client,
        address,
        html,
        1,
        **{f"q{built.areas.pk}": [m1.pk, m2.pk], f"q{built.contact.pk}": "1"},
    )
    assert "<h1>Samverkan</h1>" in html
    assert f'name="q{built.use.pk}"' not in html
    # Required questions are checked as for a respondent.
    again = step(client, address, html, 2)
    assert 'class="error-summary"' in again
    html = step(
        client, address, html, 2, **{f"q{built.often.pk}": "3", f"q{built.structured.pk}": "1"}
    )
    assert f"<h1>Samverkansklimat – {m1.name}</h1>" in html
    back = step(client, address, html, 3, "back")
    assert f'name="q{built.use.pk}"' in back  # the follow-up now shows for "Ja"
    html = step(client, address, html, 3, **{f"q{built.listen.pk}-m{m1.pk}": "2"})
    assert f"<h1>Samverkansklimat – {m2.name}</h1>" in html
    html = step(client, address, html, 4, **{f"q{built.listen.pk}-m{m2.pk}": "2"})
    assert "Tack för att du svarade!" in html and 'class="preview-banner"' in html
    assert not Response.objects.exists() and not Draft.objects.exists()
    assert not Invitation.objects.exists()


def test_screening_in_the_preview_shows_the_polite_ending(
    clients: dict[str, Client], world: World
) -> None:
    built = build(world.association)
    address = preview_url(built.questionnaire.pk)
    html = clients["admin"].get(address).content.decode()
    html = step(
        clients["admin"],
        address,
        html,
        1,
        **{f"q{built.areas.pk}": [built.municipalities[0].pk], f"q{built.contact.pk}": "2"},
    )
    assert "Resten av enkäten gäller inte dig." in html
    assert not Response.objects.exists()


def test_a_forged_state_is_ignored(clients: dict[str, Client], world: World) -> None:
    built = build(world.association)
    response = clients["admin"].post(
        preview_url(built.questionnaire.pk), {"sida": 3, "action": "next", "state": "forged"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    # The forged answers are dropped: only the pages of an empty questionnaire exist.
    assert "Samverkansklimat" not in html
    assert 'class="preview-banner"' in html


def test_forbidden_access(clients: dict[str, Client], world: World) -> None:
    built = build(world.association)
    address = preview_url(built.questionnaire.pk)
    assert clients["anonymous"].get(address)["Location"].startswith(reverse("account_login"))
    for role in ("member", "convener", "outsider"):
        assert clients[role].get(address).status_code == 403, role
        assert clients[role].post(address, {"sida": 1}).status_code == 403, role
    assert clients["other_admin"].get(address).status_code == 404
    other = build(world.other_association)
    assert clients["admin"].get(preview_url(other.questionnaire.pk)).status_code == 404
