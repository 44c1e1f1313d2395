"""Answering through the public pages: personal links, the open link, save and continue,
screening, per-area blocks, double submits and the kind messages."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mysam.conftest import World
from mysam.surveys.models import (
    Answer,
    Draft,
    Invitation,
    InvitationStatus,
    Measurement,
    MeasurementStatus,
    Response,
    ResponseStatus,
)
from mysam.surveys.tests.permission_objects_respond import Built, build, invite

pytestmark = pytest.mark.django_db


def url(token: str, page: int | None = None) -> str:
    base = reverse("respond:answer", kwargs={"token": token})
    return f"{base}?sida={page}" if page else base


def post(client: Client, address: str, page: int, action: str = "next", **data: Any) -> Any:
    return client.post(address, {"sida": page, "action": action, **data})


@pytest.fixture
def built(world: World) -> Built:
    return build(world.association)


def answer_all(client: Client, built: Built, token: str, *, both: bool = True) -> Any:
    """Answer every page: both municipalities (or one), contact yes, structured yes."""
    m1, m2 = built.municipalities[:2]
    chosen = [m1.pk, m2.pk] if both else [m1.pk]
    a = url(token)
    r = post(client, a, 1, **{f"q{built.areas.pk}": chosen, f"q{built.contact.pk}": "1"})
    assert r.status_code == 302, r.content.decode()[:2000]
    r = post(
        client,
        a,
        2,
        **{
            f"q{built.often.pk}": "4",
            f"q{built.often.pk}-comment": "Bra samarbete",
            f"q{built.structured.pk}": "1",
        },
    )
    assert r.status_code == 302
    # The follow-up "use" is shown now (structured = Ja): page 2 asked again? No: it is on
    # page 2 only when shown at render time; answering page 2 again adds it.
    r = client.get(a + "?sida=2")
    assert f'name="q{built.use.pk}"' in r.content.decode()
    r = post(
        client,
        a,
        2,
        **{
            f"q{built.often.pk}": "4",
            f"q{built.often.pk}-comment": "Bra samarbete",
            f"q{built.structured.pk}": "1",
            f"q{built.use.pk}": "5",
        },
    )
    assert r.status_code == 302
    r = post(client, a, 3, **{f"q{built.listen.pk}-m{m1.pk}": "3"})
    if both:
        assert r.status_code == 302 and r["Location"].endswith("sida=4")
        r = post(client, a, 4, **{f"q{built.listen.pk}-m{m2.pk}": "6"})
    return r


def test_it_shows_the_first_page_with_progress_and_fieldsets(client: Client, built: Built) -> None:
    token, _inv = invite(built.questionnaire)
    response = client.get(url(token))
    html = response.content.decode()
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert "<fieldset" in html and "<legend>" in html
    assert "I vilka kommuner arbetar du?" in html
    assert built.municipalities[0].name in html
    assert 'id="progress"' in html
    # Progress counts the pages known so far (no municipality chosen yet: 2 pages).
    assert re.search(r"(Page|Sida) 1 (of|av) 2", html)


def test_it_stores_one_complete_response_with_per_area_answers(
    client: Client, built: Built, world: World
) -> None:
    token, invitation = invite(
        built.questionnaire,
        party=world.parties["region"],
        municipality=world.municipality,
    )
    response = answer_all(client, built, token)
    assert response.status_code == 302 and response["Location"] == url(token)
    stored = Response.objects.get()
    assert stored.status == ResponseStatus.COMPLETE
    assert stored.submitted_on == timezone.localdate()
    assert stored.party == world.parties["region"]
    assert stored.municipality == world.municipality
    m1, m2 = built.municipalities[:2]
    per_area = dict(
        Answer.objects.filter(question=built.listen).values_list("area_municipality", "value")
    )
    assert per_area == {m1.pk: 3, m2.pk: 6}
    chosen = set(
        Answer.objects.filter(question=built.areas).values_list("area_municipality", flat=True)
    )
    assert chosen == {m1.pk, m2.pk}
    often = Answer.objects.get(question=built.often)
    assert (often.value, often.comment) == (4, "Bra samarbete")
    assert Answer.objects.get(question=built.use).value == 5
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ANSWERED
    assert invitation.answered_on == timezone.localdate()
    assert not Draft.objects.exists()
    thanks = client.get(url(token))
    assert thanks.status_code == 200
    assert "Tack för att du svarade!" in thanks.content.decode()


def test_a_hidden_follow_up_is_not_stored(client: Client, built: Built) -> None:
    token, _inv = invite(built.questionnaire)
    a = url(token)
    m1 = built.municipalities[0]
    post(client, a, 1, **{f"q{built.areas.pk}": [m1.pk], f"q{built.contact.pk}": "1"})
    post(
        client,
        a,
        2,
        **{f"q{built.often.pk}": "2", f"q{built.structured.pk}": "1", f"q{built.use.pk}": "4"},
    )
    # Back to page 2, now "Nej": the follow-up disappears and its answer is not stored.
    post(client, a, 2, **{f"q{built.often.pk}": "2", f"q{built.structured.pk}": "2"})
    post(client, a, 3, **{f"q{built.listen.pk}-m{m1.pk}": "2"})
    assert Response.objects.count() == 1
    assert not Answer.objects.filter(question=built.use).exists()


def test_required_questions_show_an_error_summary_linked_to_the_field(
    client: Client, built: Built
) -> None:
    token, _inv = invite(built.questionnaire)
    response = post(client, url(token), 1)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    assert f'href="#id_q{built.areas.pk}_0"' in html
    assert f'id="id_q{built.areas.pk}_0"' in html
    assert f'href="#id_q{built.contact.pk}_0"' in html
    assert not Draft.objects.exists() and not Response.objects.exists()


def test_dont_know_satisfies_a_required_question_and_is_stored_without_value(
    client: Client, built: Built
) -> None:
    token, _inv = invite(built.questionnaire)
    a = url(token)
    m1 = built.municipalities[0]
    post(client, a, 1, **{f"q{built.areas.pk}": [m1.pk], f"q{built.contact.pk}": "1"})
    r = post(client, a, 2, **{f"q{built.often.pk}": "dk"})
    assert r.status_code == 302
    post(client, a, 3, **{f"q{built.listen.pk}-m{m1.pk}": "1"})
    often = Answer.objects.get(question=built.often)
    assert often.dont_know and often.value is None


def test_screening_ends_politely_and_stores_a_screened_out_response(
    client: Client, built: Built, world: World
) -> None:
    token, invitation = invite(built.questionnaire, party=world.parties["fk"])
    m1 = built.municipalities[0]
    r = post(client, url(token), 1, **{f"q{built.areas.pk}": [m1.pk], f"q{built.contact.pk}": "2"})
    assert r.status_code == 302
    response = Response.objects.get()
    assert response.status == ResponseStatus.SCREENED_OUT
    assert response.party == world.parties["fk"]
    assert Answer.objects.get(question=built.contact).value == 2
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.SCREENED_OUT
    page = client.get(url(token)).content.decode()
    assert "Resten av enkäten gäller inte dig." in page


def test_save_and_continue_later_resumes_on_the_same_page(client: Client, built: Built) -> None:
    token, invitation = invite(built.questionnaire)
    m1 = built.municipalities[0]
    post(client, url(token), 1, **{f"q{built.areas.pk}": [m1.pk], f"q{built.contact.pk}": "1"})
    r = post(client, url(token), 2, "save", **{f"q{built.often.pk}": "5"})
    assert r.status_code == 302 and r["Location"] == reverse("respond:saved", args=[token])
    assert client.get(r["Location"]).status_code == 200
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.STARTED
    draft = Draft.objects.get()
    assert draft.token_hash == invitation.token_hash and draft.page == 1
    # A new browser (another device) with the same link continues on page 2, answers kept.
    other = Client()
    html = other.get(url(token)).content.decode()
    assert "Samverkan" in html
    assert f'name="q{built.often.pk}" value="5"' in html and "checked" in html
    assert not Response.objects.exists()


def test_back_keeps_the_answers_without_requiring_them(client: Client, built: Built) -> None:
    token, _inv = invite(built.questionnaire)
    m1 = built.municipalities[0]
    post(client, url(token), 1, **{f"q{built.areas.pk}": [m1.pk], f"q{built.contact.pk}": "1"})
    r = post(client, url(token), 2, "back")
    assert r.status_code == 302 and r["Location"].endswith("sida=1")
    html = client.get(r["Location"]).content.decode()
    assert f'value="{m1.pk}"' in html and "checked" in html


def test_one_cannot_skip_ahead_past_unanswered_required_questions(
    client: Client, built: Built
) -> None:
    token, _inv = invite(built.questionnaire)
    html = client.get(url(token, 3)).content.decode()
    assert "Bakgrund" in html


def test_submitting_twice_stores_one_answer(client: Client, built: Built) -> None:
    token, _inv = invite(built.questionnaire)
    m1 = built.municipalities[0]
    a = url(token)
    post(client, a, 1, **{f"q{built.areas.pk}": [m1.pk], f"q{built.contact.pk}": "1"})
    post(client, a, 2, **{f"q{built.often.pk}": "2", f"q{built.structured.pk}": "2"})
    last = {f"q{built.listen.pk}-m{m1.pk}": "3"}
    first = post(client, a, 3, **last)
    second = post(Client(), a, 3, **last)  # a second tab / double click
    assert first.status_code == second.status_code == 302
    assert Response.objects.count() == 1
    assert Answer.objects.filter(question=built.listen).count() == 1


def test_the_service_refuses_a_second_submit(built: Built) -> None:
    from mysam.surveys.selectors.respond import structure_for
    from mysam.surveys.services import respond as services

    _token, invitation = invite(built.questionnaire)
    structure = structure_for(built.questionnaire)
    answers = {
        f"q{built.areas.pk}": _given([built.municipalities[0].pk]),
        f"q{built.contact.pk}": _given([2]),
    }
    services.response_submit(
        questionnaire=built.questionnaire,
        structure=structure,
        answers=answers,
        invitation=invitation,
    )
    with pytest.raises(services.AlreadyAnswered):
        services.response_submit(
            questionnaire=built.questionnaire,
            structure=structure,
            answers=answers,
            invitation=invitation,
        )
    assert Response.objects.count() == 1


def _given(values: list[int]) -> Any:
    from mysam.surveys.engine import Given

    return Given(values=values)


@pytest.mark.parametrize(
    ("status", "opens", "closes"),
    [
        (MeasurementStatus.CLOSED, None, None),
        (MeasurementStatus.OPEN, None, -1),
        (MeasurementStatus.OPEN, 2, None),
        (MeasurementStatus.DRAFT, None, None),
    ],
)
def test_a_closed_or_not_yet_open_questionnaire_shows_a_kind_message(
    client: Client, world: World, status: str, opens: int | None, closes: int | None
) -> None:
    today = timezone.localdate()
    built = build(world.association, status=status)
    Measurement.objects.filter(pk=built.measurement.pk).update(
        opens_on=today + datetime.timedelta(days=opens) if opens is not None else None,
        closes_on=today + datetime.timedelta(days=closes) if closes is not None else None,
    )
    token, invitation = invite(built.questionnaire)
    response = client.get(url(token))
    assert response.status_code == 200
    assert "<form" not in response.content.decode().split('id="main"')[1].split("</main>")[0]
    m1 = built.municipalities[0]
    post(client, url(token), 1, **{f"q{built.areas.pk}": [m1.pk], f"q{built.contact.pk}": "2"})
    assert not Response.objects.exists() and not Draft.objects.exists()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.INVITED


def test_an_excluded_invitation_gets_a_kind_message(client: Client, built: Built) -> None:
    token, _inv = invite(
        built.questionnaire, status=InvitationStatus.EXCLUDED, excluded_reason="Tjänstledig"
    )
    response = client.get(url(token))
    assert response.status_code == 200
    assert f'name="q{built.areas.pk}"' not in response.content.decode()
    post(client, url(token), 1, **{f"q{built.contact.pk}": "2"})
    assert not Response.objects.exists()


def test_an_unknown_token_is_a_404_with_a_swedish_explanation(client: Client, built: Built) -> None:
    response = client.get(url("finns-inte"))
    assert response.status_code == 404
    assert 'lang="sv"' in response.content.decode()
    assert client.get(reverse("respond:open", args=["finns-inte"])).status_code == 404
    assert client.get(reverse("respond:saved", args=["finns-inte"])).status_code == 404


def test_the_open_link_stores_responses_without_frame_attributes_and_resumes_by_cookie(
    client: Client, world: World
) -> None:
    built = build(world.association, open_link="oppen-123")
    a = reverse("respond:open", args=["oppen-123"])
    m1 = built.municipalities[0]
    r = post(client, a, 1, **{f"q{built.areas.pk}": [m1.pk], f"q{built.contact.pk}": "1"})
    assert r.status_code == 302
    assert any(name.startswith("mysam_svar_") for name in r.cookies)
    assert Draft.objects.count() == 1
    # The same browser continues on page 2; another browser starts afresh.
    assert "Samverkan" in client.get(a).content.decode()
    assert "Bakgrund" in Client().get(a).content.decode()
    post(client, a, 2, **{f"q{built.often.pk}": "3", f"q{built.structured.pk}": "2"})
    cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    done = post(client, a, 3, form_token="a" * 32, **{f"q{built.listen.pk}-m{m1.pk}": "4"})
    assert done.status_code == 302 and done["Location"] == reverse(
        "respond:open_done", args=["oppen-123"]
    )
    double_click = Client()
    for name, value in cookies.items():
        double_click.cookies[name] = value
    again = post(double_click, a, 3, form_token="a" * 32, **{f"q{built.listen.pk}-m{m1.pk}": "4"})
    assert again.status_code == 302 and again["Location"] == done["Location"]
    response = Response.objects.get()
    assert response.party is None and response.unit is None and response.municipality is None
    assert not Draft.objects.exists()
    assert not Invitation.objects.exists()
    assert client.get(done["Location"]).status_code == 200


def test_the_open_link_screening_page(client: Client, world: World) -> None:
    built = build(world.association, open_link="oppen-456")
    a = reverse("respond:open", args=["oppen-456"])
    r = post(
        client,
        a,
        1,
        form_token="b" * 32,
        **{f"q{built.areas.pk}": [built.municipalities[0].pk], f"q{built.contact.pk}": "2"},
    )
    assert r["Location"] == reverse("respond:open_screened_out", args=["oppen-456"])
    assert "Resten av enkäten gäller inte dig." in client.get(r["Location"]).content.decode()
    assert Response.objects.get().status == ResponseStatus.SCREENED_OUT


def test_answering_pages_cost_the_same_queries_for_small_and_large_questionnaires(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    built = build(world.association)
    token, _inv = invite(built.questionnaire)
    with django_assert_max_num_queries(12):
        assert client.get(url(token)).status_code == 200
