"""Error pages: Swedish, helpful, with a way home, and the 500 page without any context."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.template import loader
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults


@pytest.mark.django_db
class TestErrorPages:
    def test_an_unknown_address_gives_a_page_not_found_with_a_link_home(self, clients):
        response = clients["member"].get("/finns-inte/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "404" in html
        assert f'href="{reverse("core:home")}"' in html
        assert "<main" in html  # inside the site's layout

    def test_another_associations_group_looks_like_it_does_not_exist(self, clients, world):
        response = clients["other_admin"].get(world.group.get_absolute_url())
        assert response.status_code == 404
        assert "Mysam Hofors" not in response.content.decode()

    def test_a_forbidden_page_explains_who_to_ask(self, world):
        request = RequestFactory().get("/")
        from mysam.accounts.actor import Actor

        request.user = world.users["member"]
        request.actor = Actor(user=world.users["member"])  # type: ignore[attr-defined]
        response = defaults.permission_denied(request, PermissionDenied())
        assert response.status_code == 403
        html = response.content.decode()
        assert "403" in html
        assert f'href="{reverse("core:home")}"' in html

    def test_a_bad_request_gets_the_400_page(self, db):
        response = Client().get("/", headers={"host": "angripare.example"})
        assert response.status_code == 400
        assert "400" in response.content.decode()

    def test_the_400_page_renders_without_a_request(self, db):
        request = RequestFactory().get("/")
        response = defaults.bad_request(request, SuspiciousOperation())
        assert response.status_code == 400

    def test_the_500_page_renders_with_no_context_at_all(self):
        html = loader.get_template("500.html").render()
        assert "500" in html
        assert 'href="/"' in html

    def test_the_500_page_shows_even_when_the_url_configuration_lacks_the_start_page(
        self, settings
    ):
        settings.ROOT_URLCONF = "mysam.core.tests.urls_broken"
        client = Client(raise_request_exception=False)
        response = client.get("/fel/")
        assert response.status_code == 500
        html = response.content.decode()
        assert "500" in html
        assert 'lang="sv"' in html

    def test_error_pages_are_in_swedish(self, clients):
        html = clients["member"].get("/finns-inte/").content.decode()
        assert 'lang="sv"' in html
        assert "Sidan finns inte" in html
