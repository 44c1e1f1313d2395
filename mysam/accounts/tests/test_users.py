"""The office's user administration: list, give access, change role, remove access."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from mysam.accounts import services
from mysam.accounts.models import AssociationRole, AssociationRoleKind, User
from mysam.conftest import make_user

LIST = reverse("accounts:user_list")
GRANT = reverse("accounts:role_grant")


def _role(world, name: str) -> AssociationRole:  # type: ignore[no-untyped-def]
    return world.users[name].association_roles.get()


@pytest.mark.django_db
class TestForbiddenAccess:
    def test_anonymous_visitors_are_sent_to_login(self, clients, world):
        pk = _role(world, "board").pk
        for url in [
            LIST,
            GRANT,
            reverse("accounts:role_change", args=[pk]),
            reverse("accounts:role_revoke", args=[pk]),
        ]:
            response = clients["anonymous"].get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("account_login")), url

    @pytest.mark.parametrize("role", ["board", "member", "convener", "outsider"])
    def test_everyone_but_the_office_gets_403(self, clients, world, role):
        pk = _role(world, "board").pk
        for url in [
            LIST,
            GRANT,
            reverse("accounts:role_change", args=[pk]),
            reverse("accounts:role_revoke", args=[pk]),
        ]:
            assert clients[role].get(url).status_code == 403, url
        response = clients[role].post(GRANT, {"email": "x@example.se", "role": "admin"})
        assert response.status_code == 403
        assert not User.objects.filter(email="x@example.se").exists()

    def test_another_associations_admin_gets_404_for_our_roles(self, clients, world):
        pk = _role(world, "board").pk
        client = clients["other_admin"]
        assert client.get(reverse("accounts:role_change", args=[pk])).status_code == 404
        assert client.get(reverse("accounts:role_revoke", args=[pk])).status_code == 404
        assert client.post(reverse("accounts:role_revoke", args=[pk])).status_code == 404
        assert AssociationRole.objects.filter(pk=pk).exists()
        # Their own list shows only their association's users.
        html = client.get(LIST).content.decode()
        assert world.users["board"].email not in html


@pytest.mark.django_db
class TestUserList:
    def test_it_lists_the_users_with_a_role_in_the_association(self, clients, world):
        response = clients["admin"].get(LIST)
        html = response.content.decode()
        assert response.status_code == 200
        for name in ["admin", "board", "member", "convener", "outsider"]:
            assert world.users[name].email in html
        assert world.users["other_admin"].email not in html
        assert "<caption>" in html and 'scope="col"' in html

    def test_its_query_count_does_not_grow_with_users(
        self, clients, world, django_assert_max_num_queries
    ):
        client = clients["admin"]
        client.get(LIST)
        for i in range(10):
            make_user(f"extra{i}@example.se", association=world.association, role="member")
        with django_assert_max_num_queries(12):
            assert client.get(LIST).status_code == 200


@pytest.mark.django_db
class TestGiveAccess:
    def test_it_creates_the_account_and_sends_an_invitation_to_set_a_password(
        self, clients, world, django_capture_on_commit_callbacks
    ):
        person = world.people["outsider"]
        person.user = None
        person.save(update_fields=["user"])
        page = clients["admin"].get(GRANT)
        assert '<label for="id_email">' in page.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = clients["admin"].post(
                GRANT, {"email": "Ny.Person@Example.se", "role": "board", "person": person.pk}
            )
        assert response.status_code == 302
        user = User.objects.get(email="ny.person@example.se")
        assert not user.has_usable_password()
        assert user.association_roles.get().role == AssociationRoleKind.BOARD
        person.refresh_from_db()
        assert person.user == user

        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["ny.person@example.se"]
        link = re.search(r"https?://\S+?(/konto/password/reset/key/\S+/)", message.body)
        assert link, message.body

        # The invitee follows the link, chooses a password and logs in.
        client = Client()
        form_url = client.get(link.group(1))["Location"]
        password = "mitt-eget-lösenord-99"
        response = client.post(form_url, {"password1": password, "password2": password})
        assert response.status_code == 302
        response = client.post(
            reverse("account_login"), {"login": "ny.person@example.se", "password": password}
        )
        assert response.status_code == 302

    def test_an_existing_account_keeps_its_password_and_gets_a_notice(
        self, clients, world, django_capture_on_commit_callbacks
    ):
        other = world.users["other_admin"]
        with django_capture_on_commit_callbacks(execute=True):
            response = clients["admin"].post(GRANT, {"email": other.email, "role": "member"})
        assert response.status_code == 302
        other.refresh_from_db()
        assert other.has_usable_password()
        assert other.association_roles.count() == 2
        assert "/konto/password/reset/key/" not in mail.outbox[0].body
        assert "/konto/login/" in mail.outbox[0].body

    def test_it_refuses_a_user_who_already_has_access(self, clients, world):
        response = clients["admin"].post(
            GRANT, {"email": world.users["board"].email, "role": "member"}
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert 'class="error-summary"' in html
        assert "har redan behörighet" in html
        assert _role(world, "board").role == AssociationRoleKind.BOARD

    def test_it_refuses_a_person_of_another_association(self, world):
        from mysam.organisation.tests import factories as f

        stranger = f.PersonFactory(association=world.other_association)
        with pytest.raises(ValidationError):
            services.association_role_grant(
                association=world.association,
                email="ny@example.se",
                role="member",
                person=stranger,
            )
        assert not User.objects.filter(email="ny@example.se").exists()

    def test_the_form_shows_field_errors(self, clients):
        response = clients["admin"].post(GRANT, {"email": "inte-en-adress", "role": "kung"})
        html = response.content.decode()
        assert response.status_code == 200
        assert 'href="#id_email"' in html
        assert 'aria-invalid="true"' in html


@pytest.mark.django_db
class TestChangeAndRemove:
    def test_the_office_changes_a_role(self, clients, world):
        pk = _role(world, "board").pk
        url = reverse("accounts:role_change", args=[pk])
        assert clients["admin"].get(url).status_code == 200
        response = clients["admin"].post(url, {"role": "member"})
        assert response.status_code == 302
        assert AssociationRole.objects.get(pk=pk).role == AssociationRoleKind.MEMBER

    def test_the_last_admin_cannot_be_demoted_or_removed(self, clients, world):
        pk = _role(world, "admin").pk
        response = clients["admin"].post(
            reverse("accounts:role_change", args=[pk]), {"role": "board"}
        )
        assert response.status_code == 200
        assert "enda kansliadministratör" in response.content.decode()
        response = clients["admin"].post(reverse("accounts:role_revoke", args=[pk]))
        assert response.status_code == 200
        assert "enda kansliadministratör" in response.content.decode()
        assert AssociationRole.objects.get(pk=pk).role == AssociationRoleKind.ADMIN

    def test_an_admin_can_step_down_when_there_is_another(self, world):
        second = make_user("andra-kansli@example.se", association=world.association, role="admin")
        role = _role(world, "admin")
        services.association_role_change(role=role, new_role="member")
        with pytest.raises(ValidationError):
            services.association_role_revoke(role=second.association_roles.get())

    def test_removing_access_keeps_the_account_and_other_roles(self, clients, world):
        user = world.users["board"]
        AssociationRole.objects.create(
            user=user, association=world.other_association, role="member"
        )
        pk = user.association_roles.get(association=world.association).pk
        url = reverse("accounts:role_revoke", args=[pk])
        page = clients["admin"].get(url)
        assert page.status_code == 200
        response = clients["admin"].post(url)
        assert response.status_code == 302
        assert User.objects.filter(pk=user.pk).exists()
        assert list(user.association_roles.values_list("association", flat=True)) == [
            world.other_association.pk
        ]


@pytest.mark.django_db
def test_an_invitee_whose_link_expired_can_use_forgot_password(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.association_role_grant(
            association=world.association, email="inbjuden@example.se", role="member"
        )
    mail.outbox.clear()
    response = Client().post(reverse("account_reset_password"), {"email": "inbjuden@example.se"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/konto/password/reset/key/" in mail.outbox[0].body
