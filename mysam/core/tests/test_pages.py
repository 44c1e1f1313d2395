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


@pytest.mark.django_db
class TestAccessibilityStatement:
    url = reverse("core:accessibility")

    def test_it_names_the_association_the_member_works_in(self, clients, world):
        html = clients["member"].get(self.url).content.decode()
        assert "Samordningsförbund Gävleborg står bakom" in html

    def test_anonymous_visitors_see_a_generic_operator(self, clients):
        html = clients["anonymous"].get(self.url).content.decode()
        assert "Samordningsförbundet står bakom" in html

    def test_it_states_partial_compliance_and_the_known_gaps(self, clients):
        html = clients["anonymous"].get(self.url).content.decode()
        assert "delvis förenlig" in html
        assert "Strukturbilden" in html
        assert "PDF- och Word-dokument" in html
        assert "axe-core" in html
        assert "2026-11-23" in html

    def test_it_links_to_diggs_report_form(self, clients):
        html = clients["anonymous"].get(self.url).content.decode()
        assert 'href="https://www.digg.se/tdosanmalan"' in html

    def test_it_gives_the_associations_contact_email(self, clients, world):
        world.association.contact_email = "kansli@forbund.example"
        world.association.save(update_fields=["contact_email"])
        html = clients["member"].get(self.url).content.decode()
        assert 'href="mailto:kansli@forbund.example"' in html

    def test_without_an_email_it_falls_back_to_the_setting_then_to_the_office(
        self, clients, settings
    ):
        html = clients["anonymous"].get(self.url).content.decode()
        assert "mailto:" not in html
        assert "Kontakta kansliet" in html
        settings.MYSAM_ACCESSIBILITY_CONTACT_EMAIL = "tillganglighet@drift.example"
        html = clients["anonymous"].get(self.url).content.decode()
        assert 'href="mailto:tillganglighet@drift.example"' in html

    def test_it_has_an_english_version(self, clients):
        client = clients["anonymous"]
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        html = client.get(self.url).content.decode()
        assert "partially compliant" in html
        assert 'lang="en"' in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_home_page_has_no_axe_violations(page, live_server, world):
    browser_login(page, live_server, world.users["member"].email)
    assert page.url.rstrip("/") == live_server.url
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)
