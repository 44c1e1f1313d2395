"""The demo data: the Gävleborg structure from the seeds, invented people, one login per role."""

from __future__ import annotations

import io
import unicodedata

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import validate_totp_code
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from mysam.accounts.models import AssociationRole, User
from mysam.organisation import demo
from mysam.organisation import models as org
from mysam.organisation.management.commands import demo_data as demo_data_command
from mysam.organisation.representation import Check

# Every person named in the seed documents 000–003 (action plans, the structure decision,
# minutes). None of them may appear in the demo.
REAL_NAMES = """
Björn Häägg; Lars Clerksén; Malin Schönning; Margareta Eriksson; Anna Beskow; Anne Jäder;
Susanna Björklund; Annchristin Johansson; Lars Holm; Peter Löfstrand; Cathrine Hedin;
Petra Löfgren; Rikard Engman; Therese Sandberg; B-O Staffas; Ing-Marie Ekström;
Lennart Diamant; Susanne Lidfeldt; Anna Andersson; Anna-Lena Blomdahl; Stefan Norin;
David Arwe; Karin Larsson; Peter Rehnman; Anna-Karin Hainsworth; Per Lundgren;
Ronney Olsson; Linda Reit; Marlene Westin; Anders Thorstensson; Anna Elverstig;
Anette Nordbakken; Eva Aler Liljedahl; Mats Collin; Palle Danielsson; Anette Forsblom;
Charlotte Humling; Roger O Nilsson; Anna Karin Hainsworth; Anders Bjerned; Helene Breed;
Anna Magnusson Kroon; Maria Hedman; Filipa Correia Persson; Susanne Thegerström;
Johanna Sjöberg; Olof Wallin; Anna Fält Skoglund; Anna Sundqvist; Malin Wiberg;
Linda Berglund; Anna Englin; Camilla Andersson
"""
REAL = [" ".join(n.split()) for n in REAL_NAMES.replace("\n", " ").split(";")]
# The surnames are distinctive enough that the demo avoids them altogether.
REAL_SURNAMES = {n.split()[-1] for n in REAL}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


@pytest.fixture
def built(db):
    return demo.demo_build()


class TestDemoData:
    def test_it_builds_the_gavleborg_structure(self, built):
        gavleborg = built.gavleborg
        assert gavleborg.name == "Samordningsförbund Gävleborg"
        assert gavleborg.county_parts.count() == 4
        assert gavleborg.municipalities.count() == 10
        assert gavleborg.groups.count() == 9
        assert 90 <= gavleborg.people.count() <= 120
        parts = {
            p.name: sorted(m.name for m in p.municipalities.all())
            for p in gavleborg.county_parts.all()
        }
        assert parts == {
            "Gävle": ["Gävle"],
            "Västra Gästrikland": ["Hofors", "Ockelbo", "Sandviken"],
            "Södra Hälsingland": ["Bollnäs", "Ovanåker", "Söderhamn"],
            "Norra Hälsingland": ["Hudiksvall", "Ljusdal", "Nordanstig"],
        }
        assert all(m.code.isdigit() and len(m.code) == 4 for m in gavleborg.municipalities.all())
        joint = gavleborg.groups.get(name="Mysam Hudiksvall/Nordanstig")
        assert sorted(m.name for m in joint.municipalities.all()) == ["Hudiksvall", "Nordanstig"]
        kinds = set(gavleborg.parties.values_list("kind", flat=True))
        assert {"municipality", "region", "fk", "af", "association"} <= kinds

    def test_it_has_trisam_teams_and_steering_groups(self, built):
        teams = org.TrisamTeam.objects.filter(health_centre__association=built.gavleborg)
        by_municipality: dict[str, int] = {}
        for team in teams.select_related("health_centre__municipality"):
            name = team.health_centre.municipality.name
            by_municipality[name] = by_municipality.get(name, 0) + 1
        assert by_municipality["Ljusdal"] == 3
        assert by_municipality["Bollnäs"] == 2
        assert by_municipality["Gävle"] >= 5
        assert org.HealthCentre.objects.get(name="Capio Gävle HC").is_private
        steering = org.SteeringGroup.objects.filter(group__association=built.gavleborg)
        assert steering.count() == 10

    def test_it_has_every_kind_of_membership_and_real_history(self, built):
        memberships = org.Membership.objects.filter(group__association=built.gavleborg)
        roles = set(memberships.values_list("role", flat=True))
        assert roles == {"member", "co_opted", "substitute", "convener", "guest"}
        assert memberships.filter(replaced_by__isnull=False).count() >= 5
        assert memberships.filter(has_decision_mandate=False, role="member").exists()
        for group in built.gavleborg.groups.all():
            conveners = memberships.current().filter(group=group, role="convener")
            assert conveners.count() == 1, group.name

    def test_some_groups_fail_the_representation_check(self, built, client):
        user = built.users["board"]
        client.force_login(user)
        summary = client.get(reverse("organisation:representation")).context["summary"]
        assert 1 <= summary.groups_ok < 9
        for check in Check:
            if check != Check.SUBSTITUTES:
                assert summary.flagged_groups[check] >= 1, check

    def test_no_real_person_from_the_seeds_is_in_the_demo(self, built):
        people = org.Person.objects.all()
        names = {_fold(p.full_name) for p in people}
        surnames = {_fold(p.last_name) for p in people}
        assert names.isdisjoint({_fold(n) for n in REAL})
        assert surnames.isdisjoint({_fold(n) for n in REAL_SURNAMES})
        users = {_fold(u.full_name) for u in User.objects.all()}
        assert users.isdisjoint({_fold(n) for n in REAL})

    def test_it_is_deterministic(self, db):
        first = demo.demo_build()
        names = list(
            org.Person.objects.filter(association=first.gavleborg)
            .order_by("pk")
            .values_list("first_name", "last_name")
        )
        demo.demo_remove()
        second = demo.demo_build()
        again = list(
            org.Person.objects.filter(association=second.gavleborg)
            .order_by("pk")
            .values_list("first_name", "last_name")
        )
        assert names == again

    def test_it_builds_a_small_second_association(self, built):
        assert built.exempel.name == "Samordningsförbund Exempel"
        assert built.exempel.groups.count() == 1
        assert 0 < built.exempel.people.count() < 10


