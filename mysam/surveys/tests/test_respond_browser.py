"""Answering on a phone-sized Chromium (375 px): axe-core finds no WCAG 2.1 A/AA violation
on any page (an error state included), nothing is wider than the screen, and a page can
be answered with the keyboard only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from mysam.conftest import PHONE, axe_violations, format_violations
from mysam.surveys.models import Invitation, InvitationStatus, Item, Response, ResponseStatus
from mysam.surveys.services import mailing as mailing_services
from mysam.surveys.tests.permission_objects_respond import build, invite

SHOTS = Path(__file__).resolve().parents[3] / "bench" / "out" / "respond-screens"


def check(page, name: str, problems: list[str]) -> None:  # type: ignore[no-untyped-def]
    violations = axe_violations(page)
    if violations:
        problems.append(f"{name}:\n{format_violations(violations)}")
    wide = page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    if wide:
        problems.append(f"{name}: wider than 375 px")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_answering_on_a_phone_passes_axe_and_works_by_keyboard(chromium, live_server, world):  # type: ignore[no-untyped-def]
    built = build(world.association)
    # The per-area question has a comment box too.
    Item.objects.filter(pk=built.listen.item_id).update(has_comment=True)
    token, invitation = invite(built.questionnaire, party=world.parties["region"])
    context = chromium.new_context(locale="sv-SE", viewport=PHONE)
    page = context.new_page()
    problems: list[str] = []
    page.goto(live_server.url + reverse("respond:answer", args=[token]))
    check(page, "1-first-page", problems)

    # An error state: "Next" with nothing answered.
    page.locator("button[value=next]").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    check(page, "2-errors", problems)
    # The summary's link moves the focus to the question.
    page.locator(".error-summary a").first.click()
    focused = page.evaluate("() => document.activeElement.id")
    assert focused == f"id_q{built.areas.pk}_0"

    # Keyboard only: tick both municipalities, choose "Ja", then "Nästa" with Enter.
    page.keyboard.press("Space")  # the first municipality has the focus
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.name") == f"q{built.contact.pk}":
            break
    page.keyboard.press("Space")  # the first radio button: "Ja"
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.value") == "next":
            break
    assert page.evaluate("() => document.activeElement.value") == "next"
    # Wait for the navigation itself: on a busy machine the load state of the old page
    # could otherwise be read before the form is sent.
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Samverkan"
    check(page, "3-second-page", problems)
    # The comment box's accessible name (computed by Chromium) names its question.
    often = re.compile(r"^(Kommentar|Comment) .*Hur ofta samverkar du med andra parter\?")
    assert page.get_by_role("textbox", name=often).count() == 1

    page.get_by_label("Ofta", exact=True).check()
    page.locator(f"#id_q{built.structured.pk}_0").check()
    page.locator("button[value=next]").click()
    page.wait_for_load_state()
    # "Ja" to the structured group: the follow-up is asked when going back.
    page.locator("button[value=back]").click()
    page.wait_for_load_state()
    assert page.locator(f"#id_q{built.use.pk}_0").is_visible()
    page.locator(f"#id_q{built.use.pk}_3").check()
    page.locator("button[value=next]").click()
    page.wait_for_load_state()
    m1, m2 = built.municipalities[:2]
    assert page.locator("h1").inner_text() == f"Samverkansklimat – {m1.name}"
    check(page, "4-per-area", problems)
    # Every question names the area, not only the heading.
    named = re.compile(rf"Lyssnar andra på dig\? – {m1.name}")
    assert page.get_by_role("group", name=named).count() == 1
    assert page.get_by_role("textbox", name=named).count() == 1
    page.locator(f"#id_q{built.listen.pk}-m{m1.pk}_2").check()
    page.locator("button[value=next]").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == f"Samverkansklimat – {m2.name}"
    page.locator("button[value=save]").click()
    page.wait_for_load_state()
    check(page, "5-saved", problems)
    page.locator("main a.button").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == f"Samverkansklimat – {m2.name}"
    page.locator(f"#id_q{built.listen.pk}-m{m2.pk}_4").check()
    page.locator("button[value=next]").click()
    page.wait_for_load_state()
    assert "Tack för att du svarade!" in page.content()
    check(page, "6-thanks", problems)
    context.close()

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ANSWERED
    assert Response.objects.get().status == ResponseStatus.COMPLETE
    assert not problems, "\n".join(problems)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_preview_and_the_messages_pass_axe_on_a_phone(chromium, live_server, world):  # type: ignore[no-untyped-def]
    from mysam.conftest import signed_in_context

    built = build(world.association)
    context = signed_in_context(chromium, live_server, world.users["board"], PHONE)
    page = context.new_page()
    problems: list[str] = []
    page.goto(
        live_server.url + reverse("surveys:questionnaire_preview", args=[built.questionnaire.pk])
    )
    assert page.locator(".preview-banner").is_visible()
    check(page, "7-preview", problems)
    page.locator(f"#id_q{built.areas.pk}_0").check()
    page.locator(f"#id_q{built.contact.pk}_1").check()  # "Nej": screened out
    page.locator("button[value=next]").click()
    page.wait_for_load_state()
    assert "Resten av enkäten gäller inte dig." in page.content()
    check(page, "8-preview-screened-out", problems)
    context.close()

    anonymous = chromium.new_context(locale="sv-SE", viewport=PHONE)
    page = anonymous.new_page()
    token, _inv = invite(built.questionnaire, status=InvitationStatus.EXCLUDED, excluded_reason="x")
    page.goto(live_server.url + reverse("respond:answer", args=[token]))
    check(page, "9-excluded", problems)
    response = page.goto(live_server.url + reverse("respond:answer", args=["okand"]))
    assert response.status == 404
    check(page, "10-unknown", problems)
    # A link replaced by a newer one (a corrected address) explains itself.
    old, replaced = invite(built.questionnaire, email="fel@exempel.example")
    Invitation.objects.filter(pk=replaced.pk).update(sent_at=timezone.now())
    mailing_services.invitation_correct_email(invitation=replaced, email="ratt@exempel.example")
    response = page.goto(live_server.url + reverse("respond:answer", args=[old]))
    assert response.status == 410
    check(page, "11-replaced", problems)
    anonymous.close()
    assert not problems, "\n".join(problems)
