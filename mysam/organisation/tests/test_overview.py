"""The structure overview, the group list, group and person pages, the representation page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mysam.accounts.models import User
from mysam.organisation import models as org
from mysam.organisation import services
from mysam.organisation.tests import factories as f

D = datetime.date
READERS = ("member", "convener", "outsider", "board", "admin")


def urls(world) -> dict[str, str]:
    return {
        "overview": reverse("organisation:overview"),
        "group_list": reverse("organisation:group_list"),
        "representation": reverse("organisation:representation"),
        "group_detail": reverse("organisation:group_detail", args=[world.group.pk]),
        "person_detail": reverse("organisation:person_detail", args=[world.people["member"].pk]),
    }


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def fill_group(world, group: org.CooperationGroup, n: int) -> None:
    """Give a group ``n`` members of all four parties, with seats, substitutes, co-opted
    people, ended memberships, a Trisam team and a steering group."""
    kinds = list(world.parties.values())
    psychiatry = f.UnitFactory(party=world.parties["region"], unit_type="psychiatry")
    steering = f.SteeringGroupFactory(group=group, municipality=world.municipality)
    team_centre = f.HealthCentreFactory(
        association=world.association, municipality=world.municipality
    )
    f.TrisamTeamFactory(health_centre=team_centre, group=group)
    for i in range(n):
        party = kinds[i % len(kinds)]
        person = f.PersonFactory(
            association=world.association,
            party=party,
            unit=psychiatry if party == world.parties["region"] else None,
        )
        seat = f.SeatFactory(group=group, party=party)
        role = ("member", "co_opted", "member", "member", "guest")[i % 5]
        m = f.MembershipFactory(group=group, person=person, role=role, seat=seat)
        if i % 5 == 2:
            sub = f.PersonFactory(association=world.association, party=party)
            f.MembershipFactory(
                group=group, person=sub, role="substitute", substitute_for=m, seat=None
            )
        if i % 5 == 3:
            f.SeatFactory(group=group, party=party, label="Vakant plats")
            old = f.PersonFactory(association=world.association, party=party)
            gone = f.MembershipFactory(group=group, person=old, start_date=D(2020, 1, 1))
            services.membership_replace(
                membership=gone,
                new_person=f.PersonFactory(association=world.association, party=party),
                date=D(2023, 1, 1),
            )
        org.SteeringGroupMember.objects.create(
            steering_group=steering, person=person, start_date=D(2024, 1, 1)
        )


def add_groups(world, n: int) -> None:
    for _ in range(n):
        municipality = f.MunicipalityFactory(
            association=world.association, county_part=world.county_part
        )
        f.PartyFactory(
            association=world.association, kind="municipality", municipality=municipality
        )
        group = f.CooperationGroupFactory(
            association=world.association, municipalities=[municipality]
        )
        fill_group(world, group, 5)


# --- Who may see the pages -----------------------------------------------------------------


class TestAccess:
    def test_it_sends_anonymous_visitors_to_the_login_page(self, world, clients):
        for name, url in urls(world).items():
            response = clients["anonymous"].get(url)
            assert response.status_code == 302, name
            assert response["Location"].startswith(reverse("account_login")), name

    @pytest.mark.parametrize("role", READERS)
    def test_every_role_in_the_association_reads_every_page(self, world, clients, role):
        for name, url in urls(world).items():
            assert clients[role].get(url).status_code == 200, name

    def test_a_user_with_no_role_in_any_association_is_refused(self, world):
        client = Client()
        client.force_login(User.objects.create_user("ingen@example.se", "x"))
        pages = urls(world)
        for name in ("overview", "group_list", "representation"):
            assert client.get(pages[name]).status_code == 403, name
        for name in ("group_detail", "person_detail"):
            assert client.get(pages[name]).status_code == 404, name

    def test_another_associations_group_and_person_do_not_exist(self, world, clients):
        pages = urls(world)
        assert clients["other_admin"].get(pages["group_detail"]).status_code == 404
        assert clients["other_admin"].get(pages["person_detail"]).status_code == 404

    def test_other_associations_see_only_their_own_structure(self, world, clients):
        for name in ("overview", "group_list", "representation"):
            page = clients["other_admin"].get(urls(world)[name]).content.decode()
            assert "Mysam Annanstans" in page, name
            assert "Mysam Hofors" not in page, name
            assert "Mysam Hofors" in clients["board"].get(urls(world)[name]).content.decode()


# --- The structure overview ------------------------------------------------------------------


class TestOverview:
    def test_it_draws_an_accessible_picture_with_a_link_per_group(self, world, clients):
        fill_group(world, world.group, 5)
        page = clients["member"].get(reverse("organisation:overview")).content.decode()
        svg = re.search(r"<svg.*?</svg>", page, re.S)
        assert svg is not None
        markup = svg.group(0)
        assert 'role="img"' in markup
        labelled = re.search(r'aria-labelledby="([^"]+)"', markup)
        assert labelled is not None
        for element_id in labelled.group(1).split():
            assert f'id="{element_id}"' in markup
        assert "<title" in markup and "<desc" in markup
        # The picture's content is presentational (role="img"), so the links to the group
        # pages lie over it as HTML anchors named after the group.
        assert "<a " not in markup
        picture = re.search(r'<div class="structure-picture".*?</div>', page, re.S)
        assert picture is not None
        link = reverse("organisation:group_detail", args=[world.group.pk])
        assert re.search(
            rf'<a href="{link}"[^>]*><span class="visually-hidden">Mysam Hofors<', picture.group(0)
        )
        assert "Västra Gästrikland" in markup
        # The party marks carry a letter and a count, and use the CSS variables' colours.
        assert "#0b4f7c" in markup and "#6b2c91" in markup

    def test_the_picture_is_followed_by_the_same_facts_as_a_table(self, world, clients):
        page = clients["member"].get(reverse("organisation:overview")).content.decode()
        after = page.split("</svg>", 1)[1]
        assert "<table" in after
        assert "Mysam Hofors" in after
        assert "Sören Ärlig" in after  # the convener

    def test_it_counts_current_members_per_party(self, world, clients):
        response = clients["member"].get(reverse("organisation:overview"))
        [part] = response.context["structure"].county_parts
        [card] = part.groups
        # Åsa Öberg (municipality) is a member, Sören Ärlig (region) the convener.
        assert card.party_counts() == {"municipality": 1, "region": 1, "fk": 0, "af": 0}

    def test_it_leaves_out_ended_memberships(self, world, clients):
        services.membership_end(membership=world.memberships["member"], end_date=D(2025, 1, 1))
        response = clients["member"].get(reverse("organisation:overview"))
        [card] = response.context["structure"].county_parts[0].groups
        assert card.party_counts()["municipality"] == 0

    @pytest.mark.parametrize(
        "name", ["organisation:overview", "organisation:group_list", "organisation:representation"]
    )
    def test_it_costs_the_same_queries_for_2_and_20_groups(self, world, clients, name):
        add_groups(world, 1)
        few = queries(clients["board"], reverse(name))
        add_groups(world, 18)
        many = queries(clients["board"], reverse(name))
        assert few == many


class TestGroupList:
    def test_it_lists_members_convener_vacancies_and_flags(self, world, clients):
        f.SeatFactory(group=world.group, party=world.parties["fk"], label="Enhetschef FK")
        response = clients["outsider"].get(reverse("organisation:group_list"))
        card = next(c for c in response.context["cards"] if c.group == world.group)
        assert card.member_count == 2
        assert [m.person for m in card.conveners] == [world.people["convener"]]
        assert [s.label for s in card.vacant_seats] == ["Enhetschef FK"]
        assert not card.representation.ok
        page = response.content.decode()
        assert "Hofors" in page and "Sören Ärlig" in page


class TestRepresentationPage:
    def test_it_shows_groups_by_checks_and_counts(self, world, clients):
        response = clients["convener"].get(reverse("organisation:representation"))
        summary = response.context["summary"]
        assert summary.group_count == 1
        assert summary.groups_ok == 0
        page = response.content.decode()
        # FK and AF are missing in Mysam Hofors: the sentence names them.
        assert "Försäkringskassan" in page and "Arbetsförmedlingen" in page
        assert "✓" in page or "!" in page  # a text mark, not colour alone


# --- The group page ------------------------------------------------------------------------


class TestGroupPage:
    def url(self, world) -> str:
        return reverse("organisation:group_detail", args=[world.group.pk])

    def test_it_shows_members_by_party_with_title_unit_and_mandate(self, world, clients):
        unit = f.UnitFactory(party=world.parties["fk"], name="Sjukförsäkring Gävle")
        person = f.PersonFactory(
            association=world.association,
            party=world.parties["fk"],
            unit=unit,
            title="Enhetschef sjukförsäkring",
            first_name="Märta",
            last_name="Åkerlund",
        )
        f.MembershipFactory(group=world.group, person=person, has_decision_mandate=False)
        response = clients["member"].get(self.url(world))
        sections = {s.party.name: s for s in response.context["page"].parties}
        assert [m.person for m in sections["Försäkringskassan"].members] == [person]
        page = response.content.decode()
        assert "Enhetschef sjukförsäkring" in page and "Sjukförsäkring Gävle" in page
        # Parties are in the usual order: municipality, Region, FK.
        assert list(sections) == ["Hofors kommun", "Region Gävleborg", "Försäkringskassan"]

    def test_it_shows_co_opted_substitutes_guests_and_vacant_seats(self, world, clients):
        member = world.memberships["member"]
        sub = f.PersonFactory(association=world.association, first_name="Sixten", last_name="Ödman")
        f.MembershipFactory(group=world.group, person=sub, role="substitute", substitute_for=member)
        co = f.PersonFactory(association=world.association, first_name="Ylva", last_name="Sjödin")
        f.MembershipFactory(group=world.group, person=co, role="co_opted")
        guest = f.PersonFactory(association=world.association, first_name="Örjan", last_name="Ek")
        f.MembershipFactory(group=world.group, person=guest, role="guest")
        f.SeatFactory(group=world.group, party=world.parties["af"], label="Sektionschef AF")
        response = clients["member"].get(self.url(world))
        page = response.context["page"]
        assert [m.person for m in page.substitutes] == [sub]
        assert page.substitutes[0].substitute_for == member
        assert [m.person for m in page.co_opted] == [co]
        assert [m.person for m in page.guests] == [guest]
        assert [s.label for s in page.vacant_seats] == ["Sektionschef AF"]
        html = response.content.decode()
        assert "Sixten Ödman" in html and "Åsa Öberg" in html
        assert "Sektionschef AF" in html

    def test_it_shows_the_history_with_who_replaced_whom(self, world, clients):
        successor = f.PersonFactory(
            association=world.association,
            party=world.parties["municipality"],
            first_name="Torbjörn",
            last_name="Nyström",
        )
        services.membership_replace(
            membership=world.memberships["member"],
            new_person=successor,
            date=D(2025, 5, 1),
            reason="Ny tjänst",
        )
        response = clients["member"].get(self.url(world))
        [ended] = response.context["page"].history
        assert ended.person == world.people["member"]
        assert ended.replaced_by.person == successor
        html = response.content.decode()
        assert "2025-04-30" in html and "Ny tjänst" in html and "Torbjörn Nyström" in html

    def test_it_shows_trisam_teams_and_steering_groups(self, world, clients):
        centre = f.HealthCentreFactory(
            association=world.association, municipality=world.municipality, name="Hofors HC"
        )
        f.TrisamTeamFactory(health_centre=centre, group=world.group, name="Trisam Hofors")
        steering = f.SteeringGroupFactory(
            group=world.group, municipality=world.municipality, name="Trisam styrgrupp Hofors"
        )
        org.SteeringGroupMember.objects.create(
            steering_group=steering, person=world.people["convener"], start_date=D(2024, 1, 1)
        )
        html = clients["member"].get(self.url(world)).content.decode()
        assert "Trisam Hofors" in html and "Hofors HC" in html
        assert "Trisam styrgrupp Hofors" in html

    def test_it_shows_representation_flags(self, world, clients):
        response = clients["member"].get(self.url(world))
        result = response.context["page"].representation
        assert not result.ok
        assert any("Försäkringskassan" in flag.message for flag in result.flags)

    def test_only_the_office_sees_links_to_change_memberships(self, world, clients):
        add = reverse("organisation:membership_add", args=[world.group.pk])
        end = reverse("organisation:membership_end", args=[world.memberships["member"].pk])
        assert add in clients["admin"].get(self.url(world)).content.decode()
        assert end in clients["admin"].get(self.url(world)).content.decode()
        for role in ("member", "convener", "board"):
            html = clients[role].get(self.url(world)).content.decode()
            assert add not in html and end not in html, role

    def test_it_costs_the_same_queries_for_5_and_50_members(self, world, clients):
        fill_group(world, world.group, 5)
        few = queries(clients["admin"], self.url(world))
        fill_group(world, world.group, 45)
        many = queries(clients["admin"], self.url(world))
        assert few == many


# --- The person page -----------------------------------------------------------------------


class TestPersonPage:
    def test_it_shows_current_and_earlier_memberships_and_steering_groups(self, world, clients):
        person = world.people["member"]
        other = f.CooperationGroupFactory(association=world.association, name="Mysam Ockelbo")
        old = f.MembershipFactory(group=other, person=person, start_date=D(2020, 1, 1))
        services.membership_end(membership=old, end_date=D(2022, 12, 31), reason="Omorganisation")
        steering = f.SteeringGroupFactory(
            group=world.group, municipality=world.municipality, name="Trisam styrgrupp Hofors"
        )
        org.SteeringGroupMember.objects.create(
            steering_group=steering, person=person, start_date=D(2024, 1, 1)
        )
        response = clients["outsider"].get(reverse("organisation:person_detail", args=[person.pk]))
        page = response.context["page"]
        assert [m.group for m in page.current] == [world.group]
        assert [m.group for m in page.past] == [other]
        html = response.content.decode()
        assert "Mysam Ockelbo" in html and "2022-12-31" in html and "Omorganisation" in html
        assert "Trisam styrgrupp Hofors" in html

    def test_it_costs_the_same_queries_for_few_and_many_memberships(self, world, clients):
        person = world.people["member"]
        url = reverse("organisation:person_detail", args=[person.pk])
        few = queries(clients["member"], url)
        for i in range(10):
            group = f.CooperationGroupFactory(association=world.association, name=f"Mysam X{i}")
            f.MembershipFactory(group=group, person=person)
        assert queries(clients["member"], url) == few
