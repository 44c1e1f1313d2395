"""Screen readers hear every field named in full: a comment box names the question it
comments on, and in a per-area block every question names the area (the heading shows it
to sighted respondents)."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.test import Client
from django.urls import reverse

from mysam.surveys.models import Item
from mysam.surveys.tests.permission_objects_respond import Built, build, invite

pytestmark = pytest.mark.django_db

HIDDEN = re.compile(r'<span class="visually-hidden">(.*?)</span>', re.S)


@pytest.fixture
def built(world) -> Built:  # type: ignore[no-untyped-def]
    built = build(world.association)
    # The per-area question has a comment box too.
    Item.objects.filter(pk=built.listen.item_id).update(has_comment=True)
    return built


def text_of(fragment: str) -> str:
    """A fragment's text as a screen reader reads it (tags dropped, spaces joined)."""
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def label_for(html: str, field_id: str) -> str:
    match = re.search(rf'<label for="{re.escape(field_id)}">(.*?)</label>', html, re.S)
    assert match, field_id
    return match.group(1)


def legend_of(html: str, name: str) -> str:
    """The legend of the fieldset that holds the radio buttons named `name`."""
    for fieldset in re.findall(r"<fieldset.*?</fieldset>", html, re.S):
        if f'name="{name}"' in fieldset:
            match = re.search(r"<legend>(.*?)</legend>", fieldset, re.S)
            assert match
            return match.group(1)
    raise AssertionError(name)


def to_page(client: Client, built: Built, token: str, page: int) -> str:
    m1, m2 = built.municipalities[:2]
    address = reverse("respond:answer", args=[token])
    first = {"sida": 1, "action": "next", f"q{built.areas.pk}": [m1.pk, m2.pk]}
    first[f"q{built.contact.pk}"] = "1"
    assert client.post(address, first).status_code == 302
    if page > 2:
        second = {"sida": 2, "action": "next", f"q{built.often.pk}": "4"}
        assert client.post(address, second).status_code == 302
    response = client.get(f"{address}?sida={page}")
    assert response.status_code == 200
    return response.content.decode()


def test_a_comment_box_is_named_with_its_question(client: Client, built: Built) -> None:
    token, _invitation = invite(built.questionnaire)
    html = to_page(client, built, token, 2)
    label = label_for(html, f"id_q{built.often.pk}-comment")
    name = text_of(label)
    assert name.startswith(("Comment", "Kommentar"))
    assert "Hur ofta samverkar du med andra parter?" in name
    # The question is for screen readers only: the visible label stays short.
    (hidden,) = HIDDEN.findall(label)
    assert "Hur ofta samverkar du med andra parter?" in hidden
    visible = text_of(HIDDEN.sub("", label))
    assert "Hur ofta" not in visible


def test_every_question_of_a_per_area_page_names_the_area(client: Client, built: Built) -> None:
    token, _invitation = invite(built.questionnaire)
    m1 = built.municipalities[0]
    html = to_page(client, built, token, 3)
    assert f"<h1>Samverkansklimat – {m1.name}</h1>" in html
    key = f"q{built.listen.pk}-m{m1.pk}"
    legend = legend_of(html, key)
    assert f"Lyssnar andra på dig? – {m1.name}" in text_of(legend)
    assert m1.name in "".join(HIDDEN.findall(legend))
    comment = text_of(label_for(html, f"id_{key}-comment"))
    assert f"Lyssnar andra på dig? – {m1.name}" in comment
    # A page asked once names no area.
    other = Client()
    token2, _ = invite(built.questionnaire)
    page_two = to_page(other, built, token2, 2)
    legend = legend_of(page_two, f"q{built.often.pk}")
    assert not HIDDEN.findall(legend)


def test_the_error_summary_links_name_the_area_too(client: Client, built: Built) -> None:
    token, _invitation = invite(built.questionnaire)
    m1 = built.municipalities[0]
    to_page(client, built, token, 3)
    response = client.post(reverse("respond:answer", args=[token]), {"sida": 3, "action": "next"})
    html = response.content.decode()
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    link = re.search(rf'<a href="#id_q{built.listen.pk}-m{m1.pk}_0">(.*?)</a>', summary, re.S)
    assert link and m1.name in text_of(link.group(1))