class TestDemoUsers:
    def test_there_is_one_login_per_role(self, built):
        roles = {
            (r.user.email, r.association.slug, r.role)
            for r in AssociationRole.objects.select_related("user", "association")
        }
        assert (demo.ADMIN_EMAIL, "gavleborg", "admin") in roles
        assert (demo.BOARD_EMAIL, "gavleborg", "board") in roles
        assert (demo.CONVENER_EMAIL, "gavleborg", "member") in roles
        assert (demo.MEMBER_EMAIL, "gavleborg", "member") in roles
        assert (demo.OUTSIDER_EMAIL, "gavleborg", "member") in roles
        assert (demo.DUAL_EMAIL, "exempel", "admin") in roles
        assert (demo.DUAL_EMAIL, "gavleborg", "member") in roles
        for user in User.objects.filter(email__in=demo.DEMO_EMAILS):
            assert user.check_password(demo.DEMO_PASSWORD)

    def test_the_people_behind_the_logins_have_the_right_places(self, built):
        gavleborg = built.gavleborg
        current = org.Membership.objects.current().filter(group__association=gavleborg)
        convener = org.Person.objects.get(association=gavleborg, user__email=demo.CONVENER_EMAIL)
        assert current.filter(person=convener, group__name="Mysam Hofors", role="convener")
        member = org.Person.objects.get(association=gavleborg, user__email=demo.MEMBER_EMAIL)
        assert current.filter(person=member, group__name="Mysam Ljusdal", role="member")
        outsider = org.Person.objects.get(association=gavleborg, user__email=demo.OUTSIDER_EMAIL)
        assert not org.Membership.objects.filter(person=outsider).exists()

    def test_the_admins_have_an_authenticator_with_the_fixed_secret(self, built):
        for email in (demo.ADMIN_EMAIL, demo.DUAL_EMAIL):
            assert Authenticator.objects.filter(user__email=email, type="totp").exists()
            code = demo.demo_totp_code(email)
            assert len(code) == 6 and code.isdigit()
            assert validate_totp_code(demo.DEMO_TOTP_SECRETS[email], code)

    def test_the_demo_member_logs_in_with_the_shared_password(self, built):
        client = Client()
        response = client.post(
            reverse("account_login"), {"login": demo.MEMBER_EMAIL, "password": "mysam-demo-2026"}
        )
        assert response.status_code == 302
        assert client.get(reverse("organisation:overview")).status_code == 200


@pytest.fixture
def without_later_demos(monkeypatch):  # type: ignore[no-untyped-def]
    """The command's flags without the measurement, funding and statistics demos, which
    have their own tests; test_demo_data_reset_rebuilds runs them all."""
    monkeypatch.setattr(demo_data_command, "LATER_DEMOS", [])


class TestCommands:
    def run(self, *args: str) -> str:
        out = io.StringIO()
        call_command(*args, stdout=out)
        return out.getvalue()

    def test_demo_data_twice_with_if_empty_does_not_duplicate(self, db, without_later_demos):
        first = self.run("demo_data", "--if-empty")
        counts = (org.Person.objects.count(), org.Membership.objects.count(), User.objects.count())
        second = self.run("demo_data", "--if-empty")
        assert counts == (
            org.Person.objects.count(),
            org.Membership.objects.count(),
            User.objects.count(),
        )
        assert org.Association.objects.filter(slug="gavleborg").count() == 1
        # Both runs print the logins.
        for output in (first, second):
            assert demo.ADMIN_EMAIL in output and "mysam-demo-2026" in output

    def test_demo_data_without_flags_refuses_to_build_twice(self, db, without_later_demos):
        self.run("demo_data")
        with pytest.raises(CommandError):
            self.run("demo_data")

    def test_demo_data_reset_rebuilds(self, db):
        """The whole demo, later apps included, is removed and built again."""
        from mysam.funding.models import FundingApplication
        from mysam.statistics.models import TrisamMonth
        from mysam.surveys.models import Measurement

        self.run("demo_data")
        counts = (
            Measurement.objects.count(),
            FundingApplication.objects.count(),
            TrisamMonth.objects.count(),
        )
        assert all(counts)
        self.run("demo_data", "--reset")
        assert org.Association.objects.filter(slug="gavleborg").count() == 1
        assert counts == (
            Measurement.objects.count(),
            FundingApplication.objects.count(),
            TrisamMonth.objects.count(),
        )
        assert User.objects.filter(email=demo.ADMIN_EMAIL).count() == 1

    def test_demo_totp_prints_a_code_for_a_demo_user(self, db):
        output = self.run("demo_totp", demo.ADMIN_EMAIL).strip()
        assert validate_totp_code(demo.DEMO_TOTP_SECRETS[demo.ADMIN_EMAIL], output)

    def test_demo_totp_refuses_other_users(self, db):
        User.objects.create_user("riktig@example.se", "x")
        with pytest.raises(CommandError):
            self.run("demo_totp", "riktig@example.se")
        with pytest.raises(CommandError):
            self.run("demo_totp", demo.BOARD_EMAIL)  # a demo user without an authenticator
