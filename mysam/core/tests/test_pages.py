"""The start page and the accessibility statement."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mysam.conftest import axe_violations, browser_login, format_violations


@pytest.mark.django_db
class TestHome:
    def test_it_sends_anonymous_visitors_to_login(self, clients):
        response = clients["anonymous"].get(reverse("core:home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))

    def test_it_greets_a_member_with_their_groups(self, clients, world):
        response = clients["member"].get(reverse("core:home"))
        assert response.status_code == 200
        assert "Mysam Hofors" in response.content.decode()

    def test_the_accessibility_statement_is_public_and_linked_from_every_page(self, clients):
        response = clients["anonymous"].get(reverse("core:accessibility"))
        assert response.status_code == 200
        home = clients["member"].get(reverse("core:home")).content.decode()
        assert reverse("core:accessibility") in home


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_home_page_has_no_axe_violations(page, live_server, world):
    browser_login(page, live_server, world.users["member"].email)
    assert page.url.rstrip("/") == live_server.url
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)
