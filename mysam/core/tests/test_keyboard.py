"""Keyboard use in Chromium: the skip link comes first, and a form can be filled and sent
without a mouse."""

from __future__ import annotations

import pytest

from mysam.conftest import browser_login, signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def focused(page) -> str:  # type: ignore[no-untyped-def]
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e.tagName + ':' + (e.innerText || e.name || '').trim().slice(0, 40); }"
    )


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page, live_server, world):
    browser_login(page, live_server, world.users["member"].email)
    page.keyboard.press("Tab")
    assert focused(page) == "A:Hoppa till innehållet"
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused skip link must show a focus ring"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_an_admin_can_register_a_party_with_the_keyboard_only(chromium, live_server, world):
    # The admin's login asks for a one-time code; the session is copied in instead.
    page = signed_in_context(chromium, live_server, world.users["admin"]).new_page()
    page.goto(f"{live_server.url}/organisation/register/parter/ny/")
    page.locator("input[name=name]").focus()
    page.keyboard.type("Ockelbo kommun")
    page.keyboard.press("Tab")
    assert focused(page).startswith("SELECT:")
    page.keyboard.press("End")  # choose the last kind: other
    for _ in range(10):  # tab on to the submit button
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.type") == "submit":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert world.association.parties.filter(name="Ockelbo kommun").exists()
    assert "Ockelbo kommun" in page.content()
