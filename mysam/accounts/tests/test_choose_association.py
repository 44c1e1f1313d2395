"""A user with roles in several associations chooses the one to work in."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from mysam.accounts.models import AssociationRole
from mysam.accounts.selectors import SESSION_KEY

CHOOSE = reverse("accounts:choose_association")


@pytest.fixture
def two_roles(world):  # type: ignore[no-untyped-def]
    user = world.users["board"]
    other = AssociationRole.objects.create(
        user=user, association=world.other_association, role="member"
    )
    client = Client()
    client.force_login(user)
    return client, user.association_roles.get(association=world.association), other


@pytest.mark.django_db
class TestChooseAssociation:
    def test_the_start_page_asks_which_association(self, two_roles, world):
        client, _, _ = two_roles
        html = client.get(reverse("core:home")).content.decode()
        assert CHOOSE in html
        assert world.association.name not in html.split("<main")[0]  # not in the header yet
        page = client.get(CHOOSE).content.decode()
        assert world.association.name in page and world.other_association.name in page

    def test_choosing_sets_the_association_shown_in_the_header_with_a_switch_link(
        self, two_roles, world
    ):
        client, ours, _ = two_roles
        response = client.post(CHOOSE, {"association": ours.pk})
        assert response.status_code == 302
        assert client.session[SESSION_KEY] == world.association.pk
        html = client.get(reverse("core:home")).content.decode()
        header = html.split("<main")[0]
        assert world.association.name in header
        assert CHOOSE in header  # "Switch association"

    def test_a_forged_role_of_someone_else_is_refused(self, two_roles, world):
        client, _, _ = two_roles
        foreign = world.users["other_admin"].association_roles.get()
        response = client.post(CHOOSE, {"association": foreign.pk})
        assert response.status_code == 200
        assert 'class="error-summary"' in response.content.decode()
        assert SESSION_KEY not in client.session

    def test_an_unknown_id_is_refused(self, two_roles):
        client, _, _ = two_roles
        response = client.post(CHOOSE, {"association": 999999})
        assert response.status_code == 200
        assert SESSION_KEY not in client.session

    def test_a_user_with_one_role_works_there_without_choosing(self, clients, world):
        html = clients["member"].get(reverse("core:home")).content.decode()
        assert world.association.name in html.split("<main")[0]
        assert CHOOSE not in html
