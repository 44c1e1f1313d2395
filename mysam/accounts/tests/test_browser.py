"""The login, password-reset and authenticator-app pages in Chromium, checked with axe."""

from __future__ import annotations

import pytest

from mysam.accounts.tests.test_sso import make_provider
from mysam.conftest import PASSWORD, axe_violations, browser_login, format_violations, make_user


def assert_no_violations(page) -> None:  # type: ignore[no-untyped-def]
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_login_page_passes_axe_also_with_errors_and_sso_buttons(page, live_server, world):
    make_provider(world.association)
    page.goto(f"{live_server.url}/konto/login/?forbund=gavleborg")
    assert page.locator("text=Glömt lösenordet?").count() == 1
    assert page.locator("button", has_text="Logga in med SITHS (Inera IdP)").count() == 1
    assert_no_violations(page)
    page.fill("input[name=login]", world.users["member"].email)
    page.fill("input[name=password]", "fel-lösenord-123")
    page.click("form.form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator(".error-summary").count() == 1
    assert_no_violations(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_password_reset_pages_pass_axe(page, live_server, world):
    page.goto(f"{live_server.url}/konto/password/reset/")
    assert page.locator("label[for=id_email]").count() == 1
    assert_no_violations(page)
    page.fill("input[name=email]", world.users["member"].email)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/konto/password/reset/done/")
    assert_no_violations(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_admin_sets_up_the_authenticator_app_on_pages_that_pass_axe(page, live_server, world):
    user = make_user("nytt-kansli@example.se", association=world.association, role="admin")
    browser_login(page, live_server, user.email)
    assert page.url.endswith("/konto/tvastegsverifiering-kravs/")
    assert_no_violations(page)
    page.click("a.button")  # "Set up authenticator app"
    page.wait_for_load_state("networkidle")
    assert "/konto/reauthenticate/" in page.url  # allauth confirms the password first
    assert_no_violations(page)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/konto/2fa/totp/activate/")
    assert page.locator("label[for=id_code]").count() == 1
    assert_no_violations(page)
    page.set_viewport_size({"width": 375, "height": 800})
    assert_no_violations(page)
